// Filter kernels: the per-variant function table and the data the variants share.
//
// Included by the per-ISA translation units, so it must declare only types and data, never an
// inline function: an inline function compiled under -mavx512f in one TU and under the baseline
// flags in another is one symbol to the linker, which may keep the AVX-512 copy for everyone.
#ifndef EK_FILTER_KERNELS_HPP
#define EK_FILTER_KERNELS_HPP

#include <cstddef>
#include <cstdint>

namespace ek {
namespace detail {
namespace filter {

// Kernels assume what the front end (filter.cpp) guarantees: n > 0, non-null pointers for
// what they touch (indices may be null only when cap == 0), out == in or no overlap, and
// for select_above_u8 n <= UINT32_MAX.
struct ops {
  void (*threshold_u8)(const std::uint8_t *in, std::uint8_t *out, std::size_t n,
                       std::uint8_t t) noexcept;
  void (*clamp_u8)(const std::uint8_t *in, std::uint8_t *out, std::size_t n, std::uint8_t lo,
                   std::uint8_t hi) noexcept;
  void (*clamp_i32)(const std::int32_t *in, std::int32_t *out, std::size_t n, std::int32_t lo,
                    std::int32_t hi) noexcept;
  void (*clamp_f32)(const float *in, float *out, std::size_t n, float lo, float hi) noexcept;
  std::size_t (*select_above_u8)(const std::uint8_t *in, std::size_t n, std::uint8_t t,
                                 std::uint32_t *indices, std::size_t cap) noexcept;
};

extern const ops portable_ops;
#if defined(__x86_64__) || defined(_M_X64)
extern const ops sse42_ops;
extern const ops avx2_ops;
extern const ops avx512_ops;
#elif defined(__wasm_simd128__)
extern const ops simd128_ops;
#endif

// select_lut[m] lists the positions of the set bits of m in increasing order (unused tail
// bytes are 0); used to turn an 8-lane comparison mask into indices without a loop.
struct select_table {
  std::uint8_t idx[256][8];
};
extern const select_table select_lut;

}  // namespace filter
}  // namespace detail
}  // namespace ek

#endif
