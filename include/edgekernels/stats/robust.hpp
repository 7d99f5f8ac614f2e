// edgekernels — robust anomaly detector: rolling median and MAD, Hampel identifier (C++ API).
//
// push(x) scores x against the previous `window` accepted values (x excluded), then adds x.
// Exactly, over those previous values:
//   median = their median (mean of the two middle values for an even count); NaN if none
//   mad    = median of |v - median| (raw, unscaled; numpy/scipy median_abs_deviation with
//            scale=1.0); NaN if none
//   z      = (x - median) / (scale * mad), scale 1.4826 by default (the MAD of normal data
//            times 1.4826 estimates its stddev, scipy's scale='normal'); z = 0 while fewer than
//            max(warmup, 2) values have been accepted before x, or when mad == 0. Never NaN.
//   level  = 2 if |z| >= crit, else 1 if |z| >= warn, else 0
//   replacement = median if |z| >= crit (the Hampel filter's output), else x.
// NaN/Inf values are rejected (not added, counted): accepted = false, level 0, z = 0, and
// replacement = the current median (NaN if the window is empty), so the filtered series has no
// holes once the window has a value.
// Both statistics are exact (the order statistics of the window, no approximation): the window
// is kept twice, in arrival order (a ring) and sorted. A push finds the leaving and the arriving
// value's positions in the sorted copy by binary search and shifts the elements between them
// (one memmove of at most `window` doubles: O(N) memory traffic but no comparisons, ~N/8 cycles).
// The median is then O(1); the MAD is the middle of the union of two sorted sequences — the
// deviations below the median (read right to left) and above it (left to right) — found by a
// binary search over the split: O(log N). Nothing is ever re-sorted.
// Memory: 2 * window doubles, allocated by init only. Thread safety: one object per thread.
#ifndef EDGEKERNELS_STATS_ROBUST_HPP
#define EDGEKERNELS_STATS_ROBUST_HPP

#include <cstddef>
#include <cstdint>

#include "edgekernels/detail/memory.hpp"
#include "edgekernels/stats/zscore.hpp"
#include "edgekernels/types.h"

namespace ek {

struct robust_config {
  static constexpr std::size_t warmup_window = SIZE_MAX;  // "same as window"
  std::size_t window = 31;  // >= 1
  std::size_t warmup = warmup_window;
  double warn = 2.0;
  double crit = 3.0;       // Hampel's usual t = 3
  double scale = 1.4826;   // finite, > 0
};

struct robust_result {
  double median;       // of the previous values (NaN if none)
  double mad;          // raw median absolute deviation of the previous values (NaN if none)
  double z;            // robust z-score
  double replacement;  // Hampel filter output
  int level;
  bool accepted;
};

// Median and MAD of a sorted array a[0..n), n >= 1, exactly as defined above. O(log n).
double sorted_median(const double *a, std::size_t n) noexcept;
double sorted_mad(const double *a, std::size_t n, double median) noexcept;

class robust_detector {
 public:
  robust_detector() noexcept = default;
  robust_detector(robust_detector &&) noexcept = default;
  robust_detector &operator=(robust_detector &&) noexcept = default;

  // EK_ERR_ARG for window 0, invalid warn/crit, or scale not finite > 0; EK_ERR_NOMEM.
  ek_status init(const robust_config &c, const ek_allocator *alloc = nullptr) noexcept;
  void reset() noexcept { head_ = size_ = 0, accepted_ = rejected_ = 0; }
  // Requires a successful init.
  robust_result push(double x) noexcept;

  const robust_config &config() const noexcept { return cfg_; }
  std::uint64_t accepted() const noexcept { return accepted_; }
  std::uint64_t rejected() const noexcept { return rejected_; }
  std::size_t count() const noexcept { return size_; }
  // The window in ascending order, count() values.
  const double *sorted() const noexcept { return sorted_.data(); }

 private:
  robust_config cfg_;
  std::size_t need_ = 2;
  detail::array<double> ring_, sorted_;
  std::size_t head_ = 0, size_ = 0;
  std::uint64_t accepted_ = 0, rejected_ = 0;
};

}  // namespace ek

#endif
