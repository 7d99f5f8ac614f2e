// Internal: the resize kernel table and every variant built into this library, so that the
// dispatcher (resize.cpp) and the tests see the same list.
//
// Data layout shared by all variants: a row of `w` pixels is held as floats in P lanes per pixel
// (P = 1, 2, 4; RGB is padded to 4 with a zero lane), so the horizontal pass can treat every
// pixel the same. All weights are integers (a normalised weight times 2^bits, rounded like
// Pillow), all pixels integers 0..255, and the tables are built so that every partial sum stays
// below 2^24 in magnitude: every product and sum is exact in float32, whatever the order or
// vector width, so all variants give the same bytes. (Tables of more than 8192 taps, where that
// would leave too few weight bits, bypass these kernels: resize.cpp sums them in int64.)
#ifndef EK_IMAGE_RESIZE_VARIANTS_HPP
#define EK_IMAGE_RESIZE_VARIANTS_HPP

#include <cstddef>
#include <cstdint>

#include "internal/dispatch.hpp"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#  define EK_RESIZE_X86 1
#endif
#if defined(__wasm_simd128__)  // the SIMD128 module; the baseline one keeps portable only
#  define EK_RESIZE_WASM_SIMD128 1
#endif

namespace ek {
namespace resize_impl {

// How a pass turns an accumulated sum into its stored value: with `round`, floor(clamp(acc +
// half, 0, top) * inv), i.e. Pillow's (acc + 2^(b-1)) >> b clipped to 0..255; without, the raw
// sum (linear-light mode, which keeps floats).
struct quant {
  float half, top, inv;
  bool round;
};

// Horizontal taps: output pixel x reads `stride` floats of the source row from src + off[x]
// and multiplies them lane by lane with its weights, zeros after the last tap. For P = 1, 2 the weights are expanded per lane (w + x *
// stride, weight k repeated P times); for P = 4 the table holds one weight per tap (w + x *
// stride / 4), which the kernels broadcast: a 4x smaller table, which stays in L1/L2 while it
// is read once per four rows. stride is a multiple of 16,
// so every vector width divides it. The table is readable 16 floats past its end.
struct htable {
  const float *w;
  const std::uint32_t *off;
  std::uint32_t stride;
  std::uint32_t base;  // src points at float `base` of the row (a column chunk), off[x] >= base
  // The variant's own form of the whole table (kernels::hprep), or nullptr; output x of this
  // (chunk's) table is output x0 + x of it.
  const void *prep;
  std::uint32_t x0;
};

struct kernels {
  // dst[x*P + c] for x < n_out from src (P lanes per pixel, readable up to the last off + stride).
  void (*hpass)(const float *src, const htable &t, std::uint32_t n_out, std::uint32_t P,
                float *dst, const quant &q) noexcept;
  // hpass on four rows with the same table; row r is src + r * src_stride, except for P = 4,
  // where src holds the four rows interleaved as load4 writes them (src_stride unused). The rows
  // are scratch: a variant may overwrite them (wasm converts them to int16 in place; the floats
  // past the last load_row pixel, zero, stay zero). Meanwhile the
  // `bytes` bytes at each of the four `next` addresses (prefetch hints only, never read) are
  // prefetched, spread over the pass, so that the next load_row finds them in cache: the input
  // is read once from memory, and that read otherwise stalls load_row.
  void (*hpass4)(const float *src, std::size_t src_stride, const htable &t, std::uint32_t n_out,
                 std::uint32_t P, float *const *dst, const quant &q, const std::uint8_t *const *next,
                 std::size_t bytes) noexcept;
  // dst[i] = q(sum_k w[k] * rows[k][i]) for i < n rounded up to a multiple of 64 (rows and dst
  // are padded to that).
  void (*vpass)(const float *const *rows, const float *w, std::uint32_t k, std::uint32_t n,
                float *dst, const quant &q) noexcept;
  // C interleaved bytes (w pixels) to P float lanes; 2 and 4 channels premultiplied as Pillow's
  // RGBa/La conversion (round(c * a / 255)). RGB gets a zero fourth lane.
  void (*load_row)(const std::uint8_t *src, std::uint32_t w, std::uint32_t C, float *dst) noexcept;
  // load_row of four rows of C = 3 or 4 channels, interleaved for hpass4: lane c of pixel x of
  // rows[r] at dst[16 x + 4 r + c].
  void (*load4)(const std::uint8_t *const *rows, std::uint32_t w, std::uint32_t C, float *dst) noexcept;
  // Optional (nullptr: none): the table of n_out outputs (P channels, rounding passes only) in a
  // form the variant's hpass4 prefers, written to `out`; with out == nullptr, the bytes needed
  // (0: none). Called once per resize; hpass4 finds it in htable::prep.
  std::size_t (*hprep)(const htable &t, std::uint32_t n_out, std::uint32_t P, void *out) noexcept;
  // Optional (nullptr: none): the first pixels of a rounded row (0..255 integer floats, P lanes
  // per pixel, premultiplied for 2 and 4 channels) to C bytes as resize.cpp's store_row does,
  // `inv` its 255 / a table. Returns the pixels done; resize.cpp does the rest.
  std::uint32_t (*store_row)(const float *src, std::uint32_t w, std::uint32_t C, const float *inv,
                             std::uint8_t *dst) noexcept;
};

extern const kernels portable;
#if defined(EK_RESIZE_X86)
extern const kernels sse42, avx2, avx512;
#endif
#if defined(EK_RESIZE_WASM_SIMD128)
extern const kernels wasm_simd128;
#endif

struct variant_list {
  const detail::variant<const kernels *> *v;
  std::size_t size;
};
// Priority order, portable last; the tests run every entry runnable on this CPU.
variant_list variants() noexcept;

}  // namespace resize_impl

namespace detail {
void resize_reset() noexcept;
const char *resize_path(cpu::kernel k) noexcept;
}  // namespace detail

}  // namespace ek

#endif
