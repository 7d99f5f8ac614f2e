// Internal: the resize kernels written once over a lane backend B (portable lane arrays or an
// xsimd architecture). Include only from one translation unit per variant (see sources.cmake).
//
// Exactness (see resize_variants.hpp): weights and pixels are integers and every partial sum is
// below 2^24, so fma, mul+add, any accumulation order and any vector width give the same float;
// the final rounding uses only exact operations (add an integer, clamp, multiply by 2^-b, floor).
#ifndef EK_IMAGE_RESIZE_KERN_HPP
#define EK_IMAGE_RESIZE_KERN_HPP

#include <cmath>
#include <cstdint>
#include <cstring>

#include "image/resize_variants.hpp"

namespace ek {
namespace resize_impl {

inline float finish1(float acc, const quant &q) noexcept {
  if (!q.round) return acc;
  float v = acc + q.half;
  v = v < 0.0f ? 0.0f : (v > q.top ? q.top : v);
  return std::floor(v * q.inv);
}

template <class B>
struct kern {
  using V = typename B::V;
  static constexpr std::uint32_t W = B::W;

  static V finish(const V &acc, const quant &q) noexcept {
    if (!q.round) return acc;
    const V v = B::min(B::max(B::add(acc, B::splat(q.half)), B::zero()), B::splat(q.top));
    return B::floor(B::mul(v, B::splat(q.inv)));
  }

  // Four output pixels at a time: four independent accumulation chains hide the FMA latency.
  static void hpass(const float *src, const htable &t, std::uint32_t n_out, std::uint32_t P,
                    float *dst, const quant &q) noexcept {
    if (P == 4) return hpass_rgba(src, t, n_out, dst, q);
    const std::uint32_t stride = t.stride;
    std::uint32_t x = 0;
    for (; x + 4 <= n_out; x += 4) {
      const float *s0 = src + (t.off[x] - t.base), *s1 = src + (t.off[x + 1] - t.base);
      const float *s2 = src + (t.off[x + 2] - t.base), *s3 = src + (t.off[x + 3] - t.base);
      const float *w0 = t.w + std::size_t(x) * stride;
      const float *w1 = w0 + stride, *w2 = w1 + stride, *w3 = w2 + stride;
      V a[4] = {B::zero(), B::zero(), B::zero(), B::zero()};
      for (std::uint32_t j = 0; j < stride; j += W) {
        a[0] = B::fma(B::load(w0 + j), B::load(s0 + j), a[0]);
        a[1] = B::fma(B::load(w1 + j), B::load(s1 + j), a[1]);
        a[2] = B::fma(B::load(w2 + j), B::load(s2 + j), a[2]);
        a[3] = B::fma(B::load(w3 + j), B::load(s3 + j), a[3]);
      }
      if (P == 4) {
        V r[16 / W];
        B::fold4(a, r);
        for (std::uint32_t i = 0; i < 16 / W; ++i) B::store(dst + std::size_t(x) * 4 + i * W, finish(r[i], q));
      } else {
        for (std::uint32_t i = 0; i < 4; ++i) fold_scalar(a[i], P, dst + std::size_t(x + i) * P, q);
      }
    }
    for (; x < n_out; ++x) {
      const float *s = src + (t.off[x] - t.base);
      const float *w = t.w + std::size_t(x) * stride;
      V a = B::zero();
      for (std::uint32_t j = 0; j < stride; j += W) a = B::fma(B::load(w + j), B::load(s + j), a);
      fold_scalar(a, P, dst + std::size_t(x) * P, q);
    }
  }

  // hpass for P = 4 (compact weights: W / 4 taps per vector).
  static void hpass_rgba(const float *src, const htable &t, std::uint32_t n_out, float *dst,
                         const quant &q) noexcept {
    const std::uint32_t stride = t.stride, ws = stride / 4;
    std::uint32_t x = 0;
    for (; x + 4 <= n_out; x += 4) {
      const float *s0 = src + (t.off[x] - t.base), *s1 = src + (t.off[x + 1] - t.base);
      const float *s2 = src + (t.off[x + 2] - t.base), *s3 = src + (t.off[x + 3] - t.base);
      const float *w0 = t.w + std::size_t(x) * ws;
      const float *w1 = w0 + ws, *w2 = w1 + ws, *w3 = w2 + ws;
      V a[4] = {B::zero(), B::zero(), B::zero(), B::zero()};
      for (std::uint32_t j = 0; j < stride; j += W) {
        a[0] = B::fma(B::expand4(w0 + j / 4), B::load(s0 + j), a[0]);
        a[1] = B::fma(B::expand4(w1 + j / 4), B::load(s1 + j), a[1]);
        a[2] = B::fma(B::expand4(w2 + j / 4), B::load(s2 + j), a[2]);
        a[3] = B::fma(B::expand4(w3 + j / 4), B::load(s3 + j), a[3]);
      }
      V r[16 / W];
      B::fold4(a, r);
      for (std::uint32_t i = 0; i < 16 / W; ++i) B::store(dst + std::size_t(x) * 4 + i * W, finish(r[i], q));
    }
    for (; x < n_out; ++x) {
      const float *s = src + (t.off[x] - t.base);
      const float *w = t.w + std::size_t(x) * ws;
      V a = B::zero();
      for (std::uint32_t j = 0; j < stride; j += W) a = B::fma(B::expand4(w + j / 4), B::load(s + j), a);
      fold_scalar(a, 4, dst + std::size_t(x) * 4, q);
    }
  }

  // Four rows through the same taps, P = 4, from the rows interleaved by load4 (pixel p of row r
  // at src[16 p + 4 r]): one weight per tap multiplies the 16 floats of all four rows at once,
  // so there is no weight spreading and no lane fold, and a pixel's 16 floats are one 64-byte
  // line. (P = 1, 2 run hpass per row on src + r * ss.)
  static void hpass4(const float *src, std::size_t ss, const htable &t, std::uint32_t n_out,
                     std::uint32_t P, float *const *dst, const quant &q,
                     const std::uint8_t *const *next, std::size_t bytes) noexcept {
    std::size_t ahead = 0;  // bytes of the `next` rows prefetched so far
    const std::uint8_t *n0 = next[0], *n1 = next[1], *n2 = next[2], *n3 = next[3];
    auto prefetch_to = [&](std::size_t end) {
      for (; ahead < end; ahead += 64) {
        B::prefetch(n0 + ahead), B::prefetch(n1 + ahead);
        B::prefetch(n2 + ahead), B::prefetch(n3 + ahead);
      }
    };
    if (P != 4) {
      prefetch_to(bytes);
      for (std::uint32_t r = 0; r < 4; ++r) hpass(src + r * ss, t, n_out, P, dst[r], q);
      return;
    }
    constexpr std::uint32_t N = 16 / W;        // vectors per interleaved pixel
    constexpr std::uint32_t U = W == 16 ? 2 : 1;  // taps in flight per output (FMA latency)
    const std::uint32_t taps = t.stride / 4;  // a multiple of 4
    const std::size_t per4 = bytes / n_out * 4;
    std::size_t target = 0;
    std::uint32_t x = 0;
    for (; x + 4 <= n_out; x += 4) {
      target += per4;
      prefetch_to(target);
      const float *s0 = src + std::size_t(t.off[x] - t.base) * 4, *s1 = src + std::size_t(t.off[x + 1] - t.base) * 4;
      const float *s2 = src + std::size_t(t.off[x + 2] - t.base) * 4, *s3 = src + std::size_t(t.off[x + 3] - t.base) * 4;
      const float *w0 = t.w + std::size_t(x) * taps;
      const float *w1 = w0 + taps, *w2 = w1 + taps, *w3 = w2 + taps;
      V a[4][U][N];
      for (auto &ai : a)
        for (auto &au : ai)
          for (auto &v : au) v = B::zero();
      for (std::uint32_t j = 0; j < taps; j += U) {
        for (std::uint32_t u = 0; u < U; ++u) {
          const V wa = B::splat(w0[u]), wb = B::splat(w1[u]), wc = B::splat(w2[u]), wd = B::splat(w3[u]);
          for (std::uint32_t v = 0; v < N; ++v) {
            a[0][u][v] = B::fma(wa, B::load(s0 + 16 * u + v * W), a[0][u][v]);
            a[1][u][v] = B::fma(wb, B::load(s1 + 16 * u + v * W), a[1][u][v]);
            a[2][u][v] = B::fma(wc, B::load(s2 + 16 * u + v * W), a[2][u][v]);
            a[3][u][v] = B::fma(wd, B::load(s3 + 16 * u + v * W), a[3][u][v]);
          }
        }
        w0 += U, w1 += U, w2 += U, w3 += U;
        s0 += 16 * U, s1 += 16 * U, s2 += 16 * U, s3 += 16 * U;
      }
      for (std::uint32_t i = 0; i < 4; ++i) store4(a[i], dst, std::size_t(x + i) * 4, q);
    }
    prefetch_to(bytes);
    for (; x < n_out; ++x) {
      const float *s = src + std::size_t(t.off[x] - t.base) * 4;
      const float *w = t.w + std::size_t(x) * taps;
      V a[U][N];
      for (auto &au : a)
        for (auto &v : au) v = B::zero();
      for (std::uint32_t j = 0; j < taps; ++j)
        for (std::uint32_t v = 0; v < N; ++v) a[0][v] = B::fma(B::splat(w[j]), B::load(s + 16 * j + v * W), a[0][v]);
      store4(a, dst, std::size_t(x) * 4, q);
    }
  }

  // The U partial sums of one output's four rows, rounded, to dst[r] + o.
  template <std::uint32_t U, std::uint32_t N>
  static void store4(const V (&a)[U][N], float *const *dst, std::size_t o, const quant &q) noexcept {
    if constexpr (W == 16) {
      V s = a[0][0];
      for (std::uint32_t u = 1; u < U; ++u) s = B::add(s, a[u][0]);
      return B::split4(finish(s, q), dst, o);
    }
    float tmp[16];
    for (std::uint32_t v = 0; v < N; ++v) {
      V s = a[0][v];
      for (std::uint32_t u = 1; u < U; ++u) s = B::add(s, a[u][v]);
      B::store(tmp + v * W, finish(s, q));
    }
    for (std::uint32_t r = 0; r < 4; ++r) std::memcpy(dst[r] + o, tmp + 4 * r, 4 * sizeof(float));
  }

  // Four rows of C = 3 or 4 bytes to the interleaved P = 4 layout of hpass4.
  static void load4(const std::uint8_t *const *rows, std::uint32_t w, std::uint32_t C, float *dst) noexcept {
    std::uint32_t x = B::load4(rows, w, C, dst);
    for (; x < w; ++x)
      for (std::uint32_t r = 0; r < 4; ++r) {
        const std::uint8_t *p = rows[r] + std::size_t(x) * C;
        float *o = dst + std::size_t(x) * 16 + 4 * r;
        if (C == 3) {
          o[0] = p[0], o[1] = p[1], o[2] = p[2], o[3] = 0.0f;
        } else {
          const unsigned al = p[3];
          o[0] = static_cast<float>(muldiv255(p[0], al));
          o[1] = static_cast<float>(muldiv255(p[1], al));
          o[2] = static_cast<float>(muldiv255(p[2], al));
          o[3] = static_cast<float>(al);
        }
      }
  }

  static void fold_scalar(const V &a, std::uint32_t P, float *out, const quant &q) noexcept {
    float tmp[W];
    B::store(tmp, a);
    float r[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    for (std::uint32_t l = 0; l < W; ++l) r[l % P] += tmp[l];
    for (std::uint32_t c = 0; c < P; ++c) out[c] = finish1(r[c], q);
  }

  static void vpass(const float *const *rows, const float *w, std::uint32_t k, std::uint32_t n,
                    float *dst, const quant &q) noexcept {
    for (std::uint32_t i = 0; i < n; i += 4 * W) {
      V a0 = B::zero(), a1 = B::zero(), a2 = B::zero(), a3 = B::zero();
      for (std::uint32_t j = 0; j < k; ++j) {
        const V wj = B::splat(w[j]);
        const float *r = rows[j] + i;
        a0 = B::fma(wj, B::load(r), a0);
        a1 = B::fma(wj, B::load(r + W), a1);
        a2 = B::fma(wj, B::load(r + 2 * W), a2);
        a3 = B::fma(wj, B::load(r + 3 * W), a3);
      }
      B::store(dst + i, finish(a0, q));
      B::store(dst + i + W, finish(a1, q));
      B::store(dst + i + 2 * W, finish(a2, q));
      B::store(dst + i + 3 * W, finish(a3, q));
    }
  }

  static void load_row(const std::uint8_t *src, std::uint32_t w, std::uint32_t C, float *dst) noexcept {
    std::uint32_t x = 0;
    if (C == 3) {
      x = B::load_rgb(src, w, dst);
      for (; x < w; ++x) {
        const std::uint8_t *p = src + std::size_t(x) * 3;
        float *o = dst + std::size_t(x) * 4;
        o[0] = p[0], o[1] = p[1], o[2] = p[2], o[3] = 0.0f;
      }
    } else if (C == 4) {
      x = B::load_rgba(src, w, dst);
      for (; x < w; ++x) {
        const std::uint8_t *p = src + std::size_t(x) * 4;
        float *o = dst + std::size_t(x) * 4;
        const unsigned a = p[3];
        o[0] = static_cast<float>(muldiv255(p[0], a));
        o[1] = static_cast<float>(muldiv255(p[1], a));
        o[2] = static_cast<float>(muldiv255(p[2], a));
        o[3] = static_cast<float>(a);
      }
    } else if (C == 2) {
      for (; x < w; ++x) {
        const unsigned a = src[2 * x + 1];
        dst[2 * x] = static_cast<float>(muldiv255(src[2 * x], a));
        dst[2 * x + 1] = static_cast<float>(a);
      }
    } else {
      for (; x < w; ++x) dst[x] = static_cast<float>(src[x]);
    }
  }

  // Pillow's MULDIV255: round(c * a / 255) for 8-bit c and a.
  static unsigned muldiv255(unsigned c, unsigned a) noexcept {
    const unsigned t = c * a + 128;
    return ((t >> 8) + t) >> 8;
  }

  static constexpr kernels table() noexcept { return {&hpass, &hpass4, &vpass, &load_row, &load4, nullptr, nullptr}; }
};

}  // namespace resize_impl
}  // namespace ek

#endif
