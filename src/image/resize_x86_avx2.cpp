// Resize kernels for x86 avx2 (compiled with its flags only; see sources.cmake).

#include "image/resize_xsimd.hpp"

namespace ek {
namespace resize_impl {
const kernels avx2 = kern<xsimd_backend<xsimd::fma3<xsimd::avx2>>>::table();
}  // namespace resize_impl
}  // namespace ek
