// edgekernels — forecasting (C++ API): a rolling least-squares line, a one-shot polynomial
// least-squares fit, Holt / Holt-Winters additive exponential smoothing initialised as R's
// stats::HoltWinters does, and Student's t distribution for the prediction intervals.
//
// Common contract
//   * Values are doubles; NaN/Inf values pushed into a stateful object are rejected
//     (EK_ERR_ARG), counted, and leave the state untouched.
//   * Nothing here throws, allocates after init, or touches global state. One object per
//     thread; distinct objects are independent. The free functions are reentrant.
//   * Queries that have no answer yet (window not full, too few degrees of freedom) return NaN.
#ifndef EDGEKERNELS_FORECAST_FORECAST_HPP
#define EDGEKERNELS_FORECAST_FORECAST_HPP

#include <cstddef>
#include <cstdint>

#include "edgekernels/detail/memory.hpp"
#include "edgekernels/stats/rolling.hpp"
#include "edgekernels/types.h"

namespace ek {

// ---- Student's t distribution --------------------------------------------------------------
// P(T <= t) for T ~ t(dof), dof > 0 (non-integer allowed, +Inf allowed: the normal limit is not
// provided, dof = +Inf gives NaN). Computed from the regularized incomplete beta function by its
// continued fraction, in whichever tail is small, so tail probabilities down to the smallest
// doubles keep their relative accuracy: ~1e-13 for dof up to 1e4, ~5e-11 at dof 1e5..1e6
// (measured against an exact series; scipy's t.cdf is ~1e-11 off there). Cost O(sqrt(dof)) at
// worst (~1 us at 1e6).
// NaN for NaN arguments or dof <= 0.
double t_cdf(double t, double dof) noexcept;
// The p-quantile: t with t_cdf(t, dof) == p, for 0 < p < 1 (p = 0 / 1 give -Inf / +Inf, NaN
// outside [0, 1] or dof <= 0). Safeguarded Newton iteration in log|t| on the small tail (or on
// the central mass near p = 1/2), from a normal/tail approximation; converged to the CDF's
// accuracy (t_cdf(t_quantile(p)) = p to ~1e-13 up to dof 1e4). R's qt(0.975, 10) =
// 2.2281388519862739 exactly; scipy's t.ppf is only good to ~1e-9.
double t_quantile(double p, double dof) noexcept;

// ---- rolling least-squares line ------------------------------------------------------------
struct linear_trend_config {
  std::size_t window = 0;  // N >= 2: the line is fitted through the last N values
  double level = 0.95;     // confidence level of interval(), in (0, 1)
};

// Ordinary least squares through the last N values, x = 0..N-1 (oldest at 0, newest at N-1).
// push: O(1) amortised. The sums are of deviations from an anchor near the data, compensated,
// and re-derived from the ring once every N pushes, so huge offsets (1e9 + noise) and endless
// streams do not drift: results stay within a few ulps (scaled by the data's spread) of a fresh
// fit of the window. Queries are O(1) and valid once full(); before that they return NaN.
class linear_trend {
 public:
  linear_trend() noexcept = default;
  linear_trend(const linear_trend &) = delete;
  linear_trend &operator=(const linear_trend &) = delete;
  linear_trend(linear_trend &&) noexcept = default;
  linear_trend &operator=(linear_trend &&) noexcept = default;

  // EK_ERR_ARG for window < 2 or a level outside (0, 1); EK_ERR_NOMEM if the ring (N doubles)
  // cannot be allocated.
  ek_status init(const linear_trend_config &cfg, const ek_allocator *alloc = nullptr) noexcept;
  // Empties the window and zeroes the counts.
  void clear() noexcept;
  // EK_OK, or EK_ERR_ARG for a NaN/Inf value (counted in rejected(), state unchanged).
  ek_status push(double y) noexcept;

  bool full() const noexcept { return win_.full(); }
  std::size_t window() const noexcept { return win_.capacity(); }
  std::size_t size() const noexcept { return win_.count(); }  // values in the window
  std::uint64_t count() const noexcept { return accepted_; }  // accepted values
  std::uint64_t rejected() const noexcept { return rejected_; }

  double slope() const noexcept;
  // The line's value at x = 0, the oldest point: np.polyfit(range(N), window, 1)[1].
  double intercept() const noexcept;
  // The line at x = N-1+h: h steps after the newest value (h may be negative or fractional).
  double forecast(double h) const noexcept;
  // Residual standard error sqrt(RSS / (N-2)); NaN for N == 2 (no degrees of freedom). Its
  // absolute accuracy is ~sqrt(eps) * the spread of the window when the fit is nearly perfect
  // (RSS is a difference of O(1)-accurate sums).
  double residual_std() const noexcept;
  // Prediction interval for forecast(h) at the configured level:
  // yhat -+ t_{(1+level)/2, N-2} * s * sqrt(1 + 1/N + (x0 - xbar)^2 / Sxx). NaN for N == 2.
  void interval(double h, double *lo, double *hi) const noexcept;
  // The same at another level in (0, 1) (NaN bounds otherwise).
  void interval(double h, double level, double *lo, double *hi) const noexcept;

 private:
  using csum = detail::compensated_sum;
  void rebuild() noexcept;
  double sxy() const noexcept;

  rolling_moments win_;  // the ring, the count, and Syy (deviations from the mean)
  // About anchor_: S = sum d_i and T = sum i*d_i with d_i = y_i - anchor_, i = window position.
  csum s_, t_;
  double anchor_ = 0;
  double tq_ = 0;  // t_{(1+level)/2, N-2}, computed once at init
  double level_ = 0.95;
  std::size_t since_rebuild_ = 0;
  std::uint64_t accepted_ = 0, rejected_ = 0;
};

// ---- one-shot polynomial least squares -----------------------------------------------------
constexpr unsigned polyfit_max_degree = 8;

// Result of polyfit. The fit is computed on x mapped to [-1, 1] and y less its mean, by
// Householder QR of the design matrix in blocks of 256 rows (never the normal equations); coef is
// then expressed in the caller's x.
struct polyfit_result {
  unsigned degree = 0;
  std::size_t n = 0;
  // Highest power first (np.polyfit order): p(x) = coef[0] x^degree + ... + coef[degree].
  double coef[polyfit_max_degree + 1] = {};
  double rss = 0;           // residual sum of squares
  double residual_std = 0;  // sqrt(rss / (n - degree - 1)); NaN when n == degree + 1

  // p(x0), evaluated in the scaled basis (more accurate than Horner on coef far from the data).
  double predict(double x0) const noexcept;
  // Prediction interval for a new observation at x0:
  // p(x0) -+ t_{(1+level)/2, n-degree-1} * s * sqrt(1 + x0' (X'X)^-1 x0). NaN bounds when
  // n == degree + 1 or level is outside (0, 1).
  void interval(double x0, double level, double *lo, double *hi) const noexcept;

  // The fit in the scaled variable z = (x - center) / half_width, for predict/interval.
  double center = 0, half_width = 1;
  double zcoef[polyfit_max_degree + 1] = {};  // lowest power first
  double r[(polyfit_max_degree + 1) * (polyfit_max_degree + 1)] = {};  // R of the QR, row-major
};

// Least-squares polynomial of `degree` (0..8) through (x[i], y[i]), or (i, y[i]) when x is
// nullptr. EK_ERR_NULL for y == nullptr (or out); EK_ERR_ARG for degree > 8, n <= degree,
// NaN/Inf in x or y, or fewer than degree + 1 distinct x (rank deficient). No allocation: fixed
// working storage on the stack (~45 KB). O(n * degree^2).
ek_status polyfit(const double *x, const double *y, std::size_t n, unsigned degree,
                  polyfit_result *out) noexcept;

// ---- Holt-Winters --------------------------------------------------------------------------
struct holt_winters_config {
  double alpha = 0.3;     // level smoothing, [0, 1]
  double beta = 0.1;      // trend smoothing, [0, 1] (used when trend)
  double gamma = 0.1;     // seasonal smoothing, [0, 1] (used when seasonal)
  std::size_t period = 12;  // season length P >= 2 (used when seasonal)
  bool trend = true;      // false: R's beta = FALSE (no trend component)
  bool seasonal = true;   // false: R's gamma = FALSE (Holt, or simple smoothing without trend)
};

// One output row per accepted input value, in input order.
struct holt_winters_row {
  std::uint64_t index = 0;  // 0-based position among accepted values
  double value = 0;         // the input value
  bool has_fit = false;     // false on the start-up rows
  // R's fitted(hw) columns: the one-step-ahead forecast and the components that produced it
  // (previous level, previous trend, the seasonal term used): fitted = level + trend + season.
  // trend is 0 without a trend component, season 0 without a seasonal one; all 0 when !has_fit.
  double fitted = 0, level = 0, trend = 0, season = 0;
};

// Additive Holt-Winters with fixed alpha/beta/gamma, exactly R's
// HoltWinters(x, alpha, beta, gamma, seasonal = "additive") with default start values:
//   seasonal: start.time = P+1; from the first 2P values, decompose()'s centred moving average
//     trend, the seasonal figure (per-position means of x - trend, centred), and the intercept
//     and slope of a line through the trend give l.start, b.start, s.start.
//   trend, no season (Holt): start.time = 3, l.start = x2, b.start = x2 - x1.
//   neither (simple exponential smoothing): start.time = 2, l.start = x1.
// The first start.time-1 rows have no fitted value. Streaming: push() says how many rows became
// ready; read them with row(0..ready-1) before the next push. Seasonal rows P..2P-1 can only be
// filtered once all 2P start-up values are in, so they come out together with row 2P-1; nothing
// else is ever held back (max_held() rows at most). O(1) per value after start-up.
class holt_winters {
 public:
  holt_winters() noexcept = default;
  holt_winters(const holt_winters &) = delete;
  holt_winters &operator=(const holt_winters &) = delete;
  holt_winters(holt_winters &&) noexcept = default;
  holt_winters &operator=(holt_winters &&) noexcept = default;

  // EK_ERR_ARG for alpha/beta/gamma NaN or outside [0, 1], or period < 2 when seasonal;
  // EK_ERR_NOMEM if the 4P doubles of state cannot be allocated.
  ek_status init(const holt_winters_config &cfg, const ek_allocator *alloc = nullptr) noexcept;
  // Back to before the first value (start-up again); zeroes the counts.
  void clear() noexcept;
  // EK_OK with *ready (optional) = rows now readable with row(); EK_ERR_ARG for NaN/Inf (counted,
  // nothing changes, *ready = 0).
  ek_status push(double x, std::size_t *ready = nullptr) noexcept;
  std::size_t ready() const noexcept { return ready_; }
  // k < ready(): the k-th ready row (oldest first). Valid until the next push.
  const holt_winters_row &row(std::size_t k) const noexcept { return rows_[k]; }
  // Most rows one push can make ready (P for seasonal models, else 1): size a caller's buffer of
  // per-row data (timestamps) to this.
  std::size_t max_held() const noexcept;

  bool started() const noexcept { return started_; }  // start values known, forecasts available
  std::uint64_t count() const noexcept { return n_; }  // accepted values
  std::uint64_t rejected() const noexcept { return rejected_; }
  double sse() const noexcept { return sse_; }         // sum of squared one-step errors
  // R's coefficients: a (level), b (trend; 0 without trend), s[j] for j = 0..P-1 (seasonal
  // terms for the next P steps; 0 without season). NaN before started().
  double a() const noexcept;
  double b() const noexcept;
  double s(std::size_t j) const noexcept;
  // predict(hw, h)[h]: a + h*b + s[(h-1) mod P], h >= 1. NaN before started() or for h == 0.
  double forecast(std::size_t h) const noexcept;
  const holt_winters_config &config() const noexcept { return cfg_; }

 private:
  void start() noexcept;
  void step(double x, holt_winters_row &out) noexcept;

  holt_winters_config cfg_;
  std::size_t start_ = 0;         // start.time - 1: rows before this have no fit
  detail::array<double> buf_;     // start-up values (2P seasonal, else 2)
  detail::array<double> season_;  // ring of the last P seasonal terms
  detail::array<holt_winters_row> rows_;
  std::size_t ready_ = 0, spos_ = 0;
  double level_ = 0, trend_ = 0, sse_ = 0;
  bool started_ = false;
  std::uint64_t n_ = 0, rejected_ = 0;
};

}  // namespace ek

#endif
