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

  // Four rows through the same taps: each weight vector is loaded and spread over the lanes
  // once for four rows (P = 4 only; P = 1, 2 run hpass per row).
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
    const std::uint32_t stride = t.stride;
    std::uint32_t x = 0;
    const std::size_t per4 = bytes / n_out * 4;
    std::size_t target = 0;
    for (; x + 4 <= n_out; x += 4) {
      target += per4;
      prefetch_to(target);
      // One pointer per output pixel, the four rows at fixed distances from it, advanced
      // together: no index arithmetic per load, and no spills.
      const float *s0 = src + (t.off[x] - t.base), *s1 = src + (t.off[x + 1] - t.base);
      const float *s2 = src + (t.off[x + 2] - t.base), *s3 = src + (t.off[x + 3] - t.base);
      const std::uint32_t ws = stride / 4;
      const float *w0 = t.w + std::size_t(x) * ws;
      const float *w1 = w0 + ws, *w2 = w1 + ws, *w3 = w2 + ws;
      V a[4][4];
      for (int r = 0; r < 4; ++r)
        for (int i = 0; i < 4; ++i) a[r][i] = B::zero();
      for (std::uint32_t j = stride / W; j; --j) {
        const V wa = B::expand4(w0), wb = B::expand4(w1), wc = B::expand4(w2), wd = B::expand4(w3);
        for (std::uint32_t r = 0; r < 4; ++r) {
          a[r][0] = B::fma(wa, B::load(s0 + r * ss), a[r][0]);
          a[r][1] = B::fma(wb, B::load(s1 + r * ss), a[r][1]);
          a[r][2] = B::fma(wc, B::load(s2 + r * ss), a[r][2]);
          a[r][3] = B::fma(wd, B::load(s3 + r * ss), a[r][3]);
        }
        w0 += W / 4, w1 += W / 4, w2 += W / 4, w3 += W / 4;
        s0 += W, s1 += W, s2 += W, s3 += W;
      }
      for (int r = 0; r < 4; ++r) {
        V f[16 / W];
        B::fold4(a[r], f);
        for (std::uint32_t i = 0; i < 16 / W; ++i) B::store(dst[r] + std::size_t(x) * 4 + i * W, finish(f[i], q));
      }
    }
    prefetch_to(bytes);
    if (x < n_out)
      for (std::uint32_t r = 0; r < 4; ++r) {
        htable rest = t;
        rest.off += x;
        rest.w += std::size_t(x) * (stride / 4);
        hpass_rgba(src + r * ss, rest, n_out - x, dst[r] + std::size_t(x) * 4, q);
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

  static constexpr kernels table() noexcept { return {&hpass, &hpass4, &vpass, &load_row}; }
};

}  // namespace resize_impl
}  // namespace ek

#endif
