// Resize kernels for wasm SIMD128 (Emscripten only; see sources.cmake). The baseline module is
// compiled without -msimd128, so this file is empty there and the dispatcher keeps portable.
//
// Two parts:
// - wasm_backend: the lane backend of kern<> (resize_kern.hpp) on <wasm_simd128.h>, 4 x f32,
//   for what stays in float (one-row and 2-channel horizontal passes, row conversion); plus a
//   vertical pass eight vectors wide and a store_row (kernels::store_row).
// - The four-row horizontal pass of 1, 3 and 4 channels (hpass4, with load4 for 3 and 4; most of
//   the work) in 16-bit integers: the pixel and weight integers that the float kernels multiply
//   fit in int16, so i32x4.dot_i16x8_s does two taps of a channel (eight of one channel for
//   gray) in one instruction (pmaddwd), where float needs a multiply and an add per tap. The
//   weights are converted once per resize (kernels::hprep). The int32 sums are the same integers
//   as the exact float sums (every partial sum is below 2^24, resize_variants.hpp), and Pillow's
//   rounding of an integer is the same in either, so the bytes equal the portable path's. An
//   output with a weight outside int16 (enlarging with weights near 1 at 15-16 fraction bits) is
//   summed with 32-bit multiplies instead.
#if defined(__wasm_simd128__)

#include <wasm_simd128.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "image/resize_kern.hpp"

namespace ek {
namespace resize_impl {
namespace {

struct wasm_backend {
  using V = v128_t;  // f32x4
  static constexpr std::uint32_t W = 4;
  static V load(const float *p) noexcept { return wasm_v128_load(p); }
  static void store(float *p, const V &a) noexcept { wasm_v128_store(p, a); }
  static V splat(float x) noexcept { return wasm_f32x4_splat(x); }
  static V zero() noexcept { return wasm_f32x4_const_splat(0.0f); }
  // No fused multiply-add in SIMD128; the products and sums are exact either way.
  static V fma(const V &a, const V &b, const V &c) noexcept { return wasm_f32x4_add(wasm_f32x4_mul(a, b), c); }
  static V add(const V &a, const V &b) noexcept { return wasm_f32x4_add(a, b); }
  static V mul(const V &a, const V &b) noexcept { return wasm_f32x4_mul(a, b); }
  // pmin/pmax (b < a ? b : a) are one minps/maxps; f32x4.min/max's NaN and -0 rules cost a
  // sequence on x86, and the sums here are never NaN.
  static V min(const V &a, const V &b) noexcept { return wasm_f32x4_pmin(a, b); }
  static V max(const V &a, const V &b) noexcept { return wasm_f32x4_pmax(a, b); }
  static V floor(const V &a) noexcept { return wasm_f32x4_floor(a); }
  static V expand4(const float *w) noexcept { return splat(w[0]); }
  static void prefetch(const std::uint8_t *) noexcept {}
  static void fold4(const V (&a)[4], V (&r)[4]) noexcept {
    for (int i = 0; i < 4; ++i) r[i] = a[i];
  }

  // Byte k of pixel group to a zero-extended 32-bit lane (indices >= 16 give 0 in a swizzle).
  static V u8_to_f32(v128_t b, v128_t idx) noexcept {
    return wasm_f32x4_convert_i32x4(wasm_i8x16_swizzle(b, idx));
  }
  static std::uint32_t load_rgb(const std::uint8_t *src, std::uint32_t w, float *dst) noexcept {
    const v128_t m0 = wasm_i8x16_const(0, -128, -128, -128, 1, -128, -128, -128, 2, -128, -128, -128, -128, -128, -128, -128);
    const v128_t m1 = wasm_i8x16_const(3, -128, -128, -128, 4, -128, -128, -128, 5, -128, -128, -128, -128, -128, -128, -128);
    const v128_t m2 = wasm_i8x16_const(6, -128, -128, -128, 7, -128, -128, -128, 8, -128, -128, -128, -128, -128, -128, -128);
    const v128_t m3 = wasm_i8x16_const(9, -128, -128, -128, 10, -128, -128, -128, 11, -128, -128, -128, -128, -128, -128, -128);
    std::uint32_t x = 0;
    for (; x + 6 <= w; x += 4) {  // reads 16 bytes: pixels x .. x + 5 (partly)
      const v128_t b = wasm_v128_load(src + std::size_t(x) * 3);
      float *o = dst + std::size_t(x) * 4;
      wasm_v128_store(o, u8_to_f32(b, m0));
      wasm_v128_store(o + 4, u8_to_f32(b, m1));
      wasm_v128_store(o + 8, u8_to_f32(b, m2));
      wasm_v128_store(o + 12, u8_to_f32(b, m3));
    }
    return x;
  }
  static std::uint32_t load_rgba(const std::uint8_t *src, std::uint32_t w, float *dst) noexcept;
  static std::uint32_t load4(const std::uint8_t *const *, std::uint32_t, std::uint32_t, float *) noexcept { return 0; }
};

using K = kern<wasm_backend>;

// Four RGBA pixels premultiplied as Pillow does (MULDIV255: t = c * a + 128, ((t >> 8) + t)
// >> 8, all within 16 bits), alpha kept. Opaque groups are returned as they are.
inline v128_t premul4(v128_t v) noexcept {
  const v128_t amask = wasm_i32x4_const_splat(static_cast<std::int32_t>(0xff000000u));
  if (wasm_i32x4_all_true(wasm_i32x4_eq(wasm_v128_and(v, amask), amask))) return v;
  const v128_t a_lo = wasm_i8x16_const(3, -128, 3, -128, 3, -128, 3, -128, 7, -128, 7, -128, 7, -128, 7, -128);
  const v128_t a_hi = wasm_i8x16_const(11, -128, 11, -128, 11, -128, 11, -128, 15, -128, 15, -128, 15, -128, 15, -128);
  const v128_t r128 = wasm_i16x8_const_splat(128);
  v128_t lo = wasm_i16x8_add(wasm_i16x8_mul(wasm_u16x8_extend_low_u8x16(v), wasm_i8x16_swizzle(v, a_lo)), r128);
  v128_t hi = wasm_i16x8_add(wasm_i16x8_mul(wasm_u16x8_extend_high_u8x16(v), wasm_i8x16_swizzle(v, a_hi)), r128);
  lo = wasm_u16x8_shr(wasm_i16x8_add(lo, wasm_u16x8_shr(lo, 8)), 8);
  hi = wasm_u16x8_shr(wasm_i16x8_add(hi, wasm_u16x8_shr(hi, 8)), 8);
  return wasm_v128_bitselect(v, wasm_u8x16_narrow_i16x8(lo, hi), amask);
}

std::uint32_t wasm_backend::load_rgba(const std::uint8_t *src, std::uint32_t w, float *dst) noexcept {
  const v128_t m0 = wasm_i8x16_const(0, -128, -128, -128, 1, -128, -128, -128, 2, -128, -128, -128, 3, -128, -128, -128);
  const v128_t m1 = wasm_i8x16_const(4, -128, -128, -128, 5, -128, -128, -128, 6, -128, -128, -128, 7, -128, -128, -128);
  const v128_t m2 = wasm_i8x16_const(8, -128, -128, -128, 9, -128, -128, -128, 10, -128, -128, -128, 11, -128, -128, -128);
  const v128_t m3 = wasm_i8x16_const(12, -128, -128, -128, 13, -128, -128, -128, 14, -128, -128, -128, 15, -128, -128, -128);
  std::uint32_t x = 0;
  for (; x + 4 <= w; x += 4) {
    const v128_t b = premul4(wasm_v128_load(src + std::size_t(x) * 4));
    float *o = dst + std::size_t(x) * 4;
    wasm_v128_store(o, u8_to_f32(b, m0));
    wasm_v128_store(o + 4, u8_to_f32(b, m1));
    wasm_v128_store(o + 8, u8_to_f32(b, m2));
    wasm_v128_store(o + 12, u8_to_f32(b, m3));
  }
  return x;
}

// ---- The 16-bit RGB/RGBA horizontal pass on four rows -------------------------------------
//
// Layout of the conversion buffer between load4 and hpass4 (the same 64 bytes per pixel as the
// float layout of kern<>::load4, so resize.cpp's sizing holds): pixel p of the chunk, row r, at
// byte 64 p + 16 r, as int16 (c0(p), c0(p+1), c1(p), c1(p+1), c2(p), c2(p+1), c3(p), c3(p+1)):
// the pixel and its right neighbour, channel by channel, which is what dot_i16x8 needs to sum
// two taps. (Linear light never gets here: it runs the portable kernels.)

inline std::uint8_t *slot(float *buf, std::size_t p, std::uint32_t r) noexcept {
  return reinterpret_cast<std::uint8_t *>(buf) + 64 * p + 16 * r;
}

// One slot from the (premultiplied) channels of pixel p and of p + 1 (nullptr: past the end).
inline void put_slot(std::uint8_t *o, const unsigned *a, const unsigned *b) noexcept {
  std::int16_t v[8];
  for (int c = 0; c < 4; ++c) {
    v[2 * c] = static_cast<std::int16_t>(a[c]);
    v[2 * c + 1] = static_cast<std::int16_t>(b ? b[c] : 0u);
  }
  wasm_v128_store(o, wasm_v128_load(v));
}

inline void channels(const std::uint8_t *p, std::uint32_t C, unsigned *out) noexcept {
  if (C == 3) {
    out[0] = p[0], out[1] = p[1], out[2] = p[2], out[3] = 0;
  } else {
    const unsigned a = p[3];
    for (int c = 0; c < 3; ++c) out[c] = K::muldiv255(p[c], a);
    out[3] = a;
  }
}

void load4_i16(const std::uint8_t *const *rows, std::uint32_t w, std::uint32_t C, float *dst) noexcept {
  constexpr std::int8_t Z = -128;  // swizzle index >= 16: a zero byte
  for (std::uint32_t r = 0; r < 4; ++r) {
    const std::uint8_t *row = rows[r];
    std::uint32_t x = 0, tail = 0;  // tail: first slot left to the scalar loop
    if (C == 3) {
      // 16 bytes hold pixels x .. x + 4 whole: slots x .. x + 3 from one load.
      const v128_t s0 = wasm_i8x16_const(0, Z, 3, Z, 1, Z, 4, Z, 2, Z, 5, Z, Z, Z, Z, Z);
      const v128_t s1 = wasm_i8x16_const(3, Z, 6, Z, 4, Z, 7, Z, 5, Z, 8, Z, Z, Z, Z, Z);
      const v128_t s2 = wasm_i8x16_const(6, Z, 9, Z, 7, Z, 10, Z, 8, Z, 11, Z, Z, Z, Z, Z);
      const v128_t s3 = wasm_i8x16_const(9, Z, 12, Z, 10, Z, 13, Z, 11, Z, 14, Z, Z, Z, Z, Z);
      for (; x + 6 <= w; x += 4) {
        const v128_t b = wasm_v128_load(row + std::size_t(x) * 3);
        wasm_v128_store(slot(dst, x, r), wasm_i8x16_swizzle(b, s0));
        wasm_v128_store(slot(dst, x + 1, r), wasm_i8x16_swizzle(b, s1));
        wasm_v128_store(slot(dst, x + 2, r), wasm_i8x16_swizzle(b, s2));
        wasm_v128_store(slot(dst, x + 3, r), wasm_i8x16_swizzle(b, s3));
      }
      tail = x;
    } else {
      // Four pixels premultiplied per load give slots x .. x + 2; slot x + 3 pairs the group's
      // last pixel with the next group's first.
      const v128_t s0 = wasm_i8x16_const(0, Z, 4, Z, 1, Z, 5, Z, 2, Z, 6, Z, 3, Z, 7, Z);
      const v128_t s1 = wasm_i8x16_const(4, Z, 8, Z, 5, Z, 9, Z, 6, Z, 10, Z, 7, Z, 11, Z);
      const v128_t s2 = wasm_i8x16_const(8, Z, 12, Z, 9, Z, 13, Z, 10, Z, 14, Z, 11, Z, 15, Z);
      v128_t prev = wasm_i32x4_const_splat(0);
      for (; x + 4 <= w; x += 4) {
        const v128_t b = premul4(wasm_v128_load(row + std::size_t(x) * 4));
        if (x) {
          const v128_t j = wasm_i8x16_shuffle(prev, b, 12, 16, 13, 17, 14, 18, 15, 19, 0, 0, 0, 0, 0, 0, 0, 0);
          wasm_v128_store(slot(dst, x - 1, r), wasm_u16x8_extend_low_u8x16(j));
        }
        wasm_v128_store(slot(dst, x, r), wasm_i8x16_swizzle(b, s0));
        wasm_v128_store(slot(dst, x + 1, r), wasm_i8x16_swizzle(b, s1));
        wasm_v128_store(slot(dst, x + 2, r), wasm_i8x16_swizzle(b, s2));
        prev = b;
      }
      tail = x ? x - 1 : 0;
    }
    unsigned a[4], b[4];
    if (tail < w) channels(row + std::size_t(tail) * C, C, a);
    for (std::uint32_t p = tail; p < w; ++p) {
      const bool more = p + 1 < w;
      if (more) channels(row + std::size_t(p + 1) * C, C, b);
      put_slot(slot(dst, p, r), a, more ? b : nullptr);
      if (more)
        for (int c = 0; c < 4; ++c) a[c] = b[c];
    }
  }
}

// Integer weights held as floats to int32 (exact below 2^22: adding 1.5 * 2^23 puts the integer
// in the low mantissa bits), without trunc_sat's saturation sequence.
inline v128_t f32_to_i32(v128_t w) noexcept {
  const v128_t magic = wasm_f32x4_const_splat(12582912.0f);
  return wasm_i32x4_sub(wasm_f32x4_add(w, magic), magic);
}

// One output's four rows with 32-bit multiplies, for a weight outside int16.
void hpass4_out_i32(const std::uint8_t *s, const float *w, std::uint32_t taps, v128_t (&acc)[4]) noexcept {
  const v128_t lo16 = wasm_i32x4_const_splat(0xffff);
  for (auto &a : acc) a = wasm_i32x4_const_splat(0);
  for (std::uint32_t j = 0; j < taps; ++j) {
    const v128_t wj = wasm_i32x4_splat(static_cast<std::int32_t>(w[j]));
    for (std::uint32_t r = 0; r < 4; ++r) {
      const v128_t px = wasm_v128_and(wasm_v128_load(s + 64 * std::size_t(j) + 16 * r), lo16);
      acc[r] = wasm_i32x4_add(acc[r], wasm_i32x4_mul(px, wj));
    }
  }
}

// The prepared table (kernels::hprep) for P = 4, per output: 16 bytes whose first is 1 if a
// weight is outside int16, then taps / 2 vectors of int16 weight pairs (w(j), w(j+1)) x 4.
std::size_t prep_per(std::uint32_t taps) noexcept { return std::size_t(taps) * 8 + 16; }

// For P = 1, per output: 16 bytes (uint32 taps in use rounded up to 8, then a byte: 1 if a
// weight is outside int16), then stride int16 weights.
std::size_t prep_per1(std::uint32_t stride) noexcept { return std::size_t(stride) * 2 + 16; }

std::size_t hprep_gray(const htable &t, std::uint32_t n_out, void *out) noexcept {
  const std::uint32_t stride = t.stride;  // a multiple of 16
  if (!out) return prep_per1(stride) * n_out;
  std::uint8_t *o = static_cast<std::uint8_t *>(out);
  for (std::uint32_t x = 0; x < n_out; ++x, o += prep_per1(stride)) {
    const float *w = t.w + std::size_t(x) * stride;
    std::uint32_t used = 0;
    bool big = false;
    for (std::uint32_t j = 0; j < stride; j += 8) {
      const v128_t a = wasm_v128_load(w + j), b = wasm_v128_load(w + j + 4);
      const v128_t m = wasm_f32x4_pmax(wasm_f32x4_abs(a), wasm_f32x4_abs(b));
      if (wasm_v128_any_true(wasm_f32x4_gt(m, wasm_f32x4_const_splat(32767.0f)))) big = true;
      if (wasm_v128_any_true(wasm_f32x4_ne(m, wasm_f32x4_const_splat(0.0f)))) used = j + 8;
      wasm_v128_store(o + 16 + 2 * j, wasm_i16x8_narrow_i32x4(f32_to_i32(a), f32_to_i32(b)));
    }
    wasm_v128_store(o, wasm_i32x4_const_splat(0));
    std::memcpy(o, &used, 4);
    o[4] = big ? 1 : 0;
  }
  return prep_per1(stride) * n_out;
}

std::size_t hprep_i16(const htable &t, std::uint32_t n_out, std::uint32_t P, void *out) noexcept {
  if (P == 1) return hprep_gray(t, n_out, out);
  if (P != 4) return 0;
  const std::uint32_t taps = t.stride / 4;
  if (!out) return prep_per(taps) * n_out;
  std::uint8_t *o = static_cast<std::uint8_t *>(out);
  const v128_t limit = wasm_f32x4_const_splat(32767.0f);
  for (std::uint32_t x = 0; x < n_out; ++x) {
    const float *w = t.w + std::size_t(x) * taps;
    std::uint8_t *head = o;
    o += 16;
    v128_t m = wasm_f32x4_const_splat(0.0f);
    for (std::uint32_t j = 0; j < taps; j += 4, o += 32) {
      const v128_t wf = wasm_v128_load(w + j);
      m = wasm_f32x4_pmax(m, wasm_f32x4_abs(wf));
      const v128_t wi = f32_to_i32(wf);
      const v128_t w16 = wasm_i16x8_narrow_i32x4(wi, wi);  // w0 w1 w2 w3 w0 w1 w2 w3
      wasm_v128_store(o, wasm_i32x4_shuffle(w16, w16, 0, 0, 0, 0));
      wasm_v128_store(o + 16, wasm_i32x4_shuffle(w16, w16, 1, 1, 1, 1));
    }
    wasm_v128_store(head, wasm_i32x4_const_splat(0));
    head[0] = wasm_v128_any_true(wasm_f32x4_gt(m, limit)) ? 1 : 0;
  }
  return prep_per(taps) * n_out;
}

// hpass4 for one channel: the four float rows converted to int16 in place (see kernels::hpass4),
// then eight taps of a row per dot product, the four rows' sums folded into one vector.
void hpass4_gray(const float *src, std::size_t ss, const htable &t, std::uint32_t n_out, float *const *dst,
                 const quant &q) noexcept {
  const std::uint32_t stride = t.stride;
  const std::size_t end = std::size_t(t.off[n_out - 1] - t.base) + stride;  // floats read
  const v128_t magic = wasm_f32x4_const_splat(12582912.0f);
  const std::int16_t *row[4];
  for (std::uint32_t r = 0; r < 4; ++r) {
    float *f = const_cast<float *>(src) + r * ss;
    std::int16_t *o = reinterpret_cast<std::int16_t *>(f);
    // Forward, both loads before the store: the 16 bytes written at 2i never pass the floats
    // still to be read at 4i (from i = 8 on; at i = 0 they are already loaded).
    for (std::size_t i = 0; i < end; i += 8) {
      const v128_t a = wasm_i32x4_sub(wasm_f32x4_add(wasm_v128_load(f + i), magic), magic);
      const v128_t b = wasm_i32x4_sub(wasm_f32x4_add(wasm_v128_load(f + i + 4), magic), magic);
      wasm_v128_store(o + i, wasm_i16x8_narrow_i32x4(a, b));
    }
    row[r] = o;
  }
  const int b = __builtin_ctz(static_cast<unsigned>(q.half)) + 1;
  const v128_t half = wasm_i32x4_splat(static_cast<std::int32_t>(q.half));
  const v128_t top = wasm_i32x4_splat(static_cast<std::int32_t>(q.top));
  const v128_t zero = wasm_i32x4_const_splat(0);
  const std::size_t per = prep_per1(stride);
  const std::uint8_t *pw = static_cast<const std::uint8_t *>(t.prep) + per * t.x0;
  for (std::uint32_t x = 0; x < n_out; ++x, pw += per) {
    const std::size_t o = t.off[x] - t.base;
    std::uint32_t used;
    std::memcpy(&used, pw, 4);
    v128_t sum;
    if (pw[4]) {
      std::int32_t acc[4] = {0, 0, 0, 0};
      const float *w = t.w + std::size_t(x) * stride;
      for (std::uint32_t j = 0; j < stride; ++j)
        for (std::uint32_t r = 0; r < 4; ++r) acc[r] += static_cast<std::int32_t>(w[j]) * row[r][o + j];
      sum = wasm_i32x4_make(acc[0], acc[1], acc[2], acc[3]);
    } else {
      v128_t a0 = zero, a1 = zero, a2 = zero, a3 = zero;
      const std::uint8_t *wp = pw + 16;
      for (std::uint32_t j = 0; j < used; j += 8) {
        const v128_t wv = wasm_v128_load(wp + 2 * j);
        a0 = wasm_i32x4_add(a0, wasm_i32x4_dot_i16x8(wasm_v128_load(row[0] + o + j), wv));
        a1 = wasm_i32x4_add(a1, wasm_i32x4_dot_i16x8(wasm_v128_load(row[1] + o + j), wv));
        a2 = wasm_i32x4_add(a2, wasm_i32x4_dot_i16x8(wasm_v128_load(row[2] + o + j), wv));
        a3 = wasm_i32x4_add(a3, wasm_i32x4_dot_i16x8(wasm_v128_load(row[3] + o + j), wv));
      }
      const v128_t t0 = wasm_i32x4_add(wasm_i32x4_shuffle(a0, a1, 0, 4, 1, 5), wasm_i32x4_shuffle(a0, a1, 2, 6, 3, 7));
      const v128_t t1 = wasm_i32x4_add(wasm_i32x4_shuffle(a2, a3, 0, 4, 1, 5), wasm_i32x4_shuffle(a2, a3, 2, 6, 3, 7));
      sum = wasm_i32x4_add(wasm_i32x4_shuffle(t0, t1, 0, 1, 4, 5), wasm_i32x4_shuffle(t0, t1, 2, 3, 6, 7));
    }
    const v128_t v = wasm_i32x4_min(wasm_i32x4_max(wasm_i32x4_add(sum, half), zero), top);
    const v128_t f = wasm_f32x4_convert_i32x4(wasm_i32x4_shr(v, static_cast<std::uint32_t>(b)));
    dst[0][x] = wasm_f32x4_extract_lane(f, 0);
    dst[1][x] = wasm_f32x4_extract_lane(f, 1);
    dst[2][x] = wasm_f32x4_extract_lane(f, 2);
    dst[3][x] = wasm_f32x4_extract_lane(f, 3);
  }
}

void hpass4_i16(const float *src, std::size_t ss, const htable &t, std::uint32_t n_out, std::uint32_t P,
                float *const *dst, const quant &q, const std::uint8_t *const *next, std::size_t bytes) noexcept {
  if (P == 1 && q.round && t.prep) return hpass4_gray(src, ss, t, n_out, dst, q);
  if (P != 4 || !q.round) return K::hpass4(src, ss, t, n_out, P, dst, q, next, bytes);
  const std::uint8_t *buf = reinterpret_cast<const std::uint8_t *>(src);
  const std::uint32_t taps = t.stride / 4;  // a multiple of 4
  // q: half = 2^(b-1), top = 256 * 2^b - 1; the float rounding floor(clamp(acc + half) * 2^-b)
  // of an integer is the shift.
  const int b = __builtin_ctz(static_cast<unsigned>(q.half)) + 1;
  const v128_t half = wasm_i32x4_splat(static_cast<std::int32_t>(q.half));
  const v128_t top = wasm_i32x4_splat(static_cast<std::int32_t>(q.top));
  const v128_t zero = wasm_i32x4_const_splat(0);
  const v128_t limit = wasm_f32x4_const_splat(32767.0f);
  if (t.prep) {
    const std::size_t per = prep_per(taps);
    const std::uint8_t *pw = static_cast<const std::uint8_t *>(t.prep) + per * t.x0;
    // (No prefetch of the next rows: wasm has none, and touching them with plain loads spread
    // over this pass, as the x86 variants prefetch, measured no faster in V8.)
    for (std::uint32_t x = 0; x < n_out; ++x, pw += per) {
      const std::uint8_t *s = buf + std::size_t(t.off[x] - t.base) * 16;
      v128_t acc[4] = {zero, zero, zero, zero};
      if (pw[0]) {
        hpass4_out_i32(s, t.w + std::size_t(x) * taps, taps, acc);
      } else {
        v128_t a0 = zero, a1 = zero, a2 = zero, a3 = zero;
        const std::uint8_t *wp = pw + 16;
        // Two taps of four rows per weight pair; 8 taps per iteration halves V8's per-iteration
        // overhead (its loop stack check included).
        auto two = [&](const std::uint8_t *sp, v128_t wv) {
          a0 = wasm_i32x4_add(a0, wasm_i32x4_dot_i16x8(wasm_v128_load(sp), wv));
          a1 = wasm_i32x4_add(a1, wasm_i32x4_dot_i16x8(wasm_v128_load(sp + 16), wv));
          a2 = wasm_i32x4_add(a2, wasm_i32x4_dot_i16x8(wasm_v128_load(sp + 32), wv));
          a3 = wasm_i32x4_add(a3, wasm_i32x4_dot_i16x8(wasm_v128_load(sp + 48), wv));
        };
        std::uint32_t j = 0;
        for (; j + 8 <= taps; j += 8, s += 512, wp += 64) {
          two(s, wasm_v128_load(wp));
          two(s + 128, wasm_v128_load(wp + 16));
          two(s + 256, wasm_v128_load(wp + 32));
          two(s + 384, wasm_v128_load(wp + 48));
        }
        if (j < taps) {
          two(s, wasm_v128_load(wp));
          two(s + 128, wasm_v128_load(wp + 16));
        }
        acc[0] = a0, acc[1] = a1, acc[2] = a2, acc[3] = a3;
      }
      for (std::uint32_t r = 0; r < 4; ++r) {
        const v128_t v = wasm_i32x4_min(wasm_i32x4_max(wasm_i32x4_add(acc[r], half), zero), top);
        wasm_v128_store(dst[r] + std::size_t(x) * 4, wasm_f32x4_convert_i32x4(wasm_i32x4_shr(v, static_cast<std::uint32_t>(b))));
      }
    }
    return;
  }
  // No prepared table: the weights converted on the way.
  for (std::uint32_t x = 0; x < n_out; ++x) {
    const std::uint8_t *s = buf + std::size_t(t.off[x] - t.base) * 16;  // float index -> bytes of slots
    const float *w = t.w + std::size_t(x) * taps;
    v128_t a0 = zero, a1 = zero, a2 = zero, a3 = zero, big = zero;
    for (std::uint32_t j = 0; j < taps; j += 4, s += 256) {
      const v128_t wf = wasm_v128_load(w + j);
      big = wasm_f32x4_pmax(big, wasm_f32x4_abs(wf));
      const v128_t wi = f32_to_i32(wf);
      const v128_t w16 = wasm_i16x8_narrow_i32x4(wi, wi);  // w0 w1 w2 w3 w0 w1 w2 w3
      const v128_t p01 = wasm_i32x4_shuffle(w16, w16, 0, 0, 0, 0);
      const v128_t p23 = wasm_i32x4_shuffle(w16, w16, 1, 1, 1, 1);
      a0 = wasm_i32x4_add(a0, wasm_i32x4_add(wasm_i32x4_dot_i16x8(wasm_v128_load(s), p01),
                                             wasm_i32x4_dot_i16x8(wasm_v128_load(s + 128), p23)));
      a1 = wasm_i32x4_add(a1, wasm_i32x4_add(wasm_i32x4_dot_i16x8(wasm_v128_load(s + 16), p01),
                                             wasm_i32x4_dot_i16x8(wasm_v128_load(s + 144), p23)));
      a2 = wasm_i32x4_add(a2, wasm_i32x4_add(wasm_i32x4_dot_i16x8(wasm_v128_load(s + 32), p01),
                                             wasm_i32x4_dot_i16x8(wasm_v128_load(s + 160), p23)));
      a3 = wasm_i32x4_add(a3, wasm_i32x4_add(wasm_i32x4_dot_i16x8(wasm_v128_load(s + 48), p01),
                                             wasm_i32x4_dot_i16x8(wasm_v128_load(s + 176), p23)));
    }
    v128_t acc[4] = {a0, a1, a2, a3};
    if (wasm_v128_any_true(wasm_f32x4_gt(big, limit)))
      hpass4_out_i32(buf + std::size_t(t.off[x] - t.base) * 16, w, taps, acc);
    for (std::uint32_t r = 0; r < 4; ++r) {
      const v128_t v = wasm_i32x4_min(wasm_i32x4_max(wasm_i32x4_add(acc[r], half), zero), top);
      wasm_v128_store(dst[r] + std::size_t(x) * 4, wasm_f32x4_convert_i32x4(wasm_i32x4_shr(v, static_cast<std::uint32_t>(b))));
    }
  }
}

// kern<>::vpass with eight vectors per tap instead of four: one weight splat and one loop
// iteration (with V8's stack check) per 32 floats. n is a multiple of 64.
void vpass8(const float *const *rows, const float *w, std::uint32_t k, std::uint32_t n, float *dst,
            const quant &q) noexcept {
  for (std::uint32_t i = 0; i < n; i += 32) {
    v128_t a[8];
    for (auto &v : a) v = wasm_f32x4_const_splat(0.0f);
    for (std::uint32_t j = 0; j < k; ++j) {
      const v128_t wj = wasm_v128_load32_splat(w + j);
      const float *r = rows[j] + i;
      for (std::uint32_t v = 0; v < 8; ++v) a[v] = wasm_f32x4_add(wasm_f32x4_mul(wj, wasm_v128_load(r + 4 * v)), a[v]);
    }
    for (std::uint32_t v = 0; v < 8; ++v) wasm_v128_store(dst + i + 4 * v, K::finish(a[v], q));
  }
}

// kernels::store_row: four pixels (C = 3, 4) or sixteen (C = 1) per iteration, the float to
// integer conversions with the magic-number trick (exact for the integers below 2^22 here), which
// wasm's scalar float-to-int (range-checked) and trunc_sat (a fix-up sequence) are not cheap for.
std::uint32_t store_row_simd(const float *src, std::uint32_t w, std::uint32_t C, const float *inv,
                             std::uint8_t *dst) noexcept {
  const v128_t magic = wasm_f32x4_const_splat(12582912.0f);
  auto to_i32 = [&](v128_t v) { return wasm_i32x4_sub(wasm_f32x4_add(v, magic), magic); };
  std::uint32_t x = 0;
  if (C == 4) {
    // As resize.cpp's store_row: c * (255 / a) + 1/1024 truncated, at most 255; alpha as it is
    // (times 1, plus 0).
    const v128_t add = wasm_f32x4_const(1.0f / 1024.0f, 1.0f / 1024.0f, 1.0f / 1024.0f, 0.0f);
    const v128_t cap = wasm_i32x4_const_splat(255);
    auto px = [&](const float *s) {
      const v128_t v = wasm_v128_load(s);
      const std::int32_t a = wasm_i32x4_extract_lane(to_i32(v), 3);
      const v128_t k = wasm_f32x4_replace_lane(wasm_f32x4_splat(inv[a]), 3, 1.0f);
      return wasm_i32x4_min(to_i32(wasm_f32x4_floor(wasm_f32x4_add(wasm_f32x4_mul(v, k), add))), cap);
    };
    for (; x + 4 <= w; x += 4) {
      const float *s = src + std::size_t(x) * 4;
      const v128_t lo = wasm_i16x8_narrow_i32x4(px(s), px(s + 4));
      const v128_t hi = wasm_i16x8_narrow_i32x4(px(s + 8), px(s + 12));
      wasm_v128_store(dst + std::size_t(x) * 4, wasm_u8x16_narrow_i16x8(lo, hi));
    }
  } else if (C == 3) {
    const v128_t pack = wasm_i8x16_const(0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, -128, -128, -128, -128);
    for (; x + 4 <= w; x += 4) {
      const float *s = src + std::size_t(x) * 4;
      const v128_t lo = wasm_i16x8_narrow_i32x4(to_i32(wasm_v128_load(s)), to_i32(wasm_v128_load(s + 4)));
      const v128_t hi = wasm_i16x8_narrow_i32x4(to_i32(wasm_v128_load(s + 8)), to_i32(wasm_v128_load(s + 12)));
      const v128_t b = wasm_i8x16_swizzle(wasm_u8x16_narrow_i16x8(lo, hi), pack);
      std::uint8_t *o = dst + std::size_t(x) * 3;
      wasm_v128_store64_lane(o, b, 0);
      wasm_v128_store32_lane(o + 8, b, 2);
    }
  } else if (C == 1) {
    for (; x + 16 <= w; x += 16) {
      const float *s = src + x;
      const v128_t a = wasm_i16x8_narrow_i32x4(to_i32(wasm_v128_load(s)), to_i32(wasm_v128_load(s + 4)));
      const v128_t b = wasm_i16x8_narrow_i32x4(to_i32(wasm_v128_load(s + 8)), to_i32(wasm_v128_load(s + 12)));
      wasm_v128_store(dst + x, wasm_u8x16_narrow_i16x8(a, b));
    }
  }
  return x;
}

}  // namespace

const kernels wasm_simd128 = {&K::hpass, &hpass4_i16, &vpass8, &K::load_row, &load4_i16, &hprep_i16, &store_row_simd};

}  // namespace resize_impl
}  // namespace ek

#endif
