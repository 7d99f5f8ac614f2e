// C ABI: stats / anomaly detection. Validation and conversion only; the C++ objects in
// include/edgekernels/stats/ define the results.
#include "capi/handle.hpp"
#include "edgekernels/edgekernels.h"
#include "edgekernels/stats/stats.hpp"

struct ek_ewma {
  ek::ewma obj;
  const ek_allocator *alloc;
};
struct ek_zscore {
  ek::zscore_detector obj;
  const ek_allocator *alloc;
};
struct ek_robust {
  ek::robust_detector obj;
  const ek_allocator *alloc;
};
struct ek_sensor {
  ek::sensor_processor obj;
  const ek_allocator *alloc;
};

namespace {

ek::zscore_config to_cpp(const ek_zscore_config &c) noexcept {
  ek::zscore_config r;
  r.window = c.window;
  r.warmup = c.warmup == EK_WARMUP_WINDOW ? ek::zscore_config::warmup_window : c.warmup;
  r.warn = c.warn;
  r.crit = c.crit;
  return r;
}
ek_zscore_config to_c(const ek::zscore_config &c) noexcept {
  ek_zscore_config r;
  r.window = c.window;
  r.warmup = c.warmup == ek::zscore_config::warmup_window ? EK_WARMUP_WINDOW : c.warmup;
  r.warn = c.warn;
  r.crit = c.crit;
  return r;
}
ek_zscore_result to_c(const ek::zscore_result &z) noexcept {
  return ek_zscore_result{z.mean, z.stddev, z.z, z.level, z.accepted ? 1 : 0};
}

// Creates a handle H around a C++ object initialised from `cfg`; on any failure *out = NULL
// and nothing is kept.
}  // namespace

extern "C" {

/* ---- Welford ---- */
ek_status ek_welford_init(ek_welford *w) {
  if (!w) return EK_ERR_NULL;
  *w = ek::welford{}.state();
  return EK_OK;
}
ek_status ek_welford_push(ek_welford *w, double x) {
  if (!w) return EK_ERR_NULL;
  ek::welford acc(*w);
  acc.push(x);
  *w = acc.state();
  return EK_OK;
}
ek_status ek_welford_push_n(ek_welford *w, const double *x, size_t n) {
  if (!w || (n && !x)) return EK_ERR_NULL;
  ek::welford acc(*w);
  acc.push(x, n);
  *w = acc.state();
  return EK_OK;
}
ek_status ek_welford_merge(ek_welford *into, const ek_welford *from) {
  if (!into || !from) return EK_ERR_NULL;
  ek::welford acc(*into);
  acc.merge(ek::welford(*from));
  *into = acc.state();
  return EK_OK;
}
ek_status ek_welford_mean(const ek_welford *w, double *out) {
  if (!w || !out) return EK_ERR_NULL;
  if (w->count == 0) return EK_ERR_ARG;
  *out = ek::welford(*w).mean();
  return EK_OK;
}
ek_status ek_welford_variance(const ek_welford *w, unsigned ddof, double *out) {
  if (!w || !out) return EK_ERR_NULL;
  if (w->count <= ddof) return EK_ERR_ARG;
  *out = ek::welford(*w).variance(ddof);
  return EK_OK;
}

/* ---- EWMA ---- */
ek_status ek_ewma_config_init(ek_ewma_config *c) {
  if (!c) return EK_ERR_NULL;
  const ek::ewma_config d;
  c->alpha = d.alpha;
  c->half_life = d.half_life;
  return EK_OK;
}
ek_status ek_ewma_new(const ek_ewma_config *c, const ek_allocator *a, ek_ewma **out) {
  if (!c || !out) return EK_ERR_NULL;
  ek::ewma_config cfg;
  cfg.alpha = c->alpha;
  cfg.half_life = c->half_life;
  return ek::capi::make_handle(cfg, a, out);
}
ek_status ek_ewma_push(ek_ewma *e, double x) {
  if (!e) return EK_ERR_NULL;
  e->obj.push(x);
  return EK_OK;
}
ek_status ek_ewma_get(const ek_ewma *e, double *mean, double *variance) {
  if (!e || !mean || !variance) return EK_ERR_NULL;
  if (e->obj.count() == 0) return EK_ERR_ARG;
  *mean = e->obj.mean();
  *variance = e->obj.variance();
  return EK_OK;
}
ek_status ek_ewma_counts(const ek_ewma *e, uint64_t *accepted, uint64_t *rejected) {
  if (!e) return EK_ERR_NULL;
  return ek::capi::counts(e->obj.accepted(), e->obj.rejected(), accepted, rejected);
}
ek_status ek_ewma_reset(ek_ewma *e) {
  if (!e) return EK_ERR_NULL;
  e->obj.reset();
  return EK_OK;
}
void ek_ewma_free(ek_ewma *e) { ek::capi::free_handle(e); }

/* ---- z-score ---- */
ek_status ek_zscore_config_init(ek_zscore_config *c) {
  if (!c) return EK_ERR_NULL;
  *c = to_c(ek::zscore_config{});
  return EK_OK;
}
ek_status ek_zscore_new(const ek_zscore_config *c, const ek_allocator *a, ek_zscore **out) {
  if (!c || !out) return EK_ERR_NULL;
  return ek::capi::make_handle(to_cpp(*c), a, out);
}
ek_status ek_zscore_push(ek_zscore *z, double x, ek_zscore_result *out) {
  if (!z || !out) return EK_ERR_NULL;
  *out = to_c(z->obj.push(x));
  return EK_OK;
}
ek_status ek_zscore_counts(const ek_zscore *z, uint64_t *accepted, uint64_t *rejected) {
  if (!z) return EK_ERR_NULL;
  return ek::capi::counts(z->obj.accepted(), z->obj.rejected(), accepted, rejected);
}
ek_status ek_zscore_reset(ek_zscore *z) {
  if (!z) return EK_ERR_NULL;
  z->obj.reset();
  return EK_OK;
}
void ek_zscore_free(ek_zscore *z) { ek::capi::free_handle(z); }

/* ---- robust ---- */
ek_status ek_robust_config_init(ek_robust_config *c) {
  if (!c) return EK_ERR_NULL;
  const ek::robust_config d;
  c->window = d.window;
  c->warmup = EK_WARMUP_WINDOW;
  c->warn = d.warn;
  c->crit = d.crit;
  c->scale = d.scale;
  return EK_OK;
}
ek_status ek_robust_new(const ek_robust_config *c, const ek_allocator *a, ek_robust **out) {
  if (!c || !out) return EK_ERR_NULL;
  ek::robust_config cfg;
  cfg.window = c->window;
  cfg.warmup = c->warmup == EK_WARMUP_WINDOW ? ek::robust_config::warmup_window : c->warmup;
  cfg.warn = c->warn;
  cfg.crit = c->crit;
  cfg.scale = c->scale;
  return ek::capi::make_handle(cfg, a, out);
}
ek_status ek_robust_push(ek_robust *r, double x, ek_robust_result *out) {
  if (!r || !out) return EK_ERR_NULL;
  const ek::robust_result v = r->obj.push(x);
  *out = ek_robust_result{v.median, v.mad, v.z, v.replacement, v.level, v.accepted ? 1 : 0};
  return EK_OK;
}
ek_status ek_robust_counts(const ek_robust *r, uint64_t *accepted, uint64_t *rejected) {
  if (!r) return EK_ERR_NULL;
  return ek::capi::counts(r->obj.accepted(), r->obj.rejected(), accepted, rejected);
}
ek_status ek_robust_reset(ek_robust *r) {
  if (!r) return EK_ERR_NULL;
  r->obj.reset();
  return EK_OK;
}
void ek_robust_free(ek_robust *r) { ek::capi::free_handle(r); }

/* ---- sensor ---- */
ek_status ek_sensor_config_init(ek_sensor_config *c) {
  if (!c) return EK_ERR_NULL;
  const ek::sensor_config d;
  for (int i = 0; i < EK_SENSOR_CHANNELS; ++i) {
    const ek::sensor_channel_config &s = d.channel[i];
    ek_sensor_channel_config &t = c->channel[i];
    t.enabled = s.enabled ? 1 : 0;
    t.warn_low = s.warn_low;
    t.warn_high = s.warn_high;
    t.crit_low = s.crit_low;
    t.crit_high = s.crit_high;
    t.zscore = to_c(s.zscore);
  }
  return EK_OK;
}
ek_status ek_sensor_new(const ek_sensor_config *c, const ek_allocator *a, ek_sensor **out) {
  if (!c || !out) return EK_ERR_NULL;
  ek::sensor_config cfg;
  for (int i = 0; i < EK_SENSOR_CHANNELS; ++i) {
    const ek_sensor_channel_config &s = c->channel[i];
    ek::sensor_channel_config &t = cfg.channel[i];
    t.enabled = s.enabled != 0;
    t.warn_low = s.warn_low;
    t.warn_high = s.warn_high;
    t.crit_low = s.crit_low;
    t.crit_high = s.crit_high;
    t.zscore = to_cpp(s.zscore);
  }
  return ek::capi::make_handle(cfg, a, out);
}
ek_status ek_sensor_push(ek_sensor *s, const ek_sensor_record *r, ek_sensor_result *out) {
  if (!s || !r || !out) return EK_ERR_NULL;
  const ek::sensor_record rec{r->timestamp, r->temperature, r->humidity,
                              r->pressure, r->light, r->motion};
  const ek::sensor_result v = s->obj.push(rec);
  out->timestamp = v.timestamp;
  out->level = v.level;
  for (int i = 0; i < EK_SENSOR_CHANNELS; ++i) {
    const ek::sensor_channel_result &cr = v.channel[i];
    out->channel[i] = ek_sensor_channel_result{cr.reported ? 1 : 0, cr.threshold_level,
                                               to_c(cr.zscore), cr.level};
  }
  return EK_OK;
}
ek_status ek_sensor_counts(const ek_sensor *s, int channel, uint64_t *accepted, uint64_t *rejected) {
  if (!s) return EK_ERR_NULL;
  if (channel < 0 || channel >= EK_SENSOR_CHANNELS) return EK_ERR_ARG;
  if (accepted) *accepted = s->obj.accepted(channel);
  if (rejected) *rejected = s->obj.rejected(channel);
  return EK_OK;
}
ek_status ek_sensor_reset(ek_sensor *s) {
  if (!s) return EK_ERR_NULL;
  s->obj.reset();
  return EK_OK;
}
void ek_sensor_free(ek_sensor *s) { ek::capi::free_handle(s); }

}  // extern "C"
