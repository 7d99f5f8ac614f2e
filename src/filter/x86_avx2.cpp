// AVX2 filter variant (compiled with -mavx2 -mbmi2 ...; runs only when cpu::avx2 is present).
// Element-wise kernels use xsimd; index selection uses raw intrinsics (movemask, table, widen).
// POPCNT is part of this ISA level (x86-64-v3), so __builtin_popcount is one instruction here.
#include <immintrin.h>

#include "filter/x86_common.hpp"

namespace ek {
namespace detail {
namespace filter {
namespace {

using arch = xsimd::avx2;

std::size_t select_above_u8(const std::uint8_t *in, std::size_t n, std::uint8_t t,
                            std::uint32_t *indices, std::size_t cap) noexcept {
  const __m256i tv = _mm256_set1_epi8(static_cast<char>(t));
  const auto mask_of = [tv](const std::uint8_t *p) noexcept -> std::uint64_t {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p));
    const __m256i le = _mm256_cmpeq_epi8(_mm256_max_epu8(v, tv), tv);  // v <= t, unsigned
    return ~static_cast<std::uint32_t>(_mm256_movemask_epi8(le));
  };
  const auto store8 = [](std::uint32_t *dst, const std::uint8_t *row, std::uint32_t base) noexcept {
    const __m256i r = _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i *>(row)));
    _mm256_storeu_si256(reinterpret_cast<__m256i *>(dst),
                        _mm256_add_epi32(r, _mm256_set1_epi32(static_cast<int>(base))));
  };
  return select_blocks<32>(in, n, indices, cap, mask_of, store8);
}

}  // namespace

using ew = elementwise<arch>;
const ops avx2_ops = {ew::threshold_u8, ew::clamp<std::uint8_t>, ew::clamp<std::int32_t>, ew::clamp<float>,
                      select_above_u8};

}  // namespace filter
}  // namespace detail
}  // namespace ek
