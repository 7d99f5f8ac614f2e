// stats: rolling z-score detector. Semantics in include/edgekernels/stats/zscore.hpp.
#include "edgekernels/stats/zscore.hpp"

#include <limits>

namespace ek {

ek_status zscore_detector::init(const zscore_config &c, const ek_allocator *alloc) noexcept {
  if (c.window == 0 || !valid_levels(c.warn, c.crit)) return EK_ERR_ARG;
  const ek_status st = win_.init(c.window, alloc);
  if (st != EK_OK) return st;
  cfg_ = c;
  need_ = scoring_start(c.warmup, c.window);
  reset();
  return EK_OK;
}

zscore_result zscore_detector::push(double x) noexcept {
  zscore_result r;
  const std::size_t n = win_.count();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (n && run_ >= n) {  // constant window: exact, whatever rounding the sums carry
    r.mean = win_.newest();
    r.stddev = n >= 2 ? 0.0 : nan;
  } else {
    r.mean = n ? win_.mean() : nan;
    r.stddev = n >= 2 ? win_.stddev(1) : nan;
  }
  r.z = 0;
  r.level = 0;
  r.accepted = std::isfinite(x);
  if (!r.accepted) {
    ++rejected_;
    return r;
  }
  if (accepted_ >= need_ && n >= 2 && r.stddev > 0) {
    // x - mean from the window's anchored sums: the rounding of a mean near 1e9 would
    // otherwise cost z about ulp(1e9) / stddev.
    const double dev = run_ >= n ? x - r.mean : win_.deviation(x);
    const double z = dev / r.stddev;
    // Only an overflowed window (deviations beyond ~1e154) can make this NaN.
    r.z = z == z ? z : 0.0;
    r.level = alert_level(r.z, cfg_.warn, cfg_.crit);
  }
  run_ = n && x == win_.newest() ? run_ + 1 : 1;
  win_.push(x);
  ++accepted_;
  // Keep the window's anchor within 8 stddev of its mean (see rolling_moments::reanchor), so
  // the variance keeps ~14 digits after an outlier anchored it or the level shifted; at most
  // 8 such passes per `window` values keeps push O(1) amortised.
  if (++since_anchor_ >= cfg_.window / 8 && win_.count() >= 2) {
    const double d = win_.mean() - win_.anchor();
    if (d * d > 64.0 * win_.variance(0)) {
      win_.reanchor();
      since_anchor_ = 0;
    }
  }
  return r;
}

}  // namespace ek
