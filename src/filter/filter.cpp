// Filter family: the variant table, its dispatcher and the public C++ entry points.
#include "edgekernels/filter/filter.hpp"

#include "filter/variants.hpp"

namespace ek {
namespace detail {
namespace filter {
namespace {

constexpr filter_variant table[] = {
#if defined(__x86_64__) || defined(_M_X64)
    {"avx512", cpu::avx512, &avx512_ops},
    {"avx2", cpu::avx2, &avx2_ops},
    {"sse42", cpu::sse42, &sse42_ops},
#elif defined(__wasm_simd128__)
    {"simd128", cpu::wasm_simd128, &simd128_ops},
#endif
    {"portable", 0, &portable_ops},
};

dispatcher<const ops *, sizeof table / sizeof table[0]> g_dispatch{table};

const ops &active() noexcept { return *g_dispatch.get().fn; }

}  // namespace

const filter_variant *variants(std::size_t *count) noexcept {
  *count = sizeof table / sizeof table[0];
  return table;
}

}  // namespace filter

void filter_reset() noexcept { filter::g_dispatch.reset(); }

const char *filter_path(cpu::kernel k) noexcept {
  return k == cpu::kernel::filter ? filter::g_dispatch.get().name : nullptr;
}

}  // namespace detail

void threshold(const std::uint8_t *in, std::uint8_t *out, std::size_t n, std::uint8_t t) noexcept {
  if (n == 0) return;
  detail::filter::active().threshold_u8(in, out, n, t);
}

void clamp(const std::uint8_t *in, std::uint8_t *out, std::size_t n, std::uint8_t lo,
           std::uint8_t hi) noexcept {
  if (n == 0) return;
  detail::filter::active().clamp_u8(in, out, n, lo, hi);
}

void clamp(const std::int32_t *in, std::int32_t *out, std::size_t n, std::int32_t lo,
           std::int32_t hi) noexcept {
  if (n == 0) return;
  detail::filter::active().clamp_i32(in, out, n, lo, hi);
}

void clamp(const float *in, float *out, std::size_t n, float lo, float hi) noexcept {
  if (n == 0) return;
  detail::filter::active().clamp_f32(in, out, n, lo, hi);
}

std::size_t select_above(const std::uint8_t *in, std::size_t n, std::uint8_t t,
                         std::uint32_t *indices, std::size_t cap) noexcept {
#if SIZE_MAX > UINT32_MAX
  if (n > select_above_max_n) return select_above_overflow;
#endif
  if (n == 0) return 0;
  return detail::filter::active().select_above_u8(in, n, t, indices, cap);
}

}  // namespace ek
