// Filter benchmarks. Throughput counts input bytes (SetBytesProcessed); output is separate.
//
// Baselines for threshold, both the seed's loop (64-byte chunks, out = in > t ? in : 0):
//   naive_novec   : compiled with auto-vectorisation disabled (GCC optimize("no-tree-vectorize"),
//                   Clang "loop vectorize(disable) interleave(disable)"), i.e. the scalar loop as
//                   written. g++ 12 turns the select into a data-dependent branch, not CMOV,
//                   so on these random bytes (t = 127) it mispredicts about half the time; at
//                   1 KiB the predictor learns the repeating buffer, hence the faster figure;
//   naive_autovec : the same source at this file's -O3 for baseline x86-64 (SSE2), i.e. what the
//                   compiler makes of the seed without any help;
//   naive_autovec_avx512 : the same source again with target("avx512bw,avx512vl"), the best a
//                   compiler can do with the ISA our top variant uses (x86 only, AVX-512 CPUs).
// Ours: the dispatched API ("ek") and every variant of the table this CPU runs, pinned.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "edgekernels/cpu.hpp"
#include "edgekernels/filter/filter.hpp"
#include "filter/variants.hpp"

#if defined(__clang__)
#  define EK_NOVEC_FN __attribute__((noinline))
#  define EK_NOVEC_LOOP _Pragma("clang loop vectorize(disable) interleave(disable)")
#elif defined(__GNUC__)
#  define EK_NOVEC_FN __attribute__((noinline, optimize("no-tree-vectorize")))
#  define EK_NOVEC_LOOP
#else
#  define EK_NOVEC_FN
#  define EK_NOVEC_LOOP
#endif

namespace {

namespace kf = ek::detail::filter;

// ---- the seed's threshold loop, three ways ---------------------------------------------------

#define EK_SEED_THRESHOLD_BODY                                                  \
  std::size_t i = 0;                                                            \
  EK_NOVEC_LOOP                                                                 \
  for (; i + 64 <= n; i += 64) {                                                \
    EK_NOVEC_LOOP                                                               \
    for (std::size_t j = 0; j < 64; ++j)                                        \
      out[i + j] = in[i + j] > t ? in[i + j] : 0;                               \
  }                                                                             \
  EK_NOVEC_LOOP                                                                 \
  for (; i < n; ++i) out[i] = in[i] > t ? in[i] : 0;

EK_NOVEC_FN void seed_threshold_novec(const std::uint8_t *in, std::uint8_t *out, std::size_t n,
                                      std::uint8_t t) {
  EK_SEED_THRESHOLD_BODY
}

#undef EK_NOVEC_LOOP
#define EK_NOVEC_LOOP

__attribute__((noinline)) void seed_threshold_autovec(const std::uint8_t *in, std::uint8_t *out,
                                                      std::size_t n, std::uint8_t t) {
  EK_SEED_THRESHOLD_BODY
}

#if defined(__x86_64__)
__attribute__((noinline, target("avx512f,avx512bw,avx512vl,avx2"))) void
seed_threshold_autovec_avx512(const std::uint8_t *in, std::uint8_t *out, std::size_t n,
                              std::uint8_t t) {
  EK_SEED_THRESHOLD_BODY
}
#endif

std::vector<std::uint8_t> random_bytes(std::size_t n, std::uint64_t seed) {
  std::vector<std::uint8_t> v(n);
  std::mt19937_64 g(seed);
  for (auto &b : v) b = static_cast<std::uint8_t>(g());
  return v;
}

template <class F>
void run_threshold(benchmark::State &st, F f) {
  const auto n = static_cast<std::size_t>(st.range(0));
  const auto in = random_bytes(n, 1);
  std::vector<std::uint8_t> out(n);
  for (auto _ : st) {
    f(in.data(), out.data(), n, 127);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations()) * static_cast<std::int64_t>(n));
}

void sizes(benchmark::internal::Benchmark *b) {
  for (long n : {1L << 10, 64L << 10, 1L << 20, 64L << 20}) b->Arg(n);
}

// ---- select_above ----------------------------------------------------------------------------

// Fraction `density` of the bytes are > 100.
std::vector<std::uint8_t> bytes_with_density(std::size_t n, double density) {
  std::vector<std::uint8_t> v(n);
  std::mt19937_64 g(7);
  std::bernoulli_distribution pick(density);
  for (auto &b : v) b = pick(g) ? static_cast<std::uint8_t>(101 + g() % 155) : static_cast<std::uint8_t>(g() % 101);
  return v;
}

__attribute__((noinline)) std::size_t naive_select(const std::uint8_t *in, std::size_t n, std::uint8_t t,
                                                   std::uint32_t *idx, std::size_t cap) {
  std::size_t c = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (in[i] > t) {
      if (c < cap) idx[c] = static_cast<std::uint32_t>(i);
      ++c;
    }
  return c;
}

template <class F>
void run_select(benchmark::State &st, F f) {
  const auto n = static_cast<std::size_t>(st.range(0));
  const double density = static_cast<double>(st.range(1)) / 100.0;
  const auto in = bytes_with_density(n, density);
  std::vector<std::uint32_t> idx(n);
  std::size_t c = 0;
  for (auto _ : st) {
    c = f(in.data(), n, 100, idx.data(), idx.size());
    benchmark::DoNotOptimize(c);
    benchmark::ClobberMemory();
  }
  st.counters["selected"] = static_cast<double>(c);
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations()) * static_cast<std::int64_t>(n));
}

void select_args(benchmark::internal::Benchmark *b) {
  for (long n : {64L << 10, 1L << 20})
    for (long d : {1L, 50L, 99L}) b->Args({n, d});
}

// ---- clamp -----------------------------------------------------------------------------------

template <class T>
__attribute__((noinline)) void std_clamp_loop(const T *in, T *out, std::size_t n, T lo, T hi) {
  for (std::size_t i = 0; i < n; ++i) out[i] = std::clamp(in[i], lo, hi);
}

template <class T>
std::vector<T> clamp_input(std::size_t n) {
  std::vector<T> v(n);
  std::mt19937_64 g(3);
  for (auto &x : v) {
    if constexpr (std::is_same<T, float>::value)
      x = std::uniform_real_distribution<float>(-2.0f, 2.0f)(g);
    else
      x = static_cast<T>(g());
  }
  return v;
}

template <class T, class F>
void run_clamp(benchmark::State &st, F f, T lo, T hi) {
  const auto n = static_cast<std::size_t>(st.range(0));
  const auto in = clamp_input<T>(n);
  std::vector<T> out(n);
  for (auto _ : st) {
    f(in.data(), out.data(), n, lo, hi);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations()) * static_cast<std::int64_t>(n * sizeof(T)));
}

void clamp_sizes(benchmark::internal::Benchmark *b) {
  for (long n : {16L << 10, 256L << 10}) b->Arg(n);  // elements
}

// ---- registration ----------------------------------------------------------------------------

template <class T>
void clamp_api(const T *in, T *out, std::size_t n, T lo, T hi) {
  ek::clamp(in, out, n, lo, hi);
}

template <class F>
void reg(const std::string &name, F f, void (*apply)(benchmark::internal::Benchmark *)) {
  benchmark::RegisterBenchmark(name.c_str(), [f](benchmark::State &st) { f(st); })->Apply(apply);
}

const int registered = [] {
  reg("threshold/naive_novec", [](benchmark::State &st) { run_threshold(st, seed_threshold_novec); }, sizes);
  reg("threshold/naive_autovec", [](benchmark::State &st) { run_threshold(st, seed_threshold_autovec); }, sizes);
#if defined(__x86_64__)
  if (ek::cpu::detected() & ek::cpu::avx512)
    reg("threshold/naive_autovec_avx512",
        [](benchmark::State &st) { run_threshold(st, seed_threshold_autovec_avx512); }, sizes);
#endif
  reg("threshold/ek", [](benchmark::State &st) { run_threshold(st, ek::threshold); }, sizes);

  reg("select/naive", [](benchmark::State &st) { run_select(st, naive_select); }, select_args);
  reg("select/ek", [](benchmark::State &st) { run_select(st, ek::select_above); }, select_args);

  reg("clamp_u8/std_clamp", [](benchmark::State &st) { run_clamp<std::uint8_t>(st, std_clamp_loop<std::uint8_t>, 10, 200); }, clamp_sizes);
  reg("clamp_u8/ek", [](benchmark::State &st) { run_clamp<std::uint8_t>(st, clamp_api<std::uint8_t>, 10, 200); }, clamp_sizes);
  reg("clamp_i32/std_clamp", [](benchmark::State &st) { run_clamp<std::int32_t>(st, std_clamp_loop<std::int32_t>, -1000, 1000); }, clamp_sizes);
  reg("clamp_i32/ek", [](benchmark::State &st) { run_clamp<std::int32_t>(st, clamp_api<std::int32_t>, -1000, 1000); }, clamp_sizes);
  reg("clamp_f32/std_clamp", [](benchmark::State &st) { run_clamp<float>(st, std_clamp_loop<float>, -1.0f, 1.0f); }, clamp_sizes);
  reg("clamp_f32/ek", [](benchmark::State &st) { run_clamp<float>(st, clamp_api<float>, -1.0f, 1.0f); }, clamp_sizes);

  // Every variant this CPU runs, pinned (the dispatched "ek" rows use the first of these).
  std::size_t count = 0;
  const kf::filter_variant *table = kf::variants(&count);
  for (std::size_t i = 0; i < count; ++i) {
    if (!ek::detail::runnable(table[i], ek::cpu::detected())) continue;
    const kf::ops *o = table[i].fn;
    const std::string v = table[i].name;
    reg("threshold/" + v, [o](benchmark::State &st) { run_threshold(st, o->threshold_u8); }, sizes);
    reg("select/" + v, [o](benchmark::State &st) { run_select(st, o->select_above_u8); }, select_args);
    reg("clamp_u8/" + v, [o](benchmark::State &st) { run_clamp<std::uint8_t>(st, o->clamp_u8, 10, 200); }, clamp_sizes);
    reg("clamp_i32/" + v, [o](benchmark::State &st) { run_clamp<std::int32_t>(st, o->clamp_i32, -1000, 1000); }, clamp_sizes);
    reg("clamp_f32/" + v, [o](benchmark::State &st) { run_clamp<float>(st, o->clamp_f32, -1.0f, 1.0f); }, clamp_sizes);
  }
  return 0;
}();

}  // namespace

BENCHMARK_MAIN();
