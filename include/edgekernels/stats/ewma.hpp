// edgekernels — exponentially weighted moving mean and variance (C++ API).
//
// With smoothing factor alpha, the first accepted value x_0 sets mean = x_0, variance = 0, and
// each later value updates (West 1979 / Finch 2009, "Incremental calculation of weighted mean
// and variance"):
//     d = x - mean;  mean += alpha * d;  variance = (1 - alpha) * (variance + alpha * d^2)
// which is exactly the weighted mean and (biased, weights summing to 1) weighted variance of
// all values so far with weights (1-alpha)^t for x_0 and alpha*(1-alpha)^(t-i) for x_i, i >= 1:
// pandas' ewm(alpha=..., adjust=False).mean() / .var(bias=True). No sum of squares is formed,
// and the mean is carried as a double-double (as in welford.hpp), so d keeps its digits at a
// 1e9 offset. O(1) per value, no allocation.
// alpha = 1 follows the last value (variance 0). A half-life h (in values) gives
// alpha = 1 - 2^(-1/h): a value's weight halves every h values.
// NaN/Inf values are rejected (not applied, counted). Before any accepted value mean and
// variance are NaN. Thread safety: one object per thread; distinct objects are independent.
#ifndef EDGEKERNELS_STATS_EWMA_HPP
#define EDGEKERNELS_STATS_EWMA_HPP

#include <cmath>
#include <cstdint>
#include <limits>

#include "edgekernels/stats/compensated.hpp"
#include "edgekernels/types.h"

namespace ek {

struct ewma_config {
  double alpha = 0.1;      // in (0, 1]; used when half_life is 0
  double half_life = 0.0;  // > 0: overrides alpha with 1 - 2^(-1/half_life); 0: unused
};

class ewma {
 public:
  // EK_ERR_ARG unless half_life is 0 or finite > 0, and (half_life 0) alpha is in (0, 1].
  ek_status init(const ewma_config &c, const ek_allocator * = nullptr) noexcept {
    double a = c.alpha;
    if (c.half_life != 0.0) {
      if (!(c.half_life > 0) || !std::isfinite(c.half_life)) return EK_ERR_ARG;
      a = -std::expm1(-0.69314718055994530942 / c.half_life);  // 1 - 2^(-1/h), accurate for large h
    }
    if (!(a > 0.0 && a <= 1.0)) return EK_ERR_ARG;
    alpha_ = a;
    reset();
    return EK_OK;
  }
  void reset() noexcept {
    mean_ = mean_err_ = var_ = 0;
    n_ = rejected_ = 0;
  }
  // false (and rejected() + 1) for NaN/Inf.
  bool push(double x) noexcept {
    if (!std::isfinite(x)) {
      ++rejected_;
      return false;
    }
    if (n_++ == 0) {
      mean_ = x;
      mean_err_ = 0;
      var_ = 0;
      return true;
    }
    const double d = (x - mean_) - mean_err_;
    const double inc = alpha_ * d;
    detail::dd_add(mean_, mean_err_, inc);
    var_ = (1.0 - alpha_) * (var_ + d * inc);
    return true;
  }

  double alpha() const noexcept { return alpha_; }
  double mean() const noexcept {
    return n_ ? mean_ + mean_err_ : std::numeric_limits<double>::quiet_NaN();
  }
  double variance() const noexcept { return n_ ? var_ : std::numeric_limits<double>::quiet_NaN(); }
  double stddev() const noexcept { return std::sqrt(variance()); }
  std::uint64_t count() const noexcept { return n_; }
  std::uint64_t accepted() const noexcept { return n_; }
  std::uint64_t rejected() const noexcept { return rejected_; }

 private:
  double alpha_ = 0.1, mean_ = 0, mean_err_ = 0, var_ = 0;  // mean is mean_ + mean_err_
  std::uint64_t n_ = 0, rejected_ = 0;
};

}  // namespace ek

#endif
