// CRC-32 / CRC-32C for wasm SIMD128: the sparse-multiple kernels of crc32_sparse.hpp on 128-bit
// vectors (wasm has no carry-less multiply, so no folding). Compiled only under Emscripten; the
// baseline module, built without -msimd128, gets an empty file and the portable kernels.
#include "checksum/crc32_variants.hpp"

#if defined(__wasm_simd128__)
#  include <wasm_simd128.h>

#  include "checksum/crc32_sparse.hpp"
#  include "checksum/crc32_tables.hpp"

namespace ek {
namespace detail {
namespace {

struct word128 {
  static constexpr std::size_t size = 16;
  v128_t v;
  static word128 load(const unsigned char *p) noexcept { return {wasm_v128_load(p)}; }
  static void store(unsigned char *p, word128 w) noexcept { wasm_v128_store(p, w.v); }
  static word128 zero() noexcept { return {wasm_i64x2_const(0, 0)}; }
  // wasm is little-endian: the register's low byte is the first message byte.
  static word128 low32(std::uint32_t c) noexcept {
    return {wasm_i32x4_make(static_cast<std::int32_t>(c), 0, 0, 0)};
  }
  friend word128 operator^(word128 a, word128 b) noexcept { return {wasm_v128_xor(a.v, b.v)}; }
};

}  // namespace

std::uint32_t crc32_simd128(std::uint32_t crc, const unsigned char *p, std::size_t n) noexcept {
  const std::uint32_t c = ~crc;
  if (n < crcsparse::min_len) return ~crcsparse::split_slice<crcmath::crc32_poly>(c, p, n, crc32_tables8);
  if (n < wasm_chorba_below) return crc32_chorba(crc, p, n);
  return ~crcsparse::sparse<word128, crcmath::slice_tables8, crcmath::crc32_poly, 145, 183, 211, 300>(c, p, n, crc32_tables8);
}

std::uint32_t crc32c_simd128(std::uint32_t crc, const unsigned char *p, std::size_t n) noexcept {
  const std::uint32_t c = ~crc;
  if (n < crcsparse::min_len) return ~crcsparse::split_slice<crcmath::crc32c_poly>(c, p, n, crc32c_tables8);
  return ~crcsparse::sparse<word128, crcmath::slice_tables8, crcmath::crc32c_poly, 154, 177, 183, 258, 290>(c, p, n,
                                                                                      crc32c_tables8);
}

}  // namespace detail
}  // namespace ek
#endif
