// edgekernels — image encoding: JPEG (libjpeg-turbo or stb_image_write), PNG (stb_image_write),
// WebP (libwebp), AVIF (libavif).
//
// encode() writes one still image of 1..4 channels (gray, gray+alpha, RGB, RGBA; any stride) in
// the chosen format into a buffer it allocates with `a` (nullptr: plain malloc, so the C layer
// releases it with ek_free / free(); otherwise detail::free_bytes(a, *out)). Nothing else is
// returned; on any failure *out is nullptr, *out_len 0 and nothing is leaked.
//
// Formats:
// - JPEG: baseline, quality on the IJG scale (libjpeg's tables and scaling; default 82), chroma
//   4:2:0 at quality <= 90 and 4:4:4 above, standard Huffman tables. Written by libjpeg-turbo
//   when built with EK_WITH_LIBJPEG (about 6x faster; gray input as a one-component JPEG), else
//   by stb_image_write (gray as colour with neutral chroma: stb writes 3 components only).
//   JPEG has no alpha: 2/4-channel input is composited over white with straight (not
//   premultiplied) alpha. Limits (both backends): width, height <= 65500 (libjpeg's maximum)
//   and width * height * (1 or 3) < 2^31 (stb's int indexing).
// - PNG: lossless, 8-bit gray/gray+alpha/RGB/RGBA as given; stb's per-row filter choice, deflated
//   by libdeflate at level 6 (stb's own deflate is slower, larger, and unsafe when realloc
//   fails). quality/lossless/speed are ignored. Limit:
//   (width * channels + 1) * height <= 768 MiB (stb's int-sized buffers).
// - WebP (EK_WITH_WEBP): lossy with `quality` (default 80, libwebp method 4, alpha coded
//   losslessly), or `lossless` with `quality` as the effort (default 80) — then every byte comes
//   back, including the colour under fully transparent pixels (libwebp's `exact`). Gray input is
//   expanded to RGB(A) first (libwebp imports only RGB/RGBA). Limit: width, height <= 16383.
// - AVIF (EK_WITH_AVIF and an AV1 encoder in libavif, e.g. aom): 8-bit, full range, BT.601
//   matrix, sRGB transfer, BT.709 primaries; colour 4:2:0, gray as AV1 monochrome (4:0:0);
//   alpha coded losslessly. quality (default 60) maps to the AV1 quantizer as libavif 1.x maps
//   its `quality`: q = ((100 - quality) * 63 + 50) / 100, so 100 -> 0 (lossless), 60 -> 25,
//   1 -> 62; min = max quantizer. speed 0 (slowest, smallest) .. 10 (fastest), default 8;
//   one thread. Limits: width, height <= 65536, stride < 2^32. libavif allocates its own
//   working memory (and, in 0.11, aborts when malloc fails); the result is copied into `a`.
//
// Status: EK_ERR_NULL for a null out/out_len/pixel pointer or a half-set allocator;
// EK_ERR_ARG for an invalid view (see image_view::valid), quality outside 0..100, speed outside
// 0..10 or an unknown format; EK_ERR_UNSUPPORTED for a format not built in (or AVIF without an
// AV1 encoder); EK_ERR_LIMIT for sizes beyond the format's limits (checked before any pixel is
// read or anything allocated); EK_ERR_NOMEM when an allocation fails.
//
// Working memory beyond the output: JPEG with libjpeg-turbo one composited row (plus libjpeg's
// own, malloc), with stb a contiguous RGB/gray copy when the input has alpha or padded rows;
// WebP an RGB(A) copy for gray input, plus libwebp's picture; PNG stb's filtered copy and
// libdeflate's compressor and output (malloc; every failure is EK_ERR_NOMEM); AVIF libavif's YUV
// planes and encoder state.
//
// Reentrant: no global state is written (stb's PNG tuning globals are left at their defaults).
#ifndef EDGEKERNELS_IMAGE_ENCODE_HPP
#define EDGEKERNELS_IMAGE_ENCODE_HPP

#include "edgekernels/image/image.hpp"

namespace ek {

struct encode_options {
  image_format format = EK_IMAGE_JPEG;
  int quality = 0;  // 1..100, 0 = the format's default (JPEG 82, WebP 80, AVIF 60)
  bool lossless = false;  // WebP only
  int speed = 8;    // AVIF 0..10
};

// Bit set of the EK_IMAGE_* formats encode() can write in this build (AVIF only when libavif
// has an AV1 encoder).
unsigned image_encoders() noexcept;

// *out is allocated from `a` (detail::free_bytes(a, *out) releases it; with a == nullptr it is
// malloc memory).
ek_status encode(image_view in, const encode_options &options, std::uint8_t **out,
                 std::size_t *out_len, const ek_allocator *a = nullptr) noexcept;

}  // namespace ek

#endif
