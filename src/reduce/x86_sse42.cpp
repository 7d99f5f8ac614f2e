// Reduce kernels for x86 sse42 (compiled with its flags only; see sources.cmake).
#include "reduce/xsimd_backend.hpp"

namespace ek {
namespace reduce_impl {
const kernels<float> sse42_f32 = kern<xsimd_backend<float, xsimd::sse4_2>>::table();
const kernels<double> sse42_f64 = kern<xsimd_backend<double, xsimd::sse4_2>>::table();
}  // namespace reduce_impl
}  // namespace ek
