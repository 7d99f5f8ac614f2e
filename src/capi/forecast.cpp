// C ABI: forecast. Validation and conversion only; the C++ objects in
// include/edgekernels/forecast/forecast.hpp define the results.
#include <cmath>

#include "capi/handle.hpp"
#include "edgekernels/edgekernels.h"
#include "edgekernels/forecast/forecast.hpp"

struct ek_trend {
  ek::linear_trend obj;
  const ek_allocator *alloc;
};
struct ek_holtwinters {
  ek::holt_winters obj;
  const ek_allocator *alloc;
};

extern "C" {

ek_status ek_t_quantile(double p, double dof, double *out) {
  if (!out) return EK_ERR_NULL;
  if (!(p >= 0 && p <= 1) || !(dof > 0) || std::isinf(dof)) return EK_ERR_ARG;
  *out = ek::t_quantile(p, dof);
  return EK_OK;
}

ek_status ek_t_cdf(double t, double dof, double *out) {
  if (!out) return EK_ERR_NULL;
  if (std::isnan(t) || !(dof > 0) || std::isinf(dof)) return EK_ERR_ARG;
  *out = ek::t_cdf(t, dof);
  return EK_OK;
}

// ---- linear trend

ek_status ek_trend_config_init(ek_trend_config *c) {
  if (!c) return EK_ERR_NULL;
  const ek::linear_trend_config d;
  c->window = d.window;
  c->level = d.level;
  return EK_OK;
}

ek_status ek_trend_new(const ek_trend_config *c, const ek_allocator *a, ek_trend **out) {
  if (!c || !out) return EK_ERR_NULL;
  *out = nullptr;
  ek::linear_trend_config cfg;
  cfg.window = c->window;
  cfg.level = c->level;
  return ek::capi::make_handle(cfg, a, out);
}

ek_status ek_trend_push(ek_trend *t, double y, int *accepted) {
  if (!t) return EK_ERR_NULL;
  const bool ok = t->obj.push(y) == EK_OK;
  if (accepted) *accepted = ok ? 1 : 0;
  return EK_OK;
}

ek_status ek_trend_get(const ek_trend *t, double horizon, ek_trend_result *out) {
  if (!t || !out) return EK_ERR_NULL;
  if (!std::isfinite(horizon)) return EK_ERR_ARG;
  const ek::linear_trend &o = t->obj;
  ek_trend_result r;
  r.full = o.full() ? 1 : 0;
  r.slope = o.slope();
  r.intercept = o.intercept();
  r.forecast = o.forecast(horizon);
  o.interval(horizon, &r.lo, &r.hi);
  r.residual_std = o.residual_std();
  *out = r;
  return EK_OK;
}

ek_status ek_trend_counts(const ek_trend *t, uint64_t *accepted, uint64_t *rejected) {
  if (!t) return EK_ERR_NULL;
  return ek::capi::counts(t->obj.count(), t->obj.rejected(), accepted, rejected);
}

ek_status ek_trend_reset(ek_trend *t) {
  if (!t) return EK_ERR_NULL;
  t->obj.clear();
  return EK_OK;
}

void ek_trend_free(ek_trend *t) { ek::capi::free_handle(t); }

// ---- polyfit

ek_status ek_polyfit(const double *x, const double *y, size_t n, unsigned degree, double *coef_out,
                     double *residual_std) {
  if (!y || !coef_out) return EK_ERR_NULL;
  ek::polyfit_result f;
  const ek_status st = ek::polyfit(x, y, n, degree, &f);
  if (st != EK_OK) return st;
  for (unsigned j = 0; j <= degree; ++j) coef_out[j] = f.coef[j];
  if (residual_std) *residual_std = f.residual_std;
  return EK_OK;
}

ek_status ek_polyfit_predict(const double *x, const double *y, size_t n, unsigned degree,
                             double x0, double level, double *yhat, double *lo, double *hi) {
  if (!y || !yhat) return EK_ERR_NULL;
  if (!std::isfinite(x0) || !(level > 0 && level < 1)) return EK_ERR_ARG;
  ek::polyfit_result f;
  const ek_status st = ek::polyfit(x, y, n, degree, &f);
  if (st != EK_OK) return st;
  *yhat = f.predict(x0);
  f.interval(x0, level, lo, hi);
  return EK_OK;
}

// ---- Holt-Winters

ek_status ek_holtwinters_config_init(ek_holtwinters_config *c) {
  if (!c) return EK_ERR_NULL;
  const ek::holt_winters_config d;
  c->alpha = d.alpha, c->beta = d.beta, c->gamma = d.gamma;
  c->period = d.period;
  c->trend = d.trend ? 1 : 0;
  c->seasonal = d.seasonal ? 1 : 0;
  return EK_OK;
}

ek_status ek_holtwinters_new(const ek_holtwinters_config *c, const ek_allocator *a,
                             ek_holtwinters **out) {
  if (!c || !out) return EK_ERR_NULL;
  *out = nullptr;
  ek::holt_winters_config cfg;
  cfg.alpha = c->alpha, cfg.beta = c->beta, cfg.gamma = c->gamma;
  cfg.period = c->period;
  cfg.trend = c->trend != 0;
  cfg.seasonal = c->seasonal != 0;
  return ek::capi::make_handle(cfg, a, out);
}

ek_status ek_holtwinters_push(ek_holtwinters *h, double x, size_t *ready) {
  if (!h) return EK_ERR_NULL;
  size_t n = 0;
  (void)h->obj.push(x, &n);  // EK_ERR_ARG only for NaN/Inf: rejected and counted
  if (ready) *ready = n;
  return EK_OK;
}

ek_status ek_holtwinters_get_row(const ek_holtwinters *h, size_t k, ek_holtwinters_row *out) {
  if (!h || !out) return EK_ERR_NULL;
  if (k >= h->obj.ready()) return EK_ERR_ARG;
  const ek::holt_winters_row &r = h->obj.row(k);
  ek_holtwinters_row o;
  o.index = r.index;
  o.value = r.value;
  o.has_fit = r.has_fit ? 1 : 0;
  o.fitted = r.fitted, o.level = r.level, o.trend = r.trend, o.season = r.season;
  *out = o;
  return EK_OK;
}

ek_status ek_holtwinters_max_held(const ek_holtwinters *h, size_t *out) {
  if (!h || !out) return EK_ERR_NULL;
  *out = h->obj.max_held();
  return EK_OK;
}

ek_status ek_holtwinters_forecast(const ek_holtwinters *h, size_t steps, double *out) {
  if (!h || !out) return EK_ERR_NULL;
  if (steps == 0 || !h->obj.started()) return EK_ERR_ARG;
  *out = h->obj.forecast(steps);
  return EK_OK;
}

ek_status ek_holtwinters_state(const ek_holtwinters *h, double *a, double *b, double *s,
                               double *sse) {
  if (!h) return EK_ERR_NULL;
  const ek::holt_winters &o = h->obj;
  if (!o.started()) return EK_ERR_ARG;
  if (a) *a = o.a();
  if (b) *b = o.b();
  if (s && o.config().seasonal)
    for (size_t j = 0; j < o.config().period; ++j) s[j] = o.s(j);
  if (sse) *sse = o.sse();
  return EK_OK;
}

ek_status ek_holtwinters_counts(const ek_holtwinters *h, uint64_t *accepted, uint64_t *rejected) {
  if (!h) return EK_ERR_NULL;
  return ek::capi::counts(h->obj.count(), h->obj.rejected(), accepted, rejected);
}

ek_status ek_holtwinters_reset(ek_holtwinters *h) {
  if (!h) return EK_ERR_NULL;
  h->obj.clear();
  return EK_OK;
}

void ek_holtwinters_free(ek_holtwinters *h) { ek::capi::free_handle(h); }

}  // extern "C"
