// 256-bit VPCLMULQDQ variants for AVX2 CPUs without AVX-512 (Zen 3, Alder Lake and later
// client cores). Compiled with the avx2 flags plus -mvpclmulqdq for this file only.
#include "checksum/crc32_variants.hpp"
#include "checksum/x86/crc32_fold.hpp"
#include "checksum/x86/crc32c_hw.hpp"

namespace ek {
namespace detail {
namespace {

struct v256 {
  using vec = __m256i;
  static constexpr std::size_t bytes = 32;
  static constexpr std::size_t accs = 4;
  static vec load(const unsigned char *p) noexcept {
    return _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p));
  }
  static vec xor_crc(vec v, std::uint32_t s) noexcept {
    return _mm256_xor_si256(v, _mm256_zextsi128_si256(_mm_cvtsi32_si128(static_cast<int>(s))));
  }
  static vec splat(fold_pair k) noexcept { return _mm256_broadcastsi128_si256(pair128(k)); }
  static vec fold(vec x, vec k, vec d) noexcept {
    return _mm256_xor_si256(_mm256_xor_si256(_mm256_clmulepi64_epi128(x, k, 0x00),
                                             _mm256_clmulepi64_epi128(x, k, 0x11)),
                            d);
  }
  template <std::uint32_t Poly>
  static __m128i narrow(vec v) noexcept {
    constexpr fold_pair k = crcmath::fold_by(Poly, 128);
    return fold128(_mm256_castsi256_si128(v), pair128(k), _mm256_extracti128_si256(v, 1));
  }
};

}  // namespace

std::uint32_t crc32_vpclmul_avx2(std::uint32_t crc, const unsigned char *p, std::size_t n) noexcept {
  return fold_crc<v256, kind_crc32>(crc, p, n);
}

std::uint32_t crc32c_vpclmul_avx2(std::uint32_t crc, const unsigned char *p, std::size_t n) noexcept {
  if (crc32c_hw_wins(n)) return crc32c_hw(crc, p, n);
  return fold_crc<v256, kind_crc32c>(crc, p, n);
}

}  // namespace detail
}  // namespace ek
