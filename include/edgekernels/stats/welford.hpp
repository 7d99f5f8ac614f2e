// edgekernels — streaming mean/variance (Welford), mergeable with ek::moments (C++ API).
//
// One value at a time, O(1) time and 56 bytes of state, no allocation. The state is the C ABI's
// plain struct ek_welford, so a C caller and a C++ caller share it bit for bit.
//
// Accuracy: Welford's update (delta = x - mean; mean += delta/n; m2 += delta*(x - mean)) never
// forms a sum of squares, so a large common offset does not cancel: 1e9 + {4, 7, 13, 16} gives
// a sample variance of exactly 30, where sum(x^2) - n*mean^2 is off by thousands (or negative).
// The mean is carried as mean + mean_err (a double-double, as in ek::moments): each update's
// rounding error is kept, so the deviations x - mean stay accurate to ~u*|x - mean| even at
// |mean| ~ 1e9 * stddev, and merging two states (which is ek::merge, Chan et al.'s pairwise
// update — the algebra lives there once) needs exactly that.
//
// NaN/Inf values are rejected: not added, counted in rejected(). An empty accumulator reports
// mean NaN, variance NaN, min +Inf, max -Inf (the ek::moments identity).
// Thread safety: one object per thread; distinct objects are independent.
#ifndef EDGEKERNELS_STATS_WELFORD_HPP
#define EDGEKERNELS_STATS_WELFORD_HPP

#include <cmath>
#include <cstdint>
#include <limits>

#include "edgekernels/reduce/reduce.hpp"
#include "edgekernels/stats/compensated.hpp"
#include "edgekernels/stats/stats.h"

namespace ek {

class welford {
 public:
  welford() noexcept { reset(); }
  // Adopts a C state (ek_welford_init'ed or filled by ek_welford_push/merge).
  explicit welford(const ek_welford &s) noexcept : s_(s) {}

  void reset() noexcept {
    s_.count = 0;
    s_.rejected = 0;
    s_.mean = 0;
    s_.mean_err = 0;
    s_.m2 = 0;
    s_.min = std::numeric_limits<double>::infinity();
    s_.max = -std::numeric_limits<double>::infinity();
  }

  // Adds x; false (and rejected() + 1) if x is NaN or +-Inf.
  bool push(double x) noexcept {
    if (!std::isfinite(x)) {
      ++s_.rejected;
      return false;
    }
    const double n = static_cast<double>(++s_.count);
    const double d = (x - s_.mean) - s_.mean_err;  // deviation from the accurate mean
    detail::dd_add(s_.mean, s_.mean_err, d / n);
    s_.m2 += d * ((x - s_.mean) - s_.mean_err);
    if (x < s_.min) s_.min = x;
    if (x > s_.max) s_.max = x;
    return true;
  }
  // Pushes n values; returns how many were accepted.
  std::uint64_t push(const double *x, std::size_t n) noexcept {
    std::uint64_t k = 0;
    for (std::size_t i = 0; i < n; ++i) k += push(x[i]) ? 1 : 0;
    return k;
  }

  // Adds everything `o` has seen (its rejected count included), as one pass over both would.
  void merge(const welford &o) noexcept {
    const std::uint64_t rej = s_.rejected + o.s_.rejected;
    assign(ek::merge(moments_of(), o.moments_of()));
    s_.rejected = rej;
  }
  // Adds a summary from ek::describe (or another merge). EK_ERR_ARG, and nothing changes, if
  // m describes non-finite data (describe of an array holding NaN/Inf) or is inconsistent
  // (count > 0 with a NaN mean, negative m2, min > max).
  ek_status merge(const moments &m) noexcept {
    if (m.count == 0) return EK_OK;
    if (!std::isfinite(m.mean) || !std::isfinite(m.mean_err) || !std::isfinite(m.m2) || m.m2 < 0 ||
        !std::isfinite(m.min) || !std::isfinite(m.max) || m.min > m.max)
      return EK_ERR_ARG;
    const std::uint64_t rej = s_.rejected;
    assign(ek::merge(moments_of(), m));
    s_.rejected = rej;
    return EK_OK;
  }

  // The ek::moments of the accepted values (sum = count * mean, to ~u).
  moments moments_of() const noexcept {
    if (s_.count == 0)
      return moments{0, 0.0, std::numeric_limits<double>::quiet_NaN(), 0.0, s_.min, s_.max, 0.0};
    return moments{s_.count, sum(), s_.mean, s_.m2, s_.min, s_.max, s_.mean_err};
  }

  std::uint64_t count() const noexcept { return s_.count; }
  std::uint64_t rejected() const noexcept { return s_.rejected; }
  double mean() const noexcept {
    return s_.count ? s_.mean + s_.mean_err : std::numeric_limits<double>::quiet_NaN();
  }
  double sum() const noexcept {
    const double n = static_cast<double>(s_.count);
    return s_.mean * n + s_.mean_err * n;
  }
  // Sum of squared deviations from the mean.
  double m2() const noexcept { return s_.m2; }
  // m2 / (count - ddof) (0: population, 1: sample); NaN when count <= ddof.
  double variance(unsigned ddof = 1) const noexcept {
    return s_.count > ddof ? s_.m2 / static_cast<double>(s_.count - ddof)
                           : std::numeric_limits<double>::quiet_NaN();
  }
  double stddev(unsigned ddof = 1) const noexcept { return std::sqrt(variance(ddof)); }
  double min() const noexcept { return s_.min; }
  double max() const noexcept { return s_.max; }
  const ek_welford &state() const noexcept { return s_; }

 private:
  void assign(const moments &m) noexcept {
    s_.count = m.count;
    if (m.count == 0) {
      reset();
      return;
    }
    s_.mean = m.mean;
    s_.mean_err = m.mean_err;
    s_.m2 = m.m2;
    s_.min = m.min;
    s_.max = m.max;
  }

  ek_welford s_;
};

}  // namespace ek

#endif
