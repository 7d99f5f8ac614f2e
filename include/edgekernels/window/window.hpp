// edgekernels — window: keyed sliding-window aggregation (C++ API).
//
// ek::keyed_window aggregates (key, timestamp, value) events per key over count-based, sliding,
// tumbling or hopping windows. The semantics (kinds, per-key watermark, lateness, aggregates,
// eviction and overflow reporting, event lifetime) are those documented in window.h, which this
// header includes; ek::window_config mirrors ek_window_config with the same defaults.
//
// Cost per push: a hash of the key (uint64: a multiply-xorshift; bytes: 8 bytes per step), one
// probe sequence in an open-addressing table kept at most half full, an O(1) move to the front
// of the intrusive LRU list, then
//   count:    O(1) amortised (detail::count_push, as ek::count_window);
//   sliding:  O(1) amortised in order; an out-of-order event costs the number of newer events
//             it is inserted behind;
//   tumbling: O(1); hopping: O(size / hop) (one update per window containing the event).
// Per-key memory is one fixed-size, cache-line aligned slot (bytes_per_key(): 256 bytes for a
// count window of 16 with uint64 keys and every aggregate) plus 8 bytes of LRU links, taken from
// slabs of about 256 KiB (1 to 1024 slots) allocated as keys arrive; the hash table (8 bytes an
// entry, at most half full) doubles as keys arrive. Nothing is allocated for a key that exists.
// The event queue grows on demand up to max_pending_events. With 100 000 keys a push is mostly
// cache misses: push_batch overlaps them (see bench_window for measured rates).
//
// Thread safety: one object per thread; distinct objects are independent.
#ifndef EDGEKERNELS_WINDOW_WINDOW_HPP
#define EDGEKERNELS_WINDOW_WINDOW_HPP

#include <cstddef>
#include <cstdint>

#include "edgekernels/detail/memory.hpp"
#include "edgekernels/types.h"
#include "edgekernels/window/count_window.hpp"
#include "edgekernels/window/window.h"

namespace ek {

// See ek_window_config in window.h for every field's meaning and range.
struct window_config {
  ek_window_kind kind = EK_WINDOW_COUNT;
  ek_window_key_type key_type = EK_WINDOW_KEY_BYTES;
  unsigned aggregates = EK_AGG_ALL;
  std::int64_t size = 16;
  std::int64_t hop = 0;
  std::int64_t origin = 0;
  std::int64_t lateness = 0;
  std::uint32_t max_events = 1024;
  std::uint32_t max_keys = 65536;
  std::uint32_t max_key_len = 64;
  std::uint32_t max_pending_events = 65536;
};

class keyed_window {
 public:
  keyed_window() noexcept = default;
  keyed_window(const keyed_window &) = delete;
  keyed_window &operator=(const keyed_window &) = delete;
  ~keyed_window() { reset(); }

  // EK_ERR_ARG / EK_ERR_LIMIT for a bad configuration (see ek_window_new), EK_ERR_NOMEM.
  // May be called again to start over with another configuration.
  ek_status init(const window_config &cfg, const ek_allocator *alloc = nullptr) noexcept;

  // Push one event (return values as ek_window_push). When `out` is given and the event was
  // applied, the key's aggregates after the push are stored there (as get(), without a second
  // lookup). bytes keys: key may be nullptr only when len == 0.
  ek_status push(const void *key, std::size_t len, std::int64_t ts, double value,
                 ek_window_agg *out = nullptr) noexcept;
  ek_status push(std::uint64_t key, std::int64_t ts, double value,
                 ek_window_agg *out = nullptr) noexcept;

  // n events in order, with exactly the results, events and counters of n push() calls, but
  // faster with many keys: the memory accesses of up to 16 upcoming events are prefetched while
  // one is applied (with 100 000 keys a push is mostly cache misses). ts may be nullptr (all 0,
  // for count windows). status and out may be nullptr, else they receive n entries (out[i] only
  // where status[i] == EK_OK). Returns the number of events applied. Wrong key type or a null
  // keys/lens/values: nothing applied, every status EK_ERR_ARG. Bytes keys: keys[i] may be
  // nullptr only when lens[i] == 0 (else that event's status is EK_ERR_NULL).
  std::size_t push_batch(const std::uint64_t *keys, const std::int64_t *ts, const double *values,
                         std::size_t n, ek_status *status = nullptr,
                         ek_window_agg *out = nullptr) noexcept;
  std::size_t push_batch(const void *const *keys, const std::size_t *lens, const std::int64_t *ts,
                         const double *values, std::size_t n, ek_status *status = nullptr,
                         ek_window_agg *out = nullptr) noexcept;

  // The key's aggregates (see ek_window_get); false and an empty agg for an unknown key (or a
  // key of the other type, or an over-long one).
  bool get(const void *key, std::size_t len, ek_window_agg &out) const noexcept;
  bool get(std::uint64_t key, ek_window_agg &out) const noexcept;

  // Oldest queued event; false when none. ev.key stays valid until the next poll() or the end
  // of this object.
  bool poll(ek_window_event &ev) noexcept;
  // Closes every open tumbling/hopping window (end of stream); each key then starts afresh.
  void flush() noexcept;

  ek_window_counters stats() const noexcept;
  // Slot bytes one key costs under cfg; EK_ERR_ARG / EK_ERR_LIMIT as init for a bad cfg.
  static ek_status bytes_per_key(const window_config &cfg, std::size_t *out) noexcept;
  const window_config &config() const noexcept { return cfg_; }

 private:
  struct entry {
    std::uint32_t tag;    // high hash bits, to skip most key comparisons
    std::uint32_t slot1;  // slot index + 1; 0 = empty
  };
  struct key_ref;

  void reset() noexcept;
  template <class K>
  ek_status push_impl(const K &k, std::uint64_t h, std::int64_t ts, double value,
                      ek_window_agg *out) noexcept;
  template <class KeyAt>
  std::size_t push_many(KeyAt key_at, const std::int64_t *ts, const double *values,
                        std::size_t n, ek_status *status, ek_window_agg *out) noexcept;
  template <class K>
  std::uint32_t find(const K &k, std::uint64_t h) const noexcept;
  template <class K>
  ek_status create_key(const K &k, std::uint64_t h, std::uint32_t *slot) noexcept;
  ek_status grow_table() noexcept;
  void table_insert(std::uint64_t h, std::uint32_t slot) noexcept;
  void table_erase(std::uint64_t h, std::uint32_t slot) noexcept;
  void lru_unlink(std::uint32_t s) noexcept;
  void lru_push_front(std::uint32_t s) noexcept;
  void evict(std::uint32_t s) noexcept;
  void init_state(unsigned char *p) noexcept;
  ek_status apply(unsigned char *p, std::int64_t ts, double value) noexcept;
  ek_window_agg read(const unsigned char *p) const noexcept;
  void close_until(unsigned char *p, std::int64_t jc, int evicted) noexcept;
  void emit(const unsigned char *p, int kind, int evicted, std::int64_t start, std::int64_t end,
            const ek_window_agg &agg) noexcept;
  unsigned char *slot_ptr(std::uint32_t s) const noexcept {
    return slabs_[s >> slab_shift_] + static_cast<std::size_t>(s & slab_mask_) * slot_size_;
  }
  std::uint32_t *links(std::uint32_t s) const noexcept {  // LRU {prev, next} of slot s
    return reinterpret_cast<std::uint32_t *>(slabs_[s >> slab_shift_] + slab_links_) +
           2 * static_cast<std::size_t>(s & slab_mask_);
  }

  window_config cfg_{};
  const ek_allocator *alloc_ = nullptr;
  bool ready_ = false;
  // slot layout (byte offsets inside a slot)
  std::size_t slot_size_ = 0, off_key_ = 0, off_core_ = 0, off_a_ = 0, off_b_ = 0, off_c_ = 0,
              off_d_ = 0;
  std::uint32_t cap_ = 0, mask_ = 0;  // ring/deque/bucket entries per key, power of two
  std::uint32_t slab_shift_ = 0, slab_mask_ = 0;
  detail::array<unsigned char *> slabs_, slab_raw_;  // line-aligned slots; what to free
  std::size_t slab_links_ = 0;                       // offset of the LRU links in a slab
  std::size_t slabs_allocated_ = 0;
  std::uint32_t used_slots_ = 0, lru_head_ = 0, lru_tail_ = 0;
  detail::array<entry> table_;
  std::size_t table_max_ = 0;
  // event queue: a ring of fixed-size records
  detail::array<unsigned char> queue_;
  std::size_t rec_size_ = 0, q_head_ = 0, q_count_ = 0, q_cap_ = 0;
  detail::array<unsigned char> polled_key_;
  ek_window_counters counters_{};
};

}  // namespace ek

#endif
