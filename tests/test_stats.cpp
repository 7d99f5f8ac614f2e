// stats: Welford, EWMA, z-score and median/MAD detectors and sensor records against brute-force
// recomputations in long double; the C ABI's validation and allocation failure. numpy/scipy/
// statistics references are in tests/stats_reference.py.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <vector>

#include "edgekernels/edgekernels.h"
#include "edgekernels/reduce/reduce.hpp"
#include "edgekernels/stats/stats.hpp"
#include "test_rng.hpp"

namespace {

constexpr double qnan = std::numeric_limits<double>::quiet_NaN();
constexpr double pinf = std::numeric_limits<double>::infinity();


bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }
bool near(double a, double b, double tol) {
  return (std::isnan(a) && std::isnan(b)) || std::fabs(a - b) <= tol;
}
double ulp(double x) { return std::nextafter(std::fabs(x), pinf) - std::fabs(x); }

// Two-pass in long double about a shift (the first value), so that a 1e9 offset costs the
// reference nothing: mean = shift + dmean, and x - mean = (x - shift) - dmean.
struct two_pass {
  long double shift = 0, dmean = 0, mean = 0, m2 = 0;
  std::size_t n = 0;
};
two_pass reference(const double *v, std::size_t n) {
  two_pass r;
  r.n = n;
  if (!n) return r;
  r.shift = v[0];
  long double s = 0;
  for (std::size_t i = 0; i < n; ++i) s += v[i] - r.shift;
  r.dmean = s / static_cast<long double>(n);
  r.mean = r.shift + r.dmean;
  for (std::size_t i = 0; i < n; ++i) {
    const long double d = (v[i] - r.shift) - r.dmean;
    r.m2 += d * d;
  }
  return r;
}

// A stream mixing what breaks detectors: offsets, constant runs, steps, spikes, NaN/Inf.
std::vector<double> stream(rng &g, std::size_t n, double offset, double scale, bool specials,
                           bool integers) {
  std::vector<double> v;
  v.reserve(n);
  while (v.size() < n) {
    const std::size_t kind = g.below(10);
    if (kind == 0) {  // constant run
      const double c = offset + scale * g.noise();
      for (std::size_t k = g.below(40) + 1; k-- && v.size() < n;) v.push_back(c);
    } else if (kind == 1 && specials) {
      const double s[] = {qnan, pinf, -pinf};
      v.push_back(s[g.below(3)]);
    } else if (kind == 2) {
      v.push_back(offset + scale * 50 * g.sym());  // spike
    } else {
      double x = scale * g.noise();
      if (integers) x = std::round(x * 2);
      v.push_back(offset + x);
    }
  }
  return v;
}

}  // namespace

// ---- Welford ---------------------------------------------------------------------------------

TEST_CASE("welford: 1e9 + {4, 7, 13, 16} has sample variance exactly 30; the naive formula fails",
          "[stats][welford]") {
  const double x[] = {1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16};
  ek::welford w;
  for (double v : x) REQUIRE(w.push(v));
  CHECK(w.count() == 4);
  CHECK(w.mean() == 1e9 + 10);
  CHECK(w.variance(1) == 30.0);
  CHECK(w.variance(0) == 22.5);
  CHECK(w.min() == 1e9 + 4);
  CHECK(w.max() == 1e9 + 16);
  // The textbook one-pass formula on the same data, in double.
  double s = 0, sq = 0;
  for (double v : x) s += v, sq += v * v;
  const double naive = (sq - s * s / 4) / 3;
  INFO("naive sum-of-squares variance: " << naive);
  CHECK(std::fabs(naive - 30.0) > 100.0);
}

TEST_CASE("welford: 1e7 values at a 1e9 offset match two-pass; sum of squares does not",
          "[stats][welford]") {
  rng g{42};
  const std::size_t n = 10000000;
  std::vector<double> v(n);
  for (double &x : v) x = 1e9 + g.noise();
  ek::welford w;
  double s = 0, sq = 0;
  for (double x : v) {
    w.push(x);
    s += x;
    sq += x * x;
  }
  const two_pass ref = reference(v.data(), n);
  const double var = static_cast<double>(ref.m2 / static_cast<long double>(n - 1));
  const double naive = (sq - s * s / static_cast<double>(n)) / static_cast<double>(n - 1);
  INFO("two-pass " << var << " welford " << w.variance(1) << " naive " << naive);
  CHECK(std::fabs(w.variance(1) - var) <= 1e-10 * var);
  CHECK(std::fabs(w.mean() - static_cast<double>(ref.mean)) <= 2 * ulp(1e9));
  CHECK(std::fabs(naive - var) > 0.1 * var);  // the naive formula is useless here
  // And ek::describe (two-pass, SIMD) agrees with the streaming result.
  const ek::moments m = ek::describe(v.data(), n);
  CHECK(std::fabs(m.m2 - w.m2()) <= 1e-10 * m.m2);
}

TEST_CASE("welford: chunked merge equals a single pass", "[stats][welford]") {
  rng g{7};
  for (double offset : {0.0, 1e9, -3e6}) {
    std::vector<double> v(100003);
    for (double &x : v) x = offset + g.noise() * (1 + g.uniform());
    ek::welford one;
    one.push(v.data(), v.size());
    const two_pass ref = reference(v.data(), v.size());
    for (std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{7}, std::size_t{1000},
                              std::size_t{50000}, std::size_t{0}}) {
      ek::welford all;
      std::size_t i = 0;
      while (i < v.size()) {
        const std::size_t c = chunk ? chunk : g.below(5000) + 1;  // 0: random sizes
        const std::size_t k = std::min(c, v.size() - i);
        ek::welford part;
        part.push(v.data() + i, k);
        if (i % 3 == 0) {
          all.merge(part);
        } else {  // alternately through ek::describe's moments
          REQUIRE(all.merge(ek::describe(v.data() + i, k)) == EK_OK);
        }
        i += k;
      }
      INFO("offset " << offset << " chunk " << chunk);
      CHECK(all.count() == one.count());
      CHECK(all.min() == one.min());
      CHECK(all.max() == one.max());
      CHECK(std::fabs(all.mean() - one.mean()) <= 4 * ulp(one.mean()) + 1e-15);
      CHECK(std::fabs(all.m2() - one.m2()) <= 1e-11 * one.m2());
      CHECK(std::fabs(one.m2() - static_cast<double>(ref.m2)) <= 1e-12 * one.m2());
    }
  }
}

TEST_CASE("welford: NaN/Inf rejected and counted, empty state, bad moments", "[stats][welford]") {
  ek::welford w;
  CHECK(std::isnan(w.mean()));
  CHECK(std::isnan(w.variance(0)));
  CHECK(w.min() == pinf);
  CHECK(w.max() == -pinf);
  CHECK_FALSE(w.push(qnan));
  CHECK_FALSE(w.push(pinf));
  CHECK_FALSE(w.push(-pinf));
  CHECK(w.push(5.0));
  CHECK(w.count() == 1);
  CHECK(w.rejected() == 3);
  CHECK(w.mean() == 5.0);
  CHECK(w.variance(0) == 0.0);
  CHECK(std::isnan(w.variance(1)));
  const double bad[] = {1.0, qnan, 2.0};
  CHECK(w.merge(ek::describe(bad, 3)) == EK_ERR_ARG);
  CHECK(w.count() == 1);
  ek::welford e;
  w.merge(e);  // merging an empty state changes nothing
  CHECK(w.count() == 1);
  CHECK(w.mean() == 5.0);
  e.merge(w);
  CHECK(e.mean() == 5.0);
  CHECK(e.rejected() == 3);
  const ek::moments m = ek::welford{}.moments_of();
  CHECK(m.count == 0);
  CHECK(std::isnan(m.mean));
}

// ---- EWMA ------------------------------------------------------------------------------------

TEST_CASE("ewma: equals the weighted mean/variance definition; half-life; NaN", "[stats][ewma]") {
  rng g{11};
  for (double alpha : {1.0, 0.5, 0.1, 0.01}) {
    for (double offset : {0.0, 1e9}) {
      ek::ewma e;
      REQUIRE(e.init(ek::ewma_config{alpha, 0.0}) == EK_OK);
      std::vector<double> acc;
      for (int t = 0; t < 400; ++t) {
        const double x = (t % 37 == 5) ? qnan : offset + g.noise();
        const bool ok = e.push(x);
        CHECK(ok == std::isfinite(x));
        if (!ok) continue;
        acc.push_back(x);
        // weights: (1-a)^(n-1) for the first, a(1-a)^(n-1-i) for the i-th
        const std::size_t n = acc.size();
        std::vector<long double> wts(n);
        long double sw = 0, sm = 0;
        for (std::size_t i = 0; i < n; ++i) {
          wts[i] = std::pow(1.0L - alpha, static_cast<long double>(n - 1 - i)) * (i ? alpha : 1.0L);
          sw += wts[i];
          sm += wts[i] * (acc[i] - offset);
        }
        const long double m = sm / sw;
        long double sv = 0;
        for (std::size_t i = 0; i < n; ++i) sv += wts[i] * (acc[i] - offset - m) * (acc[i] - offset - m);
        const double var = static_cast<double>(sv / sw);
        INFO("alpha " << alpha << " offset " << offset << " n " << n);
        CHECK(std::fabs(e.mean() - (offset + static_cast<double>(m))) <= 4 * ulp(offset + 1) + 1e-12);
        CHECK(std::fabs(e.variance() - var) <= 1e-9 * var + 64 * ulp(offset + 1) + 1e-300);
      }
      CHECK(e.rejected() == 11);
    }
  }
  ek::ewma h;
  REQUIRE(h.init(ek::ewma_config{0.5, 10.0}) == EK_OK);
  CHECK(std::fabs(h.alpha() - (1 - std::pow(2.0, -0.1))) <= 1e-15);
  CHECK(std::isnan(h.mean()));
  ek::ewma bad;
  for (ek::ewma_config c : {ek::ewma_config{0.0, 0.0}, ek::ewma_config{1.5, 0.0},
                            ek::ewma_config{qnan, 0.0}, ek::ewma_config{0.5, -1.0},
                            ek::ewma_config{0.5, qnan}, ek::ewma_config{0.5, pinf}})
    CHECK(bad.init(c) == EK_ERR_ARG);
}

// ---- z-score ---------------------------------------------------------------------------------

namespace {

// The documented semantics, recomputed from scratch over the kept values each time.
struct zscore_ref {
  std::size_t window, need;
  double warn, crit;
  std::vector<double> acc;
  bool forced = true;  // the last z was 0 by rule (warmup, stddev 0 or undefined)
  ek::zscore_result push(double x) {
    const std::size_t n = std::min(window, acc.size());
    const double *w = acc.data() + (acc.size() - n);
    const two_pass tp = reference(w, n);
    ek::zscore_result r;
    r.mean = n ? static_cast<double>(tp.mean) : qnan;
    r.stddev = n >= 2 ? static_cast<double>(std::sqrt(tp.m2 / static_cast<long double>(n - 1))) : qnan;
    r.z = 0;
    r.level = 0;
    r.accepted = std::isfinite(x);
    if (!r.accepted) return r;
    forced = !(acc.size() >= need && n >= 2 && r.stddev != 0);
    if (!forced)
      r.z = static_cast<double>(((x - tp.shift) - tp.dmean) /
                                std::sqrt(tp.m2 / static_cast<long double>(n - 1)));
    const double a = std::fabs(r.z);
    r.level = a >= crit ? 2 : a >= warn ? 1 : 0;
    acc.push_back(x);
    return r;
  }
};

}  // namespace

TEST_CASE("zscore: random streams against a brute-force two-pass recomputation", "[stats][zscore]") {
  rng g{2024};
  std::size_t compared = 0, level_checked = 0;
  for (std::size_t window : {1, 2, 3, 5, 10, 64, 257}) {
    for (std::size_t warmup : {std::size_t(0), std::size_t(1), std::size_t(4), window, window + 7,
                               ek::zscore_config::warmup_window}) {
      for (double offset : {0.0, 1e9, -2.5e6}) {
        const bool integers = g.below(2) == 0;
        const std::vector<double> v = stream(g, 1500, offset, 1.0 + 3 * g.uniform(), true, integers);
        ek::zscore_config c;
        c.window = window;
        c.warmup = warmup;
        c.warn = 1.5;
        c.crit = 2.5;
        ek::zscore_detector d;
        REQUIRE(d.init(c) == EK_OK);
        const std::size_t w = warmup == ek::zscore_config::warmup_window ? window : warmup;
        zscore_ref ref{window, std::max<std::size_t>(w, 2), c.warn, c.crit, {}};
        std::uint64_t bad = 0;
        for (std::size_t i = 0; i < v.size(); ++i) {
          const ek::zscore_result got = d.push(v[i]);
          const ek::zscore_result exp = ref.push(v[i]);
          bad += std::isfinite(v[i]) ? 0 : 1;
          INFO("window " << window << " warmup " << warmup << " offset " << offset << " i " << i
                         << " x " << v[i] << " mean " << got.mean << " / " << exp.mean
                         << " sd " << got.stddev << " / " << exp.stddev << " z " << got.z << " / "
                         << exp.z);
          REQUIRE(got.accepted == exp.accepted);
          const double sd = std::isnan(exp.stddev) ? 0.0 : exp.stddev;
          REQUIRE(near(got.mean, exp.mean, 2 * ulp(exp.mean) + 1e-12 * sd));
          REQUIRE(near(got.stddev, exp.stddev, 1e-9 * sd + 1e-300));
          REQUIRE((exp.stddev == 0) == (got.stddev == 0));  // constant windows stay exactly 0
          REQUIRE(!std::isnan(got.z));
          // z is computed from x - mean without the mean's rounding: relative accuracy even at 1e9.
          const double ztol = ref.forced ? 0.0 : 1e-10 * std::fabs(exp.z) + 1e-12;
          REQUIRE(std::fabs(got.z - exp.z) <= ztol);
          const double az = std::fabs(exp.z);
          if (std::fabs(az - c.warn) > ztol && std::fabs(az - c.crit) > ztol) {
            REQUIRE(got.level == exp.level);
            ++level_checked;
          }
          ++compared;
        }
        CHECK(d.rejected() == bad);
        CHECK(d.accepted() == v.size() - bad);
      }
    }
  }
  CHECK(level_checked > compared * 99 / 100);
}

TEST_CASE("zscore: exact small cases, warmup, zero stddev, NaN", "[stats][zscore]") {
  ek::zscore_detector d;
  ek::zscore_config c;
  c.window = 3;
  REQUIRE(d.init(c) == EK_OK);
  ek::zscore_result r = d.push(1);
  CHECK(std::isnan(r.mean));
  CHECK(std::isnan(r.stddev));
  CHECK(r.z == 0);
  CHECK(r.accepted);
  r = d.push(2);
  CHECK(r.mean == 1);
  CHECK(std::isnan(r.stddev));
  r = d.push(3);  // two previous: stddev defined, but warmup is 3
  CHECK(r.mean == 1.5);
  CHECK(r.stddev == Approx(std::sqrt(0.5)).epsilon(1e-15));
  CHECK(r.z == 0);
  r = d.push(12);  // previous {1,2,3}: mean 2, sd 1 -> z 10
  CHECK(r.mean == 2);
  CHECK(r.stddev == 1);
  CHECK(r.z == 10);
  CHECK(r.level == 2);
  r = d.push(qnan);
  CHECK_FALSE(r.accepted);
  CHECK(r.level == 0);
  CHECK(r.z == 0);
  CHECK(r.mean == Approx(17.0 / 3).epsilon(1e-15));  // window {2,3,12}
  CHECK(d.rejected() == 1);
  for (int i = 0; i < 3; ++i) d.push(7);
  r = d.push(7);
  CHECK(r.stddev == 0);
  CHECK(r.mean == 7);
  CHECK(r.z == 0);
  r = d.push(1e6);  // a constant window never divides by zero
  CHECK(r.z == 0);
  CHECK(r.level == 0);
  d.reset();
  CHECK(d.accepted() == 0);
  CHECK(std::isnan(d.push(1).mean));

  // warn/crit thresholds are inclusive
  c.window = 4;
  c.warmup = 0;
  c.warn = 2;
  c.crit = 3;
  const double sd = std::sqrt(4.0 / 3);  // of {-1, 1, -1, 1}, mean 0
  ek::zscore_detector e;
  REQUIRE(e.init(c) == EK_OK);
  for (double x : {-1.0, 1.0, -1.0, 1.0}) e.push(x);
  CHECK(e.push(3 * sd).level == 2);
  ek::zscore_detector f;
  REQUIRE(f.init(c) == EK_OK);
  for (double x : {-1.0, 1.0, -1.0, 1.0}) f.push(x);
  const ek::zscore_result fr = f.push(2 * sd);
  CHECK(fr.z == Approx(2).epsilon(1e-15));
  CHECK(fr.level == (fr.z >= 2 ? 1 : 0));

  // warmup > window: no score until warmup values, then the last `window`
  c.window = 2;
  c.warmup = 5;
  REQUIRE(d.init(c) == EK_OK);
  for (double x : {0.0, 2.0, 0.0, 2.0, 0.0}) CHECK(d.push(x).z == 0);
  r = d.push(11);  // window {2, 0}: mean 1, sd sqrt(2)
  CHECK(r.z == Approx(10 / std::sqrt(2.0)).epsilon(1e-15));

  // window 1: stddev is never defined, z stays 0
  c.window = 1;
  c.warmup = 0;
  REQUIRE(d.init(c) == EK_OK);
  for (int i = 0; i < 10; ++i) {
    r = d.push(i * i);
    CHECK(r.z == 0);
    CHECK(std::isnan(r.stddev));
    if (i) CHECK(r.mean == (i - 1) * (i - 1));
  }

  for (ek::zscore_config bad : {ek::zscore_config{0, 0, 2, 3}, ek::zscore_config{5, 0, 3, 2},
                                ek::zscore_config{5, 0, -1, 3}, ek::zscore_config{5, 0, qnan, 3},
                                ek::zscore_config{5, 0, 2, qnan}})
    CHECK(d.init(bad) == EK_ERR_ARG);
  CHECK(d.init(ek::zscore_config{5, 0, 2, pinf}) == EK_OK);
}

// ---- robust ----------------------------------------------------------------------------------

namespace {

struct robust_ref {
  std::size_t window, need;
  double warn, crit, scale;
  std::vector<double> acc;
  static double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t h = v.size() / 2;
    return v.size() % 2 ? v[h] : 0.5 * v[h - 1] + 0.5 * v[h];
  }
  ek::robust_result push(double x) {
    const std::size_t n = std::min(window, acc.size());
    std::vector<double> w(acc.end() - static_cast<std::ptrdiff_t>(n), acc.end());
    ek::robust_result r;
    r.median = n ? median(w) : qnan;
    if (n) {
      std::vector<double> dev(n);
      for (std::size_t i = 0; i < n; ++i) dev[i] = std::fabs(w[i] - r.median);
      r.mad = median(dev);
    } else {
      r.mad = qnan;
    }
    r.z = 0;
    r.level = 0;
    r.accepted = std::isfinite(x);
    if (!r.accepted) {
      r.replacement = r.median;
      return r;
    }
    if (acc.size() >= need && scale * r.mad > 0) r.z = (x - r.median) / (scale * r.mad);
    const double a = std::fabs(r.z);
    r.level = a >= crit ? 2 : a >= warn ? 1 : 0;
    r.replacement = a >= crit ? r.median : x;
    acc.push_back(x);
    return r;
  }
};

}  // namespace

TEST_CASE("robust: sorted_median/sorted_mad equal sorting the deviations", "[stats][robust]") {
  rng g{5};
  for (int rep = 0; rep < 3000; ++rep) {
    const std::size_t n = g.below(40) + 1;
    std::vector<double> a(n);
    const bool dup = rep % 2;
    for (double &x : a) x = dup ? std::round(g.noise() * 2) : g.noise() * 1e3 + 1e9 * (rep % 3);
    std::sort(a.begin(), a.end());
    const double m = ek::sorted_median(a.data(), n);
    CHECK(m == robust_ref::median(a));
    std::vector<double> d(n);
    for (std::size_t i = 0; i < n; ++i) d[i] = std::fabs(a[i] - m);
    REQUIRE(ek::sorted_mad(a.data(), n, m) == robust_ref::median(d));
  }
}

TEST_CASE("robust: random streams against brute-force sorting", "[stats][robust]") {
  rng g{99};
  for (std::size_t window : {1, 2, 3, 4, 15, 16, 101}) {
    for (std::size_t warmup : {std::size_t(0), std::size_t(3), window + 5, ek::robust_config::warmup_window}) {
      for (double offset : {0.0, 1e9}) {
        const std::vector<double> v = stream(g, 1200, offset, 1.0, true, g.below(2) == 0);
        ek::robust_config c;
        c.window = window;
        c.warmup = warmup;
        ek::robust_detector d;
        REQUIRE(d.init(c) == EK_OK);
        const std::size_t w = warmup == ek::robust_config::warmup_window ? window : warmup;
        robust_ref ref{window, std::max<std::size_t>(w, 2), c.warn, c.crit, c.scale, {}};
        for (std::size_t i = 0; i < v.size(); ++i) {
          const ek::robust_result got = d.push(v[i]);
          const ek::robust_result exp = ref.push(v[i]);
          INFO("window " << window << " warmup " << warmup << " i " << i << " x " << v[i]);
          REQUIRE(got.accepted == exp.accepted);
          REQUIRE(same(got.median, exp.median));
          REQUIRE(same(got.mad, exp.mad));
          REQUIRE(same(got.z, exp.z));
          REQUIRE(got.level == exp.level);
          REQUIRE(same(got.replacement, exp.replacement));
          REQUIRE(std::is_sorted(d.sorted(), d.sorted() + d.count()));
        }
      }
    }
  }
  ek::robust_detector d;
  for (ek::robust_config bad : {ek::robust_config{0, 0, 2, 3, 1.4826}, ek::robust_config{5, 0, 2, 3, 0},
                                ek::robust_config{5, 0, 2, 3, qnan}, ek::robust_config{5, 0, 2, 3, pinf},
                                ek::robust_config{5, 0, 4, 3, 1}})
    CHECK(d.init(bad) == EK_ERR_ARG);
}

TEST_CASE("robust: Hampel replaces an outlier by the median", "[stats][robust]") {
  ek::robust_detector d;
  ek::robust_config c;
  c.window = 5;
  REQUIRE(d.init(c) == EK_OK);
  for (double x : {10.0, 11.0, 9.0, 10.0, 12.0}) CHECK(d.push(x).replacement == x);
  // window {10,11,9,10,12}: median 10, MAD 1 -> z = (100-10)/1.4826
  const ek::robust_result r = d.push(100);
  CHECK(r.median == 10);
  CHECK(r.mad == 1);
  CHECK(r.z == Approx(90 / 1.4826).epsilon(1e-15));
  CHECK(r.level == 2);
  CHECK(r.replacement == 10);
  const ek::robust_result n = d.push(qnan);
  CHECK_FALSE(n.accepted);
  CHECK(n.replacement == 11);  // the median of {11, 9, 10, 12, 100}
}

// ---- sensor ----------------------------------------------------------------------------------

TEST_CASE("sensor: threshold boundaries, NaN channels, combined level", "[stats][sensor]") {
  ek::sensor_processor p;
  ek::sensor_config c;
  REQUIRE(p.init(c) == EK_OK);
  const ek::sensor_channel_config &t = c.channel[ek::sensor_channel::temperature];
  struct {
    double x;
    int level;
  } temps[] = {{-10.1, 2}, {-10.0, 1}, {-0.001, 1}, {0.0, 0}, {20, 0}, {40.0, 0},
               {40.001, 1}, {50.0, 1}, {50.001, 2}, {-pinf, 2}, {pinf, 2}};
  for (auto tc : temps) CHECK(ek::threshold_level(t, tc.x) == tc.level);
  const ek::sensor_channel_config &h = c.channel[ek::sensor_channel::humidity];
  CHECK(ek::threshold_level(h, 100.0) == 1);
  CHECK(ek::threshold_level(h, 100.01) == 2);
  CHECK(ek::threshold_level(h, 0.0) == 1);
  CHECK(ek::threshold_level(h, -0.01) == 2);
  CHECK(ek::threshold_level(h, 50) == 0);

  ek::sensor_record rec{1.0, 21.0, 45.0, 1013.0, 300.0, 0.0};
  ek::sensor_result r = p.push(rec);
  CHECK(r.timestamp == 1.0);
  CHECK(r.level == 0);
  rec.temperature = 45;  // warning
  rec.humidity = qnan;    // not reported
  r = p.push(rec);
  CHECK(r.channel[ek::sensor_channel::temperature].threshold_level == 1);
  CHECK(r.channel[ek::sensor_channel::temperature].level == 1);
  CHECK_FALSE(r.channel[ek::sensor_channel::humidity].reported);
  CHECK(r.channel[ek::sensor_channel::humidity].level == 0);
  CHECK(r.level == 1);
  rec.pressure = 800;  // critical
  rec.humidity = 45;
  r = p.push(rec);
  CHECK(r.level == 2);
  CHECK(r.channel[ek::sensor_channel::pressure].threshold_level == 2);
  CHECK(p.rejected(ek::sensor_channel::humidity) == 1);
  CHECK(p.accepted(ek::sensor_channel::humidity) == 2);
  CHECK(p.accepted(ek::sensor_channel::temperature) == 3);
  CHECK(p.records() == 3);
  CHECK(p.accepted(7) == 0);

  // The z-score part: a steady channel, then a jump that stays inside the limits.
  ek::sensor_config zc;
  zc.channel[ek::sensor_channel::temperature].zscore.window = 10;
  zc.channel[ek::sensor_channel::light].enabled = false;
  REQUIRE(p.init(zc) == EK_OK);
  for (int i = 0; i < 10; ++i) {
    ek::sensor_record s{double(i), 20.0 + (i % 2) * 0.1, 50, 1000, qnan, 0};
    r = p.push(s);
    CHECK(r.level == 0);
    CHECK_FALSE(r.channel[ek::sensor_channel::light].reported);
  }
  r = p.push(ek::sensor_record{10, 25.0, 50, 1000, 1e9, 0});
  CHECK(r.channel[ek::sensor_channel::temperature].threshold_level == 0);
  CHECK(r.channel[ek::sensor_channel::temperature].zscore.level == 2);
  CHECK(r.channel[ek::sensor_channel::temperature].level == 2);
  CHECK(r.channel[ek::sensor_channel::light].level == 0);  // disabled: a wild reading is ignored
  CHECK(r.level == 2);
  CHECK(p.rejected(ek::sensor_channel::light) == 0);

  ek::sensor_config bad;
  bad.channel[0].warn_low = -20;  // below crit_low
  CHECK(p.init(bad) == EK_ERR_ARG);
  bad = ek::sensor_config{};
  bad.channel[2].crit_high = qnan;
  CHECK(p.init(bad) == EK_ERR_ARG);
  bad.channel[2].enabled = false;  // a disabled channel's limits are not looked at
  CHECK(p.init(bad) == EK_OK);
  bad.channel[1].zscore.window = 0;
  CHECK(p.init(bad) == EK_ERR_ARG);
}

// ---- C ABI -----------------------------------------------------------------------------------

namespace {

// Counts live allocations; fails the allocation numbered fail_at (1-based; 0 = never).
struct counting {
  long live = 0, calls = 0, fail_at = 0;
  static void *alloc(void *ctx, size_t n) {
    counting *c = static_cast<counting *>(ctx);
    if (++c->calls == c->fail_at) return nullptr;
    ++c->live;
    return std::malloc(n);
  }
  static void release(void *ctx, void *p) {
    --static_cast<counting *>(ctx)->live;
    std::free(p);
  }
};

}  // namespace

TEST_CASE("C ABI: welford and ewma", "[stats][capi]") {
  ek_welford w, v;
  REQUIRE(ek_welford_init(&w) == EK_OK);
  REQUIRE(ek_welford_init(&v) == EK_OK);
  CHECK(ek_welford_init(nullptr) == EK_ERR_NULL);
  CHECK(ek_welford_push(nullptr, 1) == EK_ERR_NULL);
  CHECK(ek_welford_push_n(nullptr, nullptr, 0) == EK_ERR_NULL);
  CHECK(ek_welford_push_n(&w, nullptr, 1) == EK_ERR_NULL);
  CHECK(ek_welford_push_n(&w, nullptr, 0) == EK_OK);
  CHECK(ek_welford_merge(nullptr, &v) == EK_ERR_NULL);
  CHECK(ek_welford_merge(&w, nullptr) == EK_ERR_NULL);
  double out = -1;
  CHECK(ek_welford_mean(&w, &out) == EK_ERR_ARG);
  CHECK(ek_welford_mean(nullptr, &out) == EK_ERR_NULL);
  CHECK(ek_welford_mean(&w, nullptr) == EK_ERR_NULL);
  CHECK(ek_welford_variance(nullptr, 1, &out) == EK_ERR_NULL);
  CHECK(ek_welford_variance(&w, 1, nullptr) == EK_ERR_NULL);
  CHECK(out == -1);
  const double a[] = {1e9 + 4, 1e9 + 7};
  const double b[] = {1e9 + 13, qnan, 1e9 + 16};
  REQUIRE(ek_welford_push_n(&w, a, 2) == EK_OK);
  REQUIRE(ek_welford_push_n(&v, b, 3) == EK_OK);
  CHECK(ek_welford_variance(&w, 2, &out) == EK_ERR_ARG);
  REQUIRE(ek_welford_merge(&w, &v) == EK_OK);
  CHECK(w.count == 4);
  CHECK(w.rejected == 1);
  REQUIRE(ek_welford_variance(&w, 1, &out) == EK_OK);
  CHECK(out == 30.0);
  REQUIRE(ek_welford_mean(&w, &out) == EK_OK);
  CHECK(out == 1e9 + 10);
  REQUIRE(ek_welford_merge(&w, &w) == EK_OK);  // a state merged with itself
  CHECK(w.count == 8);
  REQUIRE(ek_welford_variance(&w, 0, &out) == EK_OK);
  CHECK(out == 22.5);

  ek_ewma_config ec;
  CHECK(ek_ewma_config_init(nullptr) == EK_ERR_NULL);
  REQUIRE(ek_ewma_config_init(&ec) == EK_OK);
  CHECK(ec.alpha == 0.1);
  ek_ewma *e = reinterpret_cast<ek_ewma *>(&out);
  CHECK(ek_ewma_new(nullptr, nullptr, &e) == EK_ERR_NULL);
  CHECK(ek_ewma_new(&ec, nullptr, nullptr) == EK_ERR_NULL);
  ec.alpha = 0;
  CHECK(ek_ewma_new(&ec, nullptr, &e) == EK_ERR_ARG);
  CHECK(e == nullptr);
  ec.alpha = 0.5;
  REQUIRE(ek_ewma_new(&ec, nullptr, &e) == EK_OK);
  double m, var;
  CHECK(ek_ewma_get(e, &m, &var) == EK_ERR_ARG);
  CHECK(ek_ewma_push(nullptr, 1) == EK_ERR_NULL);
  REQUIRE(ek_ewma_push(e, 2) == EK_OK);
  REQUIRE(ek_ewma_push(e, qnan) == EK_OK);
  REQUIRE(ek_ewma_push(e, 4) == EK_OK);
  CHECK(ek_ewma_get(nullptr, &m, &var) == EK_ERR_NULL);
  CHECK(ek_ewma_get(e, nullptr, &var) == EK_ERR_NULL);
  CHECK(ek_ewma_get(e, &m, nullptr) == EK_ERR_NULL);
  REQUIRE(ek_ewma_get(e, &m, &var) == EK_OK);
  CHECK(m == 3);
  CHECK(var == 1);  // 0.5 * (0 + 2 * 1)
  uint64_t acc = 0, rej = 0;
  CHECK(ek_ewma_counts(nullptr, &acc, &rej) == EK_ERR_NULL);
  REQUIRE(ek_ewma_counts(e, &acc, &rej) == EK_OK);
  CHECK(acc == 2);
  CHECK(rej == 1);
  CHECK(ek_ewma_counts(e, nullptr, nullptr) == EK_OK);
  CHECK(ek_ewma_reset(nullptr) == EK_ERR_NULL);
  REQUIRE(ek_ewma_reset(e) == EK_OK);
  CHECK(ek_ewma_get(e, &m, &var) == EK_ERR_ARG);
  ek_ewma_free(e);
  ek_ewma_free(nullptr);
}

TEST_CASE("C ABI: zscore and robust match C++, validate, and survive allocation failure",
          "[stats][capi]") {
  ek_zscore_config zc;
  CHECK(ek_zscore_config_init(nullptr) == EK_ERR_NULL);
  REQUIRE(ek_zscore_config_init(&zc) == EK_OK);
  CHECK(zc.window == 30);
  CHECK(zc.warmup == EK_WARMUP_WINDOW);
  CHECK(zc.warn == 2);
  CHECK(zc.crit == 3);
  ek_zscore *z = nullptr;
  CHECK(ek_zscore_new(nullptr, nullptr, &z) == EK_ERR_NULL);
  CHECK(ek_zscore_new(&zc, nullptr, nullptr) == EK_ERR_NULL);
  zc.window = 0;
  CHECK(ek_zscore_new(&zc, nullptr, &z) == EK_ERR_ARG);
  zc.window = 8;
  zc.crit = 1;
  CHECK(ek_zscore_new(&zc, nullptr, &z) == EK_ERR_ARG);
  zc.crit = 3;
  REQUIRE(ek_zscore_new(&zc, nullptr, &z) == EK_OK);
  ek_zscore_result zr;
  CHECK(ek_zscore_push(nullptr, 1, &zr) == EK_ERR_NULL);
  CHECK(ek_zscore_push(z, 1, nullptr) == EK_ERR_NULL);
  ek::zscore_detector cpp;
  REQUIRE(cpp.init(ek::zscore_config{8, ek::zscore_config::warmup_window, 2, 3}) == EK_OK);
  rng g{3};
  for (double x : stream(g, 500, 1e9, 1, true, false)) {
    REQUIRE(ek_zscore_push(z, x, &zr) == EK_OK);
    const ek::zscore_result c = cpp.push(x);
    REQUIRE(same(zr.mean, c.mean));
    REQUIRE(same(zr.stddev, c.stddev));
    REQUIRE(zr.z == c.z);
    REQUIRE(zr.level == c.level);
    REQUIRE(zr.accepted == (c.accepted ? 1 : 0));
  }
  uint64_t acc = 0, rej = 0;
  CHECK(ek_zscore_counts(nullptr, &acc, &rej) == EK_ERR_NULL);
  REQUIRE(ek_zscore_counts(z, &acc, &rej) == EK_OK);
  CHECK(acc == cpp.accepted());
  CHECK(rej == cpp.rejected());
  CHECK(ek_zscore_reset(nullptr) == EK_ERR_NULL);
  REQUIRE(ek_zscore_reset(z) == EK_OK);
  REQUIRE(ek_zscore_counts(z, &acc, nullptr) == EK_OK);
  CHECK(acc == 0);
  ek_zscore_free(z);
  ek_zscore_free(nullptr);

  ek_robust_config rc;
  CHECK(ek_robust_config_init(nullptr) == EK_ERR_NULL);
  REQUIRE(ek_robust_config_init(&rc) == EK_OK);
  CHECK(rc.scale == 1.4826);
  ek_robust *r = nullptr;
  CHECK(ek_robust_new(nullptr, nullptr, &r) == EK_ERR_NULL);
  CHECK(ek_robust_new(&rc, nullptr, nullptr) == EK_ERR_NULL);
  rc.scale = -1;
  CHECK(ek_robust_new(&rc, nullptr, &r) == EK_ERR_ARG);
  rc.scale = 1.4826;
  REQUIRE(ek_robust_new(&rc, nullptr, &r) == EK_OK);
  ek_robust_result rr;
  CHECK(ek_robust_push(nullptr, 1, &rr) == EK_ERR_NULL);
  CHECK(ek_robust_push(r, 1, nullptr) == EK_ERR_NULL);
  ek::robust_detector rcpp;
  REQUIRE(rcpp.init(ek::robust_config{}) == EK_OK);
  for (double x : stream(g, 500, 0, 1, true, true)) {
    REQUIRE(ek_robust_push(r, x, &rr) == EK_OK);
    const ek::robust_result c = rcpp.push(x);
    REQUIRE(same(rr.median, c.median));
    REQUIRE(same(rr.mad, c.mad));
    REQUIRE(rr.z == c.z);
    REQUIRE(same(rr.replacement, c.replacement));
    REQUIRE(rr.level == c.level);
  }
  CHECK(ek_robust_counts(nullptr, &acc, &rej) == EK_ERR_NULL);
  REQUIRE(ek_robust_counts(r, &acc, &rej) == EK_OK);
  CHECK(acc == rcpp.accepted());
  CHECK(rej == rcpp.rejected());
  CHECK(ek_robust_reset(nullptr) == EK_ERR_NULL);
  REQUIRE(ek_robust_reset(r) == EK_OK);
  ek_robust_free(r);
  ek_robust_free(nullptr);

  // Every allocation of every constructor fails in turn: EK_ERR_NOMEM, NULL handle, no leak.
  ek_sensor_config sc;
  REQUIRE(ek_sensor_config_init(&sc) == EK_OK);
  for (int which = 0; which < 4; ++which) {
    for (long k = 1;; ++k) {
      counting cnt;
      cnt.fail_at = k;
      const ek_allocator al{counting::alloc, counting::release, &cnt};
      void *h = &cnt;  // must be overwritten
      ek_status st;
      if (which == 0) {
        ek_zscore_config c;
        ek_zscore_config_init(&c);
        st = ek_zscore_new(&c, &al, reinterpret_cast<ek_zscore **>(&h));
      } else if (which == 1) {
        st = ek_robust_new(&rc, &al, reinterpret_cast<ek_robust **>(&h));
      } else if (which == 2) {
        ek_ewma_config c;
        ek_ewma_config_init(&c);
        st = ek_ewma_new(&c, &al, reinterpret_cast<ek_ewma **>(&h));
      } else {
        st = ek_sensor_new(&sc, &al, reinterpret_cast<ek_sensor **>(&h));
      }
      INFO("constructor " << which << " failing allocation " << k);
      if (st == EK_OK) {
        REQUIRE(cnt.live > 0);
        if (which == 0) ek_zscore_free(static_cast<ek_zscore *>(h));
        if (which == 1) ek_robust_free(static_cast<ek_robust *>(h));
        if (which == 2) ek_ewma_free(static_cast<ek_ewma *>(h));
        if (which == 3) ek_sensor_free(static_cast<ek_sensor *>(h));
        CHECK(cnt.live == 0);
        // zscore: handle + ring; robust: + sorted copy; ewma: handle; sensor: handle + 5 rings
        const long expect[] = {2, 3, 1, 6};
        CHECK(k == expect[which] + 1);
        break;
      }
      REQUIRE(st == EK_ERR_NOMEM);
      CHECK(h == nullptr);
      CHECK(cnt.live == 0);
    }
  }
}

TEST_CASE("C ABI: sensor", "[stats][capi][sensor]") {
  ek_sensor_config c;
  CHECK(ek_sensor_config_init(nullptr) == EK_ERR_NULL);
  REQUIRE(ek_sensor_config_init(&c) == EK_OK);
  CHECK(c.channel[EK_SENSOR_TEMPERATURE].warn_low == 0);
  CHECK(c.channel[EK_SENSOR_TEMPERATURE].warn_high == 40);
  CHECK(c.channel[EK_SENSOR_TEMPERATURE].crit_low == -10);
  CHECK(c.channel[EK_SENSOR_TEMPERATURE].crit_high == 50);
  CHECK(c.channel[EK_SENSOR_TEMPERATURE].zscore.warmup == EK_WARMUP_WINDOW);
  ek_sensor *s = nullptr;
  CHECK(ek_sensor_new(nullptr, nullptr, &s) == EK_ERR_NULL);
  CHECK(ek_sensor_new(&c, nullptr, nullptr) == EK_ERR_NULL);
  c.channel[EK_SENSOR_HUMIDITY].crit_low = qnan;
  CHECK(ek_sensor_new(&c, nullptr, &s) == EK_ERR_ARG);
  CHECK(s == nullptr);
  c.channel[EK_SENSOR_HUMIDITY].crit_low = 0;
  c.channel[EK_SENSOR_MOTION].enabled = 0;
  REQUIRE(ek_sensor_new(&c, nullptr, &s) == EK_OK);
  ek_sensor_record rec{5.0, 51.0, qnan, 1000, 10, 1};
  ek_sensor_result out;
  CHECK(ek_sensor_push(nullptr, &rec, &out) == EK_ERR_NULL);
  CHECK(ek_sensor_push(s, nullptr, &out) == EK_ERR_NULL);
  CHECK(ek_sensor_push(s, &rec, nullptr) == EK_ERR_NULL);
  REQUIRE(ek_sensor_push(s, &rec, &out) == EK_OK);
  CHECK(out.timestamp == 5.0);
  CHECK(out.level == 2);
  CHECK(out.channel[EK_SENSOR_TEMPERATURE].threshold_level == 2);
  CHECK(out.channel[EK_SENSOR_HUMIDITY].reported == 0);
  CHECK(out.channel[EK_SENSOR_MOTION].reported == 0);
  uint64_t acc = 9, rej = 9;
  CHECK(ek_sensor_counts(nullptr, 0, &acc, &rej) == EK_ERR_NULL);
  CHECK(ek_sensor_counts(s, -1, &acc, &rej) == EK_ERR_ARG);
  CHECK(ek_sensor_counts(s, EK_SENSOR_CHANNELS, &acc, &rej) == EK_ERR_ARG);
  REQUIRE(ek_sensor_counts(s, EK_SENSOR_HUMIDITY, &acc, &rej) == EK_OK);
  CHECK(acc == 0);
  CHECK(rej == 1);
  CHECK(ek_sensor_reset(nullptr) == EK_ERR_NULL);
  REQUIRE(ek_sensor_reset(s) == EK_OK);
  REQUIRE(ek_sensor_counts(s, EK_SENSOR_HUMIDITY, nullptr, &rej) == EK_OK);
  CHECK(rej == 0);
  ek_sensor_free(s);
  ek_sensor_free(nullptr);
}
