// CPU feature detection, the disabled-feature mask, and the registry of dispatched families.
#include <atomic>
#include <cstdlib>
#include <cstring>

#include "image/resize_variants.hpp"
#include "internal/dispatch.hpp"

// The wasm core module (no image functions) is linked from an archive, and should not pull
// resize.o (every resize variant) in just because the dispatcher can reset it: in wasm the
// dispatcher refers to it weakly, and ek_kernel_path reports no resize path in that module.
// Native static links keep the strong reference, so `resize` always has a path there.
#if defined(__wasm__) && (defined(__GNUC__) || defined(__clang__))
#  define EK_WEAK_RESIZE 1
#endif
#if defined(EK_WEAK_RESIZE)
namespace ek {
namespace detail {
__attribute__((weak)) void resize_reset() noexcept;
__attribute__((weak)) const char *resize_path(cpu::kernel k) noexcept;
}  // namespace detail
}  // namespace ek
#endif

#if defined(__x86_64__) || defined(_M_X64)
#  define EK_X86_64 1
#  if defined(_MSC_VER)
#    include <intrin.h>
#  else
#    include <cpuid.h>
#  endif
#elif defined(__aarch64__) || defined(_M_ARM64)
#  define EK_AARCH64 1
#  if defined(__linux__)
#    include <sys/auxv.h>
#  elif defined(__APPLE__)
#    include <sys/sysctl.h>
#  endif
#endif

namespace ek {
namespace cpu {
namespace {

#if defined(EK_X86_64)
void cpuid(unsigned leaf, unsigned sub, unsigned r[4]) noexcept {
#  if defined(_MSC_VER)
  int regs[4];
  __cpuidex(regs, static_cast<int>(leaf), static_cast<int>(sub));
  for (int i = 0; i < 4; ++i) r[i] = static_cast<unsigned>(regs[i]);
#  else
  __cpuid_count(leaf, sub, r[0], r[1], r[2], r[3]);
#  endif
}

std::uint64_t xgetbv0() noexcept {
#  if defined(_MSC_VER)
  return _xgetbv(0);
#  else
  unsigned lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return (static_cast<std::uint64_t>(hi) << 32) | lo;
#  endif
}

std::uint64_t probe() noexcept {
  unsigned r[4];
  cpuid(0, 0, r);
  const unsigned max_leaf = r[0];
  cpuid(1, 0, r);
  const unsigned ecx1 = r[2];
  std::uint64_t f = 0;
  if (ecx1 & (1u << 20)) f |= sse42;
  if (ecx1 & (1u << 1)) f |= pclmulqdq;
  // The OS must save the wide registers on context switch, or using them corrupts state.
  const bool osxsave = (ecx1 & (1u << 27)) != 0;
  const std::uint64_t xcr0 = osxsave ? xgetbv0() : 0;
  const bool ymm_ok = (xcr0 & 0x6) == 0x6;
  const bool zmm_ok = ymm_ok && (xcr0 & 0xe0) == 0xe0;
  if (max_leaf >= 7) {
    cpuid(7, 0, r);
    const unsigned ebx7 = r[1], ecx7 = r[2];
    const bool fma = (ecx1 & (1u << 12)) != 0;
    const bool avx2_bits = (ebx7 & (1u << 5)) && (ebx7 & (1u << 3)) && (ebx7 & (1u << 8)) && fma;
    if (ymm_ok && avx2_bits) f |= avx2;
    // F(16) DQ(17) CD(28) BW(30) VL(31)
    const unsigned avx512_bits = (1u << 16) | (1u << 17) | (1u << 28) | (1u << 30) | (1u << 31);
    if (zmm_ok && avx2_bits && (ebx7 & avx512_bits) == avx512_bits) f |= avx512;
    if (ymm_ok && (ecx7 & (1u << 10))) f |= vpclmulqdq;
  }
  return f;
}
#elif defined(EK_AARCH64)
std::uint64_t probe() noexcept {
  std::uint64_t f = neon;  // Advanced SIMD is mandatory on AArch64
#  if defined(__linux__)
  const unsigned long hw = getauxval(AT_HWCAP);
  if (hw & (1ul << 7)) f |= arm_crc32;  // HWCAP_CRC32
  if (hw & (1ul << 4)) f |= arm_pmull;  // HWCAP_PMULL
  if (hw & (1ul << 17)) f |= arm_sha3;  // HWCAP_SHA3
#  elif defined(__APPLE__)
  f |= arm_crc32 | arm_pmull;  // every Apple arm64 core has both
  int v = 0;
  size_t len = sizeof v;
  if (sysctlbyname("hw.optional.armv8_2_sha3", &v, &len, nullptr, 0) == 0 && v) f |= arm_sha3;
#  endif
  return f;
}
#elif defined(__wasm_simd128__)
std::uint64_t probe() noexcept { return wasm_simd128; }  // fixed at compile time in wasm
#else
std::uint64_t probe() noexcept { return 0; }
#endif

struct named {
  const char *name;
  std::uint64_t bit;
};
constexpr named feature_names[] = {
    {"sse42", sse42},         {"pclmulqdq", pclmulqdq}, {"avx2", avx2},
    {"avx512", avx512},       {"vpclmulqdq", vpclmulqdq}, {"neon", neon},
    {"arm_crc32", arm_crc32}, {"arm_pmull", arm_pmull}, {"arm_sha3", arm_sha3},
    {"wasm_simd128", wasm_simd128},
};

// EK_CPU_DISABLE="avx512,vpclmulqdq" or "all". Unknown names are ignored rather than fatal:
// a typo must not take a production process down.
std::uint64_t mask_from_env() noexcept {
#if defined(__wasm__)
  // A wasm module has no environment of its own (reading it would import WASI's environ_get);
  // its variant is fixed when it is built, and ek_cpu_disable still pins the portable paths.
  const char *s = nullptr;
#else
  const char *s = std::getenv("EK_CPU_DISABLE");
#endif
  if (!s) return 0;
  std::uint64_t m = 0;
  while (*s) {
    const char *end = std::strchr(s, ',');
    const std::size_t len = end ? static_cast<std::size_t>(end - s) : std::strlen(s);
    if (len == 3 && std::strncmp(s, "all", 3) == 0) m = all;
    for (const named &n : feature_names)
      if (std::strlen(n.name) == len && std::strncmp(s, n.name, len) == 0) m |= n.bit;
    s += len;
    if (*s == ',') ++s;
  }
  return m;
}

// Both words are written once with values that depend only on the machine and the
// environment, so racing first calls agree; disable() is the only writer after that.
constexpr std::uint64_t unset = 1ull << 63;  // never a real feature bit
std::atomic<std::uint64_t> g_detected{unset};
std::atomic<std::uint64_t> g_disabled{unset};

bool has_resize() noexcept {
#if defined(EK_WEAK_RESIZE)
  return &detail::resize_reset != nullptr;
#else
  return true;
#endif
}

void reset_all() noexcept {
  detail::checksum_reset();
  detail::reduce_reset();
  detail::filter_reset();
  if (has_resize()) detail::resize_reset();
}

}  // namespace

std::uint64_t detected() noexcept {
  std::uint64_t d = g_detected.load(std::memory_order_relaxed);
  if (d == unset) {
    d = probe();
    g_detected.store(d, std::memory_order_relaxed);
  }
  return d;
}

std::uint64_t features() noexcept {
  std::uint64_t m = g_disabled.load(std::memory_order_relaxed);
  if (m == unset) {
    std::uint64_t expected = unset;
    m = mask_from_env();
    if (!g_disabled.compare_exchange_strong(expected, m, std::memory_order_relaxed)) m = expected;
  }
  return detected() & ~m;
}

void disable(std::uint64_t mask) noexcept {
  g_disabled.store(mask & ~unset, std::memory_order_relaxed);  // bit 63 is no feature
  reset_all();
}

const char *feature_name(std::uint64_t bit) noexcept {
  for (const named &n : feature_names)
    if (n.bit == bit) return n.name;
  return nullptr;
}

const char *kernel_path(kernel k) noexcept {
  if (const char *p = detail::checksum_path(k)) return p;
  if (const char *p = detail::reduce_path(k)) return p;
  if (const char *p = detail::filter_path(k)) return p;
  if (has_resize())
    if (const char *p = detail::resize_path(k)) return p;
  return nullptr;
}

}  // namespace cpu
}  // namespace ek
