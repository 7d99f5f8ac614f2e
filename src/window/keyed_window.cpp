// window: ek::keyed_window — slots in slabs, open-addressing table, intrusive LRU, event queue.
//
// A key's whole state is one fixed-size slot: a header (hash, key, LRU links, watermark), the
// key's bytes, then the kind's state (count: count_core + value ring + deques of positions;
// sliding: sorted timestamp/value rings + deques of (ts, value); tumbling/hopping: a ring of
// open buckets indexed by window number). Fixed slots make memory per key exact and reportable,
// and eviction reuses the victim's slot in place.
#include <cmath>
#include <cstring>
#include <new>

#include "edgekernels/window/window.hpp"

namespace ek {
namespace {

constexpr std::uint32_t nil = 0xffffffffu;
constexpr std::int64_t param_limit = std::int64_t{1} << 60;

// 16 bytes: with the count core and 1-byte deques a count window of 16 fills two lines, its
// ring two more. The hash is not kept (eviction recomputes it); the watermark lives in the
// event-time cores.
struct slot_hdr {
  std::uint64_t key_u64;
  std::uint32_t key_len;
  std::uint32_t has_wm;
};

struct sliding_core {
  std::int64_t wm;  // first member of both event-time cores
  shifted_sums sums;
  std::uint32_t head, size, since_rebuild;
  std::uint32_t max_head, max_size, min_head, min_size;
};
struct ts_entry {
  std::int64_t ts;
  double v;
};

struct bucket {
  std::int64_t j;  // window number: start = origin + j * hop
  std::uint64_t n;
  shifted_sums sums;
  double mn, mx, first, last;
  std::int64_t first_ts, last_ts;
};
struct bucket_core {
  std::int64_t wm;
  std::int64_t j_open_lo;  // no window below this number is open
};
inline std::int64_t &watermark(unsigned char *p, std::size_t off_core) noexcept {
  return *reinterpret_cast<std::int64_t *>(p + off_core);
}
inline std::int64_t watermark(const unsigned char *p, std::size_t off_core) noexcept {
  return *reinterpret_cast<const std::int64_t *>(p + off_core);
}

constexpr std::size_t round8(std::size_t n) { return (n + 7) & ~std::size_t{7}; }

std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
  std::int64_t q = a / b;
  if (a % b < 0) --q;
  return q;
}

inline std::uint64_t fmix(std::uint64_t x) noexcept {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  x ^= x >> 33;
  return x;
}
inline std::uint64_t rotl(std::uint64_t x, int r) noexcept { return (x << r) | (x >> (64 - r)); }

std::uint64_t hash_bytes(const unsigned char *p, std::size_t n) noexcept {
  std::uint64_t h = 0x9e3779b97f4a7c15ull ^ (static_cast<std::uint64_t>(n) * 0xc2b2ae3d27d4eb4full);
  while (n >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    h = rotl(h ^ (w * 0x87c37b91114253d5ull), 31) * 0x4cf5ad432745937full;
    p += 8, n -= 8;
  }
  if (n) {
    std::uint64_t w = 0;
    std::memcpy(&w, p, n);
    h = rotl(h ^ (w * 0x87c37b91114253d5ull), 31) * 0x4cf5ad432745937full;
  }
  return fmix(h);
}

}  // namespace

// The two key types, seen the same way by the table code.
struct keyed_window::key_ref {
  const unsigned char *bytes;
  std::size_t len;
  std::uint64_t u64;
  bool is_bytes;
  std::uint64_t hash() const noexcept { return is_bytes ? hash_bytes(bytes, len) : fmix(u64 + 0x9e3779b97f4a7c15ull); }
  bool equals(const unsigned char *slot, std::size_t off_key) const noexcept {
    const slot_hdr *h = reinterpret_cast<const slot_hdr *>(slot);
    if (!is_bytes) return h->key_u64 == u64;
    return h->key_len == len && (len == 0 || std::memcmp(slot + off_key, bytes, len) == 0);
  }
  void store(unsigned char *slot, std::size_t off_key) const noexcept {
    slot_hdr *h = reinterpret_cast<slot_hdr *>(slot);
    h->key_u64 = u64;
    h->key_len = static_cast<std::uint32_t>(len);
    if (is_bytes && len) std::memcpy(slot + off_key, bytes, len);
  }
};

namespace {

// Validates cfg and computes the slot layout.
ek_status make_layout(const window_config &c, std::size_t &slot, std::size_t &off_key,
                      std::size_t &off_core, std::size_t *off, std::uint32_t &cap) noexcept {
  if (c.kind < EK_WINDOW_COUNT || c.kind > EK_WINDOW_HOPPING) return EK_ERR_ARG;
  if (c.key_type != EK_WINDOW_KEY_BYTES && c.key_type != EK_WINDOW_KEY_U64) return EK_ERR_ARG;
  if (c.aggregates == 0 || (c.aggregates & ~EK_AGG_ALL)) return EK_ERR_ARG;
  if (c.max_keys == 0 || c.max_keys > (1u << 31)) return EK_ERR_ARG;
  if (c.max_pending_events == 0) return EK_ERR_ARG;
  if (c.key_type == EK_WINDOW_KEY_BYTES && (c.max_key_len == 0 || c.max_key_len > 65536))
    return EK_ERR_ARG;
  const unsigned aggs = c.aggregates;
  off_key = sizeof(slot_hdr);
  off_core = off_key + (c.key_type == EK_WINDOW_KEY_BYTES ? round8(c.max_key_len) : 0);
  std::size_t end = off_core;
  off[0] = off[1] = off[2] = off[3] = 0;
  // Arrays of a cache line or more start on a line (slots are line-aligned), so a count window
  // of 16 touches six lines, not seven.
  auto put = [&end](std::size_t &o, std::size_t bytes) {
    if (bytes >= 64) end = (end + 63) & ~std::size_t{63};
    o = end;
    end += round8(bytes);
  };
  if (c.kind == EK_WINDOW_COUNT) {
    if (c.size < 1 || c.size > (std::int64_t{1} << 30)) return EK_ERR_ARG;
    cap = detail::pow2_at_least(static_cast<std::uint64_t>(c.size));
    end += round8(sizeof(detail::count_core));
    const std::size_t qe = cap <= 128 ? 1 : 4;  // deque entry bytes (see count_window.hpp)
    if (aggs & EK_AGG_MAX) put(off[1], cap * qe);
    if (aggs & EK_AGG_MIN) put(off[2], cap * qe);
    if (aggs & detail::agg_needs_ring) put(off[0], cap * sizeof(double));
  } else {
    if (c.size < 1 || c.size > param_limit) return EK_ERR_ARG;
    if (c.lateness < 0 || c.lateness > param_limit) return EK_ERR_ARG;
    if (c.origin < -param_limit || c.origin > param_limit) return EK_ERR_ARG;
    if (c.kind == EK_WINDOW_SLIDING) {
      if (c.max_events == 0 || c.max_events > (1u << 24)) return EK_ERR_ARG;
      cap = detail::pow2_at_least(c.max_events);
      end += round8(sizeof(sliding_core));
      put(off[0], cap * sizeof(std::int64_t));
      put(off[1], cap * sizeof(double));
      if (aggs & EK_AGG_MAX) put(off[2], cap * sizeof(ts_entry));
      if (aggs & EK_AGG_MIN) put(off[3], cap * sizeof(ts_entry));
    } else {
      const std::int64_t hop = c.kind == EK_WINDOW_TUMBLING ? c.size : c.hop;
      if (hop < 1 || hop > param_limit) return EK_ERR_ARG;
      // Open windows of one key lie within ceil((size + lateness) / hop) consecutive numbers.
      const std::int64_t open = (c.size + c.lateness) / hop + 1;
      if (open > 65536) return EK_ERR_LIMIT;
      cap = detail::pow2_at_least(static_cast<std::uint64_t>(open));
      end += round8(sizeof(bucket_core));
      put(off[0], cap * sizeof(bucket));
    }
  }
  slot = (end + 63) & ~std::size_t{63};
  return EK_OK;
}

}  // namespace

ek_status keyed_window::bytes_per_key(const window_config &cfg, std::size_t *out) noexcept {
  if (!out) return EK_ERR_NULL;
  std::size_t slot, ok, oc, off[4];
  std::uint32_t cap;
  const ek_status st = make_layout(cfg, slot, ok, oc, off, cap);
  if (st == EK_OK) *out = slot;
  return st;
}

void keyed_window::reset() noexcept {
  for (std::size_t i = 0; i < slab_raw_.size(); ++i)
    if (slab_raw_[i]) detail::free_bytes(alloc_, slab_raw_[i]);
  slabs_.reset();
  slab_raw_.reset();
  table_.reset();
  queue_.reset();
  polled_key_.reset();
  slabs_allocated_ = 0;
  used_slots_ = 0;
  ready_ = false;
}

ek_status keyed_window::init(const window_config &cfg, const ek_allocator *alloc) noexcept {
  reset();
  std::size_t off[4];
  ek_status st = make_layout(cfg, slot_size_, off_key_, off_core_, off, cap_);
  if (st != EK_OK) return st;
  off_a_ = off[0], off_b_ = off[1], off_c_ = off[2], off_d_ = off[3];
  mask_ = cap_ - 1;
  cfg_ = cfg;
  alloc_ = alloc;
  // Slabs of about 256 KiB (at most 1024 slots, at least one): small keys share an allocation,
  // a key with a huge window (count N = 1e8) gets its own.
  std::uint32_t slab_slots = 1;
  while (slab_slots < 1024 && slab_slots < cfg.max_keys &&
         static_cast<std::size_t>(slab_slots) * 2 * slot_size_ <= (std::size_t{1} << 18))
    slab_slots *= 2;
  slab_shift_ = 0;
  while ((1u << slab_shift_) < slab_slots) ++slab_shift_;
  slab_mask_ = slab_slots - 1;
  const std::size_t nslabs = (static_cast<std::size_t>(cfg.max_keys) + slab_slots - 1) / slab_slots;
  table_max_ = static_cast<std::size_t>(detail::pow2_at_least(cfg.max_keys)) * 2;
  const bool bytes = cfg.key_type == EK_WINDOW_KEY_BYTES;
  rec_size_ = sizeof(ek_window_event) + (bytes ? round8(cfg.max_key_len) : 0);
  slab_links_ = static_cast<std::size_t>(slab_slots) * slot_size_;
  if ((st = slab_raw_.allocate(alloc, nslabs)) != EK_OK) return st;
  for (std::size_t i = 0; i < nslabs; ++i) slab_raw_[i] = nullptr;
  if ((st = slabs_.allocate(alloc, nslabs)) != EK_OK ||
      (st = table_.allocate(alloc, table_max_ < 1024 ? table_max_ : 1024)) != EK_OK ||
      (st = polled_key_.allocate(alloc, bytes ? cfg.max_key_len : 1)) != EK_OK) {
    reset();
    return st;
  }
  for (std::size_t i = 0; i < table_.size(); ++i) table_[i] = entry{0, 0};
  lru_head_ = lru_tail_ = nil;
  q_head_ = q_count_ = q_cap_ = 0;
  counters_ = ek_window_counters{};
  counters_.bytes_per_key = slot_size_;
  ready_ = true;
  return EK_OK;
}

// ---- table ----------------------------------------------------------------------------------

template <class K>
std::uint32_t keyed_window::find(const K &k, std::uint64_t h) const noexcept {
  const std::size_t m = table_.size() - 1;
  const std::uint32_t tag = static_cast<std::uint32_t>(h);
  for (std::size_t i = tag & m;; i = (i + 1) & m) {
    const entry e = table_[i];
    if (e.slot1 == 0) return nil;
    if (e.tag == tag && k.equals(slot_ptr(e.slot1 - 1), off_key_)) return e.slot1 - 1;
  }
}

void keyed_window::table_insert(std::uint64_t h, std::uint32_t slot) noexcept {
  const std::size_t m = table_.size() - 1;
  const std::uint32_t tag = static_cast<std::uint32_t>(h);
  std::size_t i = tag & m;
  while (table_[i].slot1) i = (i + 1) & m;
  table_[i] = entry{tag, slot + 1};
}

// Linear probing without tombstones: later entries of the run shift back into the hole unless
// that would move them before their home position (the tag's low bits are the home).
void keyed_window::table_erase(std::uint64_t h, std::uint32_t slot) noexcept {
  const std::size_t m = table_.size() - 1;
  std::size_t i = static_cast<std::uint32_t>(h) & m;
  while (table_[i].slot1 != slot + 1) i = (i + 1) & m;
  for (std::size_t j = i;;) {
    j = (j + 1) & m;
    if (table_[j].slot1 == 0) break;
    const std::size_t home = table_[j].tag & m;
    // move j to i unless home lies cyclically in (i, j]
    const bool keep = i <= j ? (home > i && home <= j) : (home > i || home <= j);
    if (!keep) {
      table_[i] = table_[j];
      i = j;
    }
  }
  table_[i] = entry{0, 0};
}

ek_status keyed_window::grow_table() noexcept {
  detail::array<entry> bigger;
  const ek_status st = bigger.allocate(alloc_, table_.size() * 2);
  if (st != EK_OK) return st;
  for (std::size_t i = 0; i < bigger.size(); ++i) bigger[i] = entry{0, 0};
  const std::size_t m = bigger.size() - 1;
  for (std::size_t i = 0; i < table_.size(); ++i) {
    if (!table_[i].slot1) continue;
    std::size_t k = table_[i].tag & m;
    while (bigger[k].slot1) k = (k + 1) & m;
    bigger[k] = table_[i];
  }
  table_ = static_cast<detail::array<entry> &&>(bigger);
  return EK_OK;
}

// ---- LRU ------------------------------------------------------------------------------------

// The links live apart from the slots, 8 bytes per key at the end of each slab: a move to the
// front touches the neighbours' links (a compact array that stays in cache), not their slots.
void keyed_window::lru_unlink(std::uint32_t s) noexcept {
  const std::uint32_t *l = links(s);
  const std::uint32_t prev = l[0], next = l[1];
  if (prev != nil) links(prev)[1] = next;
  else lru_head_ = next;
  if (next != nil) links(next)[0] = prev;
  else lru_tail_ = prev;
}

void keyed_window::lru_push_front(std::uint32_t s) noexcept {
  std::uint32_t *l = links(s);
  l[0] = nil;
  l[1] = lru_head_;
  if (lru_head_ != nil) links(lru_head_)[0] = s;
  else lru_tail_ = s;
  lru_head_ = s;
}

// ---- events ---------------------------------------------------------------------------------

void keyed_window::emit(const unsigned char *p, int kind, int evicted, std::int64_t start,
                        std::int64_t end, const ek_window_agg &agg) noexcept {
  if (q_count_ == cfg_.max_pending_events) {
    ++counters_.events_dropped;
    return;
  }
  if (q_count_ == q_cap_) {
    std::size_t ncap = q_cap_ ? q_cap_ * 2 : 64;
    if (ncap > cfg_.max_pending_events) ncap = cfg_.max_pending_events;
    detail::array<unsigned char> bigger;
    if (bigger.allocate(alloc_, ncap * rec_size_) != EK_OK) {
      ++counters_.events_dropped;
      return;
    }
    for (std::size_t i = 0; i < q_count_; ++i)
      std::memcpy(bigger.data() + i * rec_size_,
                  queue_.data() + ((q_head_ + i) % q_cap_) * rec_size_, rec_size_);
    queue_ = static_cast<detail::array<unsigned char> &&>(bigger);
    q_cap_ = ncap;
    q_head_ = 0;
  }
  unsigned char *r = queue_.data() + ((q_head_ + q_count_) % q_cap_) * rec_size_;
  const slot_hdr *h = reinterpret_cast<const slot_hdr *>(p);
  ek_window_event ev{};
  ev.kind = kind;
  ev.evicted = evicted;
  ev.key = nullptr;
  ev.key_len = cfg_.key_type == EK_WINDOW_KEY_BYTES ? h->key_len : 0;
  ev.key_u64 = cfg_.key_type == EK_WINDOW_KEY_U64 ? h->key_u64 : 0;
  ev.start = start;
  ev.end = end;
  ev.agg = agg;
  std::memcpy(r, &ev, sizeof ev);
  if (ev.key_len) std::memcpy(r + sizeof ev, p + off_key_, ev.key_len);
  ++q_count_;
}

bool keyed_window::poll(ek_window_event &ev) noexcept {
  if (!ready_ || q_count_ == 0) return false;
  const unsigned char *r = queue_.data() + q_head_ * rec_size_;
  std::memcpy(&ev, r, sizeof ev);
  if (cfg_.key_type == EK_WINDOW_KEY_BYTES) {
    if (ev.key_len) std::memcpy(polled_key_.data(), r + sizeof ev, ev.key_len);
    ev.key = polled_key_.data();
  }
  q_head_ = q_head_ + 1 == q_cap_ ? 0 : q_head_ + 1;
  --q_count_;
  return true;
}

// ---- per-kind state -------------------------------------------------------------------------

namespace {

// Max/min deque over (ts, value) kept in timestamp order; an out-of-order insert lands behind
// the newer entries, dropping the older ones it dominates (same rule as the count deques).
template <bool Max>
void ts_deque_insert(ts_entry *d, std::uint32_t mask, std::uint32_t head, std::uint32_t &size,
                     std::int64_t ts, double v) noexcept {
  std::uint32_t p = size;
  while (p > 0 && d[(head + p - 1) & mask].ts > ts) --p;
  if (p < size) {
    const double b = d[(head + p) & mask].v;
    if (Max ? b >= v : b <= v) return;  // a value that outlives ts is at least as good
  }
  std::uint32_t r = 0;
  while (r < p) {
    const double b = d[(head + p - r - 1) & mask].v;
    if (Max ? b > v : b < v) break;
    ++r;
  }
  if (r == 0) {
    for (std::uint32_t i = size; i > p; --i) d[(head + i) & mask] = d[(head + i - 1) & mask];
    d[(head + p) & mask] = ts_entry{ts, v};
    ++size;
  } else {
    d[(head + p - r) & mask] = ts_entry{ts, v};
    for (std::uint32_t i = p; i < size; ++i) d[(head + i - r + 1) & mask] = d[(head + i) & mask];
    size -= r - 1;
  }
}

void ts_deque_expire(const ts_entry *d, std::uint32_t mask, std::uint32_t &head,
                     std::uint32_t &size, std::int64_t cut) noexcept {
  while (size && d[head & mask].ts <= cut) ++head, --size;
}

void bucket_add(bucket &b, std::int64_t j, std::int64_t ts, double v, bool sums) noexcept {
  if (b.n == 0 || b.j != j) {
    b.j = j;
    b.n = 0;
    b.sums.clear();
    b.mn = b.mx = b.first = b.last = v;
    b.first_ts = b.last_ts = ts;
  } else {
    if (v < b.mn) b.mn = v;
    if (v > b.mx) b.mx = v;
    if (ts < b.first_ts) b.first_ts = ts, b.first = v;
    if (ts >= b.last_ts) b.last_ts = ts, b.last = v;
  }
  ++b.n;
  if (sums) b.sums.add(v);
}

ek_window_agg bucket_read(const bucket &b, unsigned aggs) noexcept {
  ek_window_agg a = detail::empty_agg();
  a.count = b.n;
  if (b.n == 0) return a;
  a.sum = (aggs & EK_AGG_SUM) ? b.sums.sum() : detail::nan_value();
  if (aggs & EK_AGG_MEAN) a.mean = b.sums.mean();
  if (aggs & EK_AGG_VARIANCE) a.variance = b.sums.variance(1);
  if (aggs & EK_AGG_MIN) a.min = b.mn;
  if (aggs & EK_AGG_MAX) a.max = b.mx;
  if (aggs & EK_AGG_FIRST) a.first = b.first;
  if (aggs & EK_AGG_LAST) a.last = b.last;
  return a;
}

}  // namespace

void keyed_window::init_state(unsigned char *p) noexcept {
  reinterpret_cast<slot_hdr *>(p)->has_wm = 0;
  unsigned char *core = p + off_core_;
  switch (cfg_.kind) {
    case EK_WINDOW_COUNT:
      detail::count_clear(*::new (core) detail::count_core{});
      break;
    case EK_WINDOW_SLIDING:
      ::new (core) sliding_core{};
      break;
    default: {
      ::new (core) bucket_core{};
      bucket *b = reinterpret_cast<bucket *>(p + off_a_);
      for (std::uint32_t i = 0; i < cap_; ++i) ::new (b + i) bucket{};
    }
  }
}

void keyed_window::close_until(unsigned char *p, std::int64_t jc, int evicted) noexcept {
  bucket_core *bc = reinterpret_cast<bucket_core *>(p + off_core_);
  bucket *b = reinterpret_cast<bucket *>(p + off_a_);
  const std::int64_t hop = cfg_.kind == EK_WINDOW_TUMBLING ? cfg_.size : cfg_.hop;
  // Every open window lies within cap_ numbers from j_open_lo.
  const std::int64_t lim = jc - bc->j_open_lo >= cap_ ? bc->j_open_lo + cap_ - 1 : jc;
  for (std::int64_t j = bc->j_open_lo; j <= lim; ++j) {
    bucket &x = b[static_cast<std::uint64_t>(j) & mask_];
    if (x.n == 0 || x.j != j) continue;
    const std::int64_t start = cfg_.origin + j * hop;
    emit(p, EK_WINDOW_EVENT_CLOSED, evicted, start, start + cfg_.size,
         bucket_read(x, cfg_.aggregates));
    x.n = 0;
  }
  if (jc + 1 > bc->j_open_lo) bc->j_open_lo = jc + 1;
}

ek_status keyed_window::apply(unsigned char *p, std::int64_t ts, double v) noexcept {
  slot_hdr *h = reinterpret_cast<slot_hdr *>(p);
  const unsigned aggs = cfg_.aggregates;
  if (cfg_.kind == EK_WINDOW_COUNT) {
    auto &core = *reinterpret_cast<detail::count_core *>(p + off_core_);
    double *ring = reinterpret_cast<double *>(p + off_a_);
    const std::uint32_t n = static_cast<std::uint32_t>(cfg_.size);
    if (cap_ <= 128)
      detail::count_push(core, ring, p + off_b_, p + off_c_, mask_, n, aggs, v);
    else
      detail::count_push(core, ring, reinterpret_cast<std::uint32_t *>(p + off_b_),
                         reinterpret_cast<std::uint32_t *>(p + off_c_), mask_, n, aggs, v);
    return EK_OK;
  }
  std::int64_t &wm = watermark(p, off_core_);
  if (h->has_wm && ts < wm - cfg_.lateness) {
    ++counters_.late;
    return EK_ERR_LIMIT;
  }
  const bool sums = (aggs & detail::agg_needs_sums) != 0;
  if (cfg_.kind == EK_WINDOW_SLIDING) {
    sliding_core &c = *reinterpret_cast<sliding_core *>(p + off_core_);
    std::int64_t *tr = reinterpret_cast<std::int64_t *>(p + off_a_);
    double *vr = reinterpret_cast<double *>(p + off_b_);
    ts_entry *dmax = reinterpret_cast<ts_entry *>(p + off_c_);
    ts_entry *dmin = reinterpret_cast<ts_entry *>(p + off_d_);
    if (!h->has_wm || ts > wm) {
      wm = ts;
      h->has_wm = 1;
      const std::int64_t cut = ts - cfg_.size;
      while (c.size && tr[c.head & mask_] <= cut) {
        if (sums) c.sums.remove(vr[c.head & mask_]);
        ++c.head, --c.size;
      }
      if (aggs & EK_AGG_MAX) ts_deque_expire(dmax, mask_, c.max_head, c.max_size, cut);
      if (aggs & EK_AGG_MIN) ts_deque_expire(dmin, mask_, c.min_head, c.min_size, cut);
    }
    if (ts <= wm - cfg_.size) return EK_OK;  // in lateness, but already out of the window
    if (c.size == cfg_.max_events) {
      ++counters_.overflow;
      return EK_ERR_LIMIT;
    }
    std::uint32_t i = c.size;
    while (i > 0 && tr[(c.head + i - 1) & mask_] > ts) {
      tr[(c.head + i) & mask_] = tr[(c.head + i - 1) & mask_];
      vr[(c.head + i) & mask_] = vr[(c.head + i - 1) & mask_];
      --i;
    }
    tr[(c.head + i) & mask_] = ts;
    vr[(c.head + i) & mask_] = v;
    ++c.size;
    if (aggs & EK_AGG_MAX) ts_deque_insert<true>(dmax, mask_, c.max_head, c.max_size, ts, v);
    if (aggs & EK_AGG_MIN) ts_deque_insert<false>(dmin, mask_, c.min_head, c.min_size, ts, v);
    if (sums) {
      c.sums.add(v);
      if (++c.since_rebuild >= cap_) {
        c.since_rebuild = 0;
        const std::uint32_t start = c.head & mask_;
        const std::uint32_t first = start + c.size <= cap_ ? c.size : cap_ - start;
        c.sums.rebuild(vr + start, first, vr, c.size - first, c.sums.mean());
      }
    }
    return EK_OK;
  }
  // tumbling / hopping
  const std::int64_t hop = cfg_.kind == EK_WINDOW_TUMBLING ? cfg_.size : cfg_.hop;
  const std::int64_t span = cfg_.size + cfg_.lateness;
  bucket_core &bc = *reinterpret_cast<bucket_core *>(p + off_core_);
  if (!h->has_wm) {
    wm = ts;
    h->has_wm = 1;
    bc.j_open_lo = floor_div(ts - span - cfg_.origin, hop) + 1;
  } else if (ts > wm) {
    // Close first: the windows of this event are never among those closing, and the ring
    // slots of closing windows may be the ones the event's windows map to.
    wm = ts;
    close_until(p, floor_div(ts - span - cfg_.origin, hop), 0);
  }
  bucket *b = reinterpret_cast<bucket *>(p + off_a_);
  const std::int64_t jhi = floor_div(ts - cfg_.origin, hop);
  for (std::int64_t j = floor_div(ts - cfg_.size - cfg_.origin, hop) + 1; j <= jhi; ++j)
    bucket_add(b[static_cast<std::uint64_t>(j) & mask_], j, ts, v, sums);
  return EK_OK;
}

ek_window_agg keyed_window::read(const unsigned char *p) const noexcept {
  const slot_hdr *h = reinterpret_cast<const slot_hdr *>(p);
  const unsigned aggs = cfg_.aggregates;
  switch (cfg_.kind) {
    case EK_WINDOW_COUNT: {
      const auto &core = *reinterpret_cast<const detail::count_core *>(p + off_core_);
      const double *ring = reinterpret_cast<const double *>(p + off_a_);
      const std::uint32_t n = static_cast<std::uint32_t>(cfg_.size);
      if (cap_ <= 128) return detail::count_read(core, ring, p + off_b_, p + off_c_, mask_, n, aggs);
      return detail::count_read(core, ring, reinterpret_cast<const std::uint32_t *>(p + off_b_),
                                reinterpret_cast<const std::uint32_t *>(p + off_c_), mask_, n,
                                aggs);
    }
    case EK_WINDOW_SLIDING: {
      const sliding_core &c = *reinterpret_cast<const sliding_core *>(p + off_core_);
      ek_window_agg a = detail::empty_agg();
      a.count = c.size;
      if (c.size == 0) return a;
      const double *vr = reinterpret_cast<const double *>(p + off_b_);
      a.sum = (aggs & EK_AGG_SUM) ? c.sums.sum() : detail::nan_value();
      if (aggs & EK_AGG_MEAN) a.mean = c.sums.mean();
      if (aggs & EK_AGG_VARIANCE) a.variance = c.sums.variance(1);
      if (aggs & EK_AGG_MAX) a.max = reinterpret_cast<const ts_entry *>(p + off_c_)[c.max_head & mask_].v;
      if (aggs & EK_AGG_MIN) a.min = reinterpret_cast<const ts_entry *>(p + off_d_)[c.min_head & mask_].v;
      if (aggs & EK_AGG_FIRST) a.first = vr[c.head & mask_];
      if (aggs & EK_AGG_LAST) a.last = vr[(c.head + c.size - 1) & mask_];
      return a;
    }
    default: {
      if (!h->has_wm) return detail::empty_agg();
      const std::int64_t hop = cfg_.kind == EK_WINDOW_TUMBLING ? cfg_.size : cfg_.hop;
      const std::int64_t j = floor_div(watermark(p, off_core_) - cfg_.origin, hop);
      const bucket &b = reinterpret_cast<const bucket *>(p + off_a_)[static_cast<std::uint64_t>(j) & mask_];
      if (b.n == 0 || b.j != j) return detail::empty_agg();
      return bucket_read(b, aggs);
    }
  }
}

// ---- keys -----------------------------------------------------------------------------------

void keyed_window::evict(std::uint32_t s) noexcept {
  unsigned char *p = slot_ptr(s);
  slot_hdr *h = reinterpret_cast<slot_hdr *>(p);
  if (cfg_.kind == EK_WINDOW_COUNT) {
    emit(p, EK_WINDOW_EVENT_EVICTED, 1, 0, 0, read(p));
  } else if (cfg_.kind == EK_WINDOW_SLIDING) {
    const std::int64_t wm = watermark(p, off_core_);
    emit(p, EK_WINDOW_EVENT_EVICTED, 1, wm - cfg_.size, wm, read(p));
  } else {
    if (h->has_wm) {
      const std::int64_t hop = cfg_.kind == EK_WINDOW_TUMBLING ? cfg_.size : cfg_.hop;
      close_until(p, floor_div(watermark(p, off_core_) - cfg_.origin, hop), 1);
    }
    emit(p, EK_WINDOW_EVENT_EVICTED, 1, 0, 0, detail::empty_agg());
  }
  table_erase(key_ref{p + off_key_, h->key_len, h->key_u64, cfg_.key_type == EK_WINDOW_KEY_BYTES}.hash(), s);
  lru_unlink(s);
  ++counters_.evictions;
  --counters_.keys;
}

template <class K>
ek_status keyed_window::create_key(const K &k, std::uint64_t h, std::uint32_t *slot) noexcept {
  std::uint32_t s;
  if (used_slots_ < cfg_.max_keys) {
    s = used_slots_;
    const std::size_t si = s >> slab_shift_;
    if (!slab_raw_[si]) {
      const std::size_t n = static_cast<std::size_t>(slab_mask_) + 1;
      if (n > (SIZE_MAX - 64) / (slot_size_ + 8)) return EK_ERR_NOMEM;
      unsigned char *raw =
          static_cast<unsigned char *>(detail::allocate_bytes(alloc_, n * (slot_size_ + 8) + 63));
      if (!raw) return EK_ERR_NOMEM;
      slab_raw_[si] = raw;
      // slots start on a cache line; the padding assumes no alignment from the allocator
      // (malloc aligns to only 8 on wasm32)
      slabs_[si] = raw + ((64 - reinterpret_cast<std::uintptr_t>(raw) % 64) % 64);
      ++slabs_allocated_;
    }
    if ((counters_.keys + 1) * 2 > table_.size() && table_.size() < table_max_) {
      const ek_status st = grow_table();
      if (st != EK_OK) return st;
    }
    ++used_slots_;
  } else {
    s = lru_tail_;
    evict(s);
  }
  unsigned char *p = slot_ptr(s);
  k.store(p, off_key_);
  init_state(p);
  table_insert(h, s);
  lru_push_front(s);
  ++counters_.keys;
  *slot = s;
  return EK_OK;
}

template <class K>
ek_status keyed_window::push_impl(const K &k, std::uint64_t h, std::int64_t ts, double value,
                                  ek_window_agg *out) noexcept {
  if (!std::isfinite(value) ||
      (cfg_.kind != EK_WINDOW_COUNT && (ts > EK_WINDOW_TS_LIMIT || ts < -EK_WINDOW_TS_LIMIT))) {
    ++counters_.rejected;
    return EK_ERR_ARG;
  }
  std::uint32_t s = find(k, h);
  if (s == nil) {
    const ek_status st = create_key(k, h, &s);
    if (st != EK_OK) return st;
  } else if (s != lru_head_) {
    lru_unlink(s);
    lru_push_front(s);
  }
  unsigned char *p = slot_ptr(s);
  const ek_status st = apply(p, ts, value);
  if (st == EK_OK && out) *out = read(p);
  return st;
}

namespace {
inline void prefetch(const void *p) noexcept {
#if defined(__GNUC__)
  __builtin_prefetch(p, 1, 3);
#else
  (void)p;
#endif
}
}  // namespace

// Software pipeline over the batch: event i + 16 is hashed and its table entry prefetched;
// event i + 8 takes its slot from the table (first tag match, no key comparison: a hint only)
// and prefetches the slot's first lines; event i + 4 prefetches its LRU neighbours' headers;
// event i is pushed exactly as push() would. Hints never change results.
template <class KeyAt>
std::size_t keyed_window::push_many(KeyAt key_at, const std::int64_t *ts, const double *values,
                                    std::size_t n, ek_status *status,
                                    ek_window_agg *out) noexcept {
  constexpr std::size_t d1 = 16, d2 = 8, d3 = 4, ring = 32;
  std::uint64_t hs[ring];
  std::uint32_t ss[ring];
  // Count windows: the lines before the value ring (header, core, small deques) now, and the
  // one ring line the push writes once the core (with the push counter) has arrived. Other
  // kinds: the slot's first 512 bytes.
  const bool count_ring = cfg_.kind == EK_WINDOW_COUNT && (cfg_.aggregates & detail::agg_needs_ring);
  const std::size_t head_bytes = count_ring ? off_a_ : slot_size_;
  const std::size_t slot_lines = ((head_bytes < 512 ? head_bytes : 512) + 63) / 64;
  auto hash_stage = [&](std::size_t j) {
    const key_ref k = key_at(j);
    if (k.is_bytes && ((!k.bytes && k.len) || k.len > cfg_.max_key_len)) {
      hs[j % ring] = 0;  // rejected when its turn comes
      return;
    }
    const std::uint64_t h = k.hash();
    hs[j % ring] = h;
    prefetch(&table_[static_cast<std::uint32_t>(h) & (table_.size() - 1)]);
  };
  auto slot_stage = [&](std::size_t j) {
    const std::size_t m = table_.size() - 1;
    const std::uint32_t tag = static_cast<std::uint32_t>(hs[j % ring]);
    std::uint32_t s = nil;
    for (std::size_t i = tag & m; table_[i].slot1; i = (i + 1) & m)
      if (table_[i].tag == tag) {
        s = table_[i].slot1 - 1;
        break;
      }
    ss[j % ring] = s;
    if (s == nil) return;
    const unsigned char *p = slot_ptr(s);
    for (std::size_t l = 0; l < slot_lines; ++l) prefetch(p + 64 * l);
    prefetch(links(s));
  };
  auto lru_stage = [&](std::size_t j) {
    const std::uint32_t s = ss[j % ring];
    if (s == nil || s >= used_slots_) return;
    if (count_ring) {
      const unsigned char *p = slot_ptr(s);
      const auto &c = *reinterpret_cast<const detail::count_core *>(p + off_core_);
      prefetch(p + off_a_ + (static_cast<std::uint32_t>(c.n) & mask_) * sizeof(double));
    }
    const std::uint32_t *l = links(s);
    if (l[0] != nil && l[0] < used_slots_) prefetch(links(l[0]));
    if (l[1] != nil && l[1] < used_slots_) prefetch(links(l[1]));
  };
  for (std::size_t j = 0; j < d1 && j < n; ++j) hash_stage(j);
  for (std::size_t j = 0; j < d2 && j < n; ++j) slot_stage(j);
  for (std::size_t j = 0; j < d3 && j < n; ++j) lru_stage(j);
  std::size_t applied = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (i + d1 < n) hash_stage(i + d1);
    if (i + d2 < n) slot_stage(i + d2);
    if (i + d3 < n) lru_stage(i + d3);
    const key_ref k = key_at(i);
    ek_status st;
    if (k.is_bytes && !k.bytes && k.len) st = EK_ERR_NULL;
    else if (k.len > cfg_.max_key_len) st = EK_ERR_LIMIT;
    else st = push_impl(k, hs[i % ring], ts ? ts[i] : 0, values[i], out ? out + i : nullptr);
    if (status) status[i] = st;
    applied += st == EK_OK;
  }
  return applied;
}

ek_status keyed_window::push(const void *key, std::size_t len, std::int64_t ts, double value,
                             ek_window_agg *out) noexcept {
  if (!ready_ || cfg_.key_type != EK_WINDOW_KEY_BYTES) return EK_ERR_ARG;
  if (!key && len) return EK_ERR_NULL;
  if (len > cfg_.max_key_len) return EK_ERR_LIMIT;
  const key_ref k{static_cast<const unsigned char *>(key), len, 0, true};
  return push_impl(k, k.hash(), ts, value, out);
}

ek_status keyed_window::push(std::uint64_t key, std::int64_t ts, double value,
                             ek_window_agg *out) noexcept {
  if (!ready_ || cfg_.key_type != EK_WINDOW_KEY_U64) return EK_ERR_ARG;
  const key_ref k{nullptr, 0, key, false};
  return push_impl(k, k.hash(), ts, value, out);
}

std::size_t keyed_window::push_batch(const std::uint64_t *keys, const std::int64_t *ts,
                                     const double *values, std::size_t n, ek_status *status,
                                     ek_window_agg *out) noexcept {
  if (!ready_ || cfg_.key_type != EK_WINDOW_KEY_U64 || !keys || !values) {
    if (status)
      for (std::size_t i = 0; i < n; ++i) status[i] = EK_ERR_ARG;
    return 0;
  }
  return push_many([keys](std::size_t i) { return key_ref{nullptr, 0, keys[i], false}; }, ts,
                   values, n, status, out);
}

std::size_t keyed_window::push_batch(const void *const *keys, const std::size_t *lens,
                                     const std::int64_t *ts, const double *values, std::size_t n,
                                     ek_status *status, ek_window_agg *out) noexcept {
  if (!ready_ || cfg_.key_type != EK_WINDOW_KEY_BYTES || !keys || !lens || !values) {
    if (status)
      for (std::size_t i = 0; i < n; ++i) status[i] = EK_ERR_ARG;
    return 0;
  }
  return push_many(
      [keys, lens](std::size_t i) {
        return key_ref{static_cast<const unsigned char *>(keys[i]), lens[i], 0, true};
      },
      ts, values, n, status, out);
}

bool keyed_window::get(const void *key, std::size_t len, ek_window_agg &out) const noexcept {
  out = detail::empty_agg();
  if (!ready_ || cfg_.key_type != EK_WINDOW_KEY_BYTES || (!key && len) || len > cfg_.max_key_len)
    return false;
  const key_ref k{static_cast<const unsigned char *>(key), len, 0, true};
  const std::uint32_t s = find(k, k.hash());
  if (s == nil) return false;
  out = read(slot_ptr(s));
  return true;
}

bool keyed_window::get(std::uint64_t key, ek_window_agg &out) const noexcept {
  out = detail::empty_agg();
  if (!ready_ || cfg_.key_type != EK_WINDOW_KEY_U64) return false;
  const key_ref k{nullptr, 0, key, false};
  const std::uint32_t s = find(k, k.hash());
  if (s == nil) return false;
  out = read(slot_ptr(s));
  return true;
}

void keyed_window::flush() noexcept {
  if (!ready_ || (cfg_.kind != EK_WINDOW_TUMBLING && cfg_.kind != EK_WINDOW_HOPPING)) return;
  const std::int64_t hop = cfg_.kind == EK_WINDOW_TUMBLING ? cfg_.size : cfg_.hop;
  // Least recently used first, so the output order does not depend on slot numbering.
  for (std::uint32_t s = lru_tail_; s != nil;) {
    unsigned char *p = slot_ptr(s);
    slot_hdr *h = reinterpret_cast<slot_hdr *>(p);
    const std::uint32_t prev = links(s)[0];
    if (h->has_wm) close_until(p, floor_div(watermark(p, off_core_) - cfg_.origin, hop), 0);
    init_state(p);
    s = prev;
  }
}

ek_window_counters keyed_window::stats() const noexcept {
  ek_window_counters c = counters_;
  c.events_pending = q_count_;
  c.bytes = slabs_allocated_ * ((static_cast<std::size_t>(slab_mask_) + 1) * (slot_size_ + 8) + 48) +
            slabs_.size() * 2 * sizeof(unsigned char *) + table_.size() * sizeof(entry) +
            queue_.size() + polled_key_.size();
  c.bytes_per_key = slot_size_;
  return c;
}

}  // namespace ek
