// Resize kernels for x86 avx512 (compiled with its flags only; see sources.cmake).
#include "internal/avx512_intrinsics.hpp"

#include "image/resize_xsimd.hpp"

namespace ek {
namespace resize_impl {
const kernels avx512 = kern<xsimd_backend<xsimd::avx512bw>>::table();
}  // namespace resize_impl
}  // namespace ek
