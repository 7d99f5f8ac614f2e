// Reduce kernels for wasm SIMD128 (xsimd 8.1 has no wasm backend). Compiled only under
// Emscripten, and empty without -msimd128 (the baseline module gets the portable kernels).
//
// A vector is two v128 registers, 32 bytes like the portable backend's lane arrays, and every
// operation is the portable one lane for lane (a*b + c rounded twice, min/max as b < a ? b : a,
// which is what f32x4.pmin/pmax compute), so the results are bit-identical to the portable
// variant, native or wasm. Both use the compact trees (kern::run_compact).
#include "reduce/variants.hpp"

#if defined(EK_REDUCE_WASM_SIMD128)
#  include <wasm_simd128.h>

#  include <cstring>

#  include "reduce/kernels.hpp"

namespace ek {
namespace reduce_impl {
namespace {

template <class T>
struct simd128_ops;
template <>
struct simd128_ops<float> {
  static v128_t add(v128_t a, v128_t b) noexcept { return wasm_f32x4_add(a, b); }
  static v128_t sub(v128_t a, v128_t b) noexcept { return wasm_f32x4_sub(a, b); }
  static v128_t mul(v128_t a, v128_t b) noexcept { return wasm_f32x4_mul(a, b); }
  static v128_t pmin(v128_t a, v128_t b) noexcept { return wasm_f32x4_pmin(a, b); }
  static v128_t pmax(v128_t a, v128_t b) noexcept { return wasm_f32x4_pmax(a, b); }
  static v128_t splat(float x) noexcept { return wasm_f32x4_splat(x); }
};
template <>
struct simd128_ops<double> {
  static v128_t add(v128_t a, v128_t b) noexcept { return wasm_f64x2_add(a, b); }
  static v128_t sub(v128_t a, v128_t b) noexcept { return wasm_f64x2_sub(a, b); }
  static v128_t mul(v128_t a, v128_t b) noexcept { return wasm_f64x2_mul(a, b); }
  static v128_t pmin(v128_t a, v128_t b) noexcept { return wasm_f64x2_pmin(a, b); }
  static v128_t pmax(v128_t a, v128_t b) noexcept { return wasm_f64x2_pmax(a, b); }
  static v128_t splat(double x) noexcept { return wasm_f64x2_splat(x); }
};

template <class T>
struct vec2 {
  using O = simd128_ops<T>;
  v128_t lo, hi;
  friend vec2 operator+(vec2 a, vec2 b) noexcept { return {O::add(a.lo, b.lo), O::add(a.hi, b.hi)}; }
  friend vec2 operator-(vec2 a, vec2 b) noexcept { return {O::sub(a.lo, b.lo), O::sub(a.hi, b.hi)}; }
  friend vec2 operator*(vec2 a, vec2 b) noexcept { return {O::mul(a.lo, b.lo), O::mul(a.hi, b.hi)}; }
};

template <class TT>
struct simd128_backend {
  using T = TT;
  using V = vec2<T>;
  using O = simd128_ops<T>;
  static constexpr std::size_t W = 32 / sizeof(T);
  static constexpr int compact = 2;
  static V load(const T *p) noexcept { return {wasm_v128_load(p), wasm_v128_load(p + W / 2)}; }
  static void store(T *p, V v) noexcept {
    wasm_v128_store(p, v.lo);
    wasm_v128_store(p + W / 2, v.hi);
  }
  static V splat(T x) noexcept { return {O::splat(x), O::splat(x)}; }
  static V load_part(const T *x, std::size_t n, T pad) noexcept {
    T buf[W];
    if (n) std::memcpy(buf, x, n * sizeof(T));
    for (std::size_t i = n; i < W; ++i) buf[i] = pad;
    return load(buf);
  }
  static V fma(V a, V b, V c) noexcept { return a * b + c; }
  static V vmin(V a, V b) noexcept { return {O::pmin(a.lo, b.lo), O::pmin(a.hi, b.hi)}; }
  static V vmax(V a, V b) noexcept { return {O::pmax(a.lo, b.lo), O::pmax(a.hi, b.hi)}; }
};

}  // namespace

const kernels<float> simd128_f32 = kern<simd128_backend<float>>::table();
const kernels<double> simd128_f64 = kern<simd128_backend<double>>::table();

}  // namespace reduce_impl
}  // namespace ek
#endif
