// edgekernels — image resize: separable convolution, Pillow's filters and geometry.
//
// Semantics are Pillow 9.4's Image.resize (no box, no reducing_gap):
// - Same size: a copy. NEAREST: Pillow's affine scale, source coordinate accumulated in double
//   (x0 = s/2, x += s, index = (int)x with s = in/out), so the pixels are exactly Pillow's.
// - Other filters (ek_filter in image.h): per axis, scale = in/out, support = filter support *
//   max(scale, 1) (antialiasing when shrinking), taps [int(c - support + 0.5), int(c + support +
//   0.5)) clipped to the image around c = (i + 0.5) * scale, weights f((j - c + 0.5) / max(scale,
//   1)) normalised to sum 1. Mitchell (B = C = 1/3) is not in Pillow; same machinery. An axis
//   whose size does not change is not filtered. Horizontal pass first, rounded and clamped to
//   8 bits, then the vertical pass, as Pillow.
// - 2 and 4 channels are filtered premultiplied (Pillow's LA/RGBA -> La/RGBa: round(c * a /
//   255)) and divided back as Pillow does ((255 * c) / a truncated; a = 0 or 255 copied).
// - linear = true: sRGB decoded to linear light (float), premultiplied there, filtered with the
//   same weights in float with no 8-bit intermediate, then re-encoded; alpha stays linear.
//   Always the portable path. NEAREST and same-size copies ignore it.
// Arithmetic: each table's weights are integers (w * 2^b, b <= 16, quantised so the running sum
// rounds like the exact one), b chosen so that every partial sum of 8-bit pixels stays below
// 2^24: float32 sums are then exact integers in any order, and the portable, SSE4.2, AVX2 and
// AVX-512 paths (ek::cpu::kernel::resize) give identical bytes. Tables of more than 8192 taps
// (shrinks past ~1365:1), where float32 would leave too few weight bits, use scalar int64 sums
// with 32-bit weights instead, shared by every path. Against Pillow (tests/
// resize_pillow.py): max per-channel difference 2 (premultiplied for 2/4 channels), PSNR >= 45 dB.
// Memory: one allocation from `a` per call: coefficient tables, four float rows of a column
// chunk of the input (RGB/RGBA) or of the input width, and either a ring of (vertical taps + 3)
// filtered rows of the output width or, for tall shrinks (more than 64 vertical taps), 4
// filtered rows plus one accumulator row per output row in flight (about 2 * support + 2, e.g.
// 8 for Lanczos3); never a whole intermediate image. Vertical tables of more than 8192 taps
// still use the ring.
#ifndef EDGEKERNELS_IMAGE_RESIZE_HPP
#define EDGEKERNELS_IMAGE_RESIZE_HPP

#include "edgekernels/image/image.hpp"

namespace ek {

struct resize_options {
  ek_filter filter = EK_FILTER_LANCZOS3;
  bool linear = false;
};

// Resamples `in` into `out` (its width/height are the target; channels must match).
// EK_ERR_NULL / EK_ERR_ARG for invalid views or channel mismatch; EK_ERR_NOMEM for scratch.
// Scratch memory (coefficient tables, a few rows) comes from `a`.
ek_status resize(image_view in, image_span out, const resize_options &options,
                 const ek_allocator *a = nullptr) noexcept;

}  // namespace ek

#endif
