// Internal: the resize lane backend on an xsimd x86 architecture A, plus the few byte shuffles
// and lane folds xsimd 8 does not offer, as intrinsics. Include only from a translation unit
// compiled for A (see sources.cmake).
#ifndef EK_IMAGE_RESIZE_XSIMD_HPP
#define EK_IMAGE_RESIZE_XSIMD_HPP

#include <cstdint>

#include <immintrin.h>
#include <xsimd/xsimd.hpp>

#include "image/resize_kern.hpp"

namespace ek {
namespace resize_impl {

template <class A>
struct xsimd_backend {
  using V = xsimd::batch<float, A>;
  static constexpr std::uint32_t W = static_cast<std::uint32_t>(V::size);
  static_assert(W == 4 || W == 8 || W == 16, "lane count");
  static V load(const float *p) noexcept { return V::load_unaligned(p); }
  static void store(float *p, const V &a) noexcept { a.store_unaligned(p); }
  static V splat(float x) noexcept { return V(x); }
  static V zero() noexcept { return V(0.0f); }
  static V fma(const V &a, const V &b, const V &c) noexcept { return xsimd::fma(a, b, c); }
  static V add(const V &a, const V &b) noexcept { return a + b; }
  static V mul(const V &a, const V &b) noexcept { return a * b; }
  static V min(const V &a, const V &b) noexcept { return xsimd::min(a, b); }
  static V max(const V &a, const V &b) noexcept { return xsimd::max(a, b); }
  static V floor(const V &a) noexcept { return xsimd::floor(a); }
  // W / 4 weights, each repeated over the four lanes of one pixel.
  static V expand4(const float *w) noexcept {
#if defined(__AVX512F__)
    if constexpr (W == 16) {
      const __m512i idx = _mm512_set_epi32(3, 3, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1, 0, 0, 0, 0);
      return V(_mm512_permutexvar_ps(idx, _mm512_castps128_ps512(_mm_loadu_ps(w))));
    }
#endif
#if defined(__AVX2__)
    if constexpr (W == 8) {
      const __m256i idx = _mm256_set_epi32(1, 1, 1, 1, 0, 0, 0, 0);
      const __m128 two = _mm_castsi128_ps(_mm_loadl_epi64(reinterpret_cast<const __m128i *>(w)));
      return V(_mm256_permutevar8x32_ps(_mm256_castps128_ps256(two), idx));
    }
#endif
    if constexpr (W == 4) return V(w[0]);
  }
  static void prefetch(const std::uint8_t *p) noexcept {
    _mm_prefetch(reinterpret_cast<const char *>(p), _MM_HINT_T0);
  }

  // Four accumulators of W lanes, each holding 16 / W... groups of one pixel's four lanes, to
  // 16 lanes = the four pixels' sums, pixel-major (the sums are exact, so any pairing is).
  static void fold4(const V (&a)[4], V (&r)[16 / W]) noexcept {
#if defined(__AVX512F__)
    if constexpr (W == 16) {
      const __m512 a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
      const __m512 u01 = _mm512_add_ps(_mm512_shuffle_f32x4(a0, a1, _MM_SHUFFLE(1, 0, 1, 0)),
                                       _mm512_shuffle_f32x4(a0, a1, _MM_SHUFFLE(3, 2, 3, 2)));
      const __m512 u23 = _mm512_add_ps(_mm512_shuffle_f32x4(a2, a3, _MM_SHUFFLE(1, 0, 1, 0)),
                                       _mm512_shuffle_f32x4(a2, a3, _MM_SHUFFLE(3, 2, 3, 2)));
      r[0] = V(_mm512_add_ps(_mm512_shuffle_f32x4(u01, u23, _MM_SHUFFLE(2, 0, 2, 0)),
                             _mm512_shuffle_f32x4(u01, u23, _MM_SHUFFLE(3, 1, 3, 1))));
      return;
    }
#endif
#if defined(__AVX2__)
    if constexpr (W == 8) {
      const __m256 a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
      r[0] = V(_mm256_add_ps(_mm256_permute2f128_ps(a0, a1, 0x20), _mm256_permute2f128_ps(a0, a1, 0x31)));
      r[1] = V(_mm256_add_ps(_mm256_permute2f128_ps(a2, a3, 0x20), _mm256_permute2f128_ps(a2, a3, 0x31)));
      return;
    }
#endif
    if constexpr (W == 4) {
      for (int i = 0; i < 4; ++i) r[i] = a[i];
    }
  }

  // Four RGB pixels (reads 16 bytes) to 16 floats RGB0.
  static void rgb4(const std::uint8_t *p, float *o) noexcept {
    const __m128i m = _mm_setr_epi8(0, 1, 2, -1, 3, 4, 5, -1, 6, 7, 8, -1, 9, 10, 11, -1);
    const __m128i b = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i *>(p)), m);
    store_u8x16(b, o);
  }
  static void store_u8x16(__m128i b, float *o) noexcept {
#if defined(__AVX512F__)
    if constexpr (W == 16) {
      _mm512_storeu_ps(o, _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(b)));
      return;
    }
#endif
#if defined(__AVX2__)
    if constexpr (W >= 8) {
      _mm256_storeu_ps(o, _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(b)));
      _mm256_storeu_ps(o + 8, _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_srli_si128(b, 8))));
      return;
    }
#endif
    _mm_storeu_ps(o, _mm_cvtepi32_ps(_mm_cvtepu8_epi32(b)));
    _mm_storeu_ps(o + 4, _mm_cvtepi32_ps(_mm_cvtepu8_epi32(_mm_srli_si128(b, 4))));
    _mm_storeu_ps(o + 8, _mm_cvtepi32_ps(_mm_cvtepu8_epi32(_mm_srli_si128(b, 8))));
    _mm_storeu_ps(o + 12, _mm_cvtepi32_ps(_mm_cvtepu8_epi32(_mm_srli_si128(b, 12))));
  }
  static std::uint32_t load_rgb(const std::uint8_t *src, std::uint32_t w, float *dst) noexcept {
    std::uint32_t x = 0;
#if defined(__AVX512BW__)
    if constexpr (W == 16) {
      // The 16 bytes of four pixels in every 128-bit lane (a broadcast load, no shuffle port),
      // then one in-lane shuffle zero-extends pixel k's bytes to the dwords of lane k: one
      // shuffle-port operation per four pixels instead of two (this loop is bound on that port).
      const __m512i m = _mm512_set_epi8(
          -1, -1, -1, -1, -1, -1, -1, 11, -1, -1, -1, 10, -1, -1, -1, 9,
          -1, -1, -1, -1, -1, -1, -1, 8, -1, -1, -1, 7, -1, -1, -1, 6,
          -1, -1, -1, -1, -1, -1, -1, 5, -1, -1, -1, 4, -1, -1, -1, 3,
          -1, -1, -1, -1, -1, -1, -1, 2, -1, -1, -1, 1, -1, -1, -1, 0);
      for (; x + 6 <= w; x += 4) {
        const __m512i b = _mm512_broadcast_i32x4(_mm_loadu_si128(reinterpret_cast<const __m128i *>(src + std::size_t(x) * 3)));
        _mm512_storeu_ps(dst + std::size_t(x) * 4, _mm512_cvtepi32_ps(_mm512_shuffle_epi8(b, m)));
      }
      return x;
    }
#endif
    for (; x + 6 <= w; x += 4) rgb4(src + std::size_t(x) * 3, dst + std::size_t(x) * 4);
    return x;
  }

  // The four 128-bit lanes of a, one per row, to dst[r] + o (W = 16; stores of an extract, no
  // shuffle-port work).
  static void split4(const V &a, float *const *dst, std::size_t o) noexcept {
#if defined(__AVX512F__)
    if constexpr (W == 16) {
      const __m512 v = a;
      _mm_storeu_ps(dst[0] + o, _mm512_castps512_ps128(v));
      _mm_storeu_ps(dst[1] + o, _mm512_extractf32x4_ps(v, 1));
      _mm_storeu_ps(dst[2] + o, _mm512_extractf32x4_ps(v, 2));
      _mm_storeu_ps(dst[3] + o, _mm512_extractf32x4_ps(v, 3));
    }
#endif
    (void)a, (void)dst, (void)o;
  }

  // Four rows to the interleaved layout of hpass4 (see kernels::load4): the 16 bytes at x of
  // row r in 128-bit lane r, then one in-lane shuffle per pixel zero-extends that pixel's bytes
  // of all four rows to dwords. Returns the pixels done.
  static std::uint32_t load4(const std::uint8_t *const *rows, std::uint32_t w, std::uint32_t C, float *dst) noexcept {
#if defined(__AVX512BW__)
    if constexpr (W == 16) {
      const std::uint8_t *r0 = rows[0], *r1 = rows[1], *r2 = rows[2], *r3 = rows[3];
      auto gather = [&](std::size_t o) {
        __m512i z = _mm512_castsi128_si512(_mm_loadu_si128(reinterpret_cast<const __m128i *>(r0 + o)));
        z = _mm512_inserti32x4(z, _mm_loadu_si128(reinterpret_cast<const __m128i *>(r1 + o)), 1);
        z = _mm512_inserti32x4(z, _mm_loadu_si128(reinterpret_cast<const __m128i *>(r2 + o)), 2);
        return _mm512_inserti32x4(z, _mm_loadu_si128(reinterpret_cast<const __m128i *>(r3 + o)), 3);
      };
      std::uint32_t x = 0;
      if (C == 3) {
        const __m512i m0 = _mm512_broadcast_i32x4(_mm_setr_epi8(0, -1, -1, -1, 1, -1, -1, -1, 2, -1, -1, -1, -1, -1, -1, -1));
        const __m512i m1 = _mm512_broadcast_i32x4(_mm_setr_epi8(3, -1, -1, -1, 4, -1, -1, -1, 5, -1, -1, -1, -1, -1, -1, -1));
        const __m512i m2 = _mm512_broadcast_i32x4(_mm_setr_epi8(6, -1, -1, -1, 7, -1, -1, -1, 8, -1, -1, -1, -1, -1, -1, -1));
        const __m512i m3 = _mm512_broadcast_i32x4(_mm_setr_epi8(9, -1, -1, -1, 10, -1, -1, -1, 11, -1, -1, -1, -1, -1, -1, -1));
        for (; x + 6 <= w; x += 4) {
          const __m512i z = gather(std::size_t(x) * 3);
          float *o = dst + std::size_t(x) * 16;
          _mm512_storeu_ps(o, _mm512_cvtepi32_ps(_mm512_shuffle_epi8(z, m0)));
          _mm512_storeu_ps(o + 16, _mm512_cvtepi32_ps(_mm512_shuffle_epi8(z, m1)));
          _mm512_storeu_ps(o + 32, _mm512_cvtepi32_ps(_mm512_shuffle_epi8(z, m2)));
          _mm512_storeu_ps(o + 48, _mm512_cvtepi32_ps(_mm512_shuffle_epi8(z, m3)));
        }
      } else if (C == 4) {
        const __m512 k = _mm512_set1_ps(1.0f / 255.0f), h = _mm512_set1_ps(0.5f);
        auto premul = [&](__m512i b, float *o) {
          const __m512 v = _mm512_cvtepi32_ps(b);
          const __m512 a = _mm512_permute_ps(v, 0xFF);
          const __m512 r = _mm512_floor_ps(_mm512_add_ps(_mm512_mul_ps(_mm512_mul_ps(v, a), k), h));
          _mm512_storeu_ps(o, _mm512_mask_blend_ps(0x8888, r, v));
        };
        const __m512i m0 = _mm512_broadcast_i32x4(_mm_setr_epi8(0, -1, -1, -1, 1, -1, -1, -1, 2, -1, -1, -1, 3, -1, -1, -1));
        const __m512i m1 = _mm512_broadcast_i32x4(_mm_setr_epi8(4, -1, -1, -1, 5, -1, -1, -1, 6, -1, -1, -1, 7, -1, -1, -1));
        const __m512i m2 = _mm512_broadcast_i32x4(_mm_setr_epi8(8, -1, -1, -1, 9, -1, -1, -1, 10, -1, -1, -1, 11, -1, -1, -1));
        const __m512i m3 = _mm512_broadcast_i32x4(_mm_setr_epi8(12, -1, -1, -1, 13, -1, -1, -1, 14, -1, -1, -1, 15, -1, -1, -1));
        for (; x + 4 <= w; x += 4) {
          const __m512i z = gather(std::size_t(x) * 4);
          float *o = dst + std::size_t(x) * 16;
          premul(_mm512_shuffle_epi8(z, m0), o);
          premul(_mm512_shuffle_epi8(z, m1), o + 16);
          premul(_mm512_shuffle_epi8(z, m2), o + 32);
          premul(_mm512_shuffle_epi8(z, m3), o + 48);
        }
      }
      return x;
    }
#endif
    // 128-bit lanes for the narrower widths: the same shuffles, one row at a time.
    std::uint32_t x = 0;
    if (C == 3) {
      const __m128i m0 = _mm_setr_epi8(0, -1, -1, -1, 1, -1, -1, -1, 2, -1, -1, -1, -1, -1, -1, -1);
      const __m128i m1 = _mm_setr_epi8(3, -1, -1, -1, 4, -1, -1, -1, 5, -1, -1, -1, -1, -1, -1, -1);
      const __m128i m2 = _mm_setr_epi8(6, -1, -1, -1, 7, -1, -1, -1, 8, -1, -1, -1, -1, -1, -1, -1);
      const __m128i m3 = _mm_setr_epi8(9, -1, -1, -1, 10, -1, -1, -1, 11, -1, -1, -1, -1, -1, -1, -1);
      for (; x + 6 <= w; x += 4)
        for (std::uint32_t r = 0; r < 4; ++r) {
          const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i *>(rows[r] + std::size_t(x) * 3));
          float *o = dst + std::size_t(x) * 16 + 4 * r;
          _mm_storeu_ps(o, _mm_cvtepi32_ps(_mm_shuffle_epi8(b, m0)));
          _mm_storeu_ps(o + 16, _mm_cvtepi32_ps(_mm_shuffle_epi8(b, m1)));
          _mm_storeu_ps(o + 32, _mm_cvtepi32_ps(_mm_shuffle_epi8(b, m2)));
          _mm_storeu_ps(o + 48, _mm_cvtepi32_ps(_mm_shuffle_epi8(b, m3)));
        }
    }
#if defined(__AVX2__)
    if (C == 4) {
      // Two pixels per 256-bit premultiplication, their halves stored to the two pixels.
      const __m256 k = _mm256_set1_ps(1.0f / 255.0f), h = _mm256_set1_ps(0.5f);
      for (; x + 4 <= w; x += 4)
        for (std::uint32_t r = 0; r < 4; ++r) {
          const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i *>(rows[r] + std::size_t(x) * 4));
          float *o = dst + std::size_t(x) * 16 + 4 * r;
          for (int i = 0; i < 2; ++i, o += 32) {
            const __m256 v = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(i ? _mm_srli_si128(b, 8) : b));
            const __m256 a = _mm256_permute_ps(v, 0xFF);
            const __m256 p = _mm256_blend_ps(_mm256_floor_ps(_mm256_add_ps(_mm256_mul_ps(_mm256_mul_ps(v, a), k), h)), v, 0x88);
            _mm_storeu_ps(o, _mm256_castps256_ps128(p));
            _mm_storeu_ps(o + 16, _mm256_extractf128_ps(p, 1));
          }
        }
    }
#endif
    if (C == 4) {
      const __m128 k = _mm_set1_ps(1.0f / 255.0f), h = _mm_set1_ps(0.5f);
      for (; x + 4 <= w; x += 4)
        for (std::uint32_t r = 0; r < 4; ++r) {
          __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i *>(rows[r] + std::size_t(x) * 4));
          float *o = dst + std::size_t(x) * 16 + 4 * r;
          for (int i = 0; i < 4; ++i, o += 16) {
            const __m128 v = _mm_cvtepi32_ps(_mm_cvtepu8_epi32(b));
            const __m128 a = _mm_shuffle_ps(v, v, 0xFF);
            const __m128 p = _mm_floor_ps(_mm_add_ps(_mm_mul_ps(_mm_mul_ps(v, a), k), h));
            _mm_storeu_ps(o, _mm_blend_ps(p, v, 0x8));
            b = _mm_srli_si128(b, 4);
          }
        }
    }
    return x;
  }

  // round(c * a / 255) in float: c * a is exact, and c * a / 255 is never within 1/510 of a
  // half-integer (255 is odd), far more than the float error, so this equals MULDIV255.
  static std::uint32_t load_rgba(const std::uint8_t *src, std::uint32_t w, float *dst) noexcept {
    std::uint32_t x = 0;
    const float k = 1.0f / 255.0f;
#if defined(__AVX512F__)
    if constexpr (W == 16) {
      for (; x + 4 <= w; x += 4) {
        const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i *>(src + std::size_t(x) * 4));
        const __m512 v = _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(b));
        const __m512 a = _mm512_permute_ps(v, 0xFF);
        const __m512 r = _mm512_floor_ps(_mm512_add_ps(_mm512_mul_ps(_mm512_mul_ps(v, a), _mm512_set1_ps(k)), _mm512_set1_ps(0.5f)));
        _mm512_storeu_ps(dst + std::size_t(x) * 4, _mm512_mask_blend_ps(0x8888, r, v));
      }
      return x;
    }
#endif
#if defined(__AVX2__)
    if constexpr (W == 8) {
      for (; x + 2 <= w; x += 2) {
        const __m128i b = _mm_loadl_epi64(reinterpret_cast<const __m128i *>(src + std::size_t(x) * 4));
        const __m256 v = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(b));
        const __m256 a = _mm256_permute_ps(v, 0xFF);
        const __m256 r = _mm256_floor_ps(_mm256_add_ps(_mm256_mul_ps(_mm256_mul_ps(v, a), _mm256_set1_ps(k)), _mm256_set1_ps(0.5f)));
        _mm256_storeu_ps(dst + std::size_t(x) * 4, _mm256_blend_ps(r, v, 0x88));
      }
      return x;
    }
#endif
    for (; x < w; ++x) {
      const __m128i b = _mm_cvtsi32_si128(static_cast<int>(
          std::uint32_t(src[4 * x]) | std::uint32_t(src[4 * x + 1]) << 8 |
          std::uint32_t(src[4 * x + 2]) << 16 | std::uint32_t(src[4 * x + 3]) << 24));
      const __m128 v = _mm_cvtepi32_ps(_mm_cvtepu8_epi32(b));
      const __m128 a = _mm_shuffle_ps(v, v, 0xFF);
      const __m128 r = _mm_floor_ps(_mm_add_ps(_mm_mul_ps(_mm_mul_ps(v, a), _mm_set1_ps(k)), _mm_set1_ps(0.5f)));
      _mm_storeu_ps(dst + std::size_t(x) * 4, _mm_blend_ps(r, v, 0x8));
    }
    return x;
  }
};

}  // namespace resize_impl
}  // namespace ek

#endif
