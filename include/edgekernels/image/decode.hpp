// edgekernels — image decoding (stb_image, libwebp, libavif) with limits and EXIF orientation.
//
// decode() contract, in order:
//   1. out == nullptr, or data == nullptr with len > 0: EK_ERR_NULL; options.channels > 4:
//      EK_ERR_ARG.
//   2. len > limits.max_input_bytes: EK_ERR_LIMIT before a byte is read.
//   3. ek::probe with the same limits: format, size, channels, orientation. Unknown, truncated
//      or corrupt headers are EK_ERR_FORMAT; width, height or width*height above the limits
//      EK_ERR_LIMIT — all before any decoder allocates, so a tiny file declaring 100000x100000
//      pixels costs nothing. From here on *info (when given) holds the probed header, whatever
//      the final status.
//   4. The codec (JPEG/PNG/BMP/GIF: stb_image, first GIF frame only; WebP: libwebp; AVIF:
//      libavif). A codec that reads other dimensions than the probe is EK_ERR_FORMAT (checked
//      on its header before it allocates, and again on its result). Corrupt or truncated data
//      is EK_ERR_FORMAT; a WebP/AVIF feature the codec lacks (animation, no AV1 decoder) is
//      EK_ERR_UNSUPPORTED; a format not compiled in is EK_ERR_UNSUPPORTED.
//   5. Channels: the probe's (gray 1, gray+alpha 2, RGB 3, RGBA 4) unless options.channels
//      asks for 1..4. Conversions are Pillow's: gray = (19595 R + 38470 G + 7471 B + 32768)
//      >> 16 (ITU-R 601 luma), alpha dropped or added as 255, gray replicated into RGB.
//   6. Orientation (apply_orientation, the default): the EXIF/irot-imir orientation is applied,
//      so 5..8 swap width and height; the result is displayed upright with orientation 1.
//   7. Shrink-on-load: min_width/min_height describe the returned (oriented) image. A decoder
//      that can scale while decoding returns a smaller image that is still >= both (aspect
//      ratio kept, never larger than the stored size): WebP through libwebp's scaled decoding
//      (the smallest such size, the other side rounded); JPEG when built with EK_WITH_LIBJPEG
//      through libjpeg-turbo's DCT scaling (the smallest M/8, M = 1..8, sides rounded up).
//      The other formats, and JPEG through stb, return the full size (callers resize anyway).
//   JPEG, PNG, GIF and BMP files must be complete (JPEG up to EOI, PNG up to IEND, the first
//   GIF frame's data, every BMP row): stb would otherwise fill a truncated file's missing part
//   and report success. libjpeg-turbo's corrupt-data warnings are EK_ERR_FORMAT too.
// Memory: the result is allocated from `a`, once; WebP/AVIF decode straight into memory from
// `a` (one temporary image when a conversion or orientation follows). The codecs' own
// working memory (stb's output, libwebp/libavif internals) comes from malloc and is bounded by
// the limits. An allocation failure from `a` is EK_ERR_NOMEM; nothing leaks on any path and *out
// is empty on failure. Reentrant: no global state is read or written (stb's flip/flag globals
// are never set), so concurrent calls are safe.
#ifndef EDGEKERNELS_IMAGE_DECODE_HPP
#define EDGEKERNELS_IMAGE_DECODE_HPP

#include "edgekernels/image/image.hpp"

namespace ek {

struct decode_options {
  image_limits limits;
  std::uint32_t channels = 0;  // 0: as stored; 1..4: converted
  bool apply_orientation = true;
  std::uint32_t min_width = 0, min_height = 0;  // shrink-on-load hint (0 = full size)
};

// Bit sets of EK_IMAGE_* formats compiled in.
unsigned image_decoders() noexcept;

// Decodes into *out (allocated from `a`). info (may be nullptr) gets the probed header.
ek_status decode(const void *data, std::size_t len, const decode_options &options, image *out,
                 image_info *info = nullptr, const ek_allocator *a = nullptr) noexcept;

// Rotates/flips `in` by EXIF orientation 1..8 into *out (allocated from `a`):
//   1 as is, 2 mirror left-right, 3 rotate 180, 4 mirror top-bottom, 5 transpose (mirror about
//   the main diagonal), 6 rotate 90 clockwise, 7 transverse (mirror about the anti-diagonal),
//   8 rotate 270 clockwise. 5..8 swap width and height. Same as Pillow's ImageOps.exif_transpose.
// EK_ERR_NULL (out), EK_ERR_ARG (invalid view, orientation outside 1..8), EK_ERR_NOMEM.
// `in` may have any stride; *out is tightly packed. *out must not own in's pixels.
ek_status orient(image_view in, std::uint32_t orientation, image *out,
                 const ek_allocator *a = nullptr) noexcept;

// orient() and a channel conversion (channels 1..4; 0 keeps in.channels) in one pass, with
// decode()'s conversion rules.
ek_status orient_convert(image_view in, std::uint32_t orientation, std::uint32_t channels,
                         image *out, const ek_allocator *a = nullptr) noexcept;

}  // namespace ek

#endif
