// stats: rolling z-score detector. Semantics in include/edgekernels/stats/zscore.hpp.
#include "edgekernels/stats/zscore.hpp"

#include <limits>

namespace ek {

ek_status zscore_detector::init(const zscore_config &c, const ek_allocator *alloc) noexcept {
  if (c.window == 0 || !valid_levels(c.warn, c.crit)) return EK_ERR_ARG;
  const ek_status st = win_.init(c.window, alloc);
  if (st != EK_OK) return st;
  cfg_ = c;
  const std::size_t w = c.warmup == zscore_config::warmup_window ? c.window : c.warmup;
  need_ = w < 2 ? 2 : w;
  reset();
  return EK_OK;
}

zscore_result zscore_detector::push(double x) noexcept {
  zscore_result r;
  const std::size_t n = win_.count();
  r.mean = n ? win_.mean() : std::numeric_limits<double>::quiet_NaN();
  r.stddev = n >= 2 ? win_.stddev(1) : std::numeric_limits<double>::quiet_NaN();
  r.z = 0;
  r.level = 0;
  r.accepted = std::isfinite(x);
  if (!r.accepted) {
    ++rejected_;
    return r;
  }
  if (accepted_ >= need_ && n >= 2 && r.stddev > 0) {
    const double z = (x - r.mean) / r.stddev;
    // Only an overflowed window (deviations beyond ~1e154) can make this NaN.
    r.z = z == z ? z : 0.0;
    r.level = alert_level(r.z, cfg_.warn, cfg_.crit);
  }
  win_.push(x);
  ++accepted_;
  return r;
}

}  // namespace ek
