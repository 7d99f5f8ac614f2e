// edgekernels — crop rectangles: centre, aspect ratio, and smart crop (attention / entropy).
//
// crop() is a view (no copy, the parent's stride); crop_centre/crop_aspect are arithmetic.
// Pure kernels: no codec, no global state; smartcrop's scratch comes from the caller's
// allocator and is freed before it returns.
//
// Smart crop. The image is split into s x s blocks, s = ceil(longer side / 256) (1 for images
// up to 256 px), so the block grid is at most 256 x 256; the last row/column of blocks may be
// narrower. Windows are searched exhaustively over every block position, the window being
// round(cw / s) x round(ch / s) blocks (at least 1, at most the grid); the winner is mapped
// back to full resolution with the same centre, clamped inside the image, exactly cw x ch
// (after clamping cw, ch to the image). A window central on the grid on an axis (off by at most
// half a block) gives exactly crop_centre's coordinate on that axis. Ties (equal scores) go to
// the window nearest the grid's centre, then to the first in row-major order: a flat image
// gives crop_centre's rectangle. Deterministic: scores are integers or quantised.
//
// ATTENTION (as libvips' interesting=attention and smartcrop.js, but measures of our own):
//   block score = coverage * alpha * (edge + detail + skin + saturation), where
//   - edge: |8-neighbour Laplacian| / 255 of the mean luminance (BT.601) on a coarse grid of
//     about 48 cells along the longer side (blocks averaged k x k): structure the size of eyes
//     and mouths rather than hair or leaves. Each neighbour difference is weighted by the smaller
//     mean alpha of the two cells, so alpha edges and transparent pixels' colours count nothing.
//   - detail (weight 0.25): g / (g + 24), g = mean |dx| + |dy| at full resolution in the block,
//     averaged over the colour channels (gray: the one), minus 1 (smooth shading); each
//     difference weighted by the smaller alpha of its two pixels: texture finer than a block
//     survives the grid.
//   - skin (weight 1.5, 3/4 channels): 1 - d / 0.2 when the distance d between the block's mean
//     colour and smartcrop.js' skin colour (0.78, 0.57, 0.44), both normalised to unit length,
//     is below 0.2 and its luminance is in [0.2, 1].
//   - saturation (weight 0.1, 3/4 channels): (S - 0.4) / 0.6 for HSV saturation S > 0.4 when
//     luminance is in [0.05, 0.9].
//   coverage is the block's share of a full s x s block, alpha its mean alpha (1 without alpha);
//   gray images score edges and detail only. Scores are integers (units of 1/1024).
//   A window's score is sum over its blocks of score * (1 - u^2/2 - v^2/2), u, v the block's
//   offset from the window centre over the half width / half height: weight 1 at the centre,
//   1/2 at the middle of an edge, ~0 in the corners, so the interesting part ends up centred
//   (smartcrop.js weights by importance the same way). Five 64-bit summed-area tables (sum of
//   s, s x, s x^2, s y, s y^2) make every candidate O(1), exact in integers.
// ENTROPY (as libvips' interesting=entropy, but exhaustive rather than its greedy slicing):
//   the window maximising H * opaque / all, H the Shannon entropy (bits) of the 16-bin histogram
//   of the luminance of its opaque pixels (alpha >= 128), at full resolution, counted per
//   block; 17 summed-area tables of 32-bit counts (16 bins + transparent) make each candidate
//   17 lookups and 16 logarithms. A smooth gradient that crosses histogram bins is
//   information to this measure (as to libvips'): it may trade part of an object for it.
// CENTRE: crop_centre.
//
// Cost: one pass over the pixels (attention: per byte, two absolute differences and two sums
// in vectorisable loops; entropy: a BT.601 luminance and a histogram increment per pixel), then
// O(grid cells) for the tables and O(candidate windows) <= 2^16 for the search: 4928x3279 RGB
// in about 14 ms (attention) and 23 ms (entropy) on one core (bench_crop). Scratch: attention
// 8 bytes per byte of a row + about 4 MB at most (5 float maps and 5 64-bit tables of
// 256 x 256); entropy 3 bytes per byte of a row + about 4.5 MB at most (17 32-bit tables of
// 257 x 257).
#ifndef EDGEKERNELS_IMAGE_CROP_HPP
#define EDGEKERNELS_IMAGE_CROP_HPP

#include "edgekernels/image/image.hpp"

namespace ek {

// The view of `r` inside `in`, sharing its pixels and stride. EK_ERR_NULL: out or in.data null;
// EK_ERR_ARG: in invalid, r empty, or not inside (x + width > in.width, compared in 64 bits).
// On error *out is an empty view.
ek_status crop(image_view in, rect r, image_view *out) noexcept;

// The centred cw x ch rectangle (each clamped to the image's size); the origin is
// floor((size - crop) / 2).
rect crop_centre(std::uint32_t width, std::uint32_t height, std::uint32_t cw,
                 std::uint32_t ch) noexcept;
// The largest centred rectangle with aspect ratio aw:ah. The side that is too long is cut to
// round-half-up(other side * ratio), at least 1: width = floor((height * aw + ah / 2) / ah)
// when width * ah >= height * aw, else height = floor((width * ah + aw / 2) / aw); 64-bit
// products, never wrapping. Centred as crop_centre. aw or ah 0: the whole image; an empty image:
// {0, 0, 0, 0}.
rect crop_aspect(std::uint32_t width, std::uint32_t height, std::uint32_t aw,
                 std::uint32_t ah) noexcept;

// The cw x ch window (clamped to the image) that `mode` scores highest (see above). Scratch from
// `a`. EK_ERR_NULL: out or in.data null, or an allocator with alloc or free null; EK_ERR_ARG:
// in invalid, cw or ch 0, unknown mode; EK_ERR_NOMEM (nothing leaked). *out is {0,0,0,0} on
// error.
ek_status smartcrop(image_view in, std::uint32_t cw, std::uint32_t ch, crop_mode mode, rect *out,
                    const ek_allocator *a = nullptr) noexcept;

}  // namespace ek

#endif
