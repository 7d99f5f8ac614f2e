// Portable reduce kernels: the same algorithm as the SIMD variants on fixed-size lane arrays,
// with no intrinsics and no xsimd, so that it builds anywhere (wasm32 included). Every operation
// is an independent per-lane loop over a constant trip count, which compilers turn into vector
// code without reassociating anything (no -ffast-math needed): clang's SLP vectorizer maps a
// 32-byte lane array to two SSE2 or wasm simd128 operations.
#include <cstddef>

#include "reduce/kernels.hpp"

namespace ek {
namespace reduce_impl {
namespace {

template <class T, std::size_t N>
struct lanes {
  T v[N];
  friend lanes operator+(const lanes &a, const lanes &b) noexcept {
    lanes r;
    for (std::size_t i = 0; i < N; ++i) r.v[i] = a.v[i] + b.v[i];
    return r;
  }
  friend lanes operator-(const lanes &a, const lanes &b) noexcept {
    lanes r;
    for (std::size_t i = 0; i < N; ++i) r.v[i] = a.v[i] - b.v[i];
    return r;
  }
  friend lanes operator*(const lanes &a, const lanes &b) noexcept {
    lanes r;
    for (std::size_t i = 0; i < N; ++i) r.v[i] = a.v[i] * b.v[i];
    return r;
  }
};

template <class TT>
struct portable_backend {
  using T = TT;
  static constexpr std::size_t W = 32 / sizeof(T);
#if defined(__wasm__)
  // Module size: see kern::run_compact (same results, a fraction of the code).
  static constexpr int compact = 2;
#endif
  using V = lanes<T, W>;
  static V load(const T *p) noexcept {
    V r;
    for (std::size_t i = 0; i < W; ++i) r.v[i] = p[i];
    return r;
  }
  static void store(T *p, const V &a) noexcept {
    for (std::size_t i = 0; i < W; ++i) p[i] = a.v[i];
  }
  static V load_part(const T *p, std::size_t n, T pad) noexcept {
    V r;
    for (std::size_t i = 0; i < W; ++i) r.v[i] = i < n ? p[i] : pad;
    return r;
  }
  static V splat(T x) noexcept {
    V r;
    for (std::size_t i = 0; i < W; ++i) r.v[i] = x;
    return r;
  }
  // Not std::fma: without FMA hardware it is a slow exact emulation, and the bound only needs
  // the two-rounding form.
  static V fma(const V &a, const V &b, const V &c) noexcept { return a * b + c; }
  static V vmin(const V &a, const V &b) noexcept {
    V r;
    for (std::size_t i = 0; i < W; ++i) r.v[i] = b.v[i] < a.v[i] ? b.v[i] : a.v[i];
    return r;
  }
  static V vmax(const V &a, const V &b) noexcept {
    V r;
    for (std::size_t i = 0; i < W; ++i) r.v[i] = b.v[i] > a.v[i] ? b.v[i] : a.v[i];
    return r;
  }
};

}  // namespace

const kernels<float> portable_f32 = kern<portable_backend<float>>::table();
const kernels<double> portable_f64 = kern<portable_backend<double>>::table();

}  // namespace reduce_impl
}  // namespace ek
