// C ABI: reduce. Validation only; the C++ functions define the results.
#include "edgekernels/edgekernels.h"
#include "edgekernels/reduce/reduce.hpp"

namespace {

// Checks the pointers (x and y may be NULL only when n == 0) and the length, then stores f(n)
// in *out. Nothing is written on error.
template <class T, class F>
ek_status reduce(const T *x, const T *y, std::size_t n, bool too_short, T *out, F f) {
  if (!out || (n && (!x || !y))) return EK_ERR_NULL;
  if (too_short) return EK_ERR_ARG;
  *out = f(n);
  return EK_OK;
}

}  // namespace

// One line per entry point: x doubles as y where there is no second input.
#define EK_REDUCE(name, T, needs_data, expr) \
  ek_status name(const T *x, size_t n, T *out) { \
    return reduce(x, x, n, (needs_data) && n == 0, out, [x](size_t m) { return expr; }); \
  }

extern "C" {

EK_REDUCE(ek_sum_f32, float, false, ek::sum(x, m))
EK_REDUCE(ek_sum_f64, double, false, ek::sum(x, m))
EK_REDUCE(ek_sumsq_f32, float, false, ek::sumsq(x, m))
EK_REDUCE(ek_sumsq_f64, double, false, ek::sumsq(x, m))
EK_REDUCE(ek_min_f32, float, true, ek::min(x, m))
EK_REDUCE(ek_min_f64, double, true, ek::min(x, m))
EK_REDUCE(ek_max_f32, float, true, ek::max(x, m))
EK_REDUCE(ek_max_f64, double, true, ek::max(x, m))
EK_REDUCE(ek_mean_f32, float, true, ek::mean(x, m))
EK_REDUCE(ek_mean_f64, double, true, ek::mean(x, m))

ek_status ek_dot_f32(const float *x, const float *y, size_t n, float *out) {
  return reduce(x, y, n, false, out, [x, y](size_t m) { return ek::dot(x, y, m); });
}
ek_status ek_dot_f64(const double *x, const double *y, size_t n, double *out) {
  return reduce(x, y, n, false, out, [x, y](size_t m) { return ek::dot(x, y, m); });
}
ek_status ek_variance_f32(const float *x, size_t n, unsigned ddof, float *out) {
  return reduce(x, x, n, n <= ddof, out, [x, ddof](size_t m) { return ek::variance(x, m, ddof); });
}
ek_status ek_variance_f64(const double *x, size_t n, unsigned ddof, double *out) {
  return reduce(x, x, n, n <= ddof, out, [x, ddof](size_t m) { return ek::variance(x, m, ddof); });
}

}  // extern "C"

#undef EK_REDUCE
