// CRC-32 / CRC-32C: every variant this CPU can run, pinned through the variant tables, and the
// dispatched C++ and C entry points, against references that share no code with the library:
// zlib for CRC-32, a bit-at-a-time loop written from the polynomial (and ISA-L when present)
// for CRC-32C. Builds without a zlib for the target (cross builds run under QEMU) check CRC-32
// against a byte-at-a-time table loop built here from the polynomial instead.
#include <catch2/catch.hpp>
#if defined(EK_HAVE_ZLIB)
#  include <zlib.h>
#endif

#include <cstdint>
#include <cstring>
#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "checksum/crc32_variants.hpp"
#include "edgekernels/checksum/crc32.hpp"
#include "edgekernels/cpu.hpp"
#include "edgekernels/edgekernels.h"
#include "guarded.hpp"

#if defined(EK_HAVE_ISAL)
#  include <isa-l/crc.h>
#endif

namespace {

using ek::detail::crc_fn;
using ek::detail::variant;

// mt19937's result_type is wider than 32 bits on LP64; this keeps -Wconversion quiet.
struct rng32 {
  std::mt19937 g;
  explicit rng32(unsigned seed) : g(seed) {}
  std::uint32_t operator()() { return static_cast<std::uint32_t>(g()); }
};

struct named_fn {
  std::string name;
  crc_fn fn;
};

// Every runnable variant of a family, plus the public entry point (which rejects nothing
// non-null and dispatches) under the name "api".
template <std::size_t N, std::size_t M>
std::vector<named_fn> runnable(const variant<crc_fn> (&table)[N], const variant<crc_fn> (&extra)[M],
                               crc_fn api) {
  std::vector<named_fn> out;
  const std::uint64_t f = ek::cpu::detected();
  for (const auto &v : table)
    if (ek::detail::runnable(v, f)) out.push_back({v.name, v.fn});
  for (const auto &v : extra)
    if (ek::detail::runnable(v, f)) out.push_back({std::string("extra:") + v.name, v.fn});
  out.push_back({"api", api});
  return out;
}

std::uint32_t api_crc32(std::uint32_t c, const unsigned char *p, std::size_t n) noexcept {
  return ek::crc32(c, p, n);
}
std::uint32_t api_crc32c(std::uint32_t c, const unsigned char *p, std::size_t n) noexcept {
  return ek::crc32c(c, p, n);
}

std::vector<named_fn> crc32_fns() {
  return runnable(ek::detail::crc32_variants, ek::detail::crc32_extra_variants, api_crc32);
}
std::vector<named_fn> crc32c_fns() {
  return runnable(ek::detail::crc32c_variants, ek::detail::crc32c_extra_variants, api_crc32c);
}

#if defined(EK_HAVE_ZLIB)
std::uint32_t ref_crc32(std::uint32_t c, const unsigned char *p, std::size_t n) {
  while (n) {
    const uInt chunk = n > (1u << 30) ? (1u << 30) : static_cast<uInt>(n);
    c = static_cast<std::uint32_t>(::crc32(c, p, chunk));
    p += chunk;
    n -= chunk;
  }
  return c;
}
#else
// CRC-32 straight from its definition: reflected polynomial 0xEDB88320, the 256 one-byte steps
// tabulated bit by bit here, then one table step per byte (the bitwise loop is too slow under
// QEMU for the 64 MiB case).
std::uint32_t ref_crc32(std::uint32_t c, const unsigned char *p, std::size_t n) {
  static const auto table = [] {
    std::vector<std::uint32_t> t(256);
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t r = i;
      for (int b = 0; b < 8; ++b) r = (r >> 1) ^ (0xEDB88320u & (0u - (r & 1u)));
      t[i] = r;
    }
    return t;
  }();
  c = ~c;
  for (std::size_t i = 0; i < n; ++i) c = (c >> 8) ^ table[(c ^ p[i]) & 0xFFu];
  return ~c;
}
#endif

// CRC-32C straight from its definition: reflected polynomial 0x82F63B78, one bit at a time.
std::uint32_t bitwise_crc32c(std::uint32_t c, const unsigned char *p, std::size_t n) {
  c = ~c;
  for (std::size_t i = 0; i < n; ++i) {
    c ^= p[i];
    for (int b = 0; b < 8; ++b) c = (c >> 1) ^ (0x82F63B78u & (0u - (c & 1u)));
  }
  return ~c;
}

std::vector<unsigned char> random_bytes(std::size_t n, std::uint32_t seed) {
  rng32 rng(seed);
  std::vector<unsigned char> v(n);
  for (auto &b : v) b = static_cast<unsigned char>(rng());
  return v;
}

// The same bytes at each alignment 0..63 relative to a 64-byte boundary.
struct aligned_copies {
  static constexpr std::size_t max_len = 4096, aligns = 64;
  std::vector<unsigned char> storage;
  unsigned char *base;
  aligned_copies(const std::vector<unsigned char> &src) : storage((max_len + 128) * aligns + 64) {
    const auto addr = reinterpret_cast<std::uintptr_t>(storage.data());
    base = storage.data() + ((64 - addr % 64) % 64);
    for (std::size_t a = 0; a < aligns; ++a) std::memcpy(at(a), src.data(), max_len);
  }
  unsigned char *at(std::size_t a) { return base + a * (max_len + 128) + a; }
};

void sweep_all_lengths_and_alignments(const std::vector<named_fn> &fns,
                                      std::uint32_t (*ref)(std::uint32_t, const unsigned char *, std::size_t),
                                      std::uint32_t seed) {
  const auto src = random_bytes(aligned_copies::max_len, seed);
  aligned_copies copies(src);
  std::vector<std::uint32_t> want(aligned_copies::max_len + 1);
  for (std::size_t len = 0; len <= aligned_copies::max_len; ++len) want[len] = ref(0, src.data(), len);
  for (const auto &f : fns) {
    INFO("variant " << f.name);
    std::size_t bad = 0;
    for (std::size_t len = 0; len <= aligned_copies::max_len; ++len)
      for (std::size_t a = 0; a < aligned_copies::aligns; ++a)
        if (f.fn(0, copies.at(a), len) != want[len] && bad++ == 0) {
          INFO("first mismatch at len " << len << " align " << a);
          CHECK(false);
        }
    CHECK(bad == 0);
    // A non-zero starting CRC goes through the same paths.
    for (std::size_t len = 0; len <= 600; ++len) CHECK(f.fn(0x12345678u, src.data(), len) == ref(0x12345678u, src.data(), len));
  }
}

}  // namespace

#if !defined(EK_HAVE_ZLIB)
TEST_CASE("built without zlib", "[checksum]") {
  WARN("no zlib for this target: CRC-32 is checked against the in-test table reference and the "
       "check values; the comparison with zlib's crc32_combine64 is skipped");
}
#endif

TEST_CASE("check values", "[checksum]") {
  const char *s = "123456789";
  CHECK(ek::crc32(0, s, 9) == 0xCBF43926u);
  CHECK(ek::crc32c(0, s, 9) == 0xE3069283u);
  CHECK(ek_crc32(0, s, 9) == 0xCBF43926u);
  CHECK(ek_crc32c(0, s, 9) == 0xE3069283u);
  CHECK(ek::crc32(0, s, 0) == 0u);
  CHECK(ek::crc32c(0, s, 0) == 0u);
  CHECK(ref_crc32(0, reinterpret_cast<const unsigned char *>(s), 9) == 0xCBF43926u);  // the reference itself
  for (const auto &f : crc32_fns()) {
    INFO(f.name);
    CHECK(f.fn(0, reinterpret_cast<const unsigned char *>(s), 9) == 0xCBF43926u);
  }
  for (const auto &f : crc32c_fns()) {
    INFO(f.name);
    CHECK(f.fn(0, reinterpret_cast<const unsigned char *>(s), 9) == 0xE3069283u);
  }
}

TEST_CASE("CRC-32C RFC 3720 B.4 vectors", "[checksum]") {
  unsigned char zeros[32] = {}, ones[32], up[32], down[32];
  for (int i = 0; i < 32; ++i) {
    ones[i] = 0xFF;
    up[i] = static_cast<unsigned char>(i);
    down[i] = static_cast<unsigned char>(31 - i);
  }
  CHECK(bitwise_crc32c(0, zeros, 32) == 0x8A9136AAu);  // the reference itself
  for (const auto &f : crc32c_fns()) {
    INFO(f.name);
    CHECK(f.fn(0, zeros, 32) == 0x8A9136AAu);
    CHECK(f.fn(0, ones, 32) == 0x62A8AB43u);
    CHECK(f.fn(0, up, 32) == 0x46DD794Eu);
    CHECK(f.fn(0, down, 32) == 0x113FDB5Cu);
  }
}

TEST_CASE("NULL data returns the crc unchanged", "[checksum]") {
  CHECK(ek::crc32(0x1234u, nullptr, 100) == 0x1234u);
  CHECK(ek::crc32c(0x1234u, nullptr, 100) == 0x1234u);
  CHECK(ek::crc32(0, nullptr, 0) == 0u);
  CHECK(ek_crc32(0xdeadbeefu, nullptr, 5) == 0xdeadbeefu);
  CHECK(ek_crc32c(0xdeadbeefu, nullptr, static_cast<size_t>(-1)) == 0xdeadbeefu);
}

TEST_CASE("CRC-32: every variant, every length 0..4096, every alignment 0..63", "[checksum]") {
  sweep_all_lengths_and_alignments(crc32_fns(), ref_crc32, 1);
}

TEST_CASE("CRC-32C: every variant, every length 0..4096, every alignment 0..63", "[checksum]") {
  sweep_all_lengths_and_alignments(crc32c_fns(), bitwise_crc32c, 2);
}

#if defined(EK_HAVE_ISAL)
TEST_CASE("CRC-32C agrees with ISA-L crc32_iscsi", "[checksum]") {
  // ISA-L's iSCSI CRC takes and returns the raw register: no pre- or post-inversion.
  const auto v = random_bytes(70000, 3);
  rng32 rng(4);
  for (int i = 0; i < 300; ++i) {
    const std::size_t off = rng() % 64, len = rng() % (v.size() - 64);
    const std::uint32_t seed = rng();
    const std::uint32_t want =
        ~crc32_iscsi(const_cast<unsigned char *>(v.data() + off), static_cast<int>(len), ~seed);
    for (const auto &f : crc32c_fns()) {
      INFO(f.name << " len " << len);
      CHECK(f.fn(seed, v.data() + off, len) == want);
    }
  }
}
#endif

TEST_CASE("one input over 64 MiB", "[checksum]") {
  const std::size_t n = (std::size_t{64} << 20) + 12345;
  std::vector<unsigned char> v(n);
  std::mt19937_64 rng(5);
  for (std::size_t i = 0; i + 8 <= n; i += 8) {
    const std::uint64_t r = rng();
    std::memcpy(&v[i], &r, 8);
  }
  const std::uint32_t want = ref_crc32(0, v.data(), n);
  for (const auto &f : crc32_fns()) {
    INFO(f.name);
    CHECK(f.fn(0, v.data(), n) == want);
    CHECK(f.fn(0, v.data() + 3, n - 3) == ref_crc32(0, v.data() + 3, n - 3));
  }
  // The bitwise reference is too slow for 64 MiB; compare the CRC-32C variants with each other
  // and with a combine of the two halves checked against the reference on a smaller span.
  const auto c = crc32c_fns();
  const std::uint32_t first = c.front().fn(0, v.data(), n);
  for (const auto &f : c) {
    INFO(f.name);
    CHECK(f.fn(0, v.data(), n) == first);
  }
  const std::size_t small = 1 << 20;
  CHECK(ek::crc32c(0, v.data(), small) == bitwise_crc32c(0, v.data(), small));
  CHECK(ek::crc32c_combine(ek::crc32c(0, v.data(), small), ek::crc32c(0, v.data() + small, n - small),
                           n - small) == first);
}

TEST_CASE("chunked calls at random split points equal one call", "[checksum]") {
  const auto v = random_bytes(200000, 6);
  rng32 rng(7);
  const std::uint32_t want32 = ref_crc32(0, v.data(), v.size());
  const std::uint32_t want32c = bitwise_crc32c(0, v.data(), v.size());
  for (int round = 0; round < 20; ++round) {
    std::vector<std::size_t> cuts{0, v.size()};
    const int k = 1 + static_cast<int>(rng() % 40);
    for (int i = 0; i < k; ++i) {
      // Mix tiny and large pieces so chunk boundaries land in every code path.
      const std::size_t at = (rng() & 1) ? rng() % v.size() : (cuts[1 + rng() % (cuts.size() - 1)] + rng() % 70) % v.size();
      cuts.push_back(at);
    }
    std::sort(cuts.begin(), cuts.end());
    auto run = [&](crc_fn fn) {
      std::uint32_t c = 0;
      for (std::size_t i = 0; i + 1 < cuts.size(); ++i) c = fn(c, v.data() + cuts[i], cuts[i + 1] - cuts[i]);
      return c;
    };
    for (const auto &f : crc32_fns()) {
      INFO(f.name << " round " << round);
      CHECK(run(f.fn) == want32);
    }
    for (const auto &f : crc32c_fns()) {
      INFO(f.name << " round " << round);
      CHECK(run(f.fn) == want32c);
    }
  }
}

TEST_CASE("combine equals one-shot", "[checksum]") {
  const auto v = random_bytes(100000, 8);
  rng32 rng(9);
  for (int i = 0; i < 200; ++i) {
    const std::size_t n = rng() % v.size(), cut = n ? rng() % (n + 1) : 0;
    const unsigned char *p = v.data();
    CHECK(ek::crc32_combine(ek::crc32(0, p, cut), ek::crc32(0, p + cut, n - cut), n - cut) == ref_crc32(0, p, n));
    CHECK(ek::crc32c_combine(ek::crc32c(0, p, cut), ek::crc32c(0, p + cut, n - cut), n - cut) ==
          bitwise_crc32c(0, p, n));
    CHECK(ek_crc32_combine(ek_crc32(0, p, cut), ek_crc32(0, p + cut, n - cut), n - cut) == ek_crc32(0, p, n));
    CHECK(ek_crc32c_combine(ek_crc32c(0, p, cut), ek_crc32c(0, p + cut, n - cut), n - cut) == ek_crc32c(0, p, n));
  }
  SECTION("len2 = 0") {
    const std::uint32_t a = ek::crc32(0, v.data(), 1000), b = ek::crc32c(0, v.data(), 1000);
    CHECK(ek::crc32_combine(a, 0, 0) == a);
    CHECK(ek::crc32c_combine(b, 0, 0) == b);
    CHECK(ek::crc32_combine(0, 0, 0) == 0);
  }
#if defined(EK_HAVE_ZLIB)
  SECTION("huge len2 against zlib's crc32_combine64") {
    for (std::uint64_t len2 : {std::uint64_t{1} << 32, (std::uint64_t{1} << 40) + 12345, std::uint64_t{1} << 62,
                               (std::uint64_t{1} << 63) - 1, ~std::uint64_t{0} >> 1}) {
      for (int i = 0; i < 20; ++i) {
        const std::uint32_t c1 = rng(), c2 = rng();
        CHECK(ek::crc32_combine(c1, c2, len2) ==
              static_cast<std::uint32_t>(crc32_combine64(c1, c2, static_cast<z_off64_t>(len2))));
      }
    }
  }
#endif
  SECTION("huge len2 is consistent (associativity, and a 2^64-1 length)") {
    for (int i = 0; i < 50; ++i) {
      const std::uint32_t c1 = rng(), c2 = rng(), c3 = rng();
      const std::uint64_t l2 = (std::uint64_t{rng()} << 32) | rng(), l3 = (std::uint64_t{rng()} << 31) | rng();
      if (l2 + l3 < l2) continue;
      CHECK(ek::crc32c_combine(ek::crc32c_combine(c1, c2, l2), c3, l3) ==
            ek::crc32c_combine(c1, ek::crc32c_combine(c2, c3, l3), l2 + l3));
      CHECK(ek::crc32_combine(ek::crc32_combine(c1, c2, l2), c3, l3) ==
            ek::crc32_combine(c1, ek::crc32_combine(c2, c3, l3), l2 + l3));
    }
    // 2^64 - 1 = (2^63) + (2^63 - 1): exercises the top bit of len2.
    const std::uint64_t top = std::uint64_t{1} << 63;
    CHECK(ek::crc32c_combine(0x1234u, 0, ~std::uint64_t{0}) ==
          ek::crc32c_combine(ek::crc32c_combine(0x1234u, 0, top), 0, top - 1));
  }
  SECTION("long zero runs against the references") {
    std::vector<unsigned char> z(3 << 20, 0);
    const std::uint32_t a = ek::crc32(0, v.data(), 777);
    CHECK(ek::crc32_combine(a, ek::crc32(0, z.data(), z.size()), z.size()) ==
          ref_crc32(ref_crc32(0, v.data(), 777), z.data(), z.size()));
    const std::uint32_t b = ek::crc32c(0, v.data(), 777);
    CHECK(ek::crc32c_combine(b, ek::crc32c(0, z.data(), z.size()), z.size()) ==
          bitwise_crc32c(bitwise_crc32c(0, v.data(), 777), z.data(), z.size()));
  }
}

TEST_CASE("no reads outside the buffer (guard pages on both sides)", "[checksum]") {
  const std::size_t max = 2048 + 64;
  const auto src = random_bytes(max, 10);
  guarded g(max);
  std::vector<std::size_t> lens;
  for (std::size_t n = 0; n <= 300; ++n) lens.push_back(n);
  for (std::size_t n = 300; n <= max; n += 61) lens.push_back(n);
  lens.push_back(max);
  for (std::size_t n : lens) {
    const std::uint32_t w32 = ref_crc32(0, src.data(), n), w32c = bitwise_crc32c(0, src.data(), n);
    for (const auto &f : crc32_fns()) {
      INFO(f.name << " len " << n);
      CHECK(f.fn(0, copy_to_start(g, src.data(), n), n) == w32);
      CHECK(f.fn(0, copy_to_end(g, src.data(), n), n) == w32);
    }
    for (const auto &f : crc32c_fns()) {
      INFO(f.name << " len " << n);
      CHECK(f.fn(0, copy_to_start(g, src.data(), n), n) == w32c);
      CHECK(f.fn(0, copy_to_end(g, src.data(), n), n) == w32c);
    }
  }
}

TEST_CASE("disabling every feature pins the portable path", "[checksum]") {
  const auto v = random_bytes(5000, 11);
  const std::uint32_t a = ek::crc32(0, v.data(), v.size()), b = ek::crc32c(0, v.data(), v.size());
  const std::string before32 = ek::cpu::kernel_path(ek::cpu::kernel::crc32);
  const std::string before32c = ek::cpu::kernel_path(ek::cpu::kernel::crc32c);
  CHECK(std::string(ek_kernel_path(EK_KERNEL_CRC32)) == before32);

  // Restore whatever was disabled before (EK_CPU_DISABLE may have set a mask), not "nothing".
  const std::uint64_t disabled = ek::cpu::detected() & ~ek::cpu::features();
  ek::cpu::disable(ek::cpu::all);
  CHECK(std::string(ek::cpu::kernel_path(ek::cpu::kernel::crc32)) == "portable");
  CHECK(std::string(ek::cpu::kernel_path(ek::cpu::kernel::crc32c)) == "portable");
  CHECK(ek::crc32(0, v.data(), v.size()) == a);
  CHECK(ek::crc32c(0, v.data(), v.size()) == b);
  CHECK(ek_crc32(0, v.data(), v.size()) == a);

  ek::cpu::disable(disabled);
  CHECK(std::string(ek::cpu::kernel_path(ek::cpu::kernel::crc32)) == before32);
  CHECK(std::string(ek::cpu::kernel_path(ek::cpu::kernel::crc32c)) == before32c);
  CHECK(ek::crc32(0, v.data(), v.size()) == a);

  // The first runnable entry of each table is what the dispatcher must have picked.
  const std::uint64_t f = ek::cpu::features();
  for (const auto &e : ek::detail::crc32_variants)
    if (ek::detail::runnable(e, f)) {
      CHECK(before32 == e.name);
      break;
    }
  for (const auto &e : ek::detail::crc32c_variants)
    if (ek::detail::runnable(e, f)) {
      CHECK(before32c == e.name);
      break;
    }
  CHECK(ek::detail::checksum_path(ek::cpu::kernel::filter) == nullptr);
}
