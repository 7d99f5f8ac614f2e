/* edgekernels — image probe: format, size, channels and EXIF orientation from a file's header,
 * without decoding pixels (C ABI, included by edgekernels.h; the C++ API is ek::probe in
 * edgekernels/image/probe.hpp, which this layer validates and calls).
 *
 * Pure and allocation-free: no I/O, no global state, safe to call concurrently. It reads only
 * the first bytes it needs (headers; the chunk/box/marker walk up to the image data) and never
 * past `len`: every length field in the file is distrusted, sizes are computed in 64 bits and
 * every walk is bounded by the buffer, so truncated, corrupt or hostile input is EK_ERR_FORMAT,
 * never an out-of-bounds read. Checksums (PNG CRCs) are not verified: a decoder does that.
 *
 * Channels are those of the decoded image: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA.
 *   JPEG  SOF0..SOF15 (not DHT C4, JPG C8, DAC CC): 1 component -> 1, 3 or 4 (CMYK) -> 3, else
 *         EK_ERR_FORMAT; height 0 (defined later by a DNL marker) is EK_ERR_FORMAT. Orientation
 *         from an APP1 "Exif\0\0" segment before the SOF (IFD0 tag 0x0112, II or MM).
 *   PNG   IHDR (colour type/bit depth combinations checked); gray 1, gray+alpha 2, RGB 3,
 *         RGBA 4, palette 3; a tRNS chunk before the first IDAT adds alpha (gray -> 2, RGB and
 *         palette -> 4). The chunk walk must reach the first IDAT's chunk header (its data is not
 *         needed), otherwise EK_ERR_FORMAT. Orientation from an eXIf chunk before IDAT.
 *   GIF   GIF87a/GIF89a logical screen size; 4 if a graphic control extension with the
 *         transparency flag precedes the first image descriptor, else 3. The walk must reach the
 *         first image descriptor. Orientation 1.
 *   BMP   BITMAPCOREHEADER (12) and BITMAPINFOHEADER (40) and later (52, 56, 64, 108, 124);
 *         negative height = top-down (the absolute value is reported); 4 channels when 32 bits
 *         per pixel with BI_BITFIELDS/BI_ALPHABITFIELDS and a non-zero alpha mask, else 3
 *         (palettes included; 32-bit BI_RGB has no alpha, as in Pillow and Windows). Embedded
 *         JPEG/PNG (compression 4/5) is EK_ERR_UNSUPPORTED. Orientation 1.
 *   WebP  RIFF/WEBP with VP8 (key frame, 14-bit sizes; 3 channels), VP8L (14-bit sizes, alpha
 *         hint -> 4 else 3) or VP8X (24-bit canvas, alpha flag -> 4 else 3). Orientation from
 *         the EXIF chunk when VP8X says there is one and it lies within `len` (it usually
 *         follows the image data: a prefix that stops earlier reports 1).
 *   AVIF  ISOBMFF: ftyp with major or compatible brand avif/avis, then meta: the primary item
 *         (pitm) and its properties (ipma -> ipco): ispe (required) gives the size; pixi's
 *         channel count, else av1C's monochrome flag, gives 1 or 3; any alpha auxiliary property
 *         (auxC "urn:mpeg:mpegB:cicp:systems:auxiliary:alpha" or the HEVC
 *         "urn:mpeg:hevc:2015:auxid:1") adds alpha (1 -> 2, 3 -> 4). irot (anticlockwise
 *         quarter turns) then imir, applied in that order as MIAF says, map to the EXIF
 *         orientation that displays the same way. imir's bit is read as HEIF Amendment 2's
 *         `mode` (0: flip top-to-bottom, 1: flip left-to-right), as libavif >= 1.0 writes and
 *         reads it (files from older writers that meant the inverted `axis` differ):
 *         irot 0/1/2/3 -> 1/8/3/6; with imir mode 0 -> 4/5/2/7, mode 1 -> 2/7/4/5.
 * A corrupt or out-of-range EXIF orientation is ignored (1): metadata never makes a decodable
 * image unprobeable. Width or height 0 is EK_ERR_FORMAT; then the limits (EK_ERR_LIMIT).
 */
#ifndef EDGEKERNELS_IMAGE_PROBE_H
#define EDGEKERNELS_IMAGE_PROBE_H

#include "../types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* JPEG..AVIF share their values with ek_negotiate_format. */
typedef enum ek_image_format {
  EK_IMAGE_UNKNOWN = 0,
  EK_IMAGE_JPEG = 1,
  EK_IMAGE_PNG = 2,
  EK_IMAGE_WEBP = 4,
  EK_IMAGE_AVIF = 8,
  EK_IMAGE_GIF = 16,
  EK_IMAGE_BMP = 32
} ek_image_format;

typedef struct ek_image_info {
  ek_image_format format;
  uint32_t width;       /* pixels, >= 1, as stored (before the orientation is applied) */
  uint32_t height;
  uint32_t channels;    /* 1..4 */
  uint32_t orientation; /* EXIF 1..8; 1 when absent */
} ek_image_info;

/* Fill with ek_image_limits_init, then change fields. [defaults] */
typedef struct ek_image_limits {
  uint32_t max_width;   /* [16777216] */
  uint32_t max_height;  /* [16777216] */
  uint64_t max_pixels;  /* width * height [100000000] */
  uint64_t max_input_bytes; /* encoded input length, checked by decode and transform (probe
                             * reads a header only) [268435456 = 256 MiB] */
} ek_image_limits;

EK_API ek_status ek_image_limits_init(ek_image_limits *limits);
/* data may be NULL only with len 0 (then EK_ERR_FORMAT); out NULL: EK_ERR_NULL; limits NULL:
 * the defaults. EK_ERR_FORMAT for unknown/truncated/corrupt input, EK_ERR_LIMIT when a limit is
 * exceeded, EK_ERR_UNSUPPORTED for a known container holding what no decoder here reads.
 * *out is written only on EK_OK. */
EK_API ek_status ek_probe(const void *data, size_t len, const ek_image_limits *limits,
                          ek_image_info *out);
/* "jpeg", "png", "webp", "avif", "gif", "bmp"; NULL for anything else. */
EK_API const char *ek_image_format_name(int format);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* EDGEKERNELS_IMAGE_PROBE_H */
