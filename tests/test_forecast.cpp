// forecast: rolling OLS line against a brute-force refit, polyfit against exact polynomials and a
// brute-force solve, Student's t against known values and its own CDF, Holt-Winters streaming
// mechanics and C ABI validation. The references for Holt-Winters (R) and polyfit/t (numpy,
// scipy) run in tests/forecast_*.R / tests/forecast_*.py.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "edgekernels/edgekernels.h"
#include "edgekernels/forecast/forecast.hpp"

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

// Two-pass OLS over y[0..n) at x = 0..n-1, in long double.
struct ols {
  long double slope, intercept, rss;
};
ols brute_ols(const double *y, std::size_t n) {
  long double xbar = (n - 1) / 2.0L, ybar = 0;
  for (std::size_t i = 0; i < n; ++i) ybar += y[i];
  ybar /= n;
  long double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sxy += (i - xbar) * (y[i] - ybar);
    sxx += (i - xbar) * (i - xbar);
  }
  ols r;
  r.slope = sxy / sxx;
  r.intercept = ybar - r.slope * xbar;
  r.rss = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const long double e = y[i] - (r.intercept + r.slope * i);
    r.rss += e * e;
  }
  return r;
}

double spread(const double *y, std::size_t n) {
  double lo = y[0], hi = y[0];
  for (std::size_t i = 0; i < n; ++i) lo = std::min(lo, y[i]), hi = std::max(hi, y[i]);
  return hi - lo;
}

}  // namespace

TEST_CASE("t quantile: known values, symmetry, inverse of the CDF", "[forecast][t]") {
  CHECK(ek::t_quantile(0.975, 1) == Approx(12.706204736174698).epsilon(1e-14));
  // R's qt(0.975, 10) (and the exact even-dof series in forecast_reference.py) give
  // 2.2281388519862739; scipy's t.ppf answers 2.2281388519649385, 1e-11 off (its cdf there is
  // 0.9749999999990957).
  CHECK(ek::t_quantile(0.975, 10) == Approx(2.2281388519862739).epsilon(1e-15));
  CHECK(ek::t_quantile(0.975, 10) == Approx(2.2281388519649385).epsilon(1e-10));
  CHECK(ek::t_quantile(0.5, 7) == 0);
  CHECK(ek::t_quantile(0, 3) == -kInf);
  CHECK(ek::t_quantile(1, 3) == kInf);
  CHECK(std::isnan(ek::t_quantile(1.5, 3)));
  CHECK(std::isnan(ek::t_quantile(0.3, 0)));
  CHECK(std::isnan(ek::t_quantile(kNaN, 3)));
  CHECK(std::isnan(ek::t_cdf(1, -1)));
  // dof 2 has a closed form: t = (2p - 1) / sqrt(2 p (1 - p)).
  for (double p : {1e-10, 1e-5, 0.01, 0.2, 0.49, 0.7, 0.999}) {
    const double exact = (2 * p - 1) / std::sqrt(2 * p * (1 - p));
    CHECK(ek::t_quantile(p, 2) == Approx(exact).epsilon(1e-13));
  }
  // p = 2^-k so that 1 - p is exact and the two tails are the same question.
  for (double v : {1.0, 2.5, 7.0, 30.0, 1000.0, 1e6}) {
    for (double p : {0x1p-33, 0x1p-20, 0x1p-10, 0.125, 0.375, 0.4375}) {
      const double lo = ek::t_quantile(p, v), hi = ek::t_quantile(1 - p, v);
      CHECK(lo == Approx(-hi).epsilon(1e-13));
      CHECK(ek::t_cdf(lo, v) == Approx(p).epsilon(v < 1e5 ? 1e-13 : 1e-10));
      CHECK(ek::t_cdf(-lo, v) + ek::t_cdf(lo, v) == Approx(1).epsilon(1e-15));
    }
  }
  CHECK(ek::t_cdf(0, 5) == 0.5);
  CHECK(ek::t_cdf(-kInf, 5) == 0);
  CHECK(ek::t_cdf(kInf, 5) == 1);
}

TEST_CASE("linear_trend matches a brute-force refit on random streams", "[forecast][trend]") {
  std::mt19937_64 rng(42);
  for (std::size_t n : {2u, 3u, 5u, 17u, 100u}) {
    for (double offset : {0.0, 1e9, -3e6}) {
      ek::linear_trend t;
      ek::linear_trend_config cfg;
      cfg.window = n;
      REQUIRE(t.init(cfg) == EK_OK);
      std::normal_distribution<double> noise(0, 1);
      std::vector<double> all;
      for (int i = 0; i < 2000; ++i) {
        const double y = offset + 0.01 * i + noise(rng);
        all.push_back(y);
        REQUIRE(t.push(y) == EK_OK);
        if (all.size() < n) {
          CHECK_FALSE(t.full());
          CHECK(std::isnan(t.slope()));
          continue;
        }
        const double *w = all.data() + all.size() - n;
        const ols r = brute_ols(w, n);
        // scale-aware: errors against the spread of the window and ulp(offset)
        const double sc = spread(w, n) + 1e-300, dn = static_cast<double>(n);
        const double big = 1e-12 * sc * dn + 1e-15 * std::fabs(w[0]);
        CHECK(std::fabs(t.slope() - (double)r.slope) <= 1e-12 * sc);
        CHECK(std::fabs(t.intercept() - (double)r.intercept) <= big);
        const double f = (double)(r.intercept + r.slope * (n - 1 + 3.0L));
        CHECK(std::fabs(t.forecast(3) - f) <= big);
        if (n > 2) {
          const double s = std::sqrt((double)r.rss / (dn - 2));
          CHECK(std::fabs(t.residual_std() - s) <= 1e-7 * sc);
        } else {
          CHECK(std::isnan(t.residual_std()));
        }
      }
    }
  }
}

TEST_CASE("linear_trend: N = 2 is the line through two points", "[forecast][trend]") {
  ek::linear_trend t;
  ek::linear_trend_config cfg;
  cfg.window = 2;
  REQUIRE(t.init(cfg) == EK_OK);
  t.push(3);
  t.push(5);
  CHECK(t.slope() == 2);
  CHECK(t.intercept() == 3);
  CHECK(t.forecast(1) == 7);
  double lo = 0, hi = 0;
  t.interval(1, &lo, &hi);
  CHECK(std::isnan(lo));
  CHECK(std::isnan(hi));
  t.push(4);
  CHECK(t.slope() == -1);
  CHECK(t.intercept() == 5);
}

TEST_CASE("linear_trend rejects NaN/Inf and bad configs", "[forecast][trend]") {
  ek::linear_trend t;
  ek::linear_trend_config cfg;
  cfg.window = 1;
  CHECK(t.init(cfg) == EK_ERR_ARG);
  cfg.window = 4;
  cfg.level = 1;
  CHECK(t.init(cfg) == EK_ERR_ARG);
  cfg.level = 0.9;
  REQUIRE(t.init(cfg) == EK_OK);
  for (double y : {1.0, kNaN, 2.0, kInf, 3.0, -kInf, 4.0}) t.push(y);
  CHECK(t.rejected() == 3);
  CHECK(t.count() == 4);
  CHECK(t.slope() == Approx(1).epsilon(1e-15));
  CHECK(t.intercept() == Approx(1).epsilon(1e-15));
  CHECK(t.residual_std() == 0);
}

TEST_CASE("linear_trend: a million pushes with a 1e9 offset do not drift", "[forecast][trend]") {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(-1, 1);
  const std::size_t n = 64;
  ek::linear_trend t;
  ek::linear_trend_config cfg;
  cfg.window = n;
  REQUIRE(t.init(cfg) == EK_OK);
  std::vector<double> ring(n);
  for (std::size_t i = 0; i < 1000000; ++i) {
    const double y = 1e9 + 1e-3 * static_cast<double>(i % 5000) + u(rng);
    ring[i % n] = y;
    t.push(y);
  }
  std::vector<double> w(n);
  for (std::size_t i = 0; i < n; ++i) w[i] = ring[(1000000 + i) % n];
  const ols r = brute_ols(w.data(), n);
  CHECK(std::fabs(t.slope() - (double)r.slope) <= 1e-12);
  CHECK(std::fabs(t.intercept() - (double)r.intercept) <= 1e-6);  // 1e9: ulp is 1.2e-7
  CHECK(t.residual_std() == Approx(std::sqrt((double)r.rss / (n - 2))).epsilon(1e-9));
  // The interval at level c: t quantile * s * sqrt(1 + 1/N + (x0 - xbar)^2/Sxx).
  double lo = 0, hi = 0;
  t.interval(5, &lo, &hi);
  const double s = t.residual_std(), xb = (n - 1) / 2.0, x0 = n - 1 + 5.0;
  const double half = ek::t_quantile(0.975, n - 2) * s *
                      std::sqrt(1 + 1.0 / n + (x0 - xb) * (x0 - xb) / (n * (n * n - 1.0) / 12));
  // lo and hi are ~1e9: their difference carries ulp(1e9) = 1.2e-7
  CHECK((hi - lo) / 2 == Approx(half).margin(2.5e-7));
  CHECK((hi + lo) / 2 == Approx(t.forecast(5)).margin(2.5e-7));
}

TEST_CASE("polyfit recovers exact polynomials of degree 0..8", "[forecast][polyfit]") {
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(-2, 2);
  for (unsigned d = 0; d <= 8; ++d) {
    double c[9];
    for (unsigned j = 0; j <= d; ++j) c[j] = u(rng);  // highest first
    for (int with_x = 0; with_x < 2; ++with_x) {
      const std::size_t n = 40;
      std::vector<double> x(n), y(n);
      for (std::size_t i = 0; i < n; ++i) {
        x[i] = with_x ? -1.5 + 3.0 * static_cast<double>(i) / 39 + 0.01 * u(rng) : static_cast<double>(i);
        const double xi = with_x ? x[i] : static_cast<double>(i);
        double v = 0;
        for (unsigned j = 0; j <= d; ++j) v = v * xi + c[j];
        y[i] = v;
      }
      ek::polyfit_result f;
      REQUIRE(ek::polyfit(with_x ? x.data() : nullptr, y.data(), n, d, &f) == EK_OK);
      const double xmax = with_x ? 1.6 : static_cast<double>(n - 1);
      double scale = 0;
      for (unsigned j = 0; j <= d; ++j) scale += std::fabs(c[j]) * std::pow(xmax, d - j);
      for (unsigned j = 0; j <= d; ++j)
        CHECK(std::fabs(f.coef[j] - c[j]) * std::pow(xmax, d - j) <= 1e-10 * scale);
      CHECK(f.rss <= 1e-20 * scale * scale * n);
      for (std::size_t i = 0; i < n; i += 7) {
        const double xi = with_x ? x[i] : static_cast<double>(i);
        CHECK(std::fabs(f.predict(xi) - y[i]) <= 1e-12 * scale);
      }
    }
  }
}

TEST_CASE("polyfit: line and quadratic against closed-form least squares", "[forecast][polyfit]") {
  std::mt19937_64 rng(11);
  std::normal_distribution<double> g(0, 1);
  for (double off : {0.0, 1e9}) {
    const std::size_t n = 500;
    std::vector<double> y(n);
    for (std::size_t i = 0; i < n; ++i) y[i] = off + 0.3 * static_cast<double>(i) + 5 * g(rng);
    ek::polyfit_result f;
    REQUIRE(ek::polyfit(nullptr, y.data(), n, 1, &f) == EK_OK);
    const ols r = brute_ols(y.data(), n);
    CHECK(f.coef[0] == Approx((double)r.slope).epsilon(1e-12));
    CHECK(std::fabs(f.coef[1] - (double)r.intercept) <= 1e-12 * 1500 + 4e-16 * off);
    CHECK(f.residual_std == Approx(std::sqrt((double)r.rss / (n - 2))).epsilon(1e-9));
    // The interval agrees with linear_trend's over the same window.
    ek::linear_trend t;
    ek::linear_trend_config cfg;
    cfg.window = n;
    REQUIRE(t.init(cfg) == EK_OK);
    for (double v : y) t.push(v);
    double lo1, hi1, lo2, hi2;
    t.interval(10, &lo1, &hi1);
    f.interval(n - 1 + 10.0, 0.95, &lo2, &hi2);
    CHECK((hi1 - lo1) == Approx(hi2 - lo2).epsilon(1e-8));
  }
}

TEST_CASE("polyfit argument checks", "[forecast][polyfit]") {
  ek::polyfit_result f;
  const double y[4] = {1, 2, 3, 4};
  const double same_x[4] = {2, 2, 2, 2};
  const double nan_y[4] = {1, kNaN, 3, 4};
  CHECK(ek::polyfit(nullptr, nullptr, 4, 1, &f) == EK_ERR_NULL);
  CHECK(ek::polyfit(nullptr, y, 4, 9, &f) == EK_ERR_ARG);
  CHECK(ek::polyfit(nullptr, y, 2, 2, &f) == EK_ERR_ARG);
  CHECK(ek::polyfit(nullptr, y, 0, 0, &f) == EK_ERR_ARG);
  CHECK(ek::polyfit(nullptr, nan_y, 4, 1, &f) == EK_ERR_ARG);
  CHECK(ek::polyfit(same_x, y, 4, 1, &f) == EK_ERR_ARG);
  REQUIRE(ek::polyfit(same_x, y, 4, 0, &f) == EK_OK);
  CHECK(f.coef[0] == 2.5);
  REQUIRE(ek::polyfit(nullptr, y, 1, 0, &f) == EK_OK);
  CHECK(f.coef[0] == 1);
  CHECK(std::isnan(f.residual_std));
  REQUIRE(ek::polyfit(nullptr, y, 2, 1, &f) == EK_OK);  // exactly determined
  CHECK(f.coef[0] == Approx(1).epsilon(1e-15));
  CHECK(std::isnan(f.residual_std));
}

TEST_CASE("holt_winters streaming: rows in input order, start-up rows have no fit", "[forecast][hw]") {
  for (std::size_t p : {2u, 4u, 7u, 12u}) {
    ek::holt_winters h;
    ek::holt_winters_config cfg;
    cfg.alpha = 0.4, cfg.beta = 0.2, cfg.gamma = 0.3, cfg.period = p;
    REQUIRE(h.init(cfg) == EK_OK);
    CHECK(h.max_held() == p);
    std::uint64_t expect = 0;
    for (std::size_t i = 0; i < 5 * p; ++i) {
      std::size_t ready = 99;
      const double di = static_cast<double>(i);
      REQUIRE(h.push(10 + std::sin(di * 6.283 / static_cast<double>(p)) + 0.1 * di, &ready) == EK_OK);
      if (i < p) CHECK(ready == 1);
      else if (i < 2 * p - 1) CHECK(ready == 0);
      else if (i == 2 * p - 1) CHECK(ready == p);
      else CHECK(ready == 1);
      for (std::size_t k = 0; k < ready; ++k) {
        const ek::holt_winters_row &r = h.row(k);
        CHECK(r.index == expect);
        CHECK(r.has_fit == (expect >= p));
        if (r.has_fit) CHECK(r.fitted == r.level + r.trend + r.season);
        ++expect;
      }
      CHECK(h.push(kNaN, &ready) == EK_ERR_ARG);
      CHECK(ready == 0);
    }
    CHECK(expect == 5 * p);
    CHECK(h.rejected() == 5 * p);
    // predict(): a + h b + s[(h-1) mod P]
    for (std::size_t k = 1; k <= 2 * p + 1; ++k)
      CHECK(h.forecast(k) == h.a() + static_cast<double>(k) * h.b() + h.s((k - 1) % p));
  }
}

TEST_CASE("holt_winters: Holt and simple smoothing start-up", "[forecast][hw]") {
  ek::holt_winters h;
  ek::holt_winters_config cfg;
  cfg.alpha = 0.5, cfg.beta = 0.5, cfg.seasonal = false;
  REQUIRE(h.init(cfg) == EK_OK);
  const double x[] = {1, 3, 4, 8};
  std::size_t ready = 0;
  h.push(x[0], &ready);
  CHECK((ready == 1 && !h.row(0).has_fit));
  h.push(x[1], &ready);
  CHECK((ready == 1 && !h.row(0).has_fit));
  h.push(x[2], &ready);
  REQUIRE(ready == 1);
  CHECK(h.row(0).has_fit);
  CHECK(h.row(0).level == 3);  // l.start = x2
  CHECK(h.row(0).trend == 2);  // b.start = x2 - x1
  CHECK(h.row(0).fitted == 5);
  // level = 0.5*4 + 0.5*5 = 4.5, trend = 0.5*1.5 + 0.5*2 = 1.75
  CHECK(h.a() == 4.5);
  CHECK(h.b() == 1.75);
  CHECK(h.sse() == 1);
  cfg.trend = false;
  REQUIRE(h.init(cfg) == EK_OK);
  h.push(2, &ready);
  CHECK((ready == 1 && !h.row(0).has_fit));
  h.push(4, &ready);
  CHECK((ready == 1 && h.row(0).fitted == 2));
  CHECK(h.forecast(3) == 3);
}

TEST_CASE("holt_winters config validation", "[forecast][hw]") {
  ek::holt_winters h;
  ek::holt_winters_config cfg;
  cfg.alpha = 1.5;
  CHECK(h.init(cfg) == EK_ERR_ARG);
  cfg.alpha = 0.5, cfg.beta = -0.1;
  CHECK(h.init(cfg) == EK_ERR_ARG);
  cfg.beta = 0.1, cfg.gamma = kNaN;
  CHECK(h.init(cfg) == EK_ERR_ARG);
  cfg.gamma = 0.1, cfg.period = 1;
  CHECK(h.init(cfg) == EK_ERR_ARG);
  cfg.seasonal = false;
  CHECK(h.init(cfg) == EK_OK);
}

TEST_CASE("forecast C ABI validates its arguments", "[forecast][capi]") {
  double v = 0;
  CHECK(ek_t_quantile(0.975, 10, nullptr) == EK_ERR_NULL);
  CHECK(ek_t_quantile(1.1, 10, &v) == EK_ERR_ARG);
  CHECK(ek_t_quantile(0.5, 0, &v) == EK_ERR_ARG);
  REQUIRE(ek_t_quantile(0.975, 10, &v) == EK_OK);
  CHECK(v == Approx(2.2281388519862739).epsilon(1e-15));

  ek_trend_config tc;
  CHECK(ek_trend_config_init(nullptr) == EK_ERR_NULL);
  REQUIRE(ek_trend_config_init(&tc) == EK_OK);
  ek_trend *t = nullptr;
  CHECK(ek_trend_new(&tc, nullptr, &t) == EK_ERR_ARG);  // window 0
  CHECK(t == nullptr);
  tc.window = 3;
  REQUIRE(ek_trend_new(&tc, nullptr, &t) == EK_OK);
  int acc = -1;
  CHECK(ek_trend_push(t, kNaN, &acc) == EK_OK);
  CHECK(acc == 0);
  ek_trend_result r;
  for (double y : {1.0, 2.0, 4.0}) CHECK(ek_trend_push(t, y, &acc) == EK_OK);
  CHECK(ek_trend_get(t, kInf, &r) == EK_ERR_ARG);
  REQUIRE(ek_trend_get(t, 1, &r) == EK_OK);
  CHECK(r.full == 1);
  CHECK(r.slope == Approx(1.5));
  CHECK(r.forecast == Approx(5.0 / 6 + 1.5 * 3));  // intercept 7/3 - 1.5, x0 = 3
  CHECK(r.lo < r.forecast);
  std::uint64_t a = 0, rj = 0;
  CHECK(ek_trend_counts(t, &a, &rj) == EK_OK);
  CHECK((a == 3 && rj == 1));
  CHECK(ek_trend_get(nullptr, 1, &r) == EK_ERR_NULL);
  ek_trend_free(t);
  ek_trend_free(nullptr);

  double coef[3];
  const double y[5] = {1, 4, 9, 16, 25};
  CHECK(ek_polyfit(nullptr, y, 5, 2, nullptr, nullptr) == EK_ERR_NULL);
  CHECK(ek_polyfit(nullptr, y, 5, 9, coef, nullptr) == EK_ERR_ARG);
  REQUIRE(ek_polyfit(nullptr, y, 5, 2, coef, nullptr) == EK_OK);
  CHECK(coef[0] == Approx(1));
  CHECK(coef[1] == Approx(2));
  CHECK(coef[2] == Approx(1));
  double yh = 0, lo = 0, hi = 0;
  REQUIRE(ek_polyfit_predict(nullptr, y, 5, 2, 5, 0.9, &yh, &lo, &hi) == EK_OK);
  CHECK(yh == Approx(36));
  CHECK(ek_polyfit_predict(nullptr, y, 5, 2, 5, 1.0, &yh, &lo, &hi) == EK_ERR_ARG);

  ek_holtwinters_config hc;
  REQUIRE(ek_holtwinters_config_init(&hc) == EK_OK);
  ek_holtwinters *h = nullptr;
  hc.gamma = 2;
  CHECK(ek_holtwinters_new(&hc, nullptr, &h) == EK_ERR_ARG);
  hc.gamma = 0.1, hc.alpha = kNaN;
  CHECK(ek_holtwinters_new(&hc, nullptr, &h) == EK_ERR_ARG);
  hc.alpha = 0.3, hc.period = 1;
  CHECK(ek_holtwinters_new(&hc, nullptr, &h) == EK_ERR_ARG);
  hc.period = 4;
  REQUIRE(ek_holtwinters_new(&hc, nullptr, &h) == EK_OK);
  CHECK(ek_holtwinters_forecast(h, 1, &v) == EK_ERR_ARG);  // not started
  std::size_t ready = 0;
  ek_holtwinters_row row;
  for (int i = 0; i < 8; ++i) REQUIRE(ek_holtwinters_push(h, i % 4 + 0.5 * i, &ready) == EK_OK);
  CHECK(ready == 4);
  CHECK(ek_holtwinters_get_row(h, 4, &row) == EK_ERR_ARG);
  REQUIRE(ek_holtwinters_get_row(h, 3, &row) == EK_OK);
  CHECK((row.index == 7 && row.has_fit == 1));
  CHECK(ek_holtwinters_forecast(h, 0, &v) == EK_ERR_ARG);
  CHECK(ek_holtwinters_forecast(h, 2, &v) == EK_OK);
  double s[4], aa, bb, sse;
  CHECK(ek_holtwinters_state(h, &aa, &bb, s, &sse) == EK_OK);
  CHECK(v == aa + 2 * bb + s[1]);
  ek_holtwinters_free(h);
}

namespace {
struct counting_alloc {
  int live = 0, fail_after = 1 << 30;
};
void *c_alloc(void *ctx, size_t n) {
  auto *c = static_cast<counting_alloc *>(ctx);
  if (c->fail_after-- <= 0) return nullptr;
  ++c->live;
  return std::malloc(n);
}
void c_free(void *ctx, void *p) {
  --static_cast<counting_alloc *>(ctx)->live;
  std::free(p);
}
}  // namespace

TEST_CASE("forecast objects leak nothing when an allocation fails", "[forecast][capi]") {
  for (int fail = 0; fail < 5; ++fail) {
    counting_alloc c;
    c.fail_after = fail;
    ek_allocator a{c_alloc, c_free, &c};
    ek_holtwinters_config hc;
    ek_holtwinters_config_init(&hc);
    ek_holtwinters *h = nullptr;
    const ek_status st = ek_holtwinters_new(&hc, &a, &h);
    if (st == EK_OK) ek_holtwinters_free(h);
    else CHECK((st == EK_ERR_NOMEM && h == nullptr));
    CHECK(c.live == 0);
    ek_trend_config tc;
    ek_trend_config_init(&tc);
    tc.window = 10;
    counting_alloc c2;
    c2.fail_after = fail;
    ek_allocator a2{c_alloc, c_free, &c2};
    ek_trend *t = nullptr;
    const ek_status st2 = ek_trend_new(&tc, &a2, &t);
    if (st2 == EK_OK) ek_trend_free(t);
    CHECK(c2.live == 0);
  }
}
