// reduce: every variant runnable here, against long double references and the documented bounds.
// Ill-conditioned data is also checked against math.fsum and numpy in tests/reduce_fsum.py.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "edgekernels/cpu.hpp"
#include "edgekernels/edgekernels.h"
#include "edgekernels/reduce/reduce.hpp"
#include "reduce/variants.hpp"
#include "test_rng.hpp"

namespace {

using ek::reduce_impl::variants;

// The bounds of reduce.hpp: sum has tree depth 7, dot/sumsq/sumdev 4 + 5.
constexpr int sum_m = 7;
constexpr int dot_m = 9;

template <class T>
constexpr long double unit() {
  return std::ldexp(1.0L, -std::numeric_limits<T>::digits);
}


// Pairwise in long double: its own error (log2 n * 2^-64) is far below any bound checked.
long double ref_sum(const long double *v, std::size_t n) {
  if (n <= 8) {
    long double s = 0;
    for (std::size_t i = 0; i < n; ++i) s += v[i];
    return s;
  }
  return ref_sum(v, n / 2) + ref_sum(v + n / 2, n - n / 2);
}
template <class T>
long double ref_dot(const T *x, const T *y, std::size_t n, long double *abs_sum) {
  std::vector<long double> p(n), a(n);
  for (std::size_t i = 0; i < n; ++i) {
    p[i] = static_cast<long double>(x[i]) * y[i];
    a[i] = std::fabs(p[i]);
  }
  *abs_sum = ref_sum(a.data(), n);
  return ref_sum(p.data(), n);
}
template <class T>
long double ref_plain(const T *x, std::size_t n, long double *abs_sum) {
  std::vector<long double> p(x, x + n), a(n);
  for (std::size_t i = 0; i < n; ++i) a[i] = std::fabs(p[i]);
  *abs_sum = ref_sum(a.data(), n);
  return ref_sum(p.data(), n);
}

// |got - exact| <= u|exact| + (gamma_m + eps) sum|x| (+ the final double rounding for float).
template <class T>
bool within(T got, long double exact, long double abs_sum, int m) {
  const long double u = unit<T>();
  const long double tol = u * std::fabs(exact) * (1 + 1e-6L) + (m + 0.01L) * u * abs_sum * 1.001L +
                          std::numeric_limits<T>::denorm_min();
  return std::fabs(static_cast<long double>(got) - exact) <= tol;
}

// Runs f once per variant runnable on this CPU, pinned through the public disable mask so that
// the public API (and its final rounding) is what gets tested.
template <class T, class F>
void each_variant(F &&f) {
  const auto list = variants<T>();
  const std::uint64_t have = ek::cpu::detected();
  std::uint64_t earlier = 0;
  for (std::size_t i = 0; i < list.size; ++i) {
    const auto &v = list.v[i];
    if (ek::detail::runnable(v, have)) {
      ek::cpu::disable(earlier & ~v.needs);
      const auto fam = sizeof(T) == 4 ? ek::cpu::kernel::reduce_f32 : ek::cpu::kernel::reduce_f64;
      REQUIRE(std::string(ek::cpu::kernel_path(fam)) == v.name);
      f(std::string(v.name));
    }
    earlier |= v.needs;
  }
  ek::cpu::disable(0);
}

template <class T>
bool same_nan_or_equal(T a, T b) {
  return (std::isnan(a) && std::isnan(b)) || a == b;
}

template <class T>
void check_basic(const std::string &name, const T *x, const T *y, std::size_t n) {
  INFO(name << " n=" << n);
  long double abs_s, abs_d, abs_q;
  const long double s = ref_plain(x, n, &abs_s);
  const long double d = ref_dot(x, y, n, &abs_d);
  const long double q = ref_dot(x, x, n, &abs_q);
  CHECK(within(ek::sum(x, n), s, abs_s, sum_m));
  CHECK(within(ek::dot(x, y, n), d, abs_d, dot_m));
  CHECK(within(ek::sumsq(x, n), q, abs_q, dot_m));
  if (n == 0) {
    CHECK(ek::min(x, n) == std::numeric_limits<T>::infinity());
    CHECK(ek::max(x, n) == -std::numeric_limits<T>::infinity());
    CHECK(std::isnan(ek::mean(x, n)));
    CHECK(std::isnan(ek::variance(x, n, 0)));
    return;
  }
  T mn = x[0], mx = x[0];
  for (std::size_t i = 1; i < n; ++i) {
    mn = x[i] < mn ? x[i] : mn;
    mx = x[i] > mx ? x[i] : mx;
  }
  CHECK(ek::min(x, n) == mn);
  CHECK(ek::max(x, n) == mx);
  const long double mean = s / n;
  CHECK(within(ek::mean(x, n), mean, abs_s / n, sum_m + 1));
  long double m2 = 0;
  for (std::size_t i = 0; i < n; ++i) m2 += (x[i] - mean) * (x[i] - mean);
  const T var = ek::variance(x, n, 0);
  CHECK(std::fabs(var - m2 / n) <= (dot_m + 4) * unit<T>() * (m2 / n) + 1e-30L);
  const ek::moments mo = ek::describe(x, n);
  CHECK(mo.count == n);
  CHECK(mo.min == mn);
  CHECK(mo.max == mx);
  CHECK(within(static_cast<T>(mo.sum), s, abs_s, sum_m));
  CHECK(std::fabs(mo.m2 - m2) <= (dot_m + 4) * unit<T>() * m2 + 1e-30L);
}

template <class T>
void lengths_and_offsets() {
  rng r{42};
  std::vector<T> xs(5000), ys(5000);
  for (auto &v : xs) v = static_cast<T>(r.sym() * std::ldexp(1.0, static_cast<int>(r.next() % 16)));
  for (auto &v : ys) v = static_cast<T>(r.sym());
  each_variant<T>([&](const std::string &name) {
    for (std::size_t off = 0; off < 4; ++off) {
      for (std::size_t n = 0; n <= 300; ++n) check_basic(name, xs.data() + off, ys.data() + off, n);
      for (std::size_t n : {511u, 1023u, 2047u, 2049u, 4095u, 4097u, 4990u})
        check_basic(name, xs.data() + off, ys.data() + 3 - off, n);
    }
  });
}

}  // namespace

TEST_CASE("reduce: variants are listed and named", "[reduce]") {
  CHECK(std::string(variants<float>().v[variants<float>().size - 1].name) == "portable");
  CHECK(std::string(variants<double>().v[variants<double>().size - 1].name) == "portable");
  CHECK(ek_kernel_path(EK_KERNEL_REDUCE_F32) != nullptr);
  CHECK(ek_kernel_path(EK_KERNEL_REDUCE_F64) != nullptr);
}

TEST_CASE("reduce: lengths 0..300, odd tails, unaligned starts (float)", "[reduce]") {
  lengths_and_offsets<float>();
}
TEST_CASE("reduce: lengths 0..300, odd tails, unaligned starts (double)", "[reduce]") {
  lengths_and_offsets<double>();
}

TEMPLATE_TEST_CASE("reduce: NaN anywhere poisons every result", "[reduce]", float, double) {
  using T = TestType;
  const T nan = std::numeric_limits<T>::quiet_NaN();
  each_variant<T>([&](const std::string &name) {
    for (std::size_t n : {1u, 2u, 7u, 17u, 33u, 300u, 5000u}) {
      for (std::size_t pos : {std::size_t(0), std::size_t(1), n / 2, n - 1, n > 20 ? n - 20 : 0}) {
        if (pos >= n) continue;
        std::vector<T> x(n, T(1.5)), y(n, T(2));
        x[pos] = nan;
        INFO(name << " n=" << n << " pos=" << pos);
        CHECK(std::isnan(ek::sum(x.data(), n)));
        CHECK(std::isnan(ek::sumsq(x.data(), n)));
        CHECK(std::isnan(ek::dot(x.data(), y.data(), n)));
        CHECK(std::isnan(ek::dot(y.data(), x.data(), n)));
        CHECK(std::isnan(ek::min(x.data(), n)));
        CHECK(std::isnan(ek::max(x.data(), n)));
        CHECK(std::isnan(ek::mean(x.data(), n)));
        CHECK(std::isnan(ek::variance(x.data(), n, 0)));
        const ek::moments m = ek::describe(x.data(), n);
        CHECK((std::isnan(m.sum) && std::isnan(m.mean) && std::isnan(m.min) && std::isnan(m.max)));
        // A NaN after an infinity of each sign (the cheap detector already says NaN there).
        if (n >= 3 && pos != 0 && pos != 1) {
          x[0] = std::numeric_limits<T>::infinity();
          x[1] = -std::numeric_limits<T>::infinity();
          CHECK(std::isnan(ek::min(x.data(), n)));
          CHECK(std::isnan(ek::max(x.data(), n)));
        }
      }
    }
  });
}

TEMPLATE_TEST_CASE("reduce: infinities, signed zeros, subnormals", "[reduce]", float, double) {
  using T = TestType;
  const T inf = std::numeric_limits<T>::infinity();
  each_variant<T>([&](const std::string &name) {
    INFO(name);
    for (std::size_t n : {1u, 3u, 40u, 1000u}) {
      std::vector<T> x(n, T(1));
      x[n / 2] = inf;
      CHECK(ek::sum(x.data(), n) == inf);
      CHECK(ek::sumsq(x.data(), n) == inf);
      CHECK(ek::max(x.data(), n) == inf);
      CHECK(ek::min(x.data(), n) == (n == 1 ? inf : T(1)));
      CHECK(ek::mean(x.data(), n) == inf);
      CHECK(std::isnan(ek::variance(x.data(), n, 0)));
      if (n >= 3) {
        x[0] = -inf;
        CHECK(std::isnan(ek::sum(x.data(), n)));
        CHECK(std::isnan(ek::mean(x.data(), n)));
        CHECK(ek::min(x.data(), n) == -inf);
        CHECK(ek::max(x.data(), n) == inf);
        const ek::moments m = ek::describe(x.data(), n);
        CHECK((m.min == -inf && m.max == inf && std::isnan(m.sum)));
      }
      // Signed zeros: all -0.0 sums to -0.0, one +0.0 makes it +0.0.
      std::vector<T> z(n, T(-0.0));
      CHECK((ek::sum(z.data(), n) == 0 && std::signbit(ek::sum(z.data(), n))));
      CHECK(ek::min(z.data(), n) == 0);
      CHECK(ek::variance(z.data(), n, 0) == 0);
      z[n - 1] = T(0.0);
      CHECK((ek::sum(z.data(), n) == 0 && !std::signbit(ek::sum(z.data(), n))));
      CHECK(ek::max(z.data(), n) == 0);
      // Subnormals are summed exactly, not flushed.
      const T tiny = std::numeric_limits<T>::denorm_min();
      std::vector<T> d(n, tiny);
      CHECK(ek::sum(d.data(), n) == static_cast<T>(n) * tiny);
      CHECK(ek::min(d.data(), n) == tiny);
      d[0] = -tiny * 3;
      CHECK(ek::min(d.data(), n) == -tiny * 3);
      CHECK(ek::sum(d.data(), n) == static_cast<T>(static_cast<double>(n) - 4) * tiny);
    }
    const T zz[2] = {T(0.0), T(-0.0)};
    CHECK(ek::min(zz, 2) == 0);
    CHECK(ek::sum(zz, 0) == 0);
    CHECK(!std::signbit(ek::sum(zz, 0)));  // the empty sum is +0.0, as documented (and numpy)
    CHECK(!std::signbit(ek::sumsq(zz, 0)));
    CHECK(!std::signbit(ek::dot(zz, zz, 0)));
  });
}

TEST_CASE("reduce: 10^7 copies of 0.1f sum to the correctly rounded 1000000.0f", "[reduce]") {
  std::vector<float> x(10000000, 0.1f);
  // Exact value 10^7 * 0.100000001490116... = 1000000.0149...; naive float gives 1087937.
  each_variant<float>([&](const std::string &name) {
    INFO(name);
    CHECK(ek::sum(x.data(), x.size()) == 1000000.0f);
    CHECK(ek::mean(x.data(), x.size()) == 0.1f);
    CHECK(ek::sum(x.data() + 1, x.size() - 1) == 999999.9375f);  // 999999.9149 -> nearest float
  });
}

TEST_CASE("reduce: 2^26 floats, error independent of n", "[reduce][large]") {
  const std::size_t n = std::size_t(1) << 26;
  std::vector<float> x(n);
  rng r{7};
  for (auto &v : x) v = static_cast<float>(r.uniform());
  long double exact = 0, abs_s = 0;
  {
    // Blocked long double accumulation: its error (about 2^-64 relative) is negligible here.
    for (std::size_t b = 0; b < n; b += 4096) {
      long double s = 0;
      for (std::size_t i = b; i < b + 4096; ++i) s += x[i];
      exact += s;
    }
    abs_s = exact;
  }
  long double q = 0;  // products of 24-bit values are exact in long double
  for (float v : x) q += static_cast<long double>(v) * v;
  each_variant<float>([&](const std::string &name) {
    INFO(name);
    const float s = ek::sum(x.data(), n);
    CHECK(within(s, exact, abs_s, sum_m));
    // In practice it is within an ulp or two of the exact value, far inside the bound.
    CHECK(std::fabs(s - exact) <= 4 * unit<float>() * exact);
    CHECK(within(ek::dot(x.data(), x.data(), n), q, q, dot_m));
  });
}

TEMPLATE_TEST_CASE("reduce: ill-conditioned sums stay within the bound", "[reduce]", float, double) {
  using T = TestType;
  rng r{99};
  // Pairs +-a with wild exponents cancel exactly; what is left is a small, exactly known sum.
  for (std::size_t n : {64u, 1000u, 70000u}) {
    std::vector<T> x;
    long double exact = 0;
    for (std::size_t i = 0; i < n / 2; ++i) {
      const T a = static_cast<T>(r.sym() * std::ldexp(1.0, static_cast<int>(r.next() % 60) - 30));
      x.push_back(a);
      x.push_back(-a);
    }
    for (std::size_t i = 0; i < n / 10; ++i) {
      const T v = static_cast<T>(static_cast<int>(r.next() % 200) - 100);
      x.push_back(v);
      exact += v;
    }
    for (std::size_t i = x.size() - 1; i > 0; --i) std::swap(x[i], x[r.next() % (i + 1)]);
    long double abs_s = 0;
    for (T v : x) abs_s += std::fabs(static_cast<long double>(v));
    each_variant<T>([&](const std::string &name) {
      INFO(name << " n=" << x.size());
      CHECK(within(ek::sum(x.data(), x.size()), exact, abs_s, sum_m));
    });
  }
}

TEMPLATE_TEST_CASE("reduce: variance with a large mean offset", "[reduce]", float, double) {
  using T = TestType;
  const double offset = sizeof(T) == 8 ? 1e9 : 1e4;
  rng r{5};
  std::vector<T> x(100003);
  for (auto &v : x) v = static_cast<T>(offset + r.sym());
  long double mean = 0;
  for (T v : x) mean += v;
  mean /= x.size();
  long double m2 = 0;
  for (T v : x) m2 += (v - mean) * (v - mean);
  const long double var1 = m2 / (x.size() - 1);
  const long double u = unit<T>();
  const long double kappa2 = 1 + mean * mean / (m2 / x.size());
  const long double tol = (dot_m + 4) * u + 81 * u * u * kappa2;
  each_variant<T>([&](const std::string &name) {
    INFO(name);
    const T v = ek::variance(x.data(), x.size(), 1);
    CHECK(std::fabs(v - var1) <= tol * var1);
    const ek::moments mo = ek::describe(x.data(), x.size());
    CHECK(std::fabs(mo.m2 - m2) <= tol * m2);
    // The textbook formula loses everything here (it is only a comparison, not a requirement).
  });
}

TEST_CASE("reduce: describe + merge over chunks equals describe of the whole", "[reduce]") {
  rng r{11};
  std::vector<double> x(250007);
  for (auto &v : x) v = 1e9 + 3 * r.sym();
  const ek::moments whole = ek::describe(x.data(), x.size());
  long double mean = 0;
  for (double v : x) mean += v;
  mean /= x.size();
  long double m2 = 0;
  for (double v : x) m2 += (v - mean) * (v - mean);
  for (std::size_t chunk : {1u, 7u, 4096u, 65536u}) {
    ek::moments acc = ek::describe(x.data(), 0);
    CHECK(acc.count == 0);
    for (std::size_t i = 0; i < x.size(); i += chunk) {
      const std::size_t len = std::min(chunk, x.size() - i);
      acc = ek::merge(acc, ek::describe(x.data() + i, len));
    }
    // Sums round once per merge (~k*u relative); the means travel in double-double, so mean and
    // m2 stay near the accuracy of a single describe() however many chunks there are.
    const long double k = static_cast<long double>((x.size() + chunk - 1) / chunk);
    const long double u = unit<double>();
    INFO("chunk " << chunk << " mean err " << (acc.mean - mean) / mean << " m2 err " << (acc.m2 - m2) / m2
                  << " sum err " << (acc.sum - whole.sum) / whole.sum);
    CHECK(acc.count == x.size());
    CHECK(acc.min == whole.min);
    CHECK(acc.max == whole.max);
    CHECK(std::fabs(acc.mean - mean) <= u * mean);
    CHECK(std::fabs(acc.sum - whole.sum) <= (k + 2) * u * std::fabs(whole.sum));
    // Chunks of one element make m2 a long left-to-right sum of tiny terms: allow ~k*u for it.
    CHECK(std::fabs(acc.m2 - m2) <= (1e-14L + k * u) * m2);
  }
  CHECK(std::fabs(whole.mean - mean) <= 2 * unit<double>() * mean);
  CHECK(std::fabs(whole.m2 - m2) <= 1e-12L * m2);
  ek::moments e = ek::describe(x.data(), 0);
  CHECK((std::isnan(e.mean) && e.m2 == 0 && e.sum == 0 && std::isinf(e.min) && std::isinf(e.max)));
  ek::moments a = ek::describe(x.data(), 10);
  CHECK(ek::merge(a, e).m2 == a.m2);
  CHECK(ek::merge(e, a).mean == a.mean);
  x[3] = std::numeric_limits<double>::quiet_NaN();
  const ek::moments bad = ek::merge(a, ek::describe(x.data(), 10));
  CHECK((std::isnan(bad.min) && std::isnan(bad.max) && std::isnan(bad.mean)));
}

TEST_CASE("reduce: C ABI validation", "[reduce]") {
  float f = 1;
  double d = 1;
  const float xf[3] = {1, 2, 4};
  const double xd[3] = {1, 2, 4};
  CHECK(ek_sum_f32(nullptr, 0, &f) == EK_OK);
  CHECK(f == 0);
  CHECK(ek_sum_f64(nullptr, 1, &d) == EK_ERR_NULL);
  CHECK(ek_sum_f64(xd, 3, nullptr) == EK_ERR_NULL);
  CHECK(ek_dot_f32(xf, nullptr, 3, &f) == EK_ERR_NULL);
  CHECK(ek_dot_f64(nullptr, nullptr, 0, &d) == EK_OK);
  CHECK(d == 0);
  CHECK(ek_dot_f64(xd, xd, 3, &d) == EK_OK);
  CHECK(d == 21);
  CHECK(ek_sumsq_f32(xf, 3, &f) == EK_OK);
  CHECK(f == 21);
  CHECK(ek_min_f32(xf, 0, &f) == EK_ERR_ARG);
  CHECK(ek_max_f64(nullptr, 0, &d) == EK_ERR_ARG);
  CHECK(ek_min_f64(xd, 3, &d) == EK_OK);
  CHECK(d == 1);
  CHECK(ek_max_f32(xf, 3, &f) == EK_OK);
  CHECK(f == 4);
  CHECK(ek_mean_f32(xf, 0, &f) == EK_ERR_ARG);
  CHECK(ek_mean_f64(xd, 3, &d) == EK_OK);
  CHECK(d == 7.0 / 3);
  CHECK(ek_variance_f64(xd, 1, 1, &d) == EK_ERR_ARG);
  CHECK(ek_variance_f32(xf, 3, 3, &f) == EK_ERR_ARG);
  CHECK(ek_variance_f32(xf, 3, 1, &f) == EK_OK);
  CHECK(f == Approx(7.0f / 3));
  CHECK(ek_variance_f64(xd, 3, 0, &d) == EK_OK);
  CHECK(d == Approx(14.0 / 9));
  CHECK(ek_variance_f64(nullptr, 0, 0, &d) == EK_ERR_ARG);
  CHECK(ek_sumsq_f64(nullptr, 2, &d) == EK_ERR_NULL);
}
