// Portable resize kernels: the same algorithm as the SIMD variants on 4-lane float arrays, with
// no intrinsics and no xsimd, so that it builds anywhere (wasm32 included).
#include <cmath>
#include <cstdint>

#include "image/resize_kern.hpp"

namespace ek {
namespace resize_impl {
namespace {

struct lanes_backend {
  struct V {
    float v[4];
  };
  static constexpr std::uint32_t W = 4;
  static V load(const float *p) noexcept { return {{p[0], p[1], p[2], p[3]}}; }
  static void store(float *p, const V &a) noexcept {
    for (int i = 0; i < 4; ++i) p[i] = a.v[i];
  }
  static V splat(float x) noexcept { return {{x, x, x, x}}; }
  static V zero() noexcept { return splat(0.0f); }
  static V fma(const V &a, const V &b, const V &c) noexcept {
    V r;
    for (int i = 0; i < 4; ++i) r.v[i] = a.v[i] * b.v[i] + c.v[i];
    return r;
  }
  static V add(const V &a, const V &b) noexcept {
    V r;
    for (int i = 0; i < 4; ++i) r.v[i] = a.v[i] + b.v[i];
    return r;
  }
  static V mul(const V &a, const V &b) noexcept {
    V r;
    for (int i = 0; i < 4; ++i) r.v[i] = a.v[i] * b.v[i];
    return r;
  }
  static V min(const V &a, const V &b) noexcept {
    V r;
    for (int i = 0; i < 4; ++i) r.v[i] = b.v[i] < a.v[i] ? b.v[i] : a.v[i];
    return r;
  }
  static V max(const V &a, const V &b) noexcept {
    V r;
    for (int i = 0; i < 4; ++i) r.v[i] = b.v[i] > a.v[i] ? b.v[i] : a.v[i];
    return r;
  }
  static V floor(const V &a) noexcept {
    V r;
    for (int i = 0; i < 4; ++i) r.v[i] = std::floor(a.v[i]);
    return r;
  }
  static V expand4(const float *w) noexcept { return splat(w[0]); }
  static void prefetch(const std::uint8_t *) noexcept {}
  // W == P == 4: each accumulator already holds one pixel's four lanes.
  static void fold4(const V (&a)[4], V (&r)[4]) noexcept {
    for (int i = 0; i < 4; ++i) r[i] = a[i];
  }
  static std::uint32_t load_rgb(const std::uint8_t *, std::uint32_t, float *) noexcept { return 0; }
  static std::uint32_t load_rgba(const std::uint8_t *, std::uint32_t, float *) noexcept { return 0; }
  static std::uint32_t load4(const std::uint8_t *const *, std::uint32_t, std::uint32_t, float *) noexcept { return 0; }
};

}  // namespace

const kernels portable = kern<lanes_backend>::table();

}  // namespace resize_impl
}  // namespace ek
