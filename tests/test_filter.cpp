// Filter module tests: every variant this CPU can run (plus the dispatched public API and the C
// ABI) against simple scalar references written here, over every length up to ~300 and large
// ones, every alignment, in place, all thresholds, IEEE corner cases, and buffers that end (or
// start) at a PROT_NONE guard page so any read or write outside [p, p + n) faults.
#include <catch2/catch.hpp>


#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "edgekernels/cpu.hpp"
#include "edgekernels/edgekernels.h"
#include "edgekernels/filter/filter.hpp"
#include "filter/variants.hpp"
#include "guarded.hpp"

namespace {

namespace kf = ek::detail::filter;

// ---- variants under test ---------------------------------------------------------------------

using clamp_u8_fn = void (*)(const std::uint8_t *, std::uint8_t *, std::size_t, std::uint8_t,
                             std::uint8_t) noexcept;
using clamp_i32_fn = void (*)(const std::int32_t *, std::int32_t *, std::size_t, std::int32_t,
                              std::int32_t) noexcept;
using clamp_f32_fn = void (*)(const float *, float *, std::size_t, float, float) noexcept;

// The public C++ API, wrapped as one more variant (it adds the n == 0 handling and dispatch).
const kf::ops api_ops = {&ek::threshold, static_cast<clamp_u8_fn>(&ek::clamp),
                         static_cast<clamp_i32_fn>(&ek::clamp),
                         static_cast<clamp_f32_fn>(&ek::clamp), &ek::select_above};

struct named_ops {
  std::string name;
  const kf::ops *ops;
};

std::vector<named_ops> variants_under_test() {
  std::vector<named_ops> r;
  std::size_t count = 0;
  const kf::filter_variant *table = kf::variants(&count);
  const std::uint64_t have = ek::cpu::detected();
  for (std::size_t i = 0; i < count; ++i)
    if (ek::detail::runnable(table[i], have)) r.push_back({table[i].name, table[i].fn});
  r.push_back({"api", &api_ops});
  return r;
}

// ---- references ------------------------------------------------------------------------------

std::uint8_t ref_threshold(std::uint8_t v, std::uint8_t t) { return v > t ? v : 0; }

template <class T>
T ref_clamp(T v, T lo, T hi) {
  if (lo <= hi) return std::clamp(v, lo, hi);
  return hi;  // documented result for lo > hi
}
float ref_clamp_f(float v, float lo, float hi) {
  if (std::isnan(v)) return v;
  if (!std::isnan(lo) && !std::isnan(hi) && lo <= hi) return std::clamp(v, lo, hi);
  if (!std::isnan(lo) && !std::isnan(hi)) return hi;  // lo > hi
  // A NaN bound leaves that side unbounded.
  float y = v;
  if (!std::isnan(lo) && y < lo) y = lo;
  if (!std::isnan(hi) && hi < y) y = hi;
  return y;
}

std::vector<std::uint32_t> ref_select(const std::uint8_t *in, std::size_t n, std::uint8_t t) {
  std::vector<std::uint32_t> r;
  for (std::size_t i = 0; i < n; ++i)
    if (in[i] > t) r.push_back(static_cast<std::uint32_t>(i));
  return r;
}

bool same_bits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }

std::mt19937_64 &rng() {
  static std::mt19937_64 g(0x5eed'f11e'12ull);
  return g;
}
void fill_random(std::uint8_t *p, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) p[i] = static_cast<std::uint8_t>(rng()());
}

const std::size_t short_lengths[] = {1,  2,  3,  7,  8,  15,  16,  17,  31,  32,  33,  63,  64, 65,
                                     95, 96, 97, 127, 128, 129, 191, 192, 193, 255, 256, 257, 300};

// ---- threshold -------------------------------------------------------------------------------

void check_threshold(const kf::ops &o, const std::uint8_t *in_src, std::uint8_t *in,
                     std::uint8_t *out, std::size_t n, std::uint8_t t, bool in_place) {
  std::memcpy(in, in_src, n);
  if (in_place) out = in;
  o.threshold_u8(in, out, n, t);
  for (std::size_t i = 0; i < n; ++i)
    if (out[i] != ref_threshold(in_src[i], t)) {
      FAIL_CHECK("n=" << n << " t=" << int(t) << " i=" << i << " in=" << int(in_src[i])
                      << " out=" << int(out[i]) << " in_place=" << in_place);
      return;
    }
}

TEST_CASE("threshold: every length, alignment, in place", "[filter][threshold]") {
  guarded gin(4096), gout(4096);
  std::vector<std::uint8_t> src(512);
  fill_random(src.data(), src.size());
  for (const auto &v : variants_under_test()) {
    INFO("variant " << v.name);
    for (std::size_t n = 1; n <= 300; ++n)
      for (std::size_t a = 0; a < 64; ++a) {
        const auto t = static_cast<std::uint8_t>(a * 4 + n);
        check_threshold(*v.ops, src.data(), gin.at<std::uint8_t>(a),
                        gout.at<std::uint8_t>((a * 7 + n) % 64), n, t, false);
        check_threshold(*v.ops, src.data(), gin.at<std::uint8_t>(a), nullptr, n, t, true);
      }
    for (std::size_t n : short_lengths)
      for (std::size_t a = 0; a < 64; ++a)
        for (std::size_t b = 0; b < 64; ++b)
          check_threshold(*v.ops, src.data(), gin.at<std::uint8_t>(a), gout.at<std::uint8_t>(b), n,
                          static_cast<std::uint8_t>(127 + a - b), false);
  }
}

TEST_CASE("threshold: every threshold 0..255", "[filter][threshold]") {
  guarded gin(4096), gout(4096);
  std::vector<std::uint8_t> src(1000);
  for (std::size_t i = 0; i < src.size(); ++i) src[i] = static_cast<std::uint8_t>(i * 37 + i / 256);
  for (const auto &v : variants_under_test()) {
    INFO("variant " << v.name);
    for (std::size_t n : {1u, 7u, 64u, 100u, 256u, 300u, 1000u})
      for (unsigned t = 0; t < 256; ++t) {
        check_threshold(*v.ops, src.data(), gin.at<std::uint8_t>(3), gout.at<std::uint8_t>(5), n,
                        static_cast<std::uint8_t>(t), false);
        check_threshold(*v.ops, src.data(), gin.at<std::uint8_t>(1), nullptr, n,
                        static_cast<std::uint8_t>(t), true);
      }
  }
}

TEST_CASE("threshold: guard pages on both sides", "[filter][threshold][guard]") {
  guarded gin(4096), gout(4096);
  std::vector<std::uint8_t> src(300);
  fill_random(src.data(), src.size());
  for (const auto &v : variants_under_test()) {
    INFO("variant " << v.name);
    for (std::size_t n = 1; n <= 300; ++n) {
      check_threshold(*v.ops, src.data(), gin.at_end<std::uint8_t>(n), gout.at_end<std::uint8_t>(n), n, 100, false);
      check_threshold(*v.ops, src.data(), gin.at_start<std::uint8_t>(), gout.at_start<std::uint8_t>(), n, 100, false);
      check_threshold(*v.ops, src.data(), gin.at_end<std::uint8_t>(n), gout.at_start<std::uint8_t>(), n, 0, false);
      check_threshold(*v.ops, src.data(), gin.at_end<std::uint8_t>(n), nullptr, n, 200, true);
      check_threshold(*v.ops, src.data(), gin.at_start<std::uint8_t>(), nullptr, n, 200, true);
    }
  }
}

TEST_CASE("threshold: large inputs", "[filter][threshold]") {
  const std::size_t n = (std::size_t{1} << 22) + 77;
  std::vector<std::uint8_t> src(n), in(n + 64), out(n + 64);
  fill_random(src.data(), n);
  for (const auto &v : variants_under_test()) {
    INFO("variant " << v.name);
    for (std::size_t a : {0u, 1u, 33u}) check_threshold(*v.ops, src.data(), in.data() + a, out.data() + 64 - a, n - a, 77, false);
    check_threshold(*v.ops, src.data(), in.data() + 5, nullptr, n, 128, true);
  }
}

// ---- clamp -----------------------------------------------------------------------------------

template <class T, class Fn, class Ref>
void check_clamp(Fn fn, const T *src, T *in, T *out, std::size_t n, T lo, T hi, bool in_place, Ref ref) {
  std::memcpy(in, src, n * sizeof(T));
  if (in_place) out = in;
  fn(in, out, n, lo, hi);
  for (std::size_t i = 0; i < n; ++i) {
    const T want = ref(src[i], lo, hi);
    bool ok;
    if constexpr (std::is_same<T, float>::value)
      ok = same_bits(out[i], want);
    else
      ok = out[i] == want;
    if (!ok) {
      FAIL_CHECK("n=" << n << " lo=" << +lo << " hi=" << +hi << " i=" << i << " in=" << +src[i]
                      << " out=" << +out[i] << " want=" << +want << " in_place=" << in_place);
      return;
    }
  }
}

template <class T, class Fn, class Ref>
void clamp_sweep(Fn fn, const std::vector<T> &src, const std::vector<std::pair<T, T>> &bounds, Ref ref) {
  guarded gin(8192), gout(8192);
  constexpr std::size_t elem_offsets = 64 / sizeof(T);
  for (const auto &b : bounds) {
    for (std::size_t n = 1; n <= 300; ++n) {
      const std::size_t a = n % elem_offsets, c = (n * 5) % elem_offsets;
      check_clamp(fn, src.data(), gin.at<T>(a * sizeof(T)), gout.at<T>(c * sizeof(T)), n, b.first, b.second, false, ref);
      check_clamp(fn, src.data(), gin.at<T>(a * sizeof(T)), static_cast<T *>(nullptr), n, b.first, b.second, true, ref);
      check_clamp(fn, src.data(), gin.at_end<T>(n), gout.at_end<T>(n), n, b.first, b.second, false, ref);
      check_clamp(fn, src.data(), gin.at_start<T>(), gout.at_start<T>(), n, b.first, b.second, false, ref);
      check_clamp(fn, src.data(), gin.at_end<T>(n), static_cast<T *>(nullptr), n, b.first, b.second, true, ref);
    }
    for (std::size_t n : short_lengths)
      for (std::size_t a = 0; a < elem_offsets; ++a)
        for (std::size_t c = 0; c < elem_offsets; ++c)
          check_clamp(fn, src.data(), gin.at<T>(a * sizeof(T)), gout.at<T>(c * sizeof(T)), n, b.first, b.second, false, ref);
  }
  // Large, unaligned.
  const std::size_t big = (std::size_t{1} << 20) + 13;
  std::vector<T> lsrc(big), lin(big + 1), lout(big + 1);
  for (std::size_t i = 0; i < big; ++i) lsrc[i] = src[i % src.size()];
  check_clamp(fn, lsrc.data(), lin.data() + 1, lout.data(), big, bounds[0].first, bounds[0].second, false, ref);
  check_clamp(fn, lsrc.data(), lin.data(), static_cast<T *>(nullptr), big, bounds[0].first, bounds[0].second, true, ref);
}

TEST_CASE("clamp u8: full range, lo == hi, lo > hi", "[filter][clamp]") {
  std::vector<std::uint8_t> src(512);
  for (std::size_t i = 0; i < src.size(); ++i) src[i] = static_cast<std::uint8_t>(i < 256 ? i : rng()());
  std::shuffle(src.begin(), src.begin() + 256, rng());
  const std::vector<std::pair<std::uint8_t, std::uint8_t>> bounds = {
      {10, 200}, {0, 255}, {0, 0}, {255, 255}, {77, 77}, {1, 254}, {200, 10} /* lo > hi */};
  for (const auto &v : variants_under_test()) {
    INFO("variant " << v.name);
    clamp_sweep<std::uint8_t>(v.ops->clamp_u8, src, bounds, ref_clamp<std::uint8_t>);
  }
}

TEST_CASE("clamp i32: INT_MIN/INT_MAX, lo == hi, lo > hi", "[filter][clamp]") {
  constexpr std::int32_t mn = std::numeric_limits<std::int32_t>::min(), mx = std::numeric_limits<std::int32_t>::max();
  std::vector<std::int32_t> src(512);
  const std::int32_t edges[] = {mn, mn + 1, -2, -1, 0, 1, 2, mx - 1, mx};
  for (std::size_t i = 0; i < src.size(); ++i)
    src[i] = i % 3 == 0 ? edges[(i / 3) % 9] : static_cast<std::int32_t>(static_cast<std::uint32_t>(rng()()));
  const std::vector<std::pair<std::int32_t, std::int32_t>> bounds = {
      {-1000, 1000}, {mn, mx}, {mn, mn}, {mx, mx}, {0, 0}, {-1, -1}, {mn + 1, mx - 1},
      {mx, mn} /* lo > hi */, {5, -5}};
  for (const auto &v : variants_under_test()) {
    INFO("variant " << v.name);
    clamp_sweep<std::int32_t>(v.ops->clamp_i32, src, bounds, ref_clamp<std::int32_t>);
  }
}

TEST_CASE("clamp f32: NaN, Inf, -0.0, lo == hi, NaN bounds, lo > hi", "[filter][clamp]") {
  const float inf = std::numeric_limits<float>::infinity();
  const float qnan = std::numeric_limits<float>::quiet_NaN();
  float nan_payload;
  const std::uint32_t payload_bits = 0xffc12345u;  // negative quiet NaN with a payload
  std::memcpy(&nan_payload, &payload_bits, sizeof nan_payload);
  const float edges[] = {qnan, -qnan, nan_payload, inf, -inf, 0.0f, -0.0f, 1.0f, -1.0f,
                         std::numeric_limits<float>::max(), std::numeric_limits<float>::lowest(),
                         std::numeric_limits<float>::min(), std::numeric_limits<float>::denorm_min(),
                         -std::numeric_limits<float>::denorm_min(), 0.5f, 2.0f};
  std::vector<float> src(512);
  std::uniform_real_distribution<float> d(-3.0f, 3.0f);
  for (std::size_t i = 0; i < src.size(); ++i) src[i] = i % 2 == 0 ? edges[(i / 2) % 16] : d(rng());
  const std::vector<std::pair<float, float>> bounds = {
      {-1.0f, 1.0f}, {0.0f, 1.0f}, {-0.0f, 1.0f}, {-1.0f, -0.0f}, {-1.0f, 0.0f}, {0.0f, 0.0f},
      {-0.0f, -0.0f}, {-0.0f, 0.0f}, {-inf, inf}, {inf, inf}, {-inf, -inf}, {0.5f, 0.5f},
      // Outside the C ABI's domain; the C++ API defines these (see filter.hpp).
      {1.0f, -1.0f}, {0.0f, -0.0f}, {qnan, 1.0f}, {-1.0f, qnan}, {qnan, qnan}};
  for (const auto &v : variants_under_test()) {
    INFO("variant " << v.name);
    clamp_sweep<float>(v.ops->clamp_f32, src, bounds, ref_clamp_f);
  }
  // The documented signed-zero behaviour, spelled out.
  float x[4] = {-0.0f, 0.0f, -0.0f, 0.0f}, y[4];
  ek::clamp(x, y, 2, 0.0f, 1.0f);
  ek::clamp(x + 2, y + 2, 2, -1.0f, -0.0f);
  CHECK(std::signbit(y[0]));   // -0.0 in [+0, 1] stays -0.0
  CHECK(!std::signbit(y[1]));
  CHECK(std::signbit(y[2]));
  CHECK(!std::signbit(y[3]));  // +0.0 in [-1, -0] stays +0.0
}

// ---- select_above ----------------------------------------------------------------------------

// Places indices so that exactly `cap` entries end at a guard page: a write past cap faults.
void check_select(const kf::ops &o, const guarded &gidx, const std::uint8_t *in, std::size_t n,
                  std::uint8_t t, std::size_t cap) {
  const std::vector<std::uint32_t> want = ref_select(in, n, t);
  std::uint32_t *idx = cap ? gidx.at_end<std::uint32_t>(cap) : nullptr;
  const std::size_t total = o.select_above_u8(in, n, t, idx, cap);
  if (total != want.size()) {
    FAIL_CHECK("n=" << n << " t=" << int(t) << " cap=" << cap << " total=" << total << " want=" << want.size());
    return;
  }
  const std::size_t w = std::min(cap, total);
  for (std::size_t i = 0; i < w; ++i)
    if (idx[i] != want[i]) {
      FAIL_CHECK("n=" << n << " t=" << int(t) << " cap=" << cap << " i=" << i << " got=" << idx[i] << " want=" << want[i]);
      return;
    }
}

TEST_CASE("select_above: lengths, alignments, caps, densities", "[filter][select]") {
  guarded gin(8192), gidx(8192 * 4);
  std::vector<std::uint8_t> src(4096);
  fill_random(src.data(), src.size());
  for (const auto &v : variants_under_test()) {
    INFO("variant " << v.name);
    for (std::size_t n = 1; n <= 300; ++n) {
      std::uint8_t *in = gin.at_end<std::uint8_t>(n);
      std::memcpy(in, src.data() + n, n);
      for (unsigned t : {0u, 2u, 128u, 250u, 255u}) {
        const std::size_t total = ref_select(in, n, static_cast<std::uint8_t>(t)).size();
        for (std::size_t cap : {std::size_t{0}, std::size_t{1}, total / 2, total ? total - 1 : 0, total,
                                total + 1, total + 9, n})
          check_select(*v.ops, gidx, in, n, static_cast<std::uint8_t>(t), cap);
      }
      std::uint8_t *in0 = gin.at_start<std::uint8_t>();
      std::memcpy(in0, src.data(), n);
      check_select(*v.ops, gidx, in0, n, 100, n);
      for (std::size_t a = 0; a < 64; a += 3) {
        std::uint8_t *ia = gin.at<std::uint8_t>(a);
        std::memcpy(ia, src.data() + a, n);
        check_select(*v.ops, gidx, ia, n, 127, n);
        check_select(*v.ops, gidx, ia, n, 127, n / 3);
      }
    }
    // Every threshold, a few lengths.
    for (std::size_t n : {64u, 257u, 4096u}) {
      std::uint8_t *in = gin.at_end<std::uint8_t>(n);
      std::memcpy(in, src.data(), n);
      for (unsigned t = 0; t < 256; ++t) {
        check_select(*v.ops, gidx, in, n, static_cast<std::uint8_t>(t), n);
        check_select(*v.ops, gidx, in, n, static_cast<std::uint8_t>(t), 37);
      }
    }
  }
}

TEST_CASE("select_above: large inputs at several densities", "[filter][select]") {
  const std::size_t n = (std::size_t{1} << 20) + 51;
  std::vector<std::uint8_t> in(n);
  std::vector<std::uint32_t> idx(n);
  for (double density : {0.0, 0.01, 0.5, 0.99, 1.0}) {
    std::bernoulli_distribution pick(density);
    for (auto &b : in) b = pick(rng()) ? 200 : static_cast<std::uint8_t>(rng()() % 101);
    const auto want = ref_select(in.data(), n, 100);
    for (const auto &v : variants_under_test()) {
      INFO("variant " << v.name << " density " << density);
      for (std::size_t cap : {n, want.size(), want.size() / 3}) {
        std::fill(idx.begin(), idx.end(), 0xdeadbeefu);
        const std::size_t total = v.ops->select_above_u8(in.data(), n, 100, idx.data(), cap);
        REQUIRE(total == want.size());
        const std::size_t w = std::min(cap, total);
        CHECK(std::equal(want.begin(), want.begin() + static_cast<std::ptrdiff_t>(w), idx.begin()));
        // Nothing at or past cap is touched.
        CHECK(std::all_of(idx.begin() + static_cast<std::ptrdiff_t>(std::min(cap, n)), idx.end(),
                          [](std::uint32_t x) { return x == 0xdeadbeefu; }));
      }
    }
  }
}

TEST_CASE("select_above: n > UINT32_MAX is rejected before touching memory", "[filter][select]") {
  if (sizeof(std::size_t) <= 4) return;
  // A one-byte buffer with a huge n: any read would run off the end (and ASan would say so).
  const std::uint8_t one = 200;
  std::uint32_t idx[4];
  const std::size_t huge = static_cast<std::size_t>(UINT32_MAX) + 1;
  CHECK(ek::select_above(&one, huge, 0, idx, 4) == ek::select_above_overflow);
  std::size_t count = 12345;
  CHECK(ek_filter_select_above_u8(&one, huge, 0, idx, 4, &count) == EK_ERR_OVERFLOW);
  CHECK(ek_filter_select_above_u8(&one, SIZE_MAX, 0, idx, 4, &count) == EK_ERR_OVERFLOW);
  // UINT32_MAX itself is accepted (the last index fits); not run here, it needs 4 GiB.
}

// ---- C ABI -----------------------------------------------------------------------------------

TEST_CASE("C ABI: status codes", "[filter][capi]") {
  std::uint8_t b[64] = {1, 2, 3, 200, 5}, o[64];
  std::int32_t bi[16] = {}, oi[16];
  float bf[16] = {}, of[16];
  const float qnan = std::numeric_limits<float>::quiet_NaN();

  // n == 0: EK_OK with any pointers.
  CHECK(ek_filter_threshold_u8(nullptr, nullptr, 0, 0) == EK_OK);
  CHECK(ek_filter_clamp_u8(nullptr, nullptr, 0, 5, 1) == EK_OK);
  CHECK(ek_filter_clamp_i32(nullptr, nullptr, 0, 0, 0) == EK_OK);
  CHECK(ek_filter_clamp_f32(nullptr, nullptr, 0, qnan, 0) == EK_OK);
  std::size_t count = 99;
  CHECK(ek_filter_select_above_u8(nullptr, 0, 0, nullptr, 0, &count) == EK_OK);
  CHECK(count == 0);
  CHECK(ek_filter_select_above_u8(nullptr, 0, 0, nullptr, 0, nullptr) == EK_OK);

  // NULL with n > 0.
  CHECK(ek_filter_threshold_u8(nullptr, o, 1, 0) == EK_ERR_NULL);
  CHECK(ek_filter_threshold_u8(b, nullptr, 1, 0) == EK_ERR_NULL);
  CHECK(ek_filter_clamp_u8(nullptr, o, 1, 0, 1) == EK_ERR_NULL);
  CHECK(ek_filter_clamp_i32(bi, nullptr, 1, 0, 1) == EK_ERR_NULL);
  CHECK(ek_filter_clamp_f32(nullptr, of, 1, 0, 1) == EK_ERR_NULL);
  CHECK(ek_filter_select_above_u8(nullptr, 1, 0, nullptr, 0, &count) == EK_ERR_NULL);
  CHECK(ek_filter_select_above_u8(b, 1, 0, nullptr, 1, &count) == EK_ERR_NULL);
  CHECK(ek_filter_select_above_u8(b, 1, 0, nullptr, 0, nullptr) == EK_ERR_NULL);

  // Domain.
  CHECK(ek_filter_clamp_u8(b, o, 5, 6, 5) == EK_ERR_ARG);
  CHECK(ek_filter_clamp_i32(bi, oi, 16, 1, 0) == EK_ERR_ARG);
  CHECK(ek_filter_clamp_i32(bi, oi, 16, INT32_MAX, INT32_MIN) == EK_ERR_ARG);
  CHECK(ek_filter_clamp_f32(bf, of, 16, 1.0f, 0.0f) == EK_ERR_ARG);
  CHECK(ek_filter_clamp_f32(bf, of, 16, qnan, 1.0f) == EK_ERR_ARG);
  CHECK(ek_filter_clamp_f32(bf, of, 16, 0.0f, qnan) == EK_ERR_ARG);
  CHECK(ek_filter_clamp_f32(bf, of, 16, 0.0f, -0.0f) == EK_OK);  // equal, not lo > hi
  CHECK(ek_filter_clamp_u8(b, o, 5, 7, 7) == EK_OK);
  CHECK(std::all_of(o, o + 5, [](std::uint8_t x) { return x == 7; }));

  // Partial overlap is rejected; exact aliasing is in place.
  CHECK(ek_filter_threshold_u8(b, b + 1, 8, 0) == EK_ERR_ARG);
  CHECK(ek_filter_threshold_u8(b + 1, b, 8, 0) == EK_ERR_ARG);
  CHECK(ek_filter_clamp_i32(bi, bi + 3, 8, 0, 1) == EK_ERR_ARG);
  CHECK(ek_filter_threshold_u8(b, b + 8, 8, 0) == EK_OK);  // adjacent, no overlap
  CHECK(ek_filter_threshold_u8(b, b, 5, 2) == EK_OK);
  CHECK((b[0] == 0 && b[1] == 0 && b[2] == 3 && b[3] == 200 && b[4] == 5));
  CHECK(ek_filter_select_above_u8(b, 64, 0, reinterpret_cast<std::uint32_t *>(b + 4), 8, &count) == EK_ERR_ARG);

  // select: truncation and counts.
  std::uint8_t s[10] = {0, 9, 0, 9, 9, 0, 0, 9, 0, 9};
  std::uint32_t idx[10] = {};
  CHECK(ek_filter_select_above_u8(s, 10, 5, idx, 10, &count) == EK_OK);
  CHECK(count == 5);
  CHECK((idx[0] == 1 && idx[1] == 3 && idx[2] == 4 && idx[3] == 7 && idx[4] == 9));
  CHECK(ek_filter_select_above_u8(s, 10, 5, idx, 5, &count) == EK_OK);  // cap == count
  CHECK(count == 5);
  std::fill(idx, idx + 10, 0u);
  CHECK(ek_filter_select_above_u8(s, 10, 5, idx, 3, &count) == EK_ERR_LIMIT);
  CHECK(count == 5);
  CHECK((idx[0] == 1 && idx[1] == 3 && idx[2] == 4 && idx[3] == 0));
  CHECK(ek_filter_select_above_u8(s, 10, 5, nullptr, 0, &count) == EK_ERR_LIMIT);  // count only
  CHECK(count == 5);
  CHECK(ek_filter_select_above_u8(s, 10, 9, nullptr, 0, &count) == EK_OK);
  CHECK(count == 0);

  // Results through the C ABI match the C++ API.
  std::int32_t ci[4] = {INT32_MIN, -5, 5, INT32_MAX}, co[4];
  CHECK(ek_filter_clamp_i32(ci, co, 4, -1, 1) == EK_OK);
  CHECK((co[0] == -1 && co[1] == -1 && co[2] == 1 && co[3] == 1));
  float cf[3] = {qnan, -2.0f, 2.0f}, cfo[3];
  CHECK(ek_filter_clamp_f32(cf, cfo, 3, -1.0f, 1.0f) == EK_OK);
  CHECK((std::isnan(cfo[0]) && cfo[1] == -1.0f && cfo[2] == 1.0f));
}

// ---- dispatch --------------------------------------------------------------------------------

TEST_CASE("dispatch: path names and pinning a slower variant", "[filter][dispatch]") {
  const char *path = ek_kernel_path(EK_KERNEL_FILTER);
  REQUIRE(path != nullptr);
  INFO("filter path " << path);
  CHECK(ek::detail::filter_path(ek::cpu::kernel::crc32) == nullptr);
  const std::uint64_t disabled = ek::cpu::detected() & ~ek::cpu::features();  // EK_CPU_DISABLE
  ek::cpu::disable(ek::cpu::all);
  CHECK(std::string(ek_kernel_path(EK_KERNEL_FILTER)) == "portable");
  std::uint8_t x[3] = {1, 50, 200};
  ek::threshold(x, x, 3, 49);
  CHECK((x[0] == 0 && x[1] == 50 && x[2] == 200));
  ek::cpu::disable(disabled);
  std::size_t count = 0;
  const kf::filter_variant *table = kf::variants(&count);
  const std::uint64_t have = ek::cpu::features();
  for (std::size_t i = 0; i < count; ++i)
    if (ek::detail::runnable(table[i], have)) {
      CHECK(std::string(ek_kernel_path(EK_KERNEL_FILTER)) == table[i].name);
      break;
    }
  CHECK(std::string(table[count - 1].name) == "portable");
}

}  // namespace
