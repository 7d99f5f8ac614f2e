// stats: rolling median/MAD (Hampel) detector. Semantics and complexity in
// include/edgekernels/stats/robust.hpp.
#include "edgekernels/stats/robust.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace ek {

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

// The two sorted deviation sequences of a sorted array around its median m, split at p = n/2:
// below[j] = m - a[p-1-j] (ascending in j, n/2 of them), above[j] = a[p+j] - m (ascending,
// the rest). Rounded subtraction is monotonic, so both stay sorted after rounding.
struct deviations {
  const double *a;
  std::size_t n, p;
  double m;
  double below(std::size_t j) const noexcept { return m - a[p - 1 - j]; }
  double above(std::size_t j) const noexcept { return a[p + j] - m; }

  // The k-th (0-based) and (k+1)-th smallest deviations of the union (the second is +Inf if
  // k + 1 == n). Binary search for i, the number of `below` values among the k+1 smallest:
  // the smallest i with below(i) >= above(k - i).
  void select(std::size_t k, double &kth, double &next) const noexcept {
    const std::size_t nb = p, na = n - p;
    std::size_t lo = k + 1 > na ? k + 1 - na : 0;
    std::size_t hi = k + 1 < nb ? k + 1 : nb;
    while (lo < hi) {
      const std::size_t i = lo + (hi - lo) / 2;
      if (below(i) < above(k - i))
        lo = i + 1;
      else
        hi = i;
    }
    const std::size_t i = lo, j = k + 1 - lo;  // j values taken from `above`
    const double lb = i ? below(i - 1) : -inf, la = j ? above(j - 1) : -inf;
    kth = lb > la ? lb : la;
    const double nb_ = i < nb ? below(i) : inf, na_ = j < na ? above(j) : inf;
    next = nb_ < na_ ? nb_ : na_;
  }
};

}  // namespace

double sorted_median(const double *a, std::size_t n) noexcept {
  const std::size_t h = n / 2;
  return n % 2 ? a[h] : 0.5 * a[h - 1] + 0.5 * a[h];
}

double sorted_mad(const double *a, std::size_t n, double median) noexcept {
  if (n < 2) return 0.0;
  const deviations d{a, n, n / 2, median};
  double kth, next;
  if (n % 2) {
    d.select(n / 2, kth, next);
    return kth;
  }
  d.select(n / 2 - 1, kth, next);
  return 0.5 * kth + 0.5 * next;
}

ek_status robust_detector::init(const robust_config &c, const ek_allocator *alloc) noexcept {
  if (c.window == 0 || !valid_levels(c.warn, c.crit) || !(c.scale > 0) || !std::isfinite(c.scale))
    return EK_ERR_ARG;
  ek_status st = ring_.allocate(alloc, c.window);
  if (st == EK_OK) st = sorted_.allocate(alloc, c.window);
  if (st != EK_OK) {
    ring_.reset();
    sorted_.reset();
    return st;
  }
  cfg_ = c;
  need_ = scoring_start(c.warmup, c.window);
  reset();
  return EK_OK;
}

robust_result robust_detector::push(double x) noexcept {
  robust_result r;
  double *s = sorted_.data();
  if (size_) {
    r.median = sorted_median(s, size_);
    r.mad = sorted_mad(s, size_, r.median);
  } else {
    r.median = r.mad = std::numeric_limits<double>::quiet_NaN();
  }
  r.z = 0;
  r.level = 0;
  r.accepted = std::isfinite(x);
  if (!r.accepted) {
    ++rejected_;
    r.replacement = r.median;
    return r;
  }
  const double denom = cfg_.scale * r.mad;
  if (accepted_ >= need_ && denom > 0) {
    const double z = (x - r.median) / denom;
    r.z = z == z ? z : 0.0;
    r.level = alert_level(r.z, cfg_.warn, cfg_.crit);
  }
  r.replacement = std::fabs(r.z) >= cfg_.crit ? r.median : x;

  const std::size_t cap = ring_.size();
  const std::size_t j = static_cast<std::size_t>(std::upper_bound(s, s + size_, x) - s);
  if (size_ == cap) {
    const double old = ring_[head_];
    ring_[head_] = x;
    head_ = head_ + 1 == cap ? 0 : head_ + 1;
    const std::size_t i = static_cast<std::size_t>(std::lower_bound(s, s + size_, old) - s);
    if (j > i) {  // x lands after the leaving value: close the gap leftwards
      std::memmove(s + i, s + i + 1, (j - 1 - i) * sizeof(double));
      s[j - 1] = x;
    } else {
      std::memmove(s + j + 1, s + j, (i - j) * sizeof(double));
      s[j] = x;
    }
  } else {
    const std::size_t tail = head_ + size_;
    ring_[tail >= cap ? tail - cap : tail] = x;
    std::memmove(s + j + 1, s + j, (size_ - j) * sizeof(double));
    s[j] = x;
    ++size_;
  }
  ++accepted_;
  return r;
}

}  // namespace ek
