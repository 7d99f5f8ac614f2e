// edgekernels — internal: a running value carried as hi + lo (double-double), for means that
// sit far from zero (1e9 + noise) and must still give accurate deviations x - mean.
#ifndef EDGEKERNELS_STATS_COMPENSATED_HPP
#define EDGEKERNELS_STATS_COMPENSATED_HPP

namespace ek {
namespace detail {

// hi + lo += v, keeping what rounding drops (TwoSum, then renormalised so |lo| <= ulp(hi)/2).
inline void dd_add(double &hi, double &lo, double v) noexcept {
  const double t = hi + v;
  const double z = t - hi;
  const double err = lo + ((hi - (t - z)) + (v - z));
  hi = t + err;
  lo = err - (hi - t);
}

}  // namespace detail
}  // namespace ek

#endif
