// Reduce kernels for x86 avx2 (compiled with its flags only; see sources.cmake).
#include "reduce/xsimd_backend.hpp"

namespace ek {
namespace reduce_impl {
const kernels<float> avx2_f32 = kern<xsimd_backend<float, xsimd::fma3<xsimd::avx2>>>::table();
const kernels<double> avx2_f64 = kern<xsimd_backend<double, xsimd::fma3<xsimd::avx2>>>::table();
}  // namespace reduce_impl
}  // namespace ek
