/* edgekernels — window: keyed sliding-window aggregation, C ABI (included by edgekernels.h).
 *
 * One ek_window aggregates a stream of (key, timestamp, value) events per key. The C++ API
 * (edgekernels/window/window.hpp: ek::keyed_window, and the single-window ek::count_window) is
 * the same object; every function here validates its arguments and calls it.
 *
 * Window kinds (ek_window_config.kind):
 *   EK_WINDOW_COUNT     the last `size` events of the key, in arrival order (timestamps are
 *                       stored nowhere and may be anything; no lateness, no watermark).
 *   EK_WINDOW_SLIDING   event time: a query covers the key's events with timestamp in
 *                       (wm - size, wm], wm = the key's watermark (its largest timestamp seen).
 *   EK_WINDOW_TUMBLING  event time: [origin + k*size, origin + (k+1)*size), emitted when closed.
 *   EK_WINDOW_HOPPING   event time: [origin + k*hop, origin + k*hop + size) for every integer k;
 *                       hop need not divide size (windows then hold a varying number of hops),
 *                       and hop > size leaves gaps whose events belong to no window.
 * Timestamps are int64 in the caller's units, within +-EK_WINDOW_TS_LIMIT (2^61: nanoseconds
 * since 1970 until the year 2043), and size, hop, lateness and |origin| are at most 2^60, so
 * that no window arithmetic can overflow.
 *
 * Watermark and lateness (event-time kinds): the watermark is PER KEY, the largest timestamp
 * that key has seen (keys never wait for each other; a quiet key keeps its windows open until
 * ek_window_flush). An event with ts < wm - lateness is late: rejected and counted. Any other
 * event is applied where it belongs, also out of order: sliding windows keep their events sorted
 * by timestamp; tumbling/hopping windows update every still-open window containing ts. A
 * tumbling/hopping window [start, end) closes when the key's watermark reaches end + lateness
 * (no accepted event can reach it any more) and is then queued as an event for ek_window_poll.
 * Windows that received no event are never emitted.
 *
 * Aggregates: count, sum, mean, min, max, variance (sample, ddof = 1; NaN when count < 2), first,
 * last. first/last are by event time for event-time kinds (equal timestamps: by arrival), by
 * arrival for count windows. An empty window has count 0, sum 0 and NaN for the rest.
 * NaN/Inf values and out-of-range timestamps are rejected and counted, never stored.
 *
 * Memory: bounded by configuration. At most max_keys keys; a new key beyond that evicts the
 * least recently pushed key, which is counted and queued as an EK_WINDOW_EVENT_EVICTED event
 * with its final aggregates (never silent). Sliding windows hold at most max_events events per
 * key: an event that does not fit is dropped and counted (overflow). Memory is allocated through
 * the caller's ek_allocator when a key slab, the hash table or the event queue grows, never in a
 * steady-state push. ek_window_stats reports bytes in use and bytes per key.
 *
 * Thread safety: one ek_window per thread; distinct windows are independent.
 */
#ifndef EDGEKERNELS_WINDOW_H
#define EDGEKERNELS_WINDOW_H

#include "../types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Aggregate selection (ek_window_config.aggregates): a window computes only what is asked for.
 * mean and variance imply the running sums; min/max each cost a monotonic deque. */
#define EK_AGG_COUNT    0x01u
#define EK_AGG_SUM      0x02u
#define EK_AGG_MEAN     0x04u
#define EK_AGG_MIN      0x08u
#define EK_AGG_MAX      0x10u
#define EK_AGG_VARIANCE 0x20u
#define EK_AGG_FIRST    0x40u
#define EK_AGG_LAST     0x80u
#define EK_AGG_ALL      0xffu

#define EK_WINDOW_TS_LIMIT (INT64_C(1) << 61)

typedef enum ek_window_kind {
  EK_WINDOW_COUNT = 0,
  EK_WINDOW_SLIDING = 1,
  EK_WINDOW_TUMBLING = 2,
  EK_WINDOW_HOPPING = 3
} ek_window_kind;

typedef enum ek_window_key_type {
  EK_WINDOW_KEY_BYTES = 0, /* ek_window_push / ek_window_get */
  EK_WINDOW_KEY_U64 = 1    /* ek_window_push_u64 / ek_window_get_u64 */
} ek_window_key_type;

/* Fill with ek_window_config_init, then change what you need. Defaults in brackets. */
typedef struct ek_window_config {
  int kind;                    /* ek_window_kind [EK_WINDOW_COUNT] */
  int key_type;                /* ek_window_key_type [EK_WINDOW_KEY_BYTES] */
  unsigned aggregates;         /* EK_AGG_* mask, not 0 [EK_AGG_ALL] */
  int64_t size;                /* count: N events (1..2^30); event time: length L (1..2^60) [16] */
  int64_t hop;                 /* hopping only: H (1..2^60) [0: must be set for hopping] */
  int64_t origin;              /* tumbling/hopping alignment, |origin| <= 2^60 [0] */
  int64_t lateness;            /* event time: allowed lateness, 0..2^60 [0] */
  uint32_t max_events;         /* sliding: events held per key, 1..2^24 [1024] */
  uint32_t max_keys;           /* keys held before LRU eviction, 1..2^31 [65536] */
  uint32_t max_key_len;        /* bytes keys: longest key, 1..65536 [64]; longer: EK_ERR_LIMIT */
  uint32_t max_pending_events; /* queued, unpolled events; beyond: dropped, counted [65536] */
} ek_window_config;

typedef struct ek_window_agg {
  uint64_t count;
  double sum, mean, min, max, variance, first, last;
} ek_window_agg;

typedef enum ek_window_event_kind {
  EK_WINDOW_EVENT_CLOSED = 1, /* a tumbling/hopping window closed (or was flushed / evicted) */
  EK_WINDOW_EVENT_EVICTED = 2 /* a key was evicted (LRU); agg = its window at eviction */
} ek_window_event_kind;

/* key points into the window's own buffer and stays valid until the next ek_window_poll or
 * ek_window_free on that window. key_len is 0 and key NULL for uint64 keys (see key_u64).
 * CLOSED: [start, end) and its aggregates. EVICTED, count/sliding: the key's window at eviction
 * (sliding: (start, end] = (wm - size, wm]; count: start = end = 0). EVICTED, tumbling/hopping:
 * the key's still-open windows are first emitted as CLOSED events with `evicted` = 1, then one
 * EVICTED event with an empty agg. */
typedef struct ek_window_event {
  int kind; /* ek_window_event_kind */
  int evicted;
  const void *key;
  size_t key_len;
  uint64_t key_u64;
  int64_t start, end;
  ek_window_agg agg;
} ek_window_event;

typedef struct ek_window_counters {
  uint64_t keys;           /* keys held now */
  uint64_t evictions;      /* keys evicted by the max_keys bound */
  uint64_t rejected;       /* NaN/Inf values or timestamps beyond +-EK_WINDOW_TS_LIMIT */
  uint64_t late;           /* events older than watermark - lateness */
  uint64_t overflow;       /* sliding events dropped by the max_events bound */
  uint64_t events_dropped; /* closed-window/eviction events lost to max_pending_events */
  uint64_t events_pending; /* queued for ek_window_poll */
  uint64_t bytes;          /* bytes allocated now */
  uint64_t bytes_per_key;  /* key slot size for this configuration (excluding hash table) */
} ek_window_counters;

typedef struct ek_window ek_window;

/* Defaults as documented above. cfg == NULL: EK_ERR_NULL. */
EK_API ek_status ek_window_config_init(ek_window_config *cfg);
/* Validates cfg (EK_ERR_ARG for anything out of range; EK_ERR_LIMIT when the open
 * tumbling/hopping windows per key, (size + lateness) / hop + 1, exceed 65536), allocates the
 * fixed parts and stores the handle in *out (NULL on failure). alloc may be NULL (malloc). */
EK_API ek_status ek_window_new(const ek_window_config *cfg, const ek_allocator *alloc,
                               ek_window **out);
/* Pushes one event. Returns EK_OK when it was applied; otherwise the event changed nothing
 * (but may have been counted): EK_ERR_ARG value NaN/Inf or ts out of range (counted rejected),
 * or the window has uint64 keys; EK_ERR_LIMIT key_len > max_key_len (not counted), late
 * (counted late) or sliding overflow (counted overflow); EK_ERR_NOMEM a new key's slab could not
 * be allocated. key may be NULL only when key_len == 0 (the empty key is a valid key). */
EK_API ek_status ek_window_push(ek_window *w, const void *key, size_t key_len, int64_t ts,
                                double value);
EK_API ek_status ek_window_push_u64(ek_window *w, uint64_t key, int64_t ts, double value);
/* n events in order, with exactly the effect of n ek_window_push / ek_window_push_u64 calls,
 * but with the memory accesses of upcoming events overlapped (with 100 000 keys about twice as
 * many events per second). ts may be NULL (all 0, for count windows); status may be NULL, else
 * it receives n statuses. Returns EK_OK when every event was applied, else the status of the
 * first event that was not (later events are still pushed). keys/key_lens/values may be NULL
 * only when n == 0. */
EK_API ek_status ek_window_push_batch(ek_window *w, const void *const *keys, const size_t *key_lens,
                                      const int64_t *ts, const double *values, size_t n,
                                      ek_status *status);
EK_API ek_status ek_window_push_batch_u64(ek_window *w, const uint64_t *keys, const int64_t *ts,
                                          const double *values, size_t n, ek_status *status);
/* The key's current aggregates: count window: its last `size` events; sliding: (wm - size, wm];
 * tumbling/hopping: the open window with the latest start <= wm (the current bucket). An unknown
 * key gives EK_OK and an empty agg. Does not count as a use for LRU. */
EK_API ek_status ek_window_get(const ek_window *w, const void *key, size_t key_len,
                               ek_window_agg *out);
EK_API ek_status ek_window_get_u64(const ek_window *w, uint64_t key, ek_window_agg *out);
/* Takes the oldest queued event into *ev: EK_OK, or EK_ERR_LIMIT when none is queued (ev then
 * untouched). Closed windows of one key come out in start order. */
EK_API ek_status ek_window_poll(ek_window *w, ek_window_event *ev);
/* End of stream: closes every open tumbling/hopping window of every key (queued as CLOSED
 * events) and starts every key afresh, watermark included: events pushed after a flush begin a
 * new stream, so a timestamp older than the old watermark is accepted again. No-op for
 * count/sliding windows. */
EK_API ek_status ek_window_flush(ek_window *w);
EK_API ek_status ek_window_stats(const ek_window *w, ek_window_counters *out);
/* Memory one key costs under cfg (slot bytes), without creating a window. */
EK_API ek_status ek_window_bytes_per_key(const ek_window_config *cfg, size_t *out);
/* w may be NULL. */
EK_API void ek_window_free(ek_window *w);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* EDGEKERNELS_WINDOW_H */
