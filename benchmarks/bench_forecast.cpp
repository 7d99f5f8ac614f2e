// forecast: rolling least-squares line push+query (ours, O(1)) against refitting the window per
// value (two-pass OLS, and Eigen's Householder QR of the N x 2 design at small windows);
// Holt-Winters push; polyfit (Givens QR, fixed-size) against Eigen's HouseholderQR on the full
// design matrix. items/s = values (or fitted points) per second.
#include <benchmark/benchmark.h>

#include <Eigen/Dense>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

#include "edgekernels/forecast/forecast.hpp"

namespace {

std::vector<double> series(std::size_t n) {
  std::mt19937_64 rng(1);
  std::normal_distribution<double> g(0, 1);
  std::vector<double> v(n);
  for (std::size_t i = 0; i < n; ++i)
    v[i] = 1000 + 0.01 * static_cast<double>(i) + 5 * std::sin(static_cast<double>(i) / 20) + g(rng);
  return v;
}

constexpr std::size_t kStream = 1 << 16;

void trend_ek(benchmark::State &st, int64_t arg) {
  const std::size_t n = static_cast<std::size_t>(arg);
  const std::vector<double> y = series(kStream);
  ek::linear_trend t;
  ek::linear_trend_config cfg;
  cfg.window = n;
  t.init(cfg);
  for (std::size_t i = 0; i < n; ++i) t.push(y[i % kStream]);  // fill the window first
  for (auto _ : st) {
    double acc = 0;
    for (double v : y) {
      t.push(v);
      acc += t.slope() + t.forecast(1);
    }
    benchmark::DoNotOptimize(acc);
  }
  st.SetItemsProcessed(static_cast<int64_t>(st.iterations() * kStream));
}

// Baseline: keep the window in a ring and refit it from scratch for every value (two-pass OLS).
void trend_refit(benchmark::State &st, int64_t arg) {
  const std::size_t n = static_cast<std::size_t>(arg);
  const std::size_t m = n >= 10000 ? 256 : (n >= 1000 ? 4096 : kStream);  // keep runs short
  const std::vector<double> y = series(m + n);
  std::vector<double> ring(y.begin(), y.begin() + static_cast<std::ptrdiff_t>(n));
  const double xbar = 0.5 * static_cast<double>(n - 1);
  const double sxx = static_cast<double>(n) * (static_cast<double>(n) * static_cast<double>(n) - 1) / 12;
  std::size_t head = 0;
  for (auto _ : st) {
    double acc = 0;
    for (std::size_t k = n; k < n + m; ++k) {
      ring[head] = y[k];
      head = head + 1 == n ? 0 : head + 1;
      double mean = 0;
      for (double v : ring) mean += v;
      mean /= static_cast<double>(n);
      double sxy = 0;
      for (std::size_t i = 0; i < n; ++i) {
        const std::size_t j = head + i < n ? head + i : head + i - n;
        sxy += (static_cast<double>(i) - xbar) * (ring[j] - mean);
      }
      const double slope = sxy / sxx;
      acc += slope + mean + slope * (xbar + 1);
    }
    benchmark::DoNotOptimize(acc);
  }
  st.SetItemsProcessed(static_cast<int64_t>(st.iterations() * m));
}

// Baseline: Eigen's Householder QR of the N x 2 design matrix, per value.
void trend_eigen_qr(benchmark::State &st, int64_t arg) {
  const std::size_t n = static_cast<std::size_t>(arg);
  const std::size_t m = n >= 1000 ? 1024 : 16384;
  const std::vector<double> y = series(m + n);
  Eigen::MatrixXd a(static_cast<Eigen::Index>(n), 2);
  for (std::size_t i = 0; i < n; ++i) a(static_cast<Eigen::Index>(i), 0) = 1, a(static_cast<Eigen::Index>(i), 1) = static_cast<double>(i);
  Eigen::HouseholderQR<Eigen::MatrixXd> qr(a);
  for (auto _ : st) {
    double acc = 0;
    for (std::size_t k = 0; k < m; ++k) {
      Eigen::Map<const Eigen::VectorXd> w(y.data() + k + 1, static_cast<Eigen::Index>(n));
      qr.compute(a);
      const Eigen::Vector2d c = qr.solve(w);
      acc += c(1) + c(0) + c(1) * static_cast<double>(n);
    }
    benchmark::DoNotOptimize(acc);
  }
  st.SetItemsProcessed(static_cast<int64_t>(st.iterations() * m));
}

void hw_ek(benchmark::State &st, int64_t arg) {
  const std::vector<double> y = series(kStream);
  ek::holt_winters h;
  ek::holt_winters_config cfg;
  cfg.alpha = 0.3, cfg.beta = 0.05, cfg.gamma = 0.2, cfg.period = static_cast<std::size_t>(arg);
  h.init(cfg);
  for (std::size_t i = 0; i < 2 * cfg.period; ++i) h.push(y[i]);
  for (auto _ : st) {
    double acc = 0;
    std::size_t ready = 0;
    for (double v : y) {
      h.push(v, &ready);
      acc += h.row(0).fitted;
    }
    benchmark::DoNotOptimize(acc);
  }
  st.SetItemsProcessed(static_cast<int64_t>(st.iterations() * kStream));
}

void polyfit_ek(benchmark::State &st, int64_t arg) {
  const unsigned deg = static_cast<unsigned>(arg);
  const std::vector<double> y = series(1000);
  ek::polyfit_result f;
  for (auto _ : st) {
    ek::polyfit(nullptr, y.data(), y.size(), deg, &f);
    benchmark::DoNotOptimize(f.coef[0]);
  }
  st.SetItemsProcessed(static_cast<int64_t>(st.iterations() * 1000));
}

// Eigen's HouseholderQR on the full 1000 x (deg+1) Vandermonde matrix (x scaled to [-1, 1] as
// ours is), building the matrix inside the loop as a one-shot fit must.
void polyfit_eigen_qr(benchmark::State &st, int64_t arg) {
  const int k = static_cast<int>(arg) + 1;
  const std::vector<double> y = series(1000);
  Eigen::Map<const Eigen::VectorXd> yv(y.data(), 1000);
  Eigen::MatrixXd a(1000, k);
  for (auto _ : st) {
    for (int i = 0; i < 1000; ++i) {
      const double z = (i - 499.5) / 499.5;
      double p = 1;
      for (int j = 0; j < k; ++j, p *= z) a(i, j) = p;
    }
    Eigen::HouseholderQR<Eigen::MatrixXd> qr(a);
    const Eigen::VectorXd c = qr.solve(yv);
    benchmark::DoNotOptimize(c(0));
  }
  st.SetItemsProcessed(static_cast<int64_t>(st.iterations() * 1000));
}

}  // namespace

// Exact names kernel/impl/case (BENCHMARK()->Arg() would append "/<arg>").
const int registered = [] {
  struct entry {
    const char *name;
    void (*fn)(benchmark::State &, int64_t);
    int64_t arg;
  };
  static const entry list[] = {
      {"linear_trend/ek/window:10", trend_ek, 10},
      {"linear_trend/ek/window:1000", trend_ek, 1000},
      {"linear_trend/ek/window:100000", trend_ek, 100000},
      {"linear_trend/refit/window:10", trend_refit, 10},
      {"linear_trend/refit/window:1000", trend_refit, 1000},
      {"linear_trend/refit/window:100000", trend_refit, 100000},
      {"linear_trend/eigen_qr/window:10", trend_eigen_qr, 10},
      {"linear_trend/eigen_qr/window:100", trend_eigen_qr, 100},
      {"holt_winters/ek/period:12", hw_ek, 12},
      {"holt_winters/ek/period:7", hw_ek, 7},
      {"polyfit/ek/n:1000,degree:1", polyfit_ek, 1},
      {"polyfit/ek/n:1000,degree:3", polyfit_ek, 3},
      {"polyfit/ek/n:1000,degree:8", polyfit_ek, 8},
      {"polyfit/eigen_householder_qr/n:1000,degree:1", polyfit_eigen_qr, 1},
      {"polyfit/eigen_householder_qr/n:1000,degree:3", polyfit_eigen_qr, 3},
      {"polyfit/eigen_householder_qr/n:1000,degree:8", polyfit_eigen_qr, 8},
  };
  for (const entry &e : list) {
    const int64_t arg = e.arg;
    auto fn = e.fn;
    benchmark::RegisterBenchmark(e.name, [fn, arg](benchmark::State &st) { fn(st, arg); });
  }
  return 0;
}();

BENCHMARK_MAIN();
