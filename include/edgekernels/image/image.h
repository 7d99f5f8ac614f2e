/* edgekernels — image pipeline: decode, resize, crop, encode, and the one-call transform
 * (C ABI, included by edgekernels.h; the C++ API is in edgekernels/image/{image,decode,resize,
 * crop,encode,transform}.hpp, which this layer validates and calls).
 *
 * Pixels are 8 bits per channel, interleaved, 1 (gray), 2 (gray+alpha), 3 (RGB) or 4 (RGBA)
 * channels, rows top to bottom. An ek_image is an opaque handle that owns its pixels;
 * ek_image_free releases it. Encoded bytes returned by the library are released with ek_free.
 *
 * The pure kernels (resize, crop, smart crop) are always built. Decoding and encoding need the
 * codecs the library was built with (CMake EK_WITH_IMAGE: stb for JPEG/PNG/BMP/GIF in and
 * JPEG/PNG out, EK_WITH_WEBP: libwebp, EK_WITH_AVIF: libavif); ek_image_codecs() says which.
 * Everything else is EK_ERR_UNSUPPORTED.
 *
 * Every call is reentrant; handles are not shared between threads without the caller's lock.
 * Bad input never crashes: sizes are checked against ek_image_limits before anything is
 * allocated, truncated or corrupt files are EK_ERR_FORMAT, and a failed allocation is
 * EK_ERR_NOMEM with nothing leaked.
 */
#ifndef EDGEKERNELS_IMAGE_IMAGE_H
#define EDGEKERNELS_IMAGE_IMAGE_H

#include "../types.h"
#include "probe.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Resampling filters. Support (radius, in source pixels when enlarging; scaled by the shrink
 * factor when reducing, so that every source pixel contributes: antialiasing as in Pillow). */
typedef enum ek_filter {
  EK_FILTER_NEAREST = 0,  /* Pillow's NEAREST: exactly the same pixels */
  EK_FILTER_BOX = 1,      /* support 0.5 */
  EK_FILTER_BILINEAR = 2, /* triangle, support 1 */
  EK_FILTER_BICUBIC = 3,  /* Catmull-Rom cubic (a = -0.5), support 2, as Pillow's BICUBIC */
  EK_FILTER_MITCHELL = 4, /* Mitchell-Netravali B = C = 1/3, support 2 */
  EK_FILTER_LANCZOS3 = 5  /* sinc(x) sinc(x/3), support 3 */
} ek_filter;

/* How a target box W x H is reached when both are given (one of them alone keeps the aspect
 * ratio whatever the mode). */
typedef enum ek_fit {
  EK_FIT_CONTAIN = 0, /* keep the aspect ratio, fit inside W x H: one side may be smaller */
  EK_FIT_COVER = 1,   /* keep the aspect ratio, cover W x H, then crop to exactly W x H
                         (centre, or the smart crop's choice) */
  EK_FIT_FILL = 2,    /* keep the aspect ratio, fit inside W x H, then pad to exactly W x H with
                         the background colour (letterbox) */
  EK_FIT_EXACT = 3    /* exactly W x H: the aspect ratio is not kept, nothing is cropped */
} ek_fit;

typedef enum ek_crop_mode {
  EK_CROP_CENTRE = 0,
  EK_CROP_ATTENTION = 1, /* skin tones, saturation and edges, weighted to the centre */
  EK_CROP_ENTROPY = 2    /* the window with the most information (histogram entropy) */
} ek_crop_mode;

typedef struct ek_rect {
  uint32_t x, y, width, height;
} ek_rect;

typedef struct ek_image ek_image;

/* Width, height, channels, stride (bytes between rows) and a pointer to the first pixel. The
 * pointer stays valid until the image is freed. */
typedef struct ek_image_desc {
  uint32_t width, height, channels;
  size_t stride;
  uint8_t *pixels;
} ek_image_desc;

/* Bit set of EK_IMAGE_* formats this build decodes / encodes. */
EK_API unsigned ek_image_decoders(void);
EK_API unsigned ek_image_encoders(void);

/* ---- creation and access ---- */
/* A new image of width x height x channels, pixels zeroed. EK_ERR_ARG for a zero size or
 * channels outside 1..4, EK_ERR_OVERFLOW when the byte size does not fit size_t. */
EK_API ek_status ek_image_new(uint32_t width, uint32_t height, uint32_t channels,
                              const ek_allocator *alloc, ek_image **out);
EK_API ek_status ek_image_describe(const ek_image *image, ek_image_desc *out);
EK_API void ek_image_free(ek_image *image); /* NULL is a no-op */

/* ---- decode ---- */
typedef struct ek_decode_options {
  ek_image_limits limits;     /* [ek_image_limits_init] */
  uint32_t channels;          /* 0: as stored; 1..4: converted to that many [0] */
  int apply_orientation;      /* rotate/flip by the EXIF orientation [1] */
  /* Shrink-on-load hint: the decoder may return a smaller image (JPEG DCT scaling, libwebp
   * scaled decoding) as long as it is at least this large; 0 = full size. [0, 0] */
  uint32_t min_width, min_height;
} ek_decode_options;

EK_API ek_status ek_decode_options_init(ek_decode_options *options);
/* options NULL: the defaults. info (may be NULL) receives what the header said (before the
 * orientation and any shrink-on-load). */
EK_API ek_status ek_image_decode(const void *data, size_t len, const ek_decode_options *options,
                                 const ek_allocator *alloc, ek_image **out, ek_image_info *info);

/* ---- resize ---- */
typedef struct ek_resize_options {
  ek_filter filter; /* [EK_FILTER_LANCZOS3] */
  int linear;       /* resample in linear light (sRGB decoded first, encoded after) [0] */
} ek_resize_options;

EK_API ek_status ek_resize_options_init(ek_resize_options *options);
/* A new image of width x height with the same channels. 2- and 4-channel images are filtered
 * with premultiplied alpha. */
EK_API ek_status ek_image_resize(const ek_image *image, uint32_t width, uint32_t height,
                                 const ek_resize_options *options, const ek_allocator *alloc,
                                 ek_image **out);

/* ---- crop ---- */
/* A new image holding `rect`, which must lie inside the image (EK_ERR_ARG otherwise). */
EK_API ek_status ek_image_crop(const ek_image *image, ek_rect rect, const ek_allocator *alloc,
                               ek_image **out);
/* The width x height window (at most the image's size) that `mode` finds most interesting. */
EK_API ek_status ek_image_smartcrop(const ek_image *image, uint32_t width, uint32_t height,
                                    ek_crop_mode mode, ek_rect *out);

/* ---- encode ---- */
typedef struct ek_encode_options {
  ek_image_format format; /* EK_IMAGE_JPEG, _PNG, _WEBP or _AVIF [EK_IMAGE_JPEG] */
  int quality;            /* 1..100; 0 = the format's default (JPEG 82, WebP 80, AVIF 60) [0] */
  int lossless;           /* WebP lossless [0] */
  int speed;              /* AVIF encoder speed 0 (slowest) .. 10 (fastest) [8] */
} ek_encode_options;

EK_API ek_status ek_encode_options_init(ek_encode_options *options);
/* *out is allocated with `alloc` (malloc when NULL; release with ek_free then). JPEG has no
 * alpha: 2/4 channels are composited over white. */
EK_API ek_status ek_image_encode(const ek_image *image, const ek_encode_options *options,
                                 const ek_allocator *alloc, uint8_t **out, size_t *out_len);

/* ---- all in one ---- */
typedef struct ek_transform_options {
  ek_decode_options decode;  /* limits, orientation [ek_decode_options_init] */
  uint32_t width, height;    /* 0 = unconstrained; both 0 = keep the size [0, 0] */
  ek_fit fit;                /* [EK_FIT_CONTAIN] */
  ek_resize_options resize;  /* [ek_resize_options_init] */
  ek_crop_mode crop;         /* where EK_FIT_COVER crops [EK_CROP_CENTRE] */
  uint8_t background[4];     /* EK_FIT_FILL padding, RGBA [255, 255, 255, 0] */
  ek_encode_options encode;  /* format 0 = EK_IMAGE_UNKNOWN: PNG if the input has alpha and
                                is PNG/WebP/AVIF/GIF, else JPEG [ek_encode_options_init, then
                                format 0] */
  int shrink_on_load;        /* let the decoder shrink (JPEG DCT scaling, libwebp scaled
                                decoding) to no less than twice the resize target: much faster,
                                and a few levels from a full decode (raccoon.jpg to 200 wide:
                                max 4, PSNR 52 dB); 0 for results exactly as decode + resize [1] */
} ek_transform_options;

typedef struct ek_transform_result {
  ek_image_info input;       /* the header of the input */
  uint32_t width, height;    /* of the output */
  ek_image_format format;    /* of the output */
  ek_rect crop;              /* EK_FIT_COVER: the window kept of the resized image; EK_FIT_FILL:
                                where the resized image sits on the canvas; else the output */
} ek_transform_result;

EK_API ek_status ek_transform_options_init(ek_transform_options *options);
/* decode -> orient -> resize (fit) -> crop -> encode. *out is released with ek_free. result may
 * be NULL. */
EK_API ek_status ek_image_transform(const void *data, size_t len,
                                    const ek_transform_options *options, uint8_t **out,
                                    size_t *out_len, ek_transform_result *result);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* EDGEKERNELS_IMAGE_IMAGE_H */
