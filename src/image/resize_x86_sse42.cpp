// Resize kernels for x86 sse42 (compiled with its flags only; see sources.cmake).

#include "image/resize_xsimd.hpp"

namespace ek {
namespace resize_impl {
const kernels sse42 = kern<xsimd_backend<xsimd::sse4_2>>::table();
}  // namespace resize_impl
}  // namespace ek
