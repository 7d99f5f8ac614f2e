// Internal: the reduce kernel table type and every variant built into this library, so that the
// dispatcher and the tests see the same list.
#ifndef EK_REDUCE_VARIANTS_HPP
#define EK_REDUCE_VARIANTS_HPP

#include <cstddef>

#include "internal/dispatch.hpp"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#  define EK_REDUCE_X86 1
#elif defined(__aarch64__)
#  define EK_REDUCE_NEON 1
#elif defined(__wasm_simd128__)
#  define EK_REDUCE_WASM_SIMD128 1
#endif

namespace ek {
namespace reduce_impl {

// An unevaluated sum hi + lo; the kernels return their compensated totals in this form and the
// caller rounds once (see finish() in reduce.cpp).
struct dd {
  double hi, lo;
};

template <class T>
struct stats_result {
  dd sum;
  T min, max;
};

struct dev_result {
  dd dev;  // sum (x_i - m)
  dd sq;   // sum (x_i - m)^2
};

// One variant of the whole family for element type T. All kernels need n >= 1 except sum,
// sumsq, dot and sumdev, which accept n == 0.
template <class T>
struct kernels {
  dd (*sum)(const T *x, std::size_t n) noexcept;
  dd (*sumsq)(const T *x, std::size_t n) noexcept;
  dd (*dot)(const T *x, const T *y, std::size_t n) noexcept;
  T (*min)(const T *x, std::size_t n) noexcept;        // NaN if any NaN
  T (*max)(const T *x, std::size_t n) noexcept;        // NaN if any NaN
  stats_result<T> (*stats)(const T *x, std::size_t n) noexcept;  // min/max NaN if any NaN
  dev_result (*sumdev)(const T *x, std::size_t n, T m) noexcept;
};

extern const kernels<float> portable_f32;
extern const kernels<double> portable_f64;
#if defined(EK_REDUCE_X86)
extern const kernels<float> sse42_f32, avx2_f32, avx512_f32;
extern const kernels<double> sse42_f64, avx2_f64, avx512_f64;
#elif defined(EK_REDUCE_NEON)
extern const kernels<float> neon_f32;
extern const kernels<double> neon_f64;
#elif defined(EK_REDUCE_WASM_SIMD128)
extern const kernels<float> simd128_f32;
extern const kernels<double> simd128_f64;
#endif

template <class T>
struct variant_list {
  const detail::variant<const kernels<T> *> *v;
  std::size_t size;
};

// Priority order, portable last; the tests run every entry runnable on this CPU.
variant_list<float> variants_f32() noexcept;
variant_list<double> variants_f64() noexcept;
template <class T>
variant_list<T> variants() noexcept;
template <>
inline variant_list<float> variants<float>() noexcept { return variants_f32(); }
template <>
inline variant_list<double> variants<double>() noexcept { return variants_f64(); }

}  // namespace reduce_impl
}  // namespace ek

#endif
