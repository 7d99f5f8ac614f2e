// Reduce kernels for x86 avx512 (compiled with its flags only; see sources.cmake).
#include "internal/avx512_intrinsics.hpp"

#include "reduce/xsimd_backend.hpp"

namespace ek {
namespace reduce_impl {
const kernels<float> avx512_f32 = kern<xsimd_backend<float, xsimd::avx512bw>>::table();
const kernels<double> avx512_f64 = kern<xsimd_backend<double, xsimd::avx512bw>>::table();
}  // namespace reduce_impl
}  // namespace ek
