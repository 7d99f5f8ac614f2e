// CRC-32 / CRC-32C throughput: ours (dispatched, and every variant this CPU runs) against
// zlib, libdeflate, ISA-L and the byte-at-a-time table loop, at 64 B, 4 KiB, 1 MiB and 64 MiB;
// then a size sweep of short and mid-sized inputs (ours and its variants, ISA-L, libdeflate),
// where per-call overhead, tail handling and the choice of fold width decide the ranking.
//
// Run: bench_checksum --benchmark_min_time=0.2   (sweep only: --benchmark_filter=_sweep/)
// Names are <crc>/<who>/<bytes> and <crc>_sweep/<who>/<bytes>; bytes_per_second is the figure
// to compare. Calls are chained (c = f(c, p, n)), so the figures are latency, not throughput.
#include <benchmark/benchmark.h>
#include <isa-l/crc.h>
#include <libdeflate.h>
#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "checksum/crc32_variants.hpp"
#include "edgekernels/checksum/crc32.hpp"

namespace {

const std::vector<std::int64_t> sizes = {64, 4096, 1 << 20, 64 << 20};
// Below 16 bytes no 128-bit fold applies; 16..255 is one fold chain; 256..1023 is where the
// wider folds and the accumulator count matter; odd sizes exercise the partial-block tails.
const std::vector<std::int64_t> sweep_sizes = {1,  4,   8,   12,  15,  16,  31,   32,  48,
                                               64, 100, 128, 200, 256, 512, 1000, 2048};

// One buffer for everything, filled once; 64-byte aligned like a typical allocator block.
const unsigned char *buffer() {
  static std::vector<unsigned char> v = [] {
    std::vector<unsigned char> b((std::size_t{64} << 20) + 64);
    std::uint64_t x = 0x9E3779B97F4A7C15ull;
    for (auto &c : b) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      c = static_cast<unsigned char>(x);
    }
    return b;
  }();
  const auto a = reinterpret_cast<std::uintptr_t>(v.data());
  return v.data() + (64 - a % 64) % 64;
}

template <class F>
void run(benchmark::State &st, F f) {
  const unsigned char *p = buffer();
  const auto n = static_cast<std::size_t>(st.range(0));
  std::uint32_t c = 0;
  for (auto _ : st) {
    c = f(c, p, n);
    benchmark::DoNotOptimize(c);
  }
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations()) * st.range(0));
}

// The seed's loop, the baseline everything else is measured against.
constexpr struct byte_table {
  std::uint32_t t[256];
  constexpr byte_table() : t() {
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1u) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
      t[i] = c;
    }
  }
} seed_table;

std::uint32_t seed_crc32(std::uint32_t crc, const unsigned char *p, std::size_t n) {
  crc = ~crc;
  for (std::size_t i = 0; i < n; ++i) crc = (crc >> 8) ^ seed_table.t[(crc ^ p[i]) & 0xff];
  return ~crc;
}

void reg(const std::string &name, std::uint32_t (*f)(std::uint32_t, const unsigned char *, std::size_t),
         const std::vector<std::int64_t> &at = sizes) {
  auto *b = benchmark::RegisterBenchmark(name.c_str(), [f](benchmark::State &st) { run(st, f); });
  for (auto s : at) b->Arg(s);
}
void reg(const std::string &name, ek::detail::crc_fn f, const std::vector<std::int64_t> &at = sizes) {
  auto *b = benchmark::RegisterBenchmark(name.c_str(), [f](benchmark::State &st) { run(st, f); });
  for (auto s : at) b->Arg(s);
}

std::uint32_t ours32(std::uint32_t c, const unsigned char *p, std::size_t n) { return ek::crc32(c, p, n); }
std::uint32_t ours32c(std::uint32_t c, const unsigned char *p, std::size_t n) { return ek::crc32c(c, p, n); }
std::uint32_t zlib32(std::uint32_t c, const unsigned char *p, std::size_t n) {
  return static_cast<std::uint32_t>(crc32_z(c, p, n));
}
std::uint32_t deflate32(std::uint32_t c, const unsigned char *p, std::size_t n) {
  return libdeflate_crc32(c, p, n);
}
std::uint32_t isal32(std::uint32_t c, const unsigned char *p, std::size_t n) {
  return crc32_gzip_refl(c, p, static_cast<std::uint64_t>(n));
}
// ISA-L's iSCSI CRC works on the raw register; the inversions give it our convention.
std::uint32_t isal32c(std::uint32_t c, const unsigned char *p, std::size_t n) {
  return ~crc32_iscsi(const_cast<unsigned char *>(p), static_cast<int>(n), ~c);
}

int register_all() {
  const std::uint64_t f = ek::cpu::features();
  reg("crc32/ours", ours32);
  for (const auto &v : ek::detail::crc32_variants)
    if (ek::detail::runnable(v, f)) reg(std::string("crc32/ours:") + v.name, v.fn);
  for (const auto &v : ek::detail::crc32_extra_variants)
    if (ek::detail::runnable(v, f)) reg(std::string("crc32/ours:") + v.name, v.fn);
  reg("crc32/isal_gzip_refl", isal32);
  reg("crc32/libdeflate", deflate32);
  reg("crc32/zlib", zlib32);
  reg("crc32/seed_bytewise", seed_crc32);

  reg("crc32c/ours", ours32c);
  for (const auto &v : ek::detail::crc32c_variants)
    if (ek::detail::runnable(v, f)) reg(std::string("crc32c/ours:") + v.name, v.fn);
  for (const auto &v : ek::detail::crc32c_extra_variants)
    if (ek::detail::runnable(v, f)) reg(std::string("crc32c/ours:") + v.name, v.fn);
  reg("crc32c/isal_iscsi", isal32c);

  // The variants too, so a size threshold between two of them can be read off directly.
  reg("crc32_sweep/ours", ours32, sweep_sizes);
  for (const auto &v : ek::detail::crc32_variants)
    if (ek::detail::runnable(v, f)) reg(std::string("crc32_sweep/ours:") + v.name, v.fn, sweep_sizes);
  reg("crc32_sweep/isal_gzip_refl", isal32, sweep_sizes);
  reg("crc32_sweep/libdeflate", deflate32, sweep_sizes);
  reg("crc32c_sweep/ours", ours32c, sweep_sizes);
  for (const auto &v : ek::detail::crc32c_variants)
    if (ek::detail::runnable(v, f)) reg(std::string("crc32c_sweep/ours:") + v.name, v.fn, sweep_sizes);
  for (const auto &v : ek::detail::crc32c_extra_variants)
    if (ek::detail::runnable(v, f)) reg(std::string("crc32c_sweep/ours:") + v.name, v.fn, sweep_sizes);
  reg("crc32c_sweep/isal_iscsi", isal32c, sweep_sizes);
  return 0;
}
const int registered = register_all();

}  // namespace

BENCHMARK_MAIN();
