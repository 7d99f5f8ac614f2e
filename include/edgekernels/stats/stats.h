/* edgekernels — stats / anomaly detection: C ABI (included by edgekernels.h).
 *
 * The C++ classes in edgekernels/stats/ define every result; these functions validate their
 * arguments and call them. Common rules:
 *   - Every pointer argument is required (EK_ERR_NULL) unless stated otherwise; nothing is
 *     written through an output pointer when a call fails.
 *   - NaN/Inf input values are not an error: they are rejected (never enter any state), counted,
 *     and the call returns EK_OK (results say accepted = 0).
 *   - Objects with a handle take an optional allocator (NULL = malloc), allocate only in _new,
 *     and leak nothing when _new fails with EK_ERR_NOMEM (*out is then set to NULL).
 *     _free(NULL) is a no-op.
 *   - Thread safety: one object per thread; distinct objects are independent.
 */
#ifndef EDGEKERNELS_STATS_H
#define EDGEKERNELS_STATS_H

#include "../types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Welford: streaming mean/variance, a plain struct you own ------------------------------ */
/* The fields are readable (count, rejected, min, max; mean is mean + mean_err) but only the
 * functions below may change them. Empty: count 0, min +Inf, max -Inf. */
typedef struct ek_welford {
  uint64_t count;    /* accepted values */
  uint64_t rejected; /* NaN/Inf values seen and ignored */
  double mean, mean_err, m2, min, max;
} ek_welford;

EK_API ek_status ek_welford_init(ek_welford *w);
EK_API ek_status ek_welford_push(ek_welford *w, double x);
/* Pushes x[0..n); x may be NULL when n == 0. */
EK_API ek_status ek_welford_push_n(ek_welford *w, const double *x, size_t n);
/* *into = everything both have seen, rejected counts included (Chan et al.'s pairwise update,
 * ek::merge). from may equal into. */
EK_API ek_status ek_welford_merge(ek_welford *into, const ek_welford *from);
/* count == 0: EK_ERR_ARG. */
EK_API ek_status ek_welford_mean(const ek_welford *w, double *out);
/* m2 / (count - ddof); count <= ddof: EK_ERR_ARG. */
EK_API ek_status ek_welford_variance(const ek_welford *w, unsigned ddof, double *out);

/* ---- EWMA mean/variance --------------------------------------------------------------------- */
/* alpha in (0, 1], or half_life > 0 (values) which overrides alpha: alpha = 1 - 2^(-1/half_life).
 * Defaults: alpha 0.1, half_life 0 (unused). See edgekernels/stats/ewma.hpp for the update. */
typedef struct ek_ewma_config {
  double alpha;
  double half_life;
} ek_ewma_config;
typedef struct ek_ewma ek_ewma;

EK_API ek_status ek_ewma_config_init(ek_ewma_config *c);
EK_API ek_status ek_ewma_new(const ek_ewma_config *c, const ek_allocator *a, ek_ewma **out);
EK_API ek_status ek_ewma_push(ek_ewma *e, double x);
/* Mean and (biased, exponentially weighted) variance; EK_ERR_ARG before any accepted value. */
EK_API ek_status ek_ewma_get(const ek_ewma *e, double *mean, double *variance);
/* Accepted and rejected values so far; either pointer may be NULL. */
EK_API ek_status ek_ewma_counts(const ek_ewma *e, uint64_t *accepted, uint64_t *rejected);
EK_API ek_status ek_ewma_reset(ek_ewma *e);
EK_API void ek_ewma_free(ek_ewma *e);

/* ---- rolling z-score detector ---------------------------------------------------------------- */
/* Exact semantics in edgekernels/stats/zscore.hpp: mean and sample stddev of the previous
 * `window` accepted values, z = 0 during warmup or when stddev == 0, level 0/1/2 by warn/crit.
 * Defaults: window 30, warmup EK_WARMUP_WINDOW (= window), warn 2, crit 3.
 * Valid: window >= 1, 0 <= warn <= crit (no NaN; +Inf disables a level), any warmup. */
#define EK_WARMUP_WINDOW ((size_t)-1)
typedef struct ek_zscore_config {
  size_t window;
  size_t warmup;
  double warn, crit;
} ek_zscore_config;
typedef struct ek_zscore_result {
  double mean, stddev, z;
  int level;    /* 0 normal, 1 warning, 2 critical */
  int accepted; /* 0: the value was NaN/Inf and was ignored */
} ek_zscore_result;
typedef struct ek_zscore ek_zscore;

EK_API ek_status ek_zscore_config_init(ek_zscore_config *c);
EK_API ek_status ek_zscore_new(const ek_zscore_config *c, const ek_allocator *a, ek_zscore **out);
EK_API ek_status ek_zscore_push(ek_zscore *z, double x, ek_zscore_result *out);
EK_API ek_status ek_zscore_counts(const ek_zscore *z, uint64_t *accepted, uint64_t *rejected);
EK_API ek_status ek_zscore_reset(ek_zscore *z);
EK_API void ek_zscore_free(ek_zscore *z);

/* ---- robust detector: rolling median/MAD, Hampel identifier ---------------------------------- */
/* Exact semantics in edgekernels/stats/robust.hpp: median and raw MAD of the previous `window`
 * accepted values, z = (x - median) / (scale * MAD), z = 0 during warmup or when MAD == 0,
 * replacement = median when |z| >= crit else x. Defaults: window 31, warmup EK_WARMUP_WINDOW,
 * warn 2, crit 3, scale 1.4826. Valid: window >= 1, 0 <= warn <= crit, scale finite > 0. */
typedef struct ek_robust_config {
  size_t window;
  size_t warmup;
  double warn, crit, scale;
} ek_robust_config;
typedef struct ek_robust_result {
  double median, mad, z, replacement;
  int level;
  int accepted;
} ek_robust_result;
typedef struct ek_robust ek_robust;

EK_API ek_status ek_robust_config_init(ek_robust_config *c);
EK_API ek_status ek_robust_new(const ek_robust_config *c, const ek_allocator *a, ek_robust **out);
EK_API ek_status ek_robust_push(ek_robust *r, double x, ek_robust_result *out);
EK_API ek_status ek_robust_counts(const ek_robust *r, uint64_t *accepted, uint64_t *rejected);
EK_API ek_status ek_robust_reset(ek_robust *r);
EK_API void ek_robust_free(ek_robust *r);

/* ---- multi-channel sensor records ------------------------------------------------------------ */
/* Channels in record order; defaults and semantics in edgekernels/stats/sensor.hpp
 * (temperature: warning < 0 or > 40 deg C, critical < -10 or > 50; a NaN reading = not reported). */
#define EK_SENSOR_TEMPERATURE 0
#define EK_SENSOR_HUMIDITY 1
#define EK_SENSOR_PRESSURE 2
#define EK_SENSOR_LIGHT 3
#define EK_SENSOR_MOTION 4
#define EK_SENSOR_CHANNELS 5
typedef struct ek_sensor_record {
  double timestamp, temperature, humidity, pressure, light, motion;
} ek_sensor_record;
typedef struct ek_sensor_channel_config {
  int enabled;
  double warn_low, warn_high, crit_low, crit_high; /* +-INFINITY disables a limit */
  ek_zscore_config zscore;
} ek_sensor_channel_config;
typedef struct ek_sensor_config {
  ek_sensor_channel_config channel[EK_SENSOR_CHANNELS];
} ek_sensor_config;
typedef struct ek_sensor_channel_result {
  int reported;        /* enabled and the reading was finite */
  int threshold_level; /* from the fixed limits */
  ek_zscore_result zscore;
  int level;           /* max(threshold_level, zscore.level) */
} ek_sensor_channel_result;
typedef struct ek_sensor_result {
  double timestamp;
  ek_sensor_channel_result channel[EK_SENSOR_CHANNELS];
  int level; /* max over channels */
} ek_sensor_result;
typedef struct ek_sensor ek_sensor;

EK_API ek_status ek_sensor_config_init(ek_sensor_config *c);
/* EK_ERR_ARG unless every enabled channel has crit_low <= warn_low <= warn_high <= crit_high
 * (no NaN) and a valid z-score config. */
EK_API ek_status ek_sensor_new(const ek_sensor_config *c, const ek_allocator *a, ek_sensor **out);
EK_API ek_status ek_sensor_push(ek_sensor *s, const ek_sensor_record *r, ek_sensor_result *out);
/* Accepted/rejected readings of one channel (0..EK_SENSOR_CHANNELS-1, else EK_ERR_ARG); either
 * count pointer may be NULL. */
EK_API ek_status ek_sensor_counts(const ek_sensor *s, int channel, uint64_t *accepted,
                                  uint64_t *rejected);
EK_API ek_status ek_sensor_reset(ek_sensor *s);
EK_API void ek_sensor_free(ek_sensor *s);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* EDGEKERNELS_STATS_H */
