// Filter variant for wasm SIMD128. Compiled only under Emscripten, and empty without -msimd128
// (the baseline module gets the portable kernels).
//
// The element-wise kernels are the portable ones: compiled with -msimd128 clang vectorises
// them fully (8 to 14 GB/s in Node here against 1 GB/s without SIMD), so they are reached
// through portable_ops rather than written twice. Index selection is where the portable loop
// stays scalar (about 0.9 GB/s, counting 1.7): here it is a compare, a bitmask and the shared
// table lookup per 8 bytes (select_blocks.hpp), as on x86.
#include "filter/kernels.hpp"

#if defined(__wasm_simd128__)
#  include <wasm_simd128.h>

#  include "filter/select_blocks.hpp"

namespace ek {
namespace detail {
namespace filter {
namespace {

std::size_t select_above_u8(const std::uint8_t *in, std::size_t n, std::uint8_t t,
                            std::uint32_t *indices, std::size_t cap) noexcept {
  const v128_t tv = wasm_u8x16_splat(t);
  const auto mask_of = [tv](const std::uint8_t *p) noexcept -> std::uint64_t {
    return wasm_i8x16_bitmask(wasm_u8x16_gt(wasm_v128_load(p), tv));
  };
  const auto store8 = [](std::uint32_t *dst, const std::uint8_t *row, std::uint32_t base) noexcept {
    const v128_t r = wasm_u16x8_extend_low_u8x16(wasm_v128_load64_zero(row));
    const v128_t b = wasm_u32x4_splat(base);
    wasm_v128_store(dst, wasm_i32x4_add(wasm_u32x4_extend_low_u16x8(r), b));
    wasm_v128_store(dst + 4, wasm_i32x4_add(wasm_u32x4_extend_high_u16x8(r), b));
  };
  return select_blocks<16>(in, n, indices, cap, mask_of, store8);
}

// Calls through portable_ops (constant-initialised) keep this table constant-initialised too.
void threshold_u8(const std::uint8_t *in, std::uint8_t *out, std::size_t n, std::uint8_t t) noexcept {
  portable_ops.threshold_u8(in, out, n, t);
}
void clamp_u8(const std::uint8_t *in, std::uint8_t *out, std::size_t n, std::uint8_t lo,
              std::uint8_t hi) noexcept {
  portable_ops.clamp_u8(in, out, n, lo, hi);
}
void clamp_i32(const std::int32_t *in, std::int32_t *out, std::size_t n, std::int32_t lo,
               std::int32_t hi) noexcept {
  portable_ops.clamp_i32(in, out, n, lo, hi);
}
void clamp_f32(const float *in, float *out, std::size_t n, float lo, float hi) noexcept {
  portable_ops.clamp_f32(in, out, n, lo, hi);
}

}  // namespace

const ops simd128_ops = {threshold_u8, clamp_u8, clamp_i32, clamp_f32, select_above_u8};

}  // namespace filter
}  // namespace detail
}  // namespace ek
#endif
