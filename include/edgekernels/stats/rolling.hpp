// edgekernels — windowed mean and variance without drift (C++ API).
//
// A sliding window adds the newest value and removes the oldest; done naively with running
// sums of x and x^2 this cancels catastrophically (1e9 + {4, 7, 13, 16}: sum x^2 ~ 4e18 where the
// answer is 90) and rounding errors pile up forever. Two measures keep every result within a
// few ulps of a fresh two-pass computation over the window:
//   * the sums are of deviations d = x - anchor from an anchor near the data, so a large common
//     offset never enters a square;
//   * each sum is compensated (an error-free TwoSum carries what rounding dropped), and the
//     window re-derives both sums from its values, re-anchored at the current mean, once every
//     `capacity` pushes: O(1) amortised, and no error older than one window survives.
// Removing a value subtracts exactly the d that adding it contributed (same anchor, same x).
//
// shifted_sums holds only the sums, for windows that keep their values elsewhere (event-time
// windows); rolling_moments is a count-based window that owns its ring of values.
// Values must be finite: the detectors built on these reject NaN/Inf before pushing. A deviation
// beyond ~1e154 overflows its square; such a window reports Inf variance until the value leaves
// and the next re-derivation clears it.
#ifndef EDGEKERNELS_STATS_ROLLING_HPP
#define EDGEKERNELS_STATS_ROLLING_HPP

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "edgekernels/detail/memory.hpp"
#include "edgekernels/stats/compensated.hpp"
#include "edgekernels/types.h"

namespace ek {

class shifted_sums {
 public:
  void clear() noexcept { *this = shifted_sums{}; }
  void add(double x) noexcept {
    if (n_ == 0) anchor_ = x;  // the first value anchors an empty set
    const double d = x - anchor_;
    const double d2 = d * d;
    two_sum(s1_, c1_, d);
    two_sum(s2_, c2_, d2);
    ++n_;
  }
  void remove(double x) noexcept {
    if (n_ <= 1) {
      clear();
      return;
    }
    const double d = x - anchor_;
    const double d2 = d * d;
    two_sum(s1_, c1_, -d);
    two_sum(s2_, c2_, -d2);
    --n_;
  }
  // Recomputes the sums of the values in [a, a+na) and [b, b+nb) about `anchor`.
  void rebuild(const double *a, std::size_t na, const double *b, std::size_t nb,
               double anchor) noexcept {
    clear();
    anchor_ = anchor;
    for (std::size_t i = 0; i < na; ++i) add_anchored(a[i]);
    for (std::size_t i = 0; i < nb; ++i) add_anchored(b[i]);
  }

  std::uint64_t count() const noexcept { return n_; }
  double anchor() const noexcept { return anchor_; }
  // Sum of the values: anchor*n + sum d, rounded once.
  double sum() const noexcept {
    return n_ ? static_cast<double>(n_) * anchor_ + (s1_ + c1_) : 0.0;
  }
  double mean() const noexcept {
    return n_ ? anchor_ + (s1_ + c1_) / static_cast<double>(n_)
              : std::numeric_limits<double>::quiet_NaN();
  }
  // x - mean() without the rounding of mean(): (x - anchor) is exact for x near the data, and
  // the mean's offset from the anchor is small, so a 1e9 offset costs no digits. NaN if empty.
  double deviation(double x) const noexcept {
    return n_ ? (x - anchor_) - (s1_ + c1_) / static_cast<double>(n_)
              : std::numeric_limits<double>::quiet_NaN();
  }
  // Sum of squared deviations from the mean (never negative).
  double m2() const noexcept {
    if (n_ < 2) return 0.0;
    const double s1 = s1_ + c1_;
    const double m = (s2_ + c2_) - s1 * s1 / static_cast<double>(n_);
    return m > 0 ? m : 0.0;
  }
  // m2 / (n - ddof); NaN when n <= ddof.
  double variance(unsigned ddof) const noexcept {
    return n_ > ddof ? m2() / static_cast<double>(n_ - ddof)
                     : std::numeric_limits<double>::quiet_NaN();
  }

 private:
  static void two_sum(double &s, double &c, double v) noexcept { detail::two_sum_into(s, c, v); }
  void add_anchored(double x) noexcept {
    const double d = x - anchor_;
    const double d2 = d * d;
    two_sum(s1_, c1_, d);
    two_sum(s2_, c2_, d2);
    ++n_;
  }

  double anchor_ = 0, s1_ = 0, c1_ = 0, s2_ = 0, c2_ = 0;
  std::uint64_t n_ = 0;
};

// Mean and variance of the last `capacity` values pushed. O(1) amortised per push, one ring of
// `capacity` doubles, no allocation after init.
class rolling_moments {
 public:
  // capacity >= 1; EK_ERR_ARG otherwise, EK_ERR_NOMEM if the ring cannot be allocated.
  ek_status init(std::size_t capacity, const ek_allocator *alloc = nullptr) noexcept {
    if (capacity == 0) return EK_ERR_ARG;
    ek_status st = ring_.allocate(alloc, capacity);
    if (st != EK_OK) return st;
    clear();
    return EK_OK;
  }
  void clear() noexcept {
    sums_.clear();
    head_ = 0, size_ = 0, since_rebuild_ = 0;
  }
  // x must be finite.
  void push(double x) noexcept {
    const std::size_t cap = ring_.size();
    if (size_ == cap) {
      sums_.remove(ring_[head_]);
      ring_[head_] = x;
      head_ = head_ + 1 == cap ? 0 : head_ + 1;
    } else {
      std::size_t tail = head_ + size_;
      ring_[tail >= cap ? tail - cap : tail] = x;
      ++size_;
    }
    sums_.add(x);
    if (++since_rebuild_ >= cap) rebuild();
  }

  std::size_t capacity() const noexcept { return ring_.size(); }
  std::size_t count() const noexcept { return size_; }
  bool full() const noexcept { return size_ == ring_.size() && size_ != 0; }
  // i-th value of the window, 0 = oldest. i < count().
  double at(std::size_t i) const noexcept {
    std::size_t j = head_ + i;
    return ring_[j >= ring_.size() ? j - ring_.size() : j];
  }
  double oldest() const noexcept { return at(0); }
  double newest() const noexcept { return at(size_ - 1); }
  double sum() const noexcept { return sums_.sum(); }
  double mean() const noexcept { return sums_.mean(); }
  double deviation(double x) const noexcept { return sums_.deviation(x); }  // x - mean, accurately
  double anchor() const noexcept { return sums_.anchor(); }
  // Re-derives the sums about the current mean now, O(count()): what push does every
  // `capacity` values. For callers that see the anchor far from the mean (|mean - anchor| >>
  // stddev: an outlier was the anchor, or the level moved), where m2's cancellation costs
  // digits in proportion to ((mean - anchor) / stddev)^2.
  void reanchor() noexcept { rebuild(); }
  double m2() const noexcept { return sums_.m2(); }
  double variance(unsigned ddof) const noexcept { return sums_.variance(ddof); }
  double stddev(unsigned ddof) const noexcept { return std::sqrt(sums_.variance(ddof)); }

 private:
  void rebuild() noexcept {
    since_rebuild_ = 0;
    if (size_ == 0) return;
    const std::size_t cap = ring_.size();
    const std::size_t first = head_ + size_ <= cap ? size_ : cap - head_;
    sums_.rebuild(ring_.data() + head_, first, ring_.data(), size_ - first, sums_.mean());
  }

  detail::array<double> ring_;
  shifted_sums sums_;
  std::size_t head_ = 0, size_ = 0, since_rebuild_ = 0;
};

}  // namespace ek

#endif
