// AArch64 variants: PMULL folding, and the ARMv8 CRC32/CRC32C instructions. Compiled with
// +crc+crypto for this file only; the dispatcher checks HWCAP before calling anything here.
// Helpers stay in an anonymous namespace so none of them can stand in for baseline code.
//
// The folding is the same mathematics as x86/crc32_fold.hpp (constants from crc32_math.hpp).
// Both CRCs have a scalar instruction here (crc32x is the zlib polynomial, crc32cx
// Castagnoli), so short inputs and the final 128 -> 32 bit reduction use it instead of Barrett.
#include <arm_acle.h>
#include <arm_neon.h>

#include <cstring>

#include "checksum/crc32_math.hpp"
#include "checksum/crc32_variants.hpp"

namespace ek {
namespace detail {
namespace {

using crcmath::fold_pair;

inline std::uint64_t load64(const unsigned char *p) noexcept {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
#if defined(__AARCH64EB__)
  v = __builtin_bswap64(v);  // the CRC consumes bytes in address order
#endif
  return v;
}
inline std::uint32_t load32(const unsigned char *p) noexcept {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
#if defined(__AARCH64EB__)
  v = __builtin_bswap32(v);
#endif
  return v;
}

struct hw_crc32 {
  static constexpr std::uint32_t poly = crcmath::crc32_poly;
  static std::uint32_t u64(std::uint32_t c, std::uint64_t v) noexcept { return __crc32d(c, v); }
  static std::uint32_t u32(std::uint32_t c, std::uint32_t v) noexcept { return __crc32w(c, v); }
  static std::uint32_t u8(std::uint32_t c, std::uint8_t v) noexcept { return __crc32b(c, v); }
};
struct hw_crc32c {
  static constexpr std::uint32_t poly = crcmath::crc32c_poly;
  static std::uint32_t u64(std::uint32_t c, std::uint64_t v) noexcept { return __crc32cd(c, v); }
  static std::uint32_t u32(std::uint32_t c, std::uint32_t v) noexcept { return __crc32cw(c, v); }
  static std::uint32_t u8(std::uint32_t c, std::uint8_t v) noexcept { return __crc32cb(c, v); }
};

// Register-level (no inversion) CRC with the scalar instruction.
template <class H>
std::uint32_t scalar(std::uint32_t s, const unsigned char *p, std::size_t n) noexcept {
  // Four words per iteration: the loop overhead, not the instruction, limits short loops.
  for (; n >= 32; n -= 32, p += 32) {
    s = H::u64(s, load64(p));
    s = H::u64(s, load64(p + 8));
    s = H::u64(s, load64(p + 16));
    s = H::u64(s, load64(p + 24));
  }
  for (; n >= 8; n -= 8, p += 8) s = H::u64(s, load64(p));
  if (n & 4) {
    s = H::u32(s, load32(p));
    p += 4;
  }
  for (n &= 3; n; --n) s = H::u8(s, *p++);
  return s;
}

inline uint64x2_t pair(fold_pair k) noexcept {
  return vcombine_u64(vcreate_u64(k.lo), vcreate_u64(k.hi));
}

inline uint64x2_t fold(uint64x2_t x, uint64x2_t k, uint64x2_t data) noexcept {
  const poly128_t lo = vmull_p64(static_cast<poly64_t>(vgetq_lane_u64(x, 0)),
                                 static_cast<poly64_t>(vgetq_lane_u64(k, 0)));
  const poly128_t hi = vmull_high_p64(vreinterpretq_p64_u64(x), vreinterpretq_p64_u64(k));
  return veorq_u64(veorq_u64(vreinterpretq_u64_p128(lo), vreinterpretq_u64_p128(hi)), data);
}

inline uint64x2_t load128(const unsigned char *p) noexcept {
  // Byte loads keep the lane layout identical to memory order on either endianness.
  return vreinterpretq_u64_u8(vld1q_u8(p));
}

template <class H>
std::uint32_t pmull_crc(std::uint32_t crc, const unsigned char *p, std::size_t n) noexcept {
  constexpr std::uint32_t poly = H::poly;
  std::uint32_t s = ~crc;
  if (n < 64) return ~scalar<H>(s, p, n);
  constexpr std::size_t N = 4;
  uint64x2_t acc[N];
  acc[0] = veorq_u64(load128(p), vreinterpretq_u64_u32(vsetq_lane_u32(s, vdupq_n_u32(0), 0)));
  for (std::size_t i = 1; i < N; ++i) acc[i] = load128(p + 16 * i);
  p += 16 * N;
  n -= 16 * N;
  constexpr fold_pair kn = crcmath::fold_by(poly, N * 128);
  const uint64x2_t vkn = pair(kn);
  while (n >= 16 * N) {
    for (std::size_t i = 0; i < N; ++i) acc[i] = fold(acc[i], vkn, load128(p + 16 * i));
    p += 16 * N;
    n -= 16 * N;
  }
  constexpr fold_pair k3 = crcmath::fold_by(poly, 384);
  constexpr fold_pair k2 = crcmath::fold_by(poly, 256);
  constexpr fold_pair k1 = crcmath::fold_by(poly, 128);
  uint64x2_t x = fold(acc[0], pair(k3), fold(acc[1], pair(k2), fold(acc[2], pair(k1), acc[3])));
  // x * x^32 mod P is the register: crc(crc(0, lo), hi) computes exactly that, then the
  // remaining bytes continue from it.
  std::uint32_t r = H::u64(H::u64(0, load64(reinterpret_cast<const unsigned char *>(&x))),
                           load64(reinterpret_cast<const unsigned char *>(&x) + 8));
  return ~scalar<H>(r, p, n);
}

}  // namespace

std::uint32_t crc32_pmull(std::uint32_t crc, const unsigned char *p, std::size_t n) noexcept {
  return pmull_crc<hw_crc32>(crc, p, n);
}
std::uint32_t crc32c_pmull(std::uint32_t crc, const unsigned char *p, std::size_t n) noexcept {
  return pmull_crc<hw_crc32c>(crc, p, n);
}
std::uint32_t crc32_armcrc(std::uint32_t crc, const unsigned char *p, std::size_t n) noexcept {
  return ~scalar<hw_crc32>(~crc, p, n);
}
std::uint32_t crc32c_armcrc(std::uint32_t crc, const unsigned char *p, std::size_t n) noexcept {
  return ~scalar<hw_crc32c>(~crc, p, n);
}

}  // namespace detail
}  // namespace ek
