// Portable filter kernels: plain C++, always built, the reference the SIMD variants must match
// bit for bit, and what wasm32 and AArch64 run. Written as simple countable loops with
// branch-free bodies so that GCC and Clang vectorise them at -O2/-O3 (SSE2 on baseline
// x86-64, NEON on AArch64, simd128 under -msimd128).
#include <cstddef>
#include <cstdint>

#include "filter/kernels.hpp"

namespace ek {
namespace detail {
namespace filter {
namespace {

// In place and out-of-place get separate loops: with `out == in` allowed the compiler cannot
// assume no aliasing, and its runtime overlap check would send the in-place case to the
// scalar fallback. Each loop below is free of aliasing: one pointer, or two that the contract
// says do not overlap.
template <class T, class F>
inline void map(const T *in, T *out, std::size_t n, F f) noexcept {
  if (in == out) {
    for (std::size_t i = 0; i < n; ++i) out[i] = f(out[i]);
  } else {
    const T *__restrict src = in;
    T *__restrict dst = out;
    for (std::size_t i = 0; i < n; ++i) dst[i] = f(src[i]);
  }
}

void threshold_u8(const std::uint8_t *in, std::uint8_t *out, std::size_t n,
                  std::uint8_t t) noexcept {
  map(in, out, n, [t](std::uint8_t v) { return static_cast<std::uint8_t>(v > t ? v : 0); });
}

void clamp_u8(const std::uint8_t *in, std::uint8_t *out, std::size_t n, std::uint8_t lo,
              std::uint8_t hi) noexcept {
  // max then min, in that order, so lo > hi gives hi (the documented result).
  map(in, out, n, [lo, hi](std::uint8_t v) {
    const std::uint8_t y = v < lo ? lo : v;
    return hi < y ? hi : y;
  });
}

void clamp_i32(const std::int32_t *in, std::int32_t *out, std::size_t n, std::int32_t lo,
               std::int32_t hi) noexcept {
  map(in, out, n, [lo, hi](std::int32_t v) {
    const std::int32_t y = v < lo ? lo : v;
    return hi < y ? hi : y;
  });
}

void clamp_f32(const float *in, float *out, std::size_t n, float lo, float hi) noexcept {
  // Exactly the operand order of x86 MAXPS(lo, v) / MINPS(hi, y): a comparison with a NaN is
  // false, so a NaN element falls through both selects and stays itself, and a value equal to
  // a bound (-0.0 vs +0.0) is kept. Both compares always run, which lets the vectoriser
  // if-convert without introducing a comparison the scalar code did not do.
  map(in, out, n, [lo, hi](float v) {
    const float y = v < lo ? lo : v;
    return hi < y ? hi : y;
  });
}

std::size_t select_above_u8(const std::uint8_t *in, std::size_t n, std::uint8_t t,
                            std::uint32_t *indices, std::size_t cap) noexcept {
  std::size_t c = 0, i = 0;
  // Store unconditionally and advance the cursor by the comparison result: no data-dependent
  // branch. A store lands at indices[c] with c < cap, so whole blocks run unchecked while the
  // block fits in what is left of cap.
  constexpr std::size_t block = 64;
  while (i < n && c < cap) {
    const std::size_t len = n - i < block ? n - i : block;
    if (cap - c >= len) {
      for (std::size_t k = 0; k < len; ++k) {
        indices[c] = static_cast<std::uint32_t>(i + k);
        c += in[i + k] > t;
      }
    } else {
      for (std::size_t k = 0; k < len; ++k) {
        if (in[i + k] > t) {
          if (c < cap) indices[c] = static_cast<std::uint32_t>(i + k);
          ++c;
        }
      }
    }
    i += len;
  }
  // Output full: only count, which vectorises as a sum.
  for (; i < n; ++i) c += in[i] > t;
  return c;
}

}  // namespace

const ops portable_ops = {threshold_u8, clamp_u8, clamp_i32, clamp_f32, select_above_u8};

namespace {
constexpr select_table make_select_lut() noexcept {
  select_table r{};
  for (unsigned m = 0; m < 256; ++m) {
    unsigned k = 0;
    for (unsigned b = 0; b < 8; ++b)
      if (m & (1u << b)) r.idx[m][k++] = static_cast<std::uint8_t>(b);
  }
  return r;
}
}  // namespace

// Built at compile time; external linkage comes from the extern declaration in kernels.hpp.
alignas(64) constexpr select_table select_lut = make_select_lut();

}  // namespace filter
}  // namespace detail
}  // namespace ek
