// SSE4.2 + PCLMULQDQ variants (compiled with -msse4.2 -mpclmul only for this file).
#include "checksum/crc32_variants.hpp"
#include "checksum/x86/crc32_fold.hpp"
#include "checksum/x86/crc32c_hw.hpp"

namespace ek {
namespace detail {

std::uint32_t crc32_pclmul(std::uint32_t crc, const unsigned char *p, std::size_t n) noexcept {
  return fold_crc<v128, kind_crc32>(crc, p, n);
}

std::uint32_t crc32c_pclmul(std::uint32_t crc, const unsigned char *p, std::size_t n) noexcept {
  if (crc32c_hw_wins(n)) return crc32c_hw(crc, p, n);
  return fold_crc<v128, kind_crc32c>(crc, p, n);
}

std::uint32_t crc32c_sse42(std::uint32_t crc, const unsigned char *p, std::size_t n) noexcept {
  return crc32c_hw(crc, p, n);
}

}  // namespace detail
}  // namespace ek
