// Reduce kernels for AArch64 Advanced SIMD (always present on AArch64, no extra flags).
#include "reduce/variants.hpp"

#if defined(EK_REDUCE_NEON)
#  include "reduce/xsimd_backend.hpp"

namespace ek {
namespace reduce_impl {
const kernels<float> neon_f32 = kern<xsimd_backend<float, xsimd::neon64>>::table();
const kernels<double> neon_f64 = kern<xsimd_backend<double, xsimd::neon64>>::table();
}  // namespace reduce_impl
}  // namespace ek
#endif
