// SSE4.2 filter variant (compiled with -msse4.2; runs only when cpu::sse42 is present).
// Element-wise kernels use xsimd; index selection uses raw intrinsics (movemask, table, widen).
// POPCNT is part of this ISA level (x86-64-v2), so __builtin_popcount is one instruction here.
#include <immintrin.h>

#include "filter/x86_common.hpp"

namespace ek {
namespace detail {
namespace filter {
namespace {

using arch = xsimd::sse4_2;

std::size_t select_above_u8(const std::uint8_t *in, std::size_t n, std::uint8_t t,
                            std::uint32_t *indices, std::size_t cap) noexcept {
  const __m128i tv = _mm_set1_epi8(static_cast<char>(t));
  const auto mask_of = [tv](const std::uint8_t *p) noexcept -> std::uint64_t {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
    const __m128i le = _mm_cmpeq_epi8(_mm_max_epu8(v, tv), tv);  // v <= t, unsigned
    return ~static_cast<unsigned>(_mm_movemask_epi8(le)) & 0xFFFFu;
  };
  const auto store8 = [](std::uint32_t *dst, const std::uint8_t *row, std::uint32_t base) noexcept {
    const __m128i r = _mm_loadl_epi64(reinterpret_cast<const __m128i *>(row));
    const __m128i b = _mm_set1_epi32(static_cast<int>(base));
    _mm_storeu_si128(reinterpret_cast<__m128i *>(dst), _mm_add_epi32(_mm_cvtepu8_epi32(r), b));
    _mm_storeu_si128(reinterpret_cast<__m128i *>(dst + 4),
                     _mm_add_epi32(_mm_cvtepu8_epi32(_mm_srli_si128(r, 4)), b));
  };
  return select_blocks<16>(in, n, indices, cap, mask_of, store8);
}

}  // namespace

using ew = elementwise<arch>;
const ops sse42_ops = {ew::threshold_u8, ew::clamp<std::uint8_t>, ew::clamp<std::int32_t>, ew::clamp<float>,
                       select_above_u8};

}  // namespace filter
}  // namespace detail
}  // namespace ek
