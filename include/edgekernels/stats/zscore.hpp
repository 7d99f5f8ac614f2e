// edgekernels — rolling-window z-score anomaly detector (C++ API).
//
// push(x) scores x against the previous `window` accepted values (x itself excluded), then
// adds x to the window. Exactly (this is what `ek zscore` prints):
//   mean   = mean of the previous min(window, accepted so far) values; NaN if there are none
//   stddev = their sample standard deviation (ddof = 1); NaN if fewer than 2
//   (a window of identical values has exactly that mean and stddev exactly 0, however it got
//   there: the detector counts the run of equal trailing values instead of trusting sums that
//   just shed a different value)
//   z      = (x - mean) / stddev, except z = 0 while fewer than max(warmup, 2) values have been
//            accepted before x (since init/reset), or while the window holds fewer than 2, or
//            when stddev == 0 (a constant window never divides by zero). z is never NaN.
//   level  = 2 if |z| >= crit, else 1 if |z| >= warn, else 0.
// warmup counts all accepted values, so for warmup <= window it is pandas' min_periods and for
// warmup > window it delays scoring past the first full window.
// NaN/Inf values are rejected: not added to the window, counted in rejected(); their result has
// accepted = false, level 0, z = 0, and mean/stddev of the window as it stands.
// Accuracy: mean and stddev come from ek::rolling_moments (shifted, compensated sums re-derived
// every `window` values), re-anchored early when an outlier or a level shift leaves the anchor
// more than 8 stddev from the mean: ~1e-13 relative to a two-pass computation over the window,
// no drift, no cancellation at large offsets (1e9 + noise); z uses x - mean from the anchored
// sums, so it keeps its relative accuracy at any offset.
// Cost: O(1) amortised per push (at most 1 + 8 re-derivations of the window per `window`
// values); memory: one ring of `window` doubles, allocated by init only.
// Thread safety: one object per thread; distinct objects are independent.
#ifndef EDGEKERNELS_STATS_ZSCORE_HPP
#define EDGEKERNELS_STATS_ZSCORE_HPP

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "edgekernels/stats/rolling.hpp"
#include "edgekernels/types.h"

namespace ek {

// 2 if |z| >= crit, 1 if |z| >= warn, 0 otherwise (and for NaN z).
inline int alert_level(double z, double warn, double crit) noexcept {
  const double a = std::fabs(z);
  return a >= crit ? 2 : a >= warn ? 1 : 0;
}

// Thresholds for |z|: 0 <= warn <= crit, not NaN (+Inf disables a level).
inline bool valid_levels(double warn, double crit) noexcept {
  return warn >= 0 && crit >= warn;  // false for NaN
}

// How many accepted values a detector needs before it scores: max(warmup, 2), where
// warmup == SIZE_MAX (the configs' warmup_window) means the window length.
inline std::size_t scoring_start(std::size_t warmup, std::size_t window) noexcept {
  const std::size_t w = warmup == SIZE_MAX ? window : warmup;
  return w < 2 ? 2 : w;
}

struct zscore_config {
  // warmup == warmup_window means "same as window" (the default).
  static constexpr std::size_t warmup_window = SIZE_MAX;
  std::size_t window = 30;  // >= 1
  std::size_t warmup = warmup_window;
  double warn = 2.0;
  double crit = 3.0;
};

struct zscore_result {
  double mean;    // of the previous values (NaN if none)
  double stddev;  // sample stddev of the previous values (NaN if fewer than 2)
  double z;
  int level;      // 0 normal, 1 warning, 2 critical
  bool accepted;  // false: x was NaN/Inf and was ignored
};

class zscore_detector {
 public:
  zscore_detector() noexcept = default;
  zscore_detector(zscore_detector &&) noexcept = default;
  zscore_detector &operator=(zscore_detector &&) noexcept = default;

  // EK_ERR_ARG for window 0 or invalid warn/crit; EK_ERR_NOMEM if the ring cannot be allocated
  // (the detector is then unusable until a successful init).
  ek_status init(const zscore_config &c, const ek_allocator *alloc = nullptr) noexcept;
  // Forgets every value and count; keeps the configuration and memory.
  void reset() noexcept {
    win_.clear();
    accepted_ = rejected_ = 0;
    run_ = since_anchor_ = 0;
  }
  // Requires a successful init.
  zscore_result push(double x) noexcept;

  const zscore_config &config() const noexcept { return cfg_; }
  std::uint64_t accepted() const noexcept { return accepted_; }
  std::uint64_t rejected() const noexcept { return rejected_; }
  // The values currently in the window (0 = oldest).
  const rolling_moments &window() const noexcept { return win_; }

 private:
  zscore_config cfg_;
  std::size_t need_ = 2;  // max(warmup, 2)
  rolling_moments win_;
  std::uint64_t accepted_ = 0, rejected_ = 0;
  std::size_t run_ = 0;  // trailing accepted values equal to the newest one
  std::size_t since_anchor_ = 0;
};

}  // namespace ek

#endif
