// Reduce kernels for x86 avx512 (compiled with its flags only; see sources.cmake).
// GCC 12's avx512fintrin.h builds _mm512_min/max_ps from _mm512_undefined_ps() and then warns
// about its own placeholder once inlined (GCC bug 105593); nothing in this file is uninitialised.
#if defined(__GNUC__) && !defined(__clang__)
#  pragma GCC diagnostic ignored "-Wuninitialized"
#  pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include "reduce/xsimd_backend.hpp"

namespace ek {
namespace reduce_impl {
const kernels<float> avx512_f32 = kern<xsimd_backend<float, xsimd::avx512bw>>::table();
const kernels<double> avx512_f64 = kern<xsimd_backend<double, xsimd::avx512bw>>::table();
}  // namespace reduce_impl
}  // namespace ek
