// edgekernels — internal: compensated accumulation. A running sum keeps what each addition's
// rounding dropped (Knuth's TwoSum), so long or cancelling sums stay within an ulp or so of
// exact; dd_add carries a value as hi + lo (double-double), for means that sit far from zero
// (1e9 + noise) and must still give accurate deviations x - mean.
#ifndef EDGEKERNELS_STATS_COMPENSATED_HPP
#define EDGEKERNELS_STATS_COMPENSATED_HPP

namespace ek {
namespace detail {

// s + v, with the rounding error of the addition accumulated in c.
inline void two_sum_into(double &s, double &c, double v) noexcept {
  const double t = s + v;
  const double z = t - s;
  c += (s - (t - z)) + (v - z);
  s = t;
}

// A compensated sum: value() is within ~1 ulp of the exact sum of everything added.
struct compensated_sum {
  double s = 0, c = 0;
  void add(double v) noexcept { two_sum_into(s, c, v); }
  double value() const noexcept { return s + c; }
};

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
