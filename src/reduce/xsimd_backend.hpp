// Internal: the reduce kernels on an xsimd architecture A. Include only from a translation unit
// compiled for A (see sources.cmake); the arch type in every instantiation keeps them apart.
#ifndef EK_REDUCE_XSIMD_BACKEND_HPP
#define EK_REDUCE_XSIMD_BACKEND_HPP

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

#if defined(__x86_64__) || defined(_M_X64)
#  include <immintrin.h>  // masked loads for heads and tails (AVX2, AVX-512)
#endif
#include <xsimd/xsimd.hpp>

#include "reduce/kernels.hpp"

namespace ek {
namespace reduce_impl {

template <class TT, class A>
struct xsimd_backend {
  using T = TT;
  using V = xsimd::batch<T, A>;
  static constexpr std::size_t W = V::size;
  static V load(const T *p) noexcept { return V::load_unaligned(p); }
  static void store(T *p, const V &v) noexcept { v.store_unaligned(p); }
  static V splat(T v) noexcept { return V(v); }
  // x[0..n) (n <= W) and `pad` in the other lanes. AVX-512 and AVX2 use masked loads (no
  // access past x + n, no store-forwarding stall); others go through a padded buffer.
  static V load_part(const T *x, std::size_t n, T pad) noexcept {
#if defined(__AVX512F__)
    if constexpr (std::is_same<A, xsimd::avx512bw>::value) {
      const auto m = static_cast<std::uint32_t>((std::uint64_t(1) << n) - 1);
      if constexpr (std::is_same<T, float>::value) {
        return V(_mm512_mask_loadu_ps(_mm512_set1_ps(pad), static_cast<__mmask16>(m), x));
      } else {
        return V(_mm512_mask_loadu_pd(_mm512_set1_pd(pad), static_cast<__mmask8>(m), x));
      }
    }
#endif
#if defined(__AVX2__)
    if constexpr (std::is_same<A, xsimd::fma3<xsimd::avx2>>::value) {
      // Lane i is loaded when i < n: compare a lane index against n.
      if constexpr (std::is_same<T, float>::value) {
        const __m256i keep = _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(n)),
                                                _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
        return V(_mm256_blendv_ps(_mm256_set1_ps(pad), _mm256_maskload_ps(x, keep), _mm256_castsi256_ps(keep)));
      } else {
        const __m256i keep = _mm256_cmpgt_epi64(_mm256_set1_epi64x(static_cast<long long>(n)),
                                                _mm256_setr_epi64x(0, 1, 2, 3));
        return V(_mm256_blendv_pd(_mm256_set1_pd(pad), _mm256_maskload_pd(x, keep), _mm256_castsi256_pd(keep)));
      }
    }
#endif
    T buf[W];
    if (n) std::memcpy(buf, x, n * sizeof(T));
    for (std::size_t i = n; i < W; ++i) buf[i] = pad;
    return V::load_unaligned(buf);
  }
  static V fma(const V &a, const V &b, const V &c) noexcept { return xsimd::fma(a, b, c); }
  static V vmin(const V &a, const V &b) noexcept { return xsimd::min(a, b); }
  static V vmax(const V &a, const V &b) noexcept { return xsimd::max(a, b); }
};

}  // namespace reduce_impl
}  // namespace ek

#endif
