// CRC-32C with SSE4.2's crc32 instruction. One instruction retires per cycle but each takes
// three, so long inputs run three independent streams and merge them with two carry-less
// multiplies: CRC(A||B||C) = CRC(A) x^(16L) + CRC(B) x^(8L) + CRC(C) for streams of L bytes.
// Include only from an ISA translation unit (anonymous namespace, see crc32_fold.hpp).
#ifndef EK_CHECKSUM_X86_CRC32C_HW_HPP
#define EK_CHECKSUM_X86_CRC32C_HW_HPP

#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "checksum/x86/crc32_fold.hpp"

namespace ek {
namespace detail {
namespace {

template <std::size_t L>
inline void crc32c_three_streams(std::uint64_t &s, const unsigned char *&p, std::size_t &n) noexcept {
  static_assert(L % 8 == 0, "streams advance 8 bytes at a time");
  // Multipliers such that crc32(0, clmul(c, k)) == c * x^e mod P (see crcmath::lane_mult).
  constexpr std::uint64_t k2 = crcmath::lane_mult(crcmath::crc32c_poly, 16 * L);
  constexpr std::uint64_t k1 = crcmath::lane_mult(crcmath::crc32c_poly, 8 * L);
  const __m128i kk = _mm_set_epi64x(static_cast<long long>(k1), static_cast<long long>(k2));
  while (n >= 3 * L) {
    std::uint64_t a = s, b = 0, c = 0;
    for (std::size_t i = 0; i < L; i += 8) {
      a = _mm_crc32_u64(a, load64(p + i));
      b = _mm_crc32_u64(b, load64(p + L + i));
      c = _mm_crc32_u64(c, load64(p + 2 * L + i));
    }
    const __m128i ab = _mm_set_epi64x(static_cast<long long>(b), static_cast<long long>(a));
    const __m128i m = _mm_xor_si128(_mm_clmulepi64_si128(ab, kk, 0x00), _mm_clmulepi64_si128(ab, kk, 0x11));
    s = c ^ _mm_crc32_u64(0, static_cast<std::uint64_t>(_mm_cvtsi128_si64(m)));
    p += 3 * L;
    n -= 3 * L;
  }
}

// Whether the crc32 instruction beats folding: it costs about one dependent instruction per
// 8 bytes plus one per set bit of n % 8 (see kind_crc32c::bytes), folding a near-constant
// ~4 ns below 1 KiB now that the incoming register joins it last. Measured on Sapphire
// Rapids: 32 bytes (4 instructions) 3.4 vs 4.0 ns, 31 bytes (6) 4.8 vs 4.0 ns, 48 bytes (6)
// 4.8 vs 3.9 ns, 64 bytes 6.3 vs 4.0 ns.
inline bool crc32c_hw_wins(std::size_t n) noexcept {
  return n < 40 && (n >> 3) + static_cast<std::size_t>(__builtin_popcount(static_cast<unsigned>(n & 7))) <= 4;
}

inline std::uint32_t crc32c_hw(std::uint32_t crc, const unsigned char *p, std::size_t n) noexcept {
  std::uint64_t s = ~crc;
  // Long streams amortise the merge; the shorter tiers keep mid-sized tails off the
  // latency-bound single stream.
  crc32c_three_streams<4096>(s, p, n);
  crc32c_three_streams<512>(s, p, n);
  crc32c_three_streams<64>(s, p, n);
  return ~kind_crc32c::bytes(static_cast<std::uint32_t>(s), p, n);
}

}  // namespace
}  // namespace detail
}  // namespace ek

#endif
