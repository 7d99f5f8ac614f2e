// ek::bits tests: constexpr-ness, all pairs/triples of edge values against std::min/max/clamp
// and obvious references, millions of seeded random cases, and the seed's bugs as regressions.
// Meant to run under UBSan as well: nothing here may overflow a signed type.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <random>
#include <type_traits>
#include <vector>

#include "edgekernels/bits/bits.hpp"

namespace b = ek::bits;

namespace {

// ---- constexpr -------------------------------------------------------------------------------

constexpr std::int32_t i32min = std::numeric_limits<std::int32_t>::min();
constexpr std::int32_t i32max = std::numeric_limits<std::int32_t>::max();
constexpr std::int64_t i64min = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t i64max = std::numeric_limits<std::int64_t>::max();
constexpr std::uint32_t u32max = std::numeric_limits<std::uint32_t>::max();
constexpr std::uint64_t u64max = std::numeric_limits<std::uint64_t>::max();

static_assert(b::min(3, 5) == 3 && b::min(5, 3) == 3 && b::min(-1, 1) == -1);
static_assert(b::max(3, 5) == 5 && b::max(i32max, -1) == i32max && b::max(i32min, i32max) == i32max);
static_assert(b::min(i64min, i64max) == i64min && b::max(i64min, i64max) == i64max);
static_assert(b::min(0u, u32max) == 0u && b::max(0u, u32max) == u32max);
static_assert(b::min(std::uint64_t{1}, u64max) == 1 && b::max(std::uint64_t{1}, u64max) == u64max);
static_assert(b::clamp(5, 0, 10) == 5 && b::clamp(-5, 0, 10) == 0 && b::clamp(15, 0, 10) == 10);
static_assert(b::clamp(i32min, i32min, i32max) == i32min && b::clamp(i32max, -1, 1) == 1);
static_assert(b::clamp(7, 10, 0) == 0);  // lo > hi: hi, as documented
static_assert(b::clamp(u64max, std::uint64_t{0}, u64max / 2) == u64max / 2);
static_assert(b::abs(i32min) == 0x80000000u && b::abs(-1) == 1u && b::abs(i32max) == 0x7fffffffu);
static_assert(b::abs(i64min) == 0x8000000000000000ull && b::abs(std::int64_t{-7}) == 7u);
static_assert(b::abs(u32max) == u32max && b::abs(u64max) == u64max);
static_assert(std::is_same<decltype(b::abs(0)), unsigned>::value);
static_assert(std::is_same<decltype(b::abs(std::int64_t{0})), std::uint64_t>::value);
static_assert(b::select(true, 1, 2) == 1 && b::select(false, 1, 2) == 2);
static_assert(b::select(true, i64min, i64max) == i64min && b::select(false, u64max, std::uint64_t{0}) == 0);
static_assert(b::sign(i32min) == -1 && b::sign(0) == 0 && b::sign(i32max) == 1);
static_assert(b::sign(i64min) == -1 && b::sign(u64max) == 1 && b::sign(0u) == 0);
static_assert(noexcept(b::min(1, 2)) && noexcept(b::clamp(1, 2, 3)) && noexcept(b::abs(1)) &&
              noexcept(b::select(true, 1, 2)) && noexcept(b::sign(1)));

// ---- references ------------------------------------------------------------------------------

template <class T>
std::make_unsigned_t<T> ref_abs(T x) {
  using U = std::make_unsigned_t<T>;
  if constexpr (std::is_signed<T>::value) {
    // Negate in U (well defined) rather than in T (overflows for MIN).
    return x < 0 ? static_cast<U>(U{0} - static_cast<U>(x)) : static_cast<U>(x);
  } else {
    return x;
  }
}
template <class T>
int ref_sign(T x) {
  return x > 0 ? 1 : (x < 0 ? -1 : 0);
}
template <class T>
T ref_clamp(T x, T lo, T hi) {
  return lo <= hi ? std::clamp(x, lo, hi) : hi;
}

template <class T>
std::vector<T> edges() {
  using L = std::numeric_limits<T>;
  if constexpr (std::is_signed<T>::value)
    return {L::min(), static_cast<T>(L::min() + 1), -2, -1, 0, 1, 2, static_cast<T>(L::max() - 1), L::max()};
  else
    return {0, 1, 2, static_cast<T>(L::max() / 2), static_cast<T>(L::max() / 2 + 1),
            static_cast<T>(L::max() - 1), L::max()};
}

// Each case is compared plainly first and goes through INFO/REQUIRE only when it differs: the
// message streams cost far more than the operations under test, enough to make the millions of
// random cases take minutes in the wasm build (C++ exceptions there go through JS).
template <class T>
void check_pair(T x, T y) {
  if (b::min(x, y) == std::min(x, y) && b::max(x, y) == std::max(x, y) &&
      b::select(true, x, y) == x && b::select(false, x, y) == y &&
      b::select(x < y, x, y) == (x < y ? x : y))
    return;
  INFO("x=" << x << " y=" << y);
  REQUIRE(b::min(x, y) == std::min(x, y));
  REQUIRE(b::max(x, y) == std::max(x, y));
  REQUIRE(b::select(true, x, y) == x);
  REQUIRE(b::select(false, x, y) == y);
  REQUIRE(b::select(x < y, x, y) == (x < y ? x : y));
}
template <class T>
void check_one(T x) {
  if (b::abs(x) == ref_abs(x) && b::sign(x) == ref_sign(x)) return;
  INFO("x=" << x);
  REQUIRE(b::abs(x) == ref_abs(x));
  REQUIRE(b::sign(x) == ref_sign(x));
}
template <class T>
void check_triple(T x, T lo, T hi) {
  if (b::clamp(x, lo, hi) == ref_clamp(x, lo, hi)) return;
  INFO("x=" << x << " lo=" << lo << " hi=" << hi);
  REQUIRE(b::clamp(x, lo, hi) == ref_clamp(x, lo, hi));
}

template <class T>
void edge_cases() {
  const auto e = edges<T>();
  for (T x : e) {
    check_one(x);
    for (T y : e) {
      check_pair(x, y);
      for (T z : e) check_triple(x, y, z);
    }
  }
}

template <class T>
void random_cases(std::uint64_t seed, std::size_t count) {
  std::mt19937_64 g(seed);
  std::uniform_int_distribution<T> full(std::numeric_limits<T>::min(), std::numeric_limits<T>::max());
  std::uniform_int_distribution<int> small(-3, 3);
  // Half the values near each other, so that equal values and +-1 neighbours are common.
  const auto draw = [&](T base) {
    return g() & 1 ? full(g) : static_cast<T>(static_cast<std::make_unsigned_t<T>>(base) +
                                              static_cast<std::make_unsigned_t<T>>(small(g)));
  };
  for (std::size_t i = 0; i < count; ++i) {
    const T x = full(g), y = draw(x), z = draw(y);
    check_one(x);
    check_pair(x, y);
    check_triple(x, y, z);
    check_triple(x, std::min(y, z), std::max(y, z));
  }
}

// ---- the seed's versions, reproduced with wrapping arithmetic so they are testable ----------

std::int32_t seed_branchless_max(std::int32_t a, std::int32_t b_) {
  const auto diff = static_cast<std::int32_t>(static_cast<std::uint32_t>(a) - static_cast<std::uint32_t>(b_));
  const std::int32_t mask = diff >> 31;  // arithmetic shift (GCC/Clang)
  return a ^ ((a ^ b_) & mask);
}
std::int32_t seed_branchless_clamp(std::int32_t value, std::int32_t lo, std::int32_t hi) {
  const std::int32_t clamped_min = seed_branchless_max(value, lo);
  const auto d1 = static_cast<std::uint32_t>(clamped_min) - static_cast<std::uint32_t>(lo);
  const auto d2 = static_cast<std::int32_t>(static_cast<std::uint32_t>(hi) - static_cast<std::uint32_t>(clamped_min));
  return static_cast<std::int32_t>(static_cast<std::uint32_t>(lo) + (d1 & static_cast<std::uint32_t>(d2 >> 31)));
}

}  // namespace

TEST_CASE("bits: all pairs and triples of edge values", "[bits]") {
  edge_cases<std::int32_t>();
  edge_cases<std::int64_t>();
  edge_cases<std::uint32_t>();
  edge_cases<std::uint64_t>();
  edge_cases<long long>();
}

TEST_CASE("bits: randomized", "[bits]") {
  random_cases<std::int32_t>(1, 2'000'000);
  random_cases<std::int64_t>(2, 2'000'000);
  random_cases<std::uint32_t>(3, 1'000'000);
  random_cases<std::uint64_t>(4, 1'000'000);
}

TEST_CASE("bits: the seed's bugs stay fixed", "[bits][regression]") {
  // The seed's max is right while a - b fits, but a - b overflows (UB in the original, wrapped
  // here) whenever the operands are far apart, and the wrapped sign then picks the minimum.
  CHECK(seed_branchless_max(3, 5) == 5);
  CHECK(seed_branchless_max(i32max, -1) == -1);
  CHECK(seed_branchless_max(i32max, i32min) == i32min);
  CHECK(seed_branchless_max(i32min, 1) == i32min);
  CHECK(b::max(i32max, -1) == i32max);
  CHECK(b::max(i32min, 1) == 1);
  CHECK(b::min(i32max, -1) == -1);
  CHECK(b::max(i32max, i32min) == i32max);
  CHECK(b::min(i32max, i32min) == i32min);
  // Its clamp returned lo for in-range values and the unclamped value above the range.
  CHECK(seed_branchless_clamp(5, 0, 10) == 0);
  CHECK(seed_branchless_clamp(15, 0, 10) == 15);
  CHECK(b::clamp(5, 0, 10) == 5);
  CHECK(b::clamp(15, 0, 10) == 10);
  CHECK(b::clamp(-15, 0, 10) == 0);
  CHECK(b::clamp(i32max, i32min, i32max) == i32max);
  CHECK(b::clamp(i32min, -1, 1) == -1);
  CHECK(b::clamp(i32max, -1, 1) == 1);
  CHECK(b::clamp(0, i32min, i32max) == 0);
  // How often the seed's clamp is wrong on small inputs, to make the regression concrete.
  int wrong = 0;
  for (int x = -20; x <= 20; ++x)
    for (int lo = -10; lo <= 10; ++lo)
      for (int hi = lo; hi <= 10; ++hi) {
        if (seed_branchless_clamp(x, lo, hi) != std::clamp(x, lo, hi)) ++wrong;
        REQUIRE(b::clamp(x, lo, hi) == std::clamp(x, lo, hi));
      }
  CHECK(wrong > 0);
}
