// stats: detectors and accumulators, values per second (items/s), ours (`ek`) against the
// obvious implementations in the same run:
//   zscore/naive      recomputes mean and stddev over the whole window for every value (two-pass)
//   robust/nth_element copies the window and runs nth_element twice (median, then MAD) per value
//   welford/textbook  plain Welford without the double-double mean
// Every detector is filled with a full window before timing, so the numbers are steady state.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "edgekernels/stats/stats.hpp"

namespace {

// A sensor-like stream at an offset, with occasional spikes; 2^16 values, reused cyclically.
const std::vector<double> &data() {
  static const std::vector<double> v = [] {
    std::vector<double> d(1 << 16);
    std::uint64_t s = 12345;
    for (std::size_t i = 0; i < d.size(); ++i) {
      s = s * 6364136223846793005ull + 1442695040888963407ull;
      const double u = static_cast<double>(s >> 11) * 0x1p-53;
      d[i] = 1000.0 + 10 * std::sin(static_cast<double>(i) * 1e-3) + (u - 0.5) + (i % 997 == 0 ? 40 : 0);
    }
    return d;
  }();
  return v;
}
constexpr std::size_t mask = (1 << 16) - 1;

// Steady state of a detector D with config C: a full window first, then one push per iteration.
template <class D, class C>
void detector_ek(benchmark::State &state, std::size_t n) {
  D d;
  C c;
  c.window = n;
  if (d.init(c) != EK_OK) {
    state.SkipWithError("init");
    return;
  }
  const std::vector<double> &x = data();
  std::size_t i = 0;
  for (; i < n; ++i) d.push(x[i & mask]);
  for (auto _ : state) {
    const auto r = d.push(x[i++ & mask]);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
void zscore_ek(benchmark::State &state, std::size_t n) {
  detector_ek<ek::zscore_detector, ek::zscore_config>(state, n);
}
void robust_ek(benchmark::State &state, std::size_t n) {
  detector_ek<ek::robust_detector, ek::robust_config>(state, n);
}

// The window in a ring; every value recomputes mean and sample stddev from scratch.
void zscore_naive(benchmark::State &state, std::size_t n) {
  std::vector<double> ring(n);
  const std::vector<double> &x = data();
  std::size_t i = 0;
  for (; i < n; ++i) ring[i % n] = x[i & mask];
  for (auto _ : state) {
    double s = 0;
    for (double v : ring) s += v;
    const double mean = s / static_cast<double>(n);
    double m2 = 0;
    for (double v : ring) m2 += (v - mean) * (v - mean);
    const double sd = n > 1 ? std::sqrt(m2 / static_cast<double>(n - 1)) : 0.0;
    const double v = x[i & mask];
    const double z = sd > 0 ? (v - mean) / sd : 0.0;
    benchmark::DoNotOptimize(z);
    ring[i % n] = v;
    ++i;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

// Exact median and MAD the usual way: copy the window, nth_element (twice for an even size),
// then the deviations, nth_element again.
double median_inplace(std::vector<double> &v) {
  const std::size_t h = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(h), v.end());
  if (v.size() % 2) return v[h];
  const double hi = v[h];
  const double lo = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(h));
  return 0.5 * lo + 0.5 * hi;
}
void robust_nth_element(benchmark::State &state, std::size_t n) {
  std::vector<double> ring(n), tmp(n);
  const std::vector<double> &x = data();
  std::size_t i = 0;
  for (; i < n; ++i) ring[i % n] = x[i & mask];
  for (auto _ : state) {
    tmp = ring;
    const double med = median_inplace(tmp);
    for (std::size_t k = 0; k < n; ++k) tmp[k] = std::fabs(ring[k] - med);
    const double mad = median_inplace(tmp);
    const double v = x[i & mask];
    const double z = mad > 0 ? (v - med) / (1.4826 * mad) : 0.0;
    benchmark::DoNotOptimize(z);
    ring[i % n] = v;
    ++i;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void welford_ek(benchmark::State &state, std::size_t) {
  ek::welford w;
  const std::vector<double> &x = data();
  for (auto _ : state) {
    for (double v : x) w.push(v);
    benchmark::DoNotOptimize(w.m2());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * x.size()));
}

void welford_textbook(benchmark::State &state, std::size_t) {
  const std::vector<double> &x = data();
  std::uint64_t n = 0;
  double mean = 0, m2 = 0;
  for (auto _ : state) {
    for (double v : x) {
      if (!std::isfinite(v)) continue;
      ++n;
      const double d = v - mean;
      mean += d / static_cast<double>(n);
      m2 += d * (v - mean);
    }
    benchmark::DoNotOptimize(m2);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * x.size()));
}

void ewma_ek(benchmark::State &state, std::size_t) {
  ek::ewma e;
  if (e.init(ek::ewma_config{}) != EK_OK) {
    state.SkipWithError("init");
    return;
  }
  const std::vector<double> &x = data();
  for (auto _ : state) {
    for (double v : x) e.push(v);
    benchmark::DoNotOptimize(e.variance());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * x.size()));
}

void sensor_ek(benchmark::State &state, std::size_t) {
  ek::sensor_processor p;
  if (p.init(ek::sensor_config{}) != EK_OK) {
    state.SkipWithError("init");
    return;
  }
  const std::vector<double> &x = data();
  std::size_t i = 0;
  for (auto _ : state) {
    const double v = x[i++ & mask];
    const ek::sensor_result r = p.push(ek::sensor_record{double(i), v - 980, v / 20, v, v * 10, 0});
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

}  // namespace

int main(int argc, char **argv) {
  // Registered by hand so the names are exactly kernel/impl/case.
  using fn = void (*)(benchmark::State &, std::size_t);
  const struct {
    const char *name;
    fn f;
    std::size_t n;
  } cases[] = {
      {"zscore/ek/window:10", zscore_ek, 10},
      {"zscore/ek/window:1000", zscore_ek, 1000},
      {"zscore/ek/window:100000", zscore_ek, 100000},
      {"zscore/naive/window:10", zscore_naive, 10},
      {"zscore/naive/window:1000", zscore_naive, 1000},
      {"zscore/naive/window:100000", zscore_naive, 100000},
      {"robust/ek/window:15", robust_ek, 15},
      {"robust/ek/window:101", robust_ek, 101},
      {"robust/ek/window:1001", robust_ek, 1001},
      {"robust/nth_element/window:15", robust_nth_element, 15},
      {"robust/nth_element/window:101", robust_nth_element, 101},
      {"robust/nth_element/window:1001", robust_nth_element, 1001},
      {"welford/ek/push", welford_ek, 0},
      {"welford/textbook/push", welford_textbook, 0},
      {"ewma/ek/push", ewma_ek, 0},
      {"sensor/ek/record", sensor_ek, 0},
  };
  for (const auto &c : cases) benchmark::RegisterBenchmark(c.name, c.f, c.n);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
