/* edgekernels — forecast: C ABI (included by edgekernels.h).
 *
 * The C++ objects in edgekernels/forecast/forecast.hpp define every result; these functions
 * validate their arguments and call them. Common rules:
 *   - Every pointer argument is required (EK_ERR_NULL) unless stated otherwise; nothing is
 *     written through an output pointer when a call fails.
 *   - NaN/Inf input values pushed into an object are not an error: they are rejected (never
 *     enter any state), counted, and the push returns EK_OK (*accepted = 0 where asked).
 *   - Objects take an optional allocator (NULL = malloc), allocate only in _new, and leak nothing
 *     when _new fails with EK_ERR_NOMEM (*out is then NULL). _free(NULL) is a no-op.
 *   - Thread safety: one object per thread; distinct objects are independent.
 */
#ifndef EDGEKERNELS_FORECAST_H
#define EDGEKERNELS_FORECAST_H

#include "../types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Student's t ----------------------------------------------------------------------------- */
/* p-quantile of Student's t with dof > 0 degrees of freedom (p in [0, 1]; 0 and 1 give -/+Inf).
 * EK_ERR_ARG for p outside [0, 1], dof <= 0 or infinite, or NaN. Accuracy in forecast.hpp. */
EK_API ek_status ek_t_quantile(double p, double dof, double *out);
/* P(T <= t). EK_ERR_ARG for NaN t, or dof as above. */
EK_API ek_status ek_t_cdf(double t, double dof, double *out);

/* ---- rolling least-squares line ----------------------------------------------------------------- */
/* OLS line through the last `window` values, x = 0..window-1 (newest at window-1); O(1) amortised
 * per push, no drift. Defaults: window 0 (must be set, >= 2), level 0.95 (in (0, 1)). */
typedef struct ek_trend_config {
  size_t window;
  double level;
} ek_trend_config;
typedef struct ek_trend_result {
  int full;            /* 0 until `window` values are in: then every double below is NaN */
  double slope;
  double intercept;    /* the line at x = 0, the oldest value (np.polyfit(range(N), y, 1)[1]) */
  double forecast;     /* the line `horizon` steps after the newest value (x = N-1+horizon) */
  double lo, hi;       /* prediction interval of forecast at the configured level (NaN for N = 2) */
  double residual_std; /* sqrt(RSS / (N-2)); NaN for N = 2 */
} ek_trend_result;
typedef struct ek_trend ek_trend;

EK_API ek_status ek_trend_config_init(ek_trend_config *c);
/* EK_ERR_ARG for window < 2 or level outside (0, 1). */
EK_API ek_status ek_trend_new(const ek_trend_config *c, const ek_allocator *a, ek_trend **out);
/* accepted may be NULL. */
EK_API ek_status ek_trend_push(ek_trend *t, double y, int *accepted);
/* horizon: any finite number of steps (EK_ERR_ARG otherwise). */
EK_API ek_status ek_trend_get(const ek_trend *t, double horizon, ek_trend_result *out);
/* Accepted and rejected values so far; either pointer may be NULL. */
EK_API ek_status ek_trend_counts(const ek_trend *t, uint64_t *accepted, uint64_t *rejected);
EK_API ek_status ek_trend_reset(ek_trend *t);
EK_API void ek_trend_free(ek_trend *t);

/* ---- polynomial least squares -------------------------------------------------------------- */
/* Fits a polynomial of `degree` (0..8) to (x[i], y[i]), or to (i, y[i]) when x is NULL, and
 * writes degree+1 coefficients to coef_out, highest power first (np.polyfit order).
 * residual_std (may be NULL): sqrt(RSS / (n - degree - 1)), NaN when n == degree + 1.
 * EK_ERR_ARG for degree > 8, n <= degree, NaN/Inf in x or y, or fewer than degree + 1
 * distinct x. Givens QR on x scaled to [-1, 1]; no allocation. */
EK_API ek_status ek_polyfit(const double *x, const double *y, size_t n, unsigned degree,
                            double *coef_out, double *residual_std);
/* The same fit, evaluated at x0, with the prediction interval for a new observation there at
 * confidence `level` in (0, 1): yhat -+ t * s * sqrt(1 + x0'(X'X)^-1 x0). lo and hi may be NULL;
 * they are NaN when n == degree + 1. */
EK_API ek_status ek_polyfit_predict(const double *x, const double *y, size_t n, unsigned degree,
                                    double x0, double level, double *yhat, double *lo, double *hi);

/* ---- Holt-Winters (additive), R's stats::HoltWinters start values ----------------------------- */
/* trend = 0 is R's beta = FALSE, seasonal = 0 is gamma = FALSE. Defaults: alpha 0.3, beta 0.1,
 * gamma 0.1, period 12, trend 1, seasonal 1. Valid: alpha, beta, gamma in [0, 1] (no NaN),
 * period >= 2 when seasonal. Semantics in edgekernels/forecast/forecast.hpp (ek::holt_winters). */
typedef struct ek_holtwinters_config {
  double alpha, beta, gamma;
  size_t period;
  int trend;
  int seasonal;
} ek_holtwinters_config;
/* One output row per accepted input value, in input order; on the start-up rows has_fit = 0 and
 * fitted/level/trend/season are 0. fitted = level + trend + season otherwise (R's fitted()). */
typedef struct ek_holtwinters_row {
  uint64_t index; /* 0-based among accepted values */
  double value;
  int has_fit;
  double fitted, level, trend, season;
} ek_holtwinters_row;
typedef struct ek_holtwinters ek_holtwinters;

EK_API ek_status ek_holtwinters_config_init(ek_holtwinters_config *c);
EK_API ek_status ek_holtwinters_new(const ek_holtwinters_config *c, const ek_allocator *a,
                                    ek_holtwinters **out);
/* *ready (may be NULL) = rows made ready by this push, to read with ek_holtwinters_get_row before
 * the next push: usually 1; 0 while a seasonal model buffers its rows P..2P-2; P when the 2P-th
 * value completes the start-up; 0 for a rejected NaN/Inf. At most ek_holtwinters_max_held rows. */
EK_API ek_status ek_holtwinters_push(ek_holtwinters *h, double x, size_t *ready);
/* k < ready: EK_ERR_ARG otherwise. */
EK_API ek_status ek_holtwinters_get_row(const ek_holtwinters *h, size_t k, ek_holtwinters_row *out);
EK_API ek_status ek_holtwinters_max_held(const ek_holtwinters *h, size_t *out);
/* predict(hw, steps): a + steps*b + s[(steps-1) mod P]; steps >= 1. EK_ERR_ARG for steps == 0
 * or before the start values are known (2P values for seasonal, 2 for Holt, 1 otherwise). */
EK_API ek_status ek_holtwinters_forecast(const ek_holtwinters *h, size_t steps, double *out);
/* R's coefficients and SSE: a, b (0 without trend), s[0..period) (seasonal models only; not
 * touched otherwise), sse. Any of a, b, s, sse may be NULL. EK_ERR_ARG before the start values
 * are known. */
EK_API ek_status ek_holtwinters_state(const ek_holtwinters *h, double *a, double *b, double *s,
                                      double *sse);
EK_API ek_status ek_holtwinters_counts(const ek_holtwinters *h, uint64_t *accepted,
                                       uint64_t *rejected);
EK_API ek_status ek_holtwinters_reset(ek_holtwinters *h);
EK_API void ek_holtwinters_free(ek_holtwinters *h);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* EDGEKERNELS_FORECAST_H */
