// ek::bits vs the standard library on unpredictable data (uniform random int32, bounds in the
// middle of the range so each comparison is a coin toss). Two regimes:
//   *_scalar : vectorisation disabled (GCC optimize("no-tree-vectorize"), Clang loop pragma),
//              one element at a time; this is where branch vs branchless matters;
//   *_vec    : the same loops at -O3, where compilers turn both forms into SIMD min/max.
// "branchy" is an explicit if/else; the compiler may still if-convert it to CMOV, and the
// numbers say whether it did. Throughput counts input bytes.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "edgekernels/bits/bits.hpp"

#if defined(__clang__)
#  define EK_SCALAR_FN __attribute__((noinline))
#  define EK_SCALAR_LOOP _Pragma("clang loop vectorize(disable) interleave(disable)")
#elif defined(__GNUC__)
#  define EK_SCALAR_FN __attribute__((noinline, optimize("no-tree-vectorize")))
#  define EK_SCALAR_LOOP
#else
#  define EK_SCALAR_FN
#  define EK_SCALAR_LOOP
#endif

namespace {

constexpr std::int32_t lo = -(1 << 29), hi = 1 << 29;

const std::vector<std::int32_t> &input() {
  static const std::vector<std::int32_t> v = [] {
    std::vector<std::int32_t> r(1 << 16);
    std::mt19937 g(42);
    for (auto &x : r) x = static_cast<std::int32_t>(g());
    return r;
  }();
  return v;
}

#define EK_LOOPS(suffix, FN, LOOP)                                                          \
  FN void clamp_std_##suffix(const std::int32_t *a, std::int32_t *o, std::size_t n) {      \
    LOOP for (std::size_t i = 0; i < n; ++i) o[i] = std::clamp(a[i], lo, hi);              \
  }                                                                                         \
  FN void clamp_bits_##suffix(const std::int32_t *a, std::int32_t *o, std::size_t n) {     \
    LOOP for (std::size_t i = 0; i < n; ++i) o[i] = ek::bits::clamp(a[i], lo, hi);         \
  }                                                                                         \
  FN void clamp_branchy_##suffix(const std::int32_t *a, std::int32_t *o, std::size_t n) {  \
    LOOP for (std::size_t i = 0; i < n; ++i) {                                              \
      std::int32_t x = a[i];                                                                \
      if (x < lo)                                                                           \
        x = lo;                                                                             \
      else if (x > hi)                                                                      \
        x = hi;                                                                             \
      o[i] = x;                                                                             \
    }                                                                                       \
  }                                                                                         \
  FN void max_std_##suffix(const std::int32_t *a, std::int32_t *o, std::size_t n) {        \
    LOOP for (std::size_t i = 0; i + 1 < n; ++i) o[i] = std::max(a[i], a[i + 1]);          \
  }                                                                                         \
  FN void max_bits_##suffix(const std::int32_t *a, std::int32_t *o, std::size_t n) {       \
    LOOP for (std::size_t i = 0; i + 1 < n; ++i) o[i] = ek::bits::max(a[i], a[i + 1]);     \
  }                                                                                         \
  FN void min_std_##suffix(const std::int32_t *a, std::int32_t *o, std::size_t n) {        \
    LOOP for (std::size_t i = 0; i + 1 < n; ++i) o[i] = std::min(a[i], a[i + 1]);          \
  }                                                                                         \
  FN void min_bits_##suffix(const std::int32_t *a, std::int32_t *o, std::size_t n) {       \
    LOOP for (std::size_t i = 0; i + 1 < n; ++i) o[i] = ek::bits::min(a[i], a[i + 1]);     \
  }

EK_LOOPS(scalar, EK_SCALAR_FN, EK_SCALAR_LOOP)
EK_LOOPS(vec, __attribute__((noinline)), )

template <void (*F)(const std::int32_t *, std::int32_t *, std::size_t)>
void run(benchmark::State &st) {
  const auto &in = input();
  std::vector<std::int32_t> out(in.size());
  for (auto _ : st) {
    F(in.data(), out.data(), in.size());
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations() * in.size() * sizeof(std::int32_t)));
}

BENCHMARK(run<clamp_std_scalar>)->Name("clamp/std/scalar");
BENCHMARK(run<clamp_branchy_scalar>)->Name("clamp/branchy/scalar");
BENCHMARK(run<clamp_bits_scalar>)->Name("clamp/ours/scalar");
BENCHMARK(run<clamp_std_vec>)->Name("clamp/std/vec");
BENCHMARK(run<clamp_branchy_vec>)->Name("clamp/branchy/vec");
BENCHMARK(run<clamp_bits_vec>)->Name("clamp/ours/vec");
BENCHMARK(run<max_std_scalar>)->Name("max/std/scalar");
BENCHMARK(run<max_bits_scalar>)->Name("max/ours/scalar");
BENCHMARK(run<max_std_vec>)->Name("max/std/vec");
BENCHMARK(run<max_bits_vec>)->Name("max/ours/vec");
BENCHMARK(run<min_std_scalar>)->Name("min/std/scalar");
BENCHMARK(run<min_bits_scalar>)->Name("min/ours/scalar");
BENCHMARK(run<min_std_vec>)->Name("min/std/vec");
BENCHMARK(run<min_bits_vec>)->Name("min/ours/vec");

}  // namespace

BENCHMARK_MAIN();
