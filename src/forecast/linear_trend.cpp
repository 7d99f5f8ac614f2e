// Rolling least-squares line: sums of deviations about an anchor, updated in O(1) per push.
#include <cmath>
#include <limits>

#include "edgekernels/forecast/forecast.hpp"

namespace ek {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

ek_status linear_trend::init(const linear_trend_config &cfg, const ek_allocator *alloc) noexcept {
  if (cfg.window < 2 || !(cfg.level > 0 && cfg.level < 1)) return EK_ERR_ARG;
  const double dof = static_cast<double>(cfg.window - 2);
  ek_status st = win_.init(cfg.window, alloc);
  if (st != EK_OK) return st;
  level_ = cfg.level;
  tq_ = cfg.window > 2 ? t_quantile(0.5 * (1 + cfg.level), dof) : kNaN;
  clear();
  return EK_OK;
}

void linear_trend::clear() noexcept {
  win_.clear();
  s_ = csum{}, t_ = csum{};
  anchor_ = 0;
  since_rebuild_ = 0;
  accepted_ = rejected_ = 0;
}

ek_status linear_trend::push(double y) noexcept {
  if (!std::isfinite(y)) {
    ++rejected_;
    return EK_ERR_ARG;
  }
  const std::size_t n = win_.capacity();
  if (n == 0) return EK_ERR_ARG;  // not initialised
  if (win_.count() == 0) anchor_ = y;
  const double d = y - anchor_;
  if (win_.full()) {
    // Every position moves down by one and the oldest leaves:
    // T' = T - (S - d_0) + (N-1) d,  S' = S - d_0 + d.
    const double d0 = win_.oldest() - anchor_;
    t_.add(-(s_.value() - d0));
    t_.add(static_cast<double>(n - 1) * d);
    s_.add(-d0);
  } else {
    t_.add(static_cast<double>(win_.count()) * d);
  }
  s_.add(d);
  win_.push(y);
  ++accepted_;
  if (++since_rebuild_ >= n) rebuild();
  return EK_OK;
}

// Re-derives S and T from the ring about the current mean: what rounding added since the last
// rebuild is dropped, and the anchor follows the data.
void linear_trend::rebuild() noexcept {
  since_rebuild_ = 0;
  const std::size_t k = win_.count();
  if (k == 0) return;
  anchor_ = win_.mean();
  s_ = csum{}, t_ = csum{};
  for (std::size_t i = 0; i < k; ++i) {
    const double d = win_.at(i) - anchor_;
    s_.add(d);
    t_.add(static_cast<double>(i) * d);
  }
}

// Sxy = sum (i - xbar)(y_i - ybar) = T - xbar S (the anchor cancels).
double linear_trend::sxy() const noexcept {
  const double xbar = 0.5 * static_cast<double>(win_.capacity() - 1);
  return t_.value() - xbar * s_.value();
}

namespace {
double sxx_of(std::size_t n) noexcept {
  const double m = static_cast<double>(n);
  return m * (m * m - 1) / 12;
}
}  // namespace

double linear_trend::slope() const noexcept {
  if (!full()) return kNaN;
  return sxy() / sxx_of(win_.capacity());
}

double linear_trend::intercept() const noexcept {
  if (!full()) return kNaN;
  const std::size_t n = win_.capacity();
  const double mean = anchor_ + s_.value() / static_cast<double>(n);
  return mean - slope() * (0.5 * static_cast<double>(n - 1));
}

double linear_trend::forecast(double h) const noexcept {
  if (!full()) return kNaN;
  const std::size_t n = win_.capacity();
  const double mean = anchor_ + s_.value() / static_cast<double>(n);
  // x0 - xbar = (N-1+h) - (N-1)/2 = (N-1)/2 + h
  return mean + slope() * (0.5 * static_cast<double>(n - 1) + h);
}

double linear_trend::residual_std() const noexcept {
  const std::size_t n = win_.capacity();
  if (!full() || n < 3) return kNaN;
  const double b = sxy();
  double rss = win_.m2() - b * b / sxx_of(n);
  if (!(rss > 0)) rss = 0;
  return std::sqrt(rss / static_cast<double>(n - 2));
}

void linear_trend::interval(double h, double *lo, double *hi) const noexcept {
  interval(h, level_, lo, hi);
}

void linear_trend::interval(double h, double level, double *lo, double *hi) const noexcept {
  const std::size_t n = win_.capacity();
  if (!(level > 0 && level < 1) || n < 3) {
    if (lo) *lo = kNaN;
    if (hi) *hi = kNaN;
    return;
  }
  const double yhat = forecast(h);
  const double u = 0.5 * static_cast<double>(n - 1) + h;
  const double tq = level == level_ ? tq_ : t_quantile(0.5 * (1 + level), static_cast<double>(n - 2));
  const double half =
      tq * residual_std() * std::sqrt(1 + 1 / static_cast<double>(n) + u * u / sxx_of(n));
  if (lo) *lo = yhat - half;
  if (hi) *hi = yhat + half;
}

}  // namespace ek
