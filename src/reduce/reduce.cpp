// Reduce: dispatch and the public C++ API. The kernels return compensated totals as
// unevaluated double-double sums; rounding them once, here, is what gives the documented bounds.
#include "edgekernels/reduce/reduce.hpp"

#include <cmath>
#include <limits>

#include "reduce/variants.hpp"

namespace ek {
namespace reduce_impl {
namespace {

template <class T>
using fam = detail::variant<const kernels<T> *>;

constexpr fam<float> table_f32[] = {
#if defined(EK_REDUCE_X86)
    {"avx512", cpu::avx512, &avx512_f32},
    {"avx2", cpu::avx2, &avx2_f32},
    {"sse42", cpu::sse42, &sse42_f32},
#elif defined(EK_REDUCE_NEON)
    {"neon", cpu::neon, &neon_f32},
#elif defined(EK_REDUCE_WASM_SIMD128)
    {"simd128", cpu::wasm_simd128, &simd128_f32},
#endif
    {"portable", 0, &portable_f32},
};
constexpr fam<double> table_f64[] = {
#if defined(EK_REDUCE_X86)
    {"avx512", cpu::avx512, &avx512_f64},
    {"avx2", cpu::avx2, &avx2_f64},
    {"sse42", cpu::sse42, &sse42_f64},
#elif defined(EK_REDUCE_NEON)
    {"neon", cpu::neon, &neon_f64},
#elif defined(EK_REDUCE_WASM_SIMD128)
    {"simd128", cpu::wasm_simd128, &simd128_f64},
#endif
    {"portable", 0, &portable_f64},
};

detail::dispatcher<const kernels<float> *, sizeof table_f32 / sizeof table_f32[0]> g_f32(table_f32);
detail::dispatcher<const kernels<double> *, sizeof table_f64 / sizeof table_f64[0]> g_f64(table_f64);

const kernels<float> &k(const float *) noexcept { return *g_f32.get().fn; }
const kernels<double> &k(const double *) noexcept { return *g_f64.get().fn; }

// hi + lo, rounded once, except that a non-finite hi is the answer (the TwoSum error terms of an
// infinity are NaN) and that an exact zero keeps hi's sign (all -0.0 input sums to -0.0).
double finish(dd r) noexcept {
  if (!std::isfinite(r.hi)) return r.hi;
  if (r.hi == 0 && r.lo == 0) return r.hi;
  return r.hi + r.lo;
}

template <class T>
constexpr T nan_v() noexcept {
  return std::numeric_limits<T>::quiet_NaN();
}
template <class T>
constexpr T inf_v() noexcept {
  return std::numeric_limits<T>::infinity();
}

template <class T>
T sum_t(const T *x, std::size_t n) noexcept {
  // The kernels start from -0.0, the identity that keeps a sum of -0.0s negative; the empty
  // sum is +0.0 (as documented, and as numpy gives).
  if (n == 0) return T(0);
  return static_cast<T>(finish(k(x).sum(x, n)));
}

// Mean in double from the unrounded total: dividing hi and lo separately keeps lo's bits.
template <class T>
double mean_d(const T *x, std::size_t n, dd s) noexcept {
  (void)x;
  if (!std::isfinite(s.hi)) return s.hi;
  const double dn = static_cast<double>(n);
  return s.hi / dn + s.lo / dn;
}

// a + b = s + e exactly (Knuth's TwoSum), for merge's double-double means.
void two_sum(double a, double b, double &s, double &e) noexcept {
  s = a + b;
  const double bb = s - a;
  e = (a - (s - bb)) + (b - bb);
}

// Corrected two-pass M2 around m (any m close to the mean): the (sum d)^2 / n term removes
// the error of m itself.
double m2_from(const dev_result &d, std::size_t n) noexcept {
  const double sd = finish(d.dev), sq = finish(d.sq);
  const double m2 = sq - sd * sd / static_cast<double>(n);
  return m2 < 0 ? 0.0 : m2;  // rounding can push a zero variance just below 0
}

template <class T>
T variance_t(const T *x, std::size_t n, unsigned ddof) noexcept {
  if (n <= ddof) return nan_v<T>();
  const kernels<T> &kk = k(x);
  const double m = mean_d(x, n, kk.sum(x, n));
  if (!std::isfinite(m)) return nan_v<T>();  // any Inf or NaN in x
  const double m2 = m2_from(kk.sumdev(x, n, static_cast<T>(m)), n);
  return static_cast<T>(m2 / static_cast<double>(n - ddof));
}

template <class T>
moments describe_t(const T *x, std::size_t n) noexcept {
  moments r{0, 0.0, nan_v<double>(), 0.0, inf_v<double>(), -inf_v<double>(), 0.0};
  if (n == 0) return r;
  const kernels<T> &kk = k(x);
  const stats_result<T> s = kk.stats(x, n);
  r.count = n;
  r.sum = finish(s.sum);
  r.min = s.min;
  r.max = s.max;
  // The second pass measures deviations from a centre c near the mean; their compensated sum
  // gives the mean's correction, so mean + mean_err is the mean to about u^2 (the first pass's
  // sum of ~1e9-sized values is only good to ~gamma_7, which merge could not afford).
  const double m = mean_d(x, n, s.sum);
  if (!std::isfinite(m)) {
    r.mean = m;
    r.m2 = nan_v<double>();
    return r;
  }
  const T c = static_cast<T>(m);
  const dev_result d = kk.sumdev(x, n, c);
  two_sum(static_cast<double>(c), finish(d.dev) / static_cast<double>(n), r.mean, r.mean_err);
  r.m2 = m2_from(d, n);
  return r;
}

}  // namespace

variant_list<float> variants_f32() noexcept { return {table_f32, sizeof table_f32 / sizeof table_f32[0]}; }
variant_list<double> variants_f64() noexcept { return {table_f64, sizeof table_f64 / sizeof table_f64[0]}; }

}  // namespace reduce_impl

namespace detail {
void reduce_reset() noexcept {
  reduce_impl::g_f32.reset();
  reduce_impl::g_f64.reset();
}
const char *reduce_path(cpu::kernel kind) noexcept {
  if (kind == cpu::kernel::reduce_f32) return reduce_impl::g_f32.get().name;
  if (kind == cpu::kernel::reduce_f64) return reduce_impl::g_f64.get().name;
  return nullptr;
}
}  // namespace detail

using reduce_impl::finish;
using reduce_impl::k;

float sum(const float *x, std::size_t n) noexcept { return reduce_impl::sum_t(x, n); }
double sum(const double *x, std::size_t n) noexcept { return reduce_impl::sum_t(x, n); }
float sumsq(const float *x, std::size_t n) noexcept {
  return n ? static_cast<float>(finish(k(x).sumsq(x, n))) : 0.0f;  // empty: +0.0, see sum_t
}
double sumsq(const double *x, std::size_t n) noexcept { return n ? finish(k(x).sumsq(x, n)) : 0.0; }
float dot(const float *x, const float *y, std::size_t n) noexcept {
  return n ? static_cast<float>(finish(k(x).dot(x, y, n))) : 0.0f;  // empty: +0.0, see sum_t
}
double dot(const double *x, const double *y, std::size_t n) noexcept {
  return n ? finish(k(x).dot(x, y, n)) : 0.0;
}
float min(const float *x, std::size_t n) noexcept {
  return n ? k(x).min(x, n) : reduce_impl::inf_v<float>();
}
double min(const double *x, std::size_t n) noexcept {
  return n ? k(x).min(x, n) : reduce_impl::inf_v<double>();
}
float max(const float *x, std::size_t n) noexcept {
  return n ? k(x).max(x, n) : -reduce_impl::inf_v<float>();
}
double max(const double *x, std::size_t n) noexcept {
  return n ? k(x).max(x, n) : -reduce_impl::inf_v<double>();
}
float mean(const float *x, std::size_t n) noexcept {
  return n ? static_cast<float>(reduce_impl::mean_d(x, n, k(x).sum(x, n))) : reduce_impl::nan_v<float>();
}
double mean(const double *x, std::size_t n) noexcept {
  return n ? reduce_impl::mean_d(x, n, k(x).sum(x, n)) : reduce_impl::nan_v<double>();
}
float variance(const float *x, std::size_t n, unsigned ddof) noexcept { return reduce_impl::variance_t(x, n, ddof); }
double variance(const double *x, std::size_t n, unsigned ddof) noexcept { return reduce_impl::variance_t(x, n, ddof); }

moments describe(const double *x, std::size_t n) noexcept { return reduce_impl::describe_t(x, n); }
moments describe(const float *x, std::size_t n) noexcept { return reduce_impl::describe_t(x, n); }

moments merge(const moments &a, const moments &b) noexcept {
  if (a.count == 0) return b;
  if (b.count == 0) return a;
  moments r;
  r.count = a.count + b.count;
  const double na = static_cast<double>(a.count), nb = static_cast<double>(b.count);
  const double n = static_cast<double>(r.count);
  r.sum = a.sum + b.sum;
  // delta and the new mean in double-double: see moments::mean_err.
  double dh, dl;
  reduce_impl::two_sum(b.mean, -a.mean, dh, dl);
  const double delta = dh + (dl + (b.mean_err - a.mean_err));
  // Weighting by the larger side keeps the update small when one chunk dominates.
  const moments &base = a.count >= b.count ? a : b;
  const double step = a.count >= b.count ? delta * (nb / n) : -delta * (na / n);
  double mh, ml;
  reduce_impl::two_sum(base.mean, step, mh, ml);
  r.mean = mh + (ml + base.mean_err);
  r.mean_err = std::isfinite(r.mean) ? (mh - r.mean) + (ml + base.mean_err) : 0.0;
  r.m2 = a.m2 + b.m2 + delta * delta * (na * (nb / n));
  const bool nan = std::isnan(a.min) || std::isnan(b.min) || std::isnan(a.max) || std::isnan(b.max);
  if (nan) {
    r.min = r.max = reduce_impl::nan_v<double>();
  } else {
    r.min = b.min < a.min ? b.min : a.min;
    r.max = b.max > a.max ? b.max : a.max;
  }
  return r;
}

}  // namespace ek
