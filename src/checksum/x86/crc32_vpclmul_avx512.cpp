// 512-bit VPCLMULQDQ variants (compiled with the avx512 flags for this file only).
#include "internal/avx512_intrinsics.hpp"
#include "checksum/crc32_variants.hpp"
#include "checksum/x86/crc32_fold.hpp"
#include "checksum/x86/crc32c_hw.hpp"

namespace ek {
namespace detail {
namespace {

struct v512 {
  using vec = __m512i;
  static constexpr std::size_t bytes = 64;
  static constexpr std::size_t accs = 4;
  static vec load(const unsigned char *p) noexcept { return _mm512_loadu_si512(p); }
  static vec xor_crc(vec v, std::uint32_t s) noexcept {
    return _mm512_xor_si512(v, _mm512_zextsi128_si512(_mm_cvtsi32_si128(static_cast<int>(s))));
  }
  // Spelled out so the compiler sees a constant and loads it as one memory operand.
  static vec splat(fold_pair k) noexcept {
    const auto lo = static_cast<long long>(k.lo), hi = static_cast<long long>(k.hi);
    return _mm512_set_epi64(hi, lo, hi, lo, hi, lo, hi, lo);
  }
  static vec fold(vec x, vec k, vec d) noexcept {
    return _mm512_ternarylogic_epi64(_mm512_clmulepi64_epi128(x, k, 0x00),
                                     _mm512_clmulepi64_epi128(x, k, 0x11), d, 0x96);
  }
  // Lanes 0..2 fold over 384, 256 and 128 bits onto lane 3 in one multiply pair; lane 3's
  // multipliers are zero and the lane itself is added back through the third operand.
  template <std::uint32_t Poly>
  static __m128i narrow(vec v) noexcept {
    constexpr fold_pair k3 = crcmath::fold_by(Poly, 384);
    constexpr fold_pair k2 = crcmath::fold_by(Poly, 256);
    constexpr fold_pair k1 = crcmath::fold_by(Poly, 128);
    const __m512i k = _mm512_set_epi64(0, 0, static_cast<long long>(k1.hi), static_cast<long long>(k1.lo),
                                       static_cast<long long>(k2.hi), static_cast<long long>(k2.lo),
                                       static_cast<long long>(k3.hi), static_cast<long long>(k3.lo));
    const __m512i t = _mm512_ternarylogic_epi64(_mm512_clmulepi64_epi128(v, k, 0x00),
                                                _mm512_clmulepi64_epi128(v, k, 0x11),
                                                _mm512_maskz_mov_epi64(0xC0, v), 0x96);
    const __m256i h = _mm256_xor_si256(_mm512_castsi512_si256(t), _mm512_extracti64x4_epi64(t, 1));
    return _mm_xor_si128(_mm256_castsi256_si128(h), _mm256_extracti128_si256(h, 1));
  }
};

}  // namespace

// Below 256 bytes there are too few 64-byte blocks to amortise the wider reduction: the 256-bit
// code is faster there (dispatched CRC-32 at 64 B: 7.6 -> 8.2 GB/s, at 128 B: 15.8 -> 16.7), and
// every CPU with this variant can run it.
constexpr std::size_t v512_min_bytes = 256;

std::uint32_t crc32_vpclmul_avx512(std::uint32_t crc, const unsigned char *p, std::size_t n) noexcept {
  if (n < v512_min_bytes) return crc32_vpclmul_avx2(crc, p, n);
  return fold_crc<v512, kind_crc32>(crc, p, n);
}

std::uint32_t crc32c_vpclmul_avx512(std::uint32_t crc, const unsigned char *p, std::size_t n) noexcept {
  if (crc32c_hw_wins(n)) return crc32c_hw(crc, p, n);
  return fold_crc<v512, kind_crc32c>(crc, p, n);
}

}  // namespace detail
}  // namespace ek
