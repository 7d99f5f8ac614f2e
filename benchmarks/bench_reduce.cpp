// reduce: ours (dispatched and every variant runnable here) against a naive left-to-right loop
// and Eigen, at L1, L2 and DRAM sizes. Counters: bytes/s (bytes read); B/cycle, where a cycle
// is one tick of the TSC (the nominal frequency, calibrated against steady_clock at start-up);
// and B/core-cycle, against the core clock measured at start-up with a chain of dependent
// integer adds (one per cycle). With turbo the core clock is above the TSC; under sustained
// 512-bit load it may be somewhat below the scalar figure, so B/core-cycle is a lower bound.
// The sizes are the total bytes read per call (dot reads two arrays of half that size each).
// Buffers are 64-byte aligned; the "+4B" / "+8B" rows start one element later, as a subarray
// would (every 512-bit load then splits a cache line unless the kernel aligns itself).
#include <benchmark/benchmark.h>

#include <Eigen/Core>
#if defined(__x86_64__)
#include <immintrin.h>
#endif
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "edgekernels/cpu.hpp"
#include "edgekernels/reduce/reduce.hpp"
#include "reduce/variants.hpp"

#if defined(__x86_64__)
#  include <x86intrin.h>
#endif

namespace {

double g_tsc_hz = 0;
double g_core_hz = 0;

// Core clock: 8 dependent register adds per iteration, one cycle each (an add of a register,
// which no x86 core eliminates at rename, unlike add of a small immediate).
double calibrate_core() {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  double best = 0;
  for (int rep = 0; rep < 5; ++rep) {
    using clk = std::chrono::steady_clock;
    constexpr long iters = 20000000;
    long acc = 0;
    const long one = 1;
    const auto t0 = clk::now();
    for (long i = 0; i < iters; ++i) {
      asm volatile("add %1, %0\n\tadd %1, %0\n\tadd %1, %0\n\tadd %1, %0\n\t"
                   "add %1, %0\n\tadd %1, %0\n\tadd %1, %0\n\tadd %1, %0"
                   : "+r"(acc)
                   : "r"(one));
    }
    const double s = std::chrono::duration<double>(clk::now() - t0).count();
    const double hz = 8.0 * static_cast<double>(iters) / s;
    if (hz > best) best = hz;
  }
  return best;
#else
  return 0;
#endif
}

double calibrate_tsc() {
#if defined(__x86_64__)
  using clk = std::chrono::steady_clock;
  const auto t0 = clk::now();
  const std::uint64_t c0 = __rdtsc();
  while (clk::now() - t0 < std::chrono::milliseconds(200)) {
  }
  const std::uint64_t c1 = __rdtsc();
  const double s = std::chrono::duration<double>(clk::now() - t0).count();
  return static_cast<double>(c1 - c0) / s;
#else
  return 0;
#endif
}

struct free_deleter {
  void operator()(void *p) const { std::free(p); }
};

// One buffer per (type, role, bytes), 64-byte aligned with one spare element, filled once with
// values in [-1, 1). skew = 1 returns it one element in (misaligned by sizeof(T) bytes).
template <class T>
T *buffer(std::size_t bytes, int role, int skew = 0) {
  static std::map<std::pair<std::size_t, int>, std::unique_ptr<T, free_deleter>> cache;
  auto &p = cache[{bytes, role}];
  if (!p) {
    const std::size_t n = bytes / sizeof(T) + 1;
    const std::size_t alloc = (n * sizeof(T) + 63) / 64 * 64;
    p.reset(static_cast<T *>(std::aligned_alloc(64, alloc)));
    if (!p) std::abort();
    std::uint64_t s = 0x12345678u + static_cast<unsigned>(role);
    for (std::size_t i = 0; i < n; ++i) {
      s = s * 6364136223846793005ull + 1442695040888963407ull;
      p.get()[i] = static_cast<T>(static_cast<double>(s >> 11) * 0x1p-52 - 1.0);
    }
  }
  return p.get() + skew;
}

void counters(benchmark::State &st, std::size_t bytes) {
  const double total = static_cast<double>(bytes) * static_cast<double>(st.iterations());
  st.SetBytesProcessed(static_cast<std::int64_t>(total));
  if (g_tsc_hz > 0) st.counters["B/cycle"] = benchmark::Counter(total / g_tsc_hz, benchmark::Counter::kIsRate);
  if (g_core_hz > 0)
    st.counters["B/core-cycle"] = benchmark::Counter(total / g_core_hz, benchmark::Counter::kIsRate);
}

template <class T>
T naive_sum(const T *x, std::size_t n) {
  T s = 0;
  for (std::size_t i = 0; i < n; ++i) s += x[i];
  return s;
}
template <class T>
T naive_dot(const T *x, const T *y, std::size_t n) {
  T s = 0;
  for (std::size_t i = 0; i < n; ++i) s += x[i] * y[i];
  return s;
}

#if defined(__x86_64__)
// The practical ceiling of this core: 16 independent AVX-512 accumulators, plain adds, no
// compensation, no NaN tracking, whole vectors only (the sizes here are multiples of 1 KiB).
// Not a usable sum; it shows how close the real kernels get to what the load ports allow.
__attribute__((target("avx512f"))) float bare16_sum(const float *x, std::size_t n) {
  __m512 a[16];
  for (auto &v : a) v = _mm512_setzero_ps();
  for (std::size_t i = 0; i + 256 <= n; i += 256)
    for (int k = 0; k < 16; ++k) a[k] = _mm512_add_ps(a[k], _mm512_loadu_ps(x + i + 16 * k));
  for (int k = 1; k < 16; ++k) a[0] = _mm512_add_ps(a[0], a[k]);
  return _mm512_reduce_add_ps(a[0]);
}
__attribute__((target("avx512f"))) double bare16_sum(const double *x, std::size_t n) {
  __m512d a[16];
  for (auto &v : a) v = _mm512_setzero_pd();
  for (std::size_t i = 0; i + 128 <= n; i += 128)
    for (int k = 0; k < 16; ++k) a[k] = _mm512_add_pd(a[k], _mm512_loadu_pd(x + i + 8 * k));
  for (int k = 1; k < 16; ++k) a[0] = _mm512_add_pd(a[0], a[k]);
  return _mm512_reduce_add_pd(a[0]);
}
#endif

template <class T>
using Vec = Eigen::Matrix<T, Eigen::Dynamic, 1>;

template <class T, class F>
void run_sum(benchmark::State &st, std::size_t bytes, F f, int skew = 0) {
  const std::size_t n = bytes / sizeof(T);
  const T *x = buffer<T>(bytes, 0, skew);
  for (auto _ : st) {
    benchmark::DoNotOptimize(x);
    T r = f(x, n);
    benchmark::DoNotOptimize(r);
  }
  counters(st, bytes);
}
template <class T, class F>
void run_dot(benchmark::State &st, std::size_t bytes, F f, int skew = 0) {
  const std::size_t n = bytes / 2 / sizeof(T);
  const T *x = buffer<T>(bytes / 2, 0, skew), *y = buffer<T>(bytes / 2, 1, skew);
  for (auto _ : st) {
    benchmark::DoNotOptimize(x);
    T r = f(x, y, n);
    benchmark::DoNotOptimize(r);
  }
  counters(st, bytes);
}

template <class T>
void register_type(const char *tn, std::size_t bytes, const char *level) {
  using ek::reduce_impl::variants;
  const auto list = variants<T>();
  const std::string sfx = std::string("/") + tn + "/" + level;
  const std::uint64_t have = ek::cpu::detected();
  auto add = [&](const std::string &name, auto fn) {
    auto *b = benchmark::RegisterBenchmark(name.c_str(), fn);
    b->Unit(benchmark::kMicrosecond);
  };

  add("sum/ek" + sfx, [=](benchmark::State &st) { run_sum<T>(st, bytes, [](const T *x, std::size_t n) { return ek::sum(x, n); }); });
  for (std::size_t i = 0; i < list.size; ++i) {
    if (!ek::detail::runnable(list.v[i], have)) continue;
    const auto *k = list.v[i].fn;
    add(std::string("sum/ek-") + list.v[i].name + sfx, [=](benchmark::State &st) {
      run_sum<T>(st, bytes, [k](const T *x, std::size_t n) { return static_cast<T>(k->sum(x, n).hi); });
    });
  }
  add("sum/naive" + sfx, [=](benchmark::State &st) { run_sum<T>(st, bytes, naive_sum<T>); });
#if defined(__x86_64__)
  if (have & ek::cpu::avx512)
    add("sum/bare16-avx512" + sfx, [=](benchmark::State &st) {
      run_sum<T>(st, bytes, [](const T *x, std::size_t n) { return bare16_sum(x, n); });
    });
#endif
  add("sum/eigen" + sfx, [=](benchmark::State &st) {
    run_sum<T>(st, bytes, [](const T *x, std::size_t n) {
      return Eigen::Map<const Vec<T>>(x, static_cast<Eigen::Index>(n)).sum();
    });
  });

  add("dot/ek" + sfx, [=](benchmark::State &st) {
    run_dot<T>(st, bytes, [](const T *x, const T *y, std::size_t n) { return ek::dot(x, y, n); });
  });
  for (std::size_t i = 0; i < list.size; ++i) {
    if (!ek::detail::runnable(list.v[i], have)) continue;
    const auto *k = list.v[i].fn;
    add(std::string("dot/ek-") + list.v[i].name + sfx, [=](benchmark::State &st) {
      run_dot<T>(st, bytes, [k](const T *x, const T *y, std::size_t n) { return static_cast<T>(k->dot(x, y, n).hi); });
    });
  }
  add("dot/naive" + sfx, [=](benchmark::State &st) { run_dot<T>(st, bytes, naive_dot<T>); });
  add("dot/eigen" + sfx, [=](benchmark::State &st) {
    run_dot<T>(st, bytes, [](const T *x, const T *y, std::size_t n) {
      const auto e = static_cast<Eigen::Index>(n);
      return Eigen::Map<const Vec<T>>(x, e).dot(Eigen::Map<const Vec<T>>(y, e));
    });
  });

  // Misaligned by one element: dispatched, naive and Eigen only.
  const std::string mis = "/" + std::string(tn) + "/" + level + (sizeof(T) == 4 ? "/+4B" : "/+8B");
  add("sum/ek" + mis, [=](benchmark::State &st) {
    run_sum<T>(st, bytes, [](const T *x, std::size_t n) { return ek::sum(x, n); }, 1);
  });
  add("sum/naive" + mis, [=](benchmark::State &st) { run_sum<T>(st, bytes, naive_sum<T>, 1); });
  add("sum/eigen" + mis, [=](benchmark::State &st) {
    run_sum<T>(
        st, bytes,
        [](const T *x, std::size_t n) { return Eigen::Map<const Vec<T>>(x, static_cast<Eigen::Index>(n)).sum(); },
        1);
  });
  add("dot/ek" + mis, [=](benchmark::State &st) {
    run_dot<T>(st, bytes, [](const T *x, const T *y, std::size_t n) { return ek::dot(x, y, n); }, 1);
  });
  add("dot/naive" + mis, [=](benchmark::State &st) { run_dot<T>(st, bytes, naive_dot<T>, 1); });
  add("dot/eigen" + mis, [=](benchmark::State &st) {
    run_dot<T>(
        st, bytes,
        [](const T *x, const T *y, std::size_t n) {
          const auto e = static_cast<Eigen::Index>(n);
          return Eigen::Map<const Vec<T>>(x, e).dot(Eigen::Map<const Vec<T>>(y, e));
        },
        1);
  });

  // Quick ones: dispatched only.
  add("min/ek" + sfx, [=](benchmark::State &st) { run_sum<T>(st, bytes, [](const T *x, std::size_t n) { return ek::min(x, n); }); });
  add("max/ek" + sfx, [=](benchmark::State &st) { run_sum<T>(st, bytes, [](const T *x, std::size_t n) { return ek::max(x, n); }); });
  add("max/eigen" + sfx, [=](benchmark::State &st) {
    run_sum<T>(st, bytes, [](const T *x, std::size_t n) {
      return Eigen::Map<const Vec<T>>(x, static_cast<Eigen::Index>(n)).maxCoeff();
    });
  });
  add("variance/ek" + sfx, [=](benchmark::State &st) {
    run_sum<T>(st, bytes, [](const T *x, std::size_t n) { return ek::variance(x, n, 1); });
  });
}

}  // namespace

int main(int argc, char **argv) {
  g_tsc_hz = calibrate_tsc();
  g_core_hz = calibrate_core();
  const struct {
    std::size_t bytes;
    const char *name;
  } sizes[] = {{16u << 10, "L1-16KiB"}, {1u << 20, "L2-1MiB"}, {256u << 20, "DRAM-256MiB"}};
  for (const auto &s : sizes) {
    register_type<float>("f32", s.bytes, s.name);
    register_type<double>("f64", s.bytes, s.name);
  }
  benchmark::Initialize(&argc, argv);
  benchmark::AddCustomContext("tsc_hz", std::to_string(g_tsc_hz));
  benchmark::AddCustomContext("core_hz", std::to_string(g_core_hz));
  benchmark::AddCustomContext("reduce_f32", ek::cpu::kernel_path(ek::cpu::kernel::reduce_f32));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
