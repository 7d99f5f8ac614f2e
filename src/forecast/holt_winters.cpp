// Additive Holt-Winters with R's stats::HoltWinters start values and filter, operation for
// operation (same order of floating-point operations as R's C_HoltWinters), so the results match
// R to the last bits wherever the start values do.
#include <cmath>
#include <limits>

#include "edgekernels/forecast/forecast.hpp"

namespace ek {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool unit(double v) noexcept { return v >= 0 && v <= 1; }  // false for NaN

// Mean of v[0..n), as R's mean() (long double sum plus one correction pass) rounds it: here a
// compensated sum and the same correction pass, which agree with it to the last bit or so.
double mean_r(const double *v, std::size_t n) noexcept {
  double s = 0, c = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double t = s + v[i], z = t - s;
    c += (s - (t - z)) + (v[i] - z);
    s = t;
  }
  const double dn = static_cast<double>(n);
  double m = (s + c) / dn;
  double r = 0;
  for (std::size_t i = 0; i < n; ++i) r += v[i] - m;
  return m + r / dn;
}

}  // namespace

ek_status holt_winters::init(const holt_winters_config &cfg, const ek_allocator *alloc) noexcept {
  if (!unit(cfg.alpha) || !unit(cfg.beta) || !unit(cfg.gamma)) return EK_ERR_ARG;
  if (cfg.seasonal && cfg.period < 2) return EK_ERR_ARG;
  const std::size_t p = cfg.seasonal ? cfg.period : 1;
  if (p > SIZE_MAX / 4 - 1) return EK_ERR_NOMEM;
  // Start-up values: 2P seasonal (plus P+1 scratch for the moving average), 2 for Holt, 1 for
  // simple smoothing.
  const std::size_t nbuf = cfg.seasonal ? 3 * p + 1 : (cfg.trend ? 2 : 1);
  ek_status st = buf_.allocate(alloc, nbuf);
  if (st == EK_OK) st = season_.allocate(alloc, p);
  if (st == EK_OK) st = rows_.allocate(alloc, p);
  if (st != EK_OK) {
    buf_.reset(), season_.reset(), rows_.reset();
    return st;
  }
  cfg_ = cfg;
  cfg_.period = p;
  start_ = cfg.seasonal ? p : (cfg.trend ? 2 : 1);
  clear();
  return EK_OK;
}

void holt_winters::clear() noexcept {
  ready_ = 0, spos_ = 0;
  level_ = 0, trend_ = 0, sse_ = 0;
  started_ = false;
  n_ = rejected_ = 0;
  for (std::size_t i = 0; i < season_.size(); ++i) season_[i] = 0;
}

std::size_t holt_winters::max_held() const noexcept { return rows_.size(); }

ek_status holt_winters::push(double x, std::size_t *ready) noexcept {
  ready_ = 0;
  if (ready) *ready = 0;
  if (!std::isfinite(x)) {
    ++rejected_;
    return EK_ERR_ARG;
  }
  if (rows_.size() == 0) return EK_ERR_ARG;  // not initialised
  const std::uint64_t idx = n_++;
  if (started_) {
    step(x, rows_[0]);
    rows_[0].index = idx;
    ready_ = 1;
  } else {
    const std::size_t i = static_cast<std::size_t>(idx);
    const std::size_t need = cfg_.seasonal ? 2 * cfg_.period : start_;
    buf_[i] = x;
    if (i < start_) {
      holt_winters_row &r = rows_[ready_++];
      r = holt_winters_row{};
      r.index = idx, r.value = x;
    }
    if (i + 1 == need) {
      start();
      for (std::size_t j = start_; j <= i; ++j) {
        holt_winters_row &r = rows_[ready_++];
        step(buf_[j], r);
        r.index = j;
      }
    }
  }
  if (ready) *ready = ready_;
  return EK_OK;
}

// R's default start values from the buffered values.
void holt_winters::start() noexcept {
  started_ = true;
  const double *x = buf_.data();
  if (!cfg_.seasonal) {
    // Holt: l = x2, b = x2 - x1; simple smoothing: l = x1.
    level_ = cfg_.trend ? x[1] : x[0];
    trend_ = cfg_.trend ? x[1] - x[0] : 0;
    return;
  }
  const std::size_t p = cfg_.period, nx = 2 * p;
  // decompose(): centred moving average, as stats::filter(x, f, sides = 2) sums it.
  const bool even = p % 2 == 0;
  const std::size_t nf = even ? p + 1 : p, shift = nf / 2;
  const double w_in = 1.0 / static_cast<double>(p), w_end = even ? 0.5 / static_cast<double>(p) : w_in;
  const std::size_t first = nf - 1 - shift, last = nx - 1 - shift;  // defined trend values
  double *trend = buf_.data() + nx;  // scratch: trend[i - first]
  for (std::size_t i = first; i <= last; ++i) {
    double z = 0;
    for (std::size_t j = 0; j < nf; ++j) {
      const double f = (j == 0 || j == nf - 1) ? w_end : w_in;
      z += f * x[i + shift - j];
    }
    trend[i - first] = z;
  }
  // Seasonal figure: per position, the mean of x - trend where the trend is defined, centred.
  double *fig = season_.data();
  for (std::size_t k = 0; k < p; ++k) {
    double v[2];
    std::size_t m = 0;
    for (std::size_t i = k; i < nx; i += p)
      if (i >= first && i <= last) v[m++] = x[i] - trend[i - first];
    fig[k] = mean_r(v, m);
  }
  const double fm = mean_r(fig, p);
  for (std::size_t k = 0; k < p; ++k) fig[k] -= fm;
  // l.start, b.start: least-squares line through the trend values at x = 1..m.
  const std::size_t m = last - first + 1;
  const double dm = static_cast<double>(m);
  const double xbar = 0.5 * (dm + 1), ybar = mean_r(trend, m);
  double sxy = 0;
  for (std::size_t i = 0; i < m; ++i) sxy += (static_cast<double>(i + 1) - xbar) * (trend[i] - ybar);
  const double b = sxy / (dm * (dm * dm - 1) / 12);
  level_ = ybar - b * xbar;
  trend_ = cfg_.trend ? b : 0;
  spos_ = 0;
}

// One step of R's C_HoltWinters (additive), in its order of operations.
void holt_winters::step(double x, holt_winters_row &out) noexcept {
  const double stmp = cfg_.seasonal ? season_[spos_] : 0;
  double xhat = level_ + trend_;
  xhat += stmp;
  const double res = x - xhat;
  sse_ += res * res;
  out.value = x;
  out.has_fit = true;
  out.fitted = xhat;
  out.level = level_;
  out.trend = trend_;
  out.season = stmp;
  const double level = cfg_.alpha * (x - stmp) + (1 - cfg_.alpha) * (level_ + trend_);
  if (cfg_.trend) trend_ = cfg_.beta * (level - level_) + (1 - cfg_.beta) * trend_;
  level_ = level;
  if (cfg_.seasonal) {
    season_[spos_] = cfg_.gamma * (x - level) + (1 - cfg_.gamma) * stmp;
    spos_ = spos_ + 1 == cfg_.period ? 0 : spos_ + 1;
  }
}

double holt_winters::a() const noexcept { return started_ ? level_ : kNaN; }
double holt_winters::b() const noexcept { return started_ ? trend_ : kNaN; }
double holt_winters::s(std::size_t j) const noexcept {
  if (!started_) return kNaN;
  if (!cfg_.seasonal) return 0;
  const std::size_t p = cfg_.period;
  return season_[(spos_ + j % p) % p];
}

double holt_winters::forecast(std::size_t h) const noexcept {
  if (!started_ || h == 0) return kNaN;
  double f = level_;
  if (cfg_.trend) f = f + static_cast<double>(h) * trend_;
  if (cfg_.seasonal) f = f + s((h - 1) % cfg_.period);
  return f;
}

}  // namespace ek
