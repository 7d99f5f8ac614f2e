// C ABI: window. Validation only; ek::keyed_window defines the results.
#include "capi/handle.hpp"
#include "edgekernels/edgekernels.h"
#include "edgekernels/window/window.hpp"

struct ek_window {
  ek::keyed_window obj;
  const ek_allocator *alloc;
};

namespace {

// Field by field: the C struct's ints become the C++ enums only after a range check.
ek_status to_cpp(const ek_window_config &c, ek::window_config &o) {
  if (c.kind < EK_WINDOW_COUNT || c.kind > EK_WINDOW_HOPPING) return EK_ERR_ARG;
  if (c.key_type != EK_WINDOW_KEY_BYTES && c.key_type != EK_WINDOW_KEY_U64) return EK_ERR_ARG;
  o.kind = static_cast<ek_window_kind>(c.kind);
  o.key_type = static_cast<ek_window_key_type>(c.key_type);
  o.aggregates = c.aggregates;
  o.size = c.size;
  o.hop = c.hop;
  o.origin = c.origin;
  o.lateness = c.lateness;
  o.max_events = c.max_events;
  o.max_keys = c.max_keys;
  o.max_key_len = c.max_key_len;
  o.max_pending_events = c.max_pending_events;
  return EK_OK;
}

// Chunks through a local status buffer, so that the first failure is known without one.
template <class F>
ek_status batch(std::size_t n, ek_status *status, F push) {
  ek_status first = EK_OK, local[256];
  for (std::size_t i = 0; i < n; i += 256) {
    const std::size_t c = n - i < 256 ? n - i : 256;
    ek_status *st = status ? status + i : local;
    push(i, c, st);
    for (std::size_t j = 0; j < c && first == EK_OK; ++j) first = st[j];
  }
  return first;
}

}  // namespace

extern "C" {

ek_status ek_window_config_init(ek_window_config *cfg) {
  if (!cfg) return EK_ERR_NULL;
  const ek::window_config d{};
  cfg->kind = d.kind;
  cfg->key_type = d.key_type;
  cfg->aggregates = d.aggregates;
  cfg->size = d.size;
  cfg->hop = d.hop;
  cfg->origin = d.origin;
  cfg->lateness = d.lateness;
  cfg->max_events = d.max_events;
  cfg->max_keys = d.max_keys;
  cfg->max_key_len = d.max_key_len;
  cfg->max_pending_events = d.max_pending_events;
  return EK_OK;
}

ek_status ek_window_new(const ek_window_config *cfg, const ek_allocator *alloc, ek_window **out) {
  if (!out) return EK_ERR_NULL;
  *out = nullptr;
  if (!cfg) return EK_ERR_NULL;
  ek::window_config c;
  ek_status st = to_cpp(*cfg, c);
  if (st != EK_OK) return st;
  std::size_t per_key;
  if ((st = ek::keyed_window::bytes_per_key(c, &per_key)) != EK_OK) return st;
  return ek::capi::make_handle(c, alloc, out);
}

ek_status ek_window_push(ek_window *w, const void *key, size_t key_len, int64_t ts, double value) {
  if (!w || (!key && key_len)) return EK_ERR_NULL;
  return w->obj.push(key, key_len, ts, value);
}

ek_status ek_window_push_u64(ek_window *w, uint64_t key, int64_t ts, double value) {
  if (!w) return EK_ERR_NULL;
  return w->obj.push(key, ts, value);
}

ek_status ek_window_push_batch(ek_window *w, const void *const *keys, const size_t *key_lens,
                               const int64_t *ts, const double *values, size_t n,
                               ek_status *status) {
  if (!w || (n && (!keys || !key_lens || !values))) return EK_ERR_NULL;
  if (w->obj.config().key_type != EK_WINDOW_KEY_BYTES) return EK_ERR_ARG;
  return batch(n, status, [&](std::size_t i, std::size_t c, ek_status *st) {
    w->obj.push_batch(keys + i, key_lens + i, ts ? ts + i : nullptr, values + i, c, st);
  });
}

ek_status ek_window_push_batch_u64(ek_window *w, const uint64_t *keys, const int64_t *ts,
                                   const double *values, size_t n, ek_status *status) {
  if (!w || (n && (!keys || !values))) return EK_ERR_NULL;
  if (w->obj.config().key_type != EK_WINDOW_KEY_U64) return EK_ERR_ARG;
  return batch(n, status, [&](std::size_t i, std::size_t c, ek_status *st) {
    w->obj.push_batch(keys + i, ts ? ts + i : nullptr, values + i, c, st);
  });
}

ek_status ek_window_get(const ek_window *w, const void *key, size_t key_len, ek_window_agg *out) {
  if (!w || !out || (!key && key_len)) return EK_ERR_NULL;
  if (w->obj.config().key_type != EK_WINDOW_KEY_BYTES) return EK_ERR_ARG;
  if (key_len > w->obj.config().max_key_len) return EK_ERR_LIMIT;
  w->obj.get(key, key_len, *out);
  return EK_OK;
}

ek_status ek_window_get_u64(const ek_window *w, uint64_t key, ek_window_agg *out) {
  if (!w || !out) return EK_ERR_NULL;
  if (w->obj.config().key_type != EK_WINDOW_KEY_U64) return EK_ERR_ARG;
  w->obj.get(key, *out);
  return EK_OK;
}

ek_status ek_window_poll(ek_window *w, ek_window_event *ev) {
  if (!w || !ev) return EK_ERR_NULL;
  return w->obj.poll(*ev) ? EK_OK : EK_ERR_LIMIT;
}

ek_status ek_window_flush(ek_window *w) {
  if (!w) return EK_ERR_NULL;
  w->obj.flush();
  return EK_OK;
}

ek_status ek_window_stats(const ek_window *w, ek_window_counters *out) {
  if (!w || !out) return EK_ERR_NULL;
  *out = w->obj.stats();
  return EK_OK;
}

ek_status ek_window_bytes_per_key(const ek_window_config *cfg, size_t *out) {
  if (!cfg || !out) return EK_ERR_NULL;
  ek::window_config c;
  const ek_status st = to_cpp(*cfg, c);
  if (st != EK_OK) return st;
  return ek::keyed_window::bytes_per_key(c, out);
}

void ek_window_free(ek_window *w) { ek::capi::free_handle(w); }

}  // extern "C"
