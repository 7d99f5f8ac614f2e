// Differential fuzzer: every kernel variant this CPU can run must agree with the portable one
// on any input — bit for bit for checksums, filters, min and max; within the documented error
// bound for sums — and the public entry points must not crash on any length or parameter.
//
// Input layout: byte 0 picks the kernel, bytes 1..8 are parameters (split point, thresholds,
// bounds), the rest is the data. Built with clang -fsanitize=fuzzer,address,undefined
// (preset `fuzz`); run e.g. `build/fuzz/tests/fuzz/fuzz_kernels -max_total_time=60`.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <vector>

#include "checksum/crc32_variants.hpp"
#include "edgekernels/checksum/crc32.hpp"
#include "edgekernels/cpu.hpp"
#include "edgekernels/filter/filter.hpp"
#include "edgekernels/reduce/reduce.hpp"
#include "filter/variants.hpp"
#include "reduce/variants.hpp"

namespace {

// A failed property must stop the fuzzer with the input saved; abort() is how libFuzzer
// learns of it.
void expect(bool ok) {
  if (!ok) std::abort();
}

template <class T>
T param(const std::uint8_t *p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

template <std::size_t N>
void crc_family(const ek::detail::variant<ek::detail::crc_fn> (&table)[N],
                std::uint32_t (*api)(std::uint32_t, const void *, std::size_t) noexcept,
                std::uint32_t (*combine)(std::uint32_t, std::uint32_t, std::uint64_t) noexcept,
                std::uint32_t seed, std::size_t split, const std::uint8_t *d, std::size_t n) {
  const std::uint64_t have = ek::cpu::detected();
  const std::uint32_t want = table[N - 1].fn(seed, d, n);  // portable
  for (const auto &v : table)
    if (ek::detail::runnable(v, have)) expect(v.fn(seed, d, n) == want);
  // Chaining and combining are exact algebra, whatever the split.
  split = n ? split % (n + 1) : 0;
  expect(api(api(seed, d, split), d + split, n - split) == want);
  expect(combine(api(seed, d, split), api(0, d + split, n - split), n - split) == want);
}

void filters(const std::uint8_t *prm, const std::uint8_t *d, std::size_t n) {
  std::size_t count = 0;
  const ek::detail::filter::filter_variant *table = ek::detail::filter::variants(&count);
  const ek::detail::filter::ops &ref = *table[count - 1].fn;
  const std::uint8_t t = prm[0], lo = prm[1], hi = prm[2];
  const std::size_t cap = prm[3] % (n + 2);  // exercises truncation and over-large capacity
  std::vector<std::uint8_t> want(n + 1), got(n + 1);
  std::vector<std::uint32_t> want_idx(cap + 1), got_idx(cap + 1);
  const std::size_t ni = n / 4;
  std::vector<std::int32_t> wi(ni + 1), gi(ni + 1), in_i(ni + 1);
  std::vector<float> wf(ni + 1), gf(ni + 1), in_f(ni + 1);
  if (ni) std::memcpy(in_i.data(), d, ni * 4);
  if (ni) std::memcpy(in_f.data(), d, ni * 4);
  const std::int32_t ilo = param<std::int32_t>(prm + 4);
  const std::int64_t ihi64 = std::int64_t{ilo} + (prm[2] << 8);
  const std::int32_t ihi = ihi64 > INT32_MAX ? INT32_MAX : static_cast<std::int32_t>(ihi64);
  float flo = param<float>(prm + 4), fhi = flo + static_cast<float>(prm[2]);
  if (std::isnan(flo)) flo = fhi = 0;  // NaN bounds are rejected by the C ABI, not a kernel case

  std::vector<std::uint8_t> want_clamp(n + 1);
  ref.threshold_u8(d, want.data(), n, t);
  ref.clamp_u8(d, want_clamp.data(), n, lo, hi);
  const std::size_t total = ref.select_above_u8(d, n, t, want_idx.data(), cap);
  if (ni) {
    ref.clamp_i32(in_i.data(), wi.data(), ni, ilo, ihi);
    ref.clamp_f32(in_f.data(), wf.data(), ni, flo, fhi);
  }
  for (std::size_t v = 0; v + 1 < count; ++v) {
    if (!ek::detail::runnable(table[v], ek::cpu::detected())) continue;
    const ek::detail::filter::ops &o = *table[v].fn;
    if (n) {
      o.threshold_u8(d, got.data(), n, t);
      expect(std::memcmp(got.data(), want.data(), n) == 0);
      std::memcpy(got.data(), d, n);  // in place
      o.threshold_u8(got.data(), got.data(), n, t);
      expect(std::memcmp(got.data(), want.data(), n) == 0);
      o.clamp_u8(d, got.data(), n, lo, hi);
      expect(std::memcmp(got.data(), want_clamp.data(), n) == 0);
      expect(o.select_above_u8(d, n, t, got_idx.data(), cap) == total);
      expect(std::memcmp(got_idx.data(), want_idx.data(), (total < cap ? total : cap) * 4) == 0);
    }
    if (ni) {
      o.clamp_i32(in_i.data(), gi.data(), ni, ilo, ihi);
      expect(std::memcmp(wi.data(), gi.data(), ni * 4) == 0);
      o.clamp_f32(in_f.data(), gf.data(), ni, flo, fhi);
      expect(std::memcmp(wf.data(), gf.data(), ni * 4) == 0);  // NaN payloads and zero signs too
    }
  }
}

bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || std::memcmp(&a, &b, sizeof a) == 0; }

// min/max bit-identical across variants (signed zeros excepted: documented unspecified); sums
// within the bound of reduce.hpp against a long double reference, or all non-finite together.
template <class T>
void reductions(const std::uint8_t *d, std::size_t bytes) {
  const std::size_t n = bytes / sizeof(T);
  std::vector<T> x(n + 1);
  if (n) std::memcpy(x.data(), d, n * sizeof(T));
  const auto list = ek::reduce_impl::variants<T>();
  long double ref = 0, abs_sum = 0;
  bool nan = false;
  for (std::size_t i = 0; i < n; ++i) {
    nan |= std::isnan(x[i]);
    ref += x[i];
    abs_sum += std::fabs(static_cast<long double>(x[i]));
  }
  const T lo = list.v[list.size - 1].fn->min(x.data(), n), hi = list.v[list.size - 1].fn->max(x.data(), n);
  const long double u = std::ldexp(1.0L, -std::numeric_limits<T>::digits);
  for (std::size_t v = 0; v < list.size; ++v) {
    if (!ek::detail::runnable(list.v[v], ek::cpu::detected())) continue;
    const auto &k = *list.v[v].fn;
    const T mn = k.min(x.data(), n), mx = k.max(x.data(), n);
    expect(same(mn, lo) || (mn == 0 && lo == 0));
    expect(same(mx, hi) || (mx == 0 && hi == 0));
    expect(std::isnan(mn) == nan);
    const ek::reduce_impl::dd s = k.sum(x.data(), n);
    const long double got = static_cast<long double>(s.hi) + s.lo;
    if (nan) {
      expect(std::isnan(s.hi));
    } else if (std::isfinite(s.hi) && std::isfinite(static_cast<double>(abs_sum))) {
      // gamma_7 + eps, with slack for the long double reference itself.
      const long double bound = u * std::fabs(ref) + 8 * u * abs_sum + 1e-300L;
      expect(std::fabs(got - ref) <= bound);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  if (size < 9) return 0;
  const std::uint8_t which = data[0];
  const std::uint8_t *prm = data + 1;
  const std::uint8_t *d = data + 9;
  const std::size_t n = size - 9;
  switch (which % 5) {
    case 0:
      crc_family(ek::detail::crc32_variants, ek::crc32, ek::crc32_combine, param<std::uint32_t>(prm),
                 param<std::uint32_t>(prm + 4), d, n);
      break;
    case 1:
      crc_family(ek::detail::crc32c_variants, ek::crc32c, ek::crc32c_combine, param<std::uint32_t>(prm),
                 param<std::uint32_t>(prm + 4), d, n);
      break;
    case 2: filters(prm, d, n); break;
    case 3: reductions<float>(d, n); break;
    case 4: reductions<double>(d, n); break;
  }
  return 0;
}
