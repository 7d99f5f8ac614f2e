// edgekernels — window: the single count-based window, the hot path (C++ API, header-inline).
//
// ek::count_window<Aggs> keeps the last N values pushed and answers count, sum, mean, sample
// variance, min, max, first (oldest) and last (newest) in O(1); push is O(1) amortised and never
// rescans the window:
//   * min and max come from monotonic deques of positions into the value ring: the back of the
//     deque drops every value the newcomer dominates, the front drops the value leaving the
//     window; each value enters and leaves each deque once.
//   * sum/mean/variance are ek::shifted_sums (stats/rolling.hpp: anchored, compensated, with a
//     re-derivation from the ring every N pushes), so they stay within a few ulps of a two-pass
//     computation over the window however long the stream runs, also at offsets like 1e9.
//   * the ring and the deques are powers of two >= N, indexed by a 32-bit push counter masked,
//     so no modulo and no wrap branch (the counter may wrap: only differences are used).
// Aggs (EK_AGG_* from window.h) selects what is maintained at compile time: a max-only window
// keeps one ring and one deque and does nothing else.
//
// The same core (detail::count_push / count_read) runs every key of ek::keyed_window's count
// windows on memory the keyed window places in its slabs.
//
// NaN/Inf: push rejects them (returns false, counted by rejected()), the window is unchanged.
// Empty window: count 0, sum 0, everything else NaN. variance: sample (ddof = 1), NaN below 2.
// Thread safety: one object per thread; distinct objects are independent.
#ifndef EDGEKERNELS_WINDOW_COUNT_WINDOW_HPP
#define EDGEKERNELS_WINDOW_COUNT_WINDOW_HPP

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "edgekernels/detail/memory.hpp"
#include "edgekernels/stats/rolling.hpp"
#include "edgekernels/types.h"
#include "edgekernels/window/window.h"

#if defined(__GNUC__)
#define EK_WINDOW_INLINE inline __attribute__((always_inline))
#else
#define EK_WINDOW_INLINE inline
#endif

namespace ek {
namespace detail {

constexpr unsigned agg_needs_sums = EK_AGG_SUM | EK_AGG_MEAN | EK_AGG_VARIANCE;
constexpr unsigned agg_needs_ring = EK_AGG_ALL & ~EK_AGG_COUNT;

// Smallest power of two >= n (n >= 1, n <= 2^31).
constexpr std::uint32_t pow2_at_least(std::uint64_t n) noexcept {
  std::uint32_t c = 1;
  while (c < n) c <<= 1;
  return c;
}

constexpr double nan_value() noexcept { return std::numeric_limits<double>::quiet_NaN(); }

inline ek_window_agg empty_agg() noexcept {
  const double q = nan_value();
  return ek_window_agg{0, 0.0, q, q, q, q, q, q};
}

// State of one count window; the ring and deques live wherever the owner puts them.
struct count_core {
  std::uint64_t n;  // values pushed since clear
  shifted_sums sums;
  std::uint32_t since_rebuild;
  std::uint32_t max_head, max_tail, min_head, min_tail;  // deque bounds (free-running)
};

inline void count_clear(count_core &c) noexcept {
  c.n = 0;
  c.sums.clear();
  c.since_rebuild = 0;
  c.max_head = c.max_tail = c.min_head = c.min_tail = 0;
}

// Deque entries: a position in the value ring (keyed windows, where memory per key counts: 1
// byte while the ring has at most 128 entries, else 4) or the value with its position (16
// bytes: the single window, where the value saves a dependent load in the loop that pops
// dominated entries). A position is the push counter's low bits; ages are taken modulo them.
struct seq_value {
  double v;
  std::uint32_t seq;
};
EK_WINDOW_INLINE std::uint32_t entry_age(std::uint32_t e, std::uint32_t seq) noexcept {
  return seq - e;
}
EK_WINDOW_INLINE std::uint32_t entry_age(std::uint8_t e, std::uint32_t seq) noexcept {
  return static_cast<std::uint8_t>(seq - e);
}
EK_WINDOW_INLINE std::uint32_t entry_age(const seq_value &e, std::uint32_t seq) noexcept {
  return seq - e.seq;
}
EK_WINDOW_INLINE double entry_value(std::uint32_t e, const double *ring,
                                    std::uint32_t mask) noexcept {
  return ring[e & mask];
}
EK_WINDOW_INLINE double entry_value(std::uint8_t e, const double *ring,
                                    std::uint32_t mask) noexcept {
  return ring[e & mask];
}
EK_WINDOW_INLINE double entry_value(const seq_value &e, const double *, std::uint32_t) noexcept {
  return e.v;
}
EK_WINDOW_INLINE void entry_set(std::uint32_t &e, std::uint32_t seq, double) noexcept { e = seq; }
EK_WINDOW_INLINE void entry_set(std::uint8_t &e, std::uint32_t seq, double) noexcept {
  e = static_cast<std::uint8_t>(seq);
}
EK_WINDOW_INLINE void entry_set(seq_value &e, std::uint32_t seq, double x) noexcept {
  e.v = x, e.seq = seq;
}

// Deque whose values decrease (Max) or increase (!Max) from front to back. The value at
// position `seq` has just been written; the position seq - size leaves the window.
template <bool Max, class E>
EK_WINDOW_INLINE void deque_push(E *q, std::uint32_t &head, std::uint32_t &tail,
                                 const double *ring, std::uint32_t mask, std::uint32_t seq,
                                 std::uint32_t size, double x) noexcept {
  if (head != tail && entry_age(q[head & mask], seq) >= size) ++head;
  while (tail != head) {
    const double b = entry_value(q[(tail - 1) & mask], ring, mask);
    if (Max ? b > x : b < x) break;  // equal values: the newer one lives longer, keep it
    --tail;
  }
  entry_set(q[tail & mask], seq, x);
  ++tail;
}

// Pushes a finite x into the window of `size` values (ring and deques have mask + 1 >= size
// entries). `aggs` is a compile-time constant for count_window, a runtime mask for keyed windows.
template <class E>
EK_WINDOW_INLINE void count_push(count_core &c, double *ring, E *qmax, E *qmin,
                                 std::uint32_t mask, std::uint32_t size, unsigned aggs,
                                 double x) noexcept {
  const std::uint32_t seq = static_cast<std::uint32_t>(c.n);
  if (aggs & agg_needs_sums) {
    // On a local copy: remove's 8-byte stores followed by add's 16-byte loads of the same
    // fields would defeat store forwarding (measured: the biggest stall of a keyed push).
    shifted_sums t = c.sums;
    if (c.n >= size) t.remove(ring[(seq - size) & mask]);
    t.add(x);
    c.sums = t;
  }
  // A max-only single window reads no value back from the ring (its deque holds the values).
  if ((aggs & agg_needs_ring) &&
      (sizeof(E) <= 4 || (aggs & ~(EK_AGG_MAX | EK_AGG_MIN | EK_AGG_COUNT))))
    ring[seq & mask] = x;
  if (aggs & EK_AGG_MAX) deque_push<true>(qmax, c.max_head, c.max_tail, ring, mask, seq, size, x);
  if (aggs & EK_AGG_MIN) deque_push<false>(qmin, c.min_head, c.min_tail, ring, mask, seq, size, x);
  ++c.n;
  if ((aggs & agg_needs_sums) && ++c.since_rebuild >= size) {
    // Re-derive the sums from the values (amortised O(1)): no rounding error outlives a window.
    c.since_rebuild = 0;
    const std::uint64_t cnt = c.n < size ? c.n : size;
    const std::uint32_t start = static_cast<std::uint32_t>(c.n - cnt) & mask;
    // cnt <= size, the ring's capacity, so both fit size_t on 32-bit targets (wasm32) too.
    const std::size_t first =
        static_cast<std::size_t>(start + cnt <= mask + std::uint64_t{1} ? cnt : mask + 1u - start);
    c.sums.rebuild(ring + start, first, ring, static_cast<std::size_t>(cnt - first),
                   c.sums.mean());
  }
}

template <class E>
inline ek_window_agg count_read(const count_core &c, const double *ring, const E *qmax,
                                const E *qmin, std::uint32_t mask, std::uint32_t size,
                                unsigned aggs) noexcept {
  ek_window_agg a = empty_agg();
  a.count = c.n < size ? c.n : size;
  if (a.count == 0) return a;
  if (aggs & EK_AGG_SUM) a.sum = c.sums.sum();
  else a.sum = nan_value();
  if (aggs & EK_AGG_MEAN) a.mean = c.sums.mean();
  if (aggs & EK_AGG_VARIANCE) a.variance = c.sums.variance(1);
  if (aggs & EK_AGG_MAX) a.max = entry_value(qmax[c.max_head & mask], ring, mask);
  if (aggs & EK_AGG_MIN) a.min = entry_value(qmin[c.min_head & mask], ring, mask);
  if (aggs & EK_AGG_FIRST) a.first = ring[static_cast<std::uint32_t>(c.n - a.count) & mask];
  if (aggs & EK_AGG_LAST) a.last = ring[static_cast<std::uint32_t>(c.n - 1) & mask];
  return a;
}

}  // namespace detail

// The last N values. Aggs: EK_AGG_* mask (not 0). Aggregates not selected read NaN; count is
// always available. Memory: (N rounded up to a power of two) * (8 if anything but min/max/count
// is selected, + 16 per min/max) bytes.
template <unsigned Aggs = EK_AGG_ALL>
class count_window {
  static_assert(Aggs != 0 && (Aggs & ~EK_AGG_ALL) == 0, "Aggs is a mask of EK_AGG_* bits");

 public:
  count_window() noexcept = default;
  count_window(const count_window &) = delete;
  count_window &operator=(const count_window &) = delete;
  count_window(count_window &&) noexcept = default;
  count_window &operator=(count_window &&) noexcept = default;

  // 1 <= n <= 2^30: EK_ERR_ARG otherwise; EK_ERR_NOMEM leaves the object empty.
  ek_status init(std::size_t n, const ek_allocator *alloc = nullptr) noexcept {
    if (n == 0 || n > (std::size_t{1} << 30)) return EK_ERR_ARG;
    const std::uint32_t cap = detail::pow2_at_least(n);
    ek_status st = EK_OK;
    if (Aggs & ~(EK_AGG_MAX | EK_AGG_MIN | EK_AGG_COUNT)) st = ring_.allocate(alloc, cap);
    if (st == EK_OK && (Aggs & EK_AGG_MAX)) st = qmax_.allocate(alloc, cap);
    if (st == EK_OK && (Aggs & EK_AGG_MIN)) st = qmin_.allocate(alloc, cap);
    if (st != EK_OK) {
      ring_.reset(), qmax_.reset(), qmin_.reset();
      size_ = 0;
      return st;
    }
    size_ = static_cast<std::uint32_t>(n);
    mask_ = cap - 1;
    clear();
    return EK_OK;
  }
  void clear() noexcept {
    detail::count_clear(core_);
    rejected_ = 0;
  }

  // false (and counted) for NaN/Inf, which change nothing. Requires a successful init.
  EK_WINDOW_INLINE bool push(double x) noexcept {
    if (!std::isfinite(x)) {
      ++rejected_;
      return false;
    }
    detail::count_push(core_, ring_.data(), qmax_.data(), qmin_.data(), mask_, size_, Aggs, x);
    return true;
  }

  std::size_t capacity() const noexcept { return size_; }
  std::uint64_t count() const noexcept { return core_.n < size_ ? core_.n : size_; }
  std::uint64_t rejected() const noexcept { return rejected_; }
  double sum() const noexcept { return count() ? core_.sums.sum() : 0.0; }
  double mean() const noexcept { return core_.sums.mean(); }
  double variance() const noexcept { return core_.sums.variance(1); }
  double max() const noexcept {
    static_assert(Aggs & EK_AGG_MAX, "max not selected");
    return count() ? qmax_[core_.max_head & mask_].v : detail::nan_value();
  }
  double min() const noexcept {
    static_assert(Aggs & EK_AGG_MIN, "min not selected");
    return count() ? qmin_[core_.min_head & mask_].v : detail::nan_value();
  }
  double first() const noexcept {
    static_assert(Aggs & EK_AGG_FIRST, "first not selected");
    return count() ? ring_[static_cast<std::uint32_t>(core_.n - count()) & mask_]
                   : detail::nan_value();
  }
  double last() const noexcept {
    static_assert(Aggs & EK_AGG_LAST, "last not selected");
    return count() ? ring_[static_cast<std::uint32_t>(core_.n - 1) & mask_] : detail::nan_value();
  }
  ek_window_agg aggregates() const noexcept {
    return detail::count_read(core_, ring_.data(), qmax_.data(), qmin_.data(), mask_, size_,
                              Aggs);
  }

 private:
  detail::array<double> ring_;
  detail::array<detail::seq_value> qmax_, qmin_;
  detail::count_core core_{};
  std::uint32_t size_ = 0, mask_ = 0;
  std::uint64_t rejected_ = 0;
};

}  // namespace ek

#endif
