// C ABI: reduce. Validation only; the C++ functions define the results.
#include "edgekernels/edgekernels.h"
#include "edgekernels/reduce/reduce.hpp"

namespace {

template <class T>
ek_status checked(const T *x, std::size_t n, const void *out) {
  if (!out || (!x && n)) return EK_ERR_NULL;
  return EK_OK;
}

}  // namespace

extern "C" {

ek_status ek_sum_f32(const float *x, size_t n, float *out) {
  if (ek_status s = checked(x, n, out)) return s;
  *out = ek::sum(x, n);
  return EK_OK;
}
ek_status ek_sum_f64(const double *x, size_t n, double *out) {
  if (ek_status s = checked(x, n, out)) return s;
  *out = ek::sum(x, n);
  return EK_OK;
}
ek_status ek_sumsq_f32(const float *x, size_t n, float *out) {
  if (ek_status s = checked(x, n, out)) return s;
  *out = ek::sumsq(x, n);
  return EK_OK;
}
ek_status ek_sumsq_f64(const double *x, size_t n, double *out) {
  if (ek_status s = checked(x, n, out)) return s;
  *out = ek::sumsq(x, n);
  return EK_OK;
}
ek_status ek_dot_f32(const float *x, const float *y, size_t n, float *out) {
  if (ek_status s = checked(x, n, out)) return s;
  if (!y && n) return EK_ERR_NULL;
  *out = ek::dot(x, y, n);
  return EK_OK;
}
ek_status ek_dot_f64(const double *x, const double *y, size_t n, double *out) {
  if (ek_status s = checked(x, n, out)) return s;
  if (!y && n) return EK_ERR_NULL;
  *out = ek::dot(x, y, n);
  return EK_OK;
}
ek_status ek_min_f32(const float *x, size_t n, float *out) {
  if (ek_status s = checked(x, n, out)) return s;
  if (n == 0) return EK_ERR_ARG;
  *out = ek::min(x, n);
  return EK_OK;
}
ek_status ek_min_f64(const double *x, size_t n, double *out) {
  if (ek_status s = checked(x, n, out)) return s;
  if (n == 0) return EK_ERR_ARG;
  *out = ek::min(x, n);
  return EK_OK;
}
ek_status ek_max_f32(const float *x, size_t n, float *out) {
  if (ek_status s = checked(x, n, out)) return s;
  if (n == 0) return EK_ERR_ARG;
  *out = ek::max(x, n);
  return EK_OK;
}
ek_status ek_max_f64(const double *x, size_t n, double *out) {
  if (ek_status s = checked(x, n, out)) return s;
  if (n == 0) return EK_ERR_ARG;
  *out = ek::max(x, n);
  return EK_OK;
}
ek_status ek_mean_f32(const float *x, size_t n, float *out) {
  if (ek_status s = checked(x, n, out)) return s;
  if (n == 0) return EK_ERR_ARG;
  *out = ek::mean(x, n);
  return EK_OK;
}
ek_status ek_mean_f64(const double *x, size_t n, double *out) {
  if (ek_status s = checked(x, n, out)) return s;
  if (n == 0) return EK_ERR_ARG;
  *out = ek::mean(x, n);
  return EK_OK;
}
ek_status ek_variance_f32(const float *x, size_t n, unsigned ddof, float *out) {
  if (ek_status s = checked(x, n, out)) return s;
  if (n <= ddof) return EK_ERR_ARG;
  *out = ek::variance(x, n, ddof);
  return EK_OK;
}
ek_status ek_variance_f64(const double *x, size_t n, unsigned ddof, double *out) {
  if (ek_status s = checked(x, n, out)) return s;
  if (n <= ddof) return EK_ERR_ARG;
  *out = ek::variance(x, n, ddof);
  return EK_OK;
}

}  // extern "C"
