// Image encoding: JPEG and PNG through stb_image_write (encode_stb.cpp), WebP through libwebp,
// AVIF through libavif. The contract is documented in
// edgekernels/image/encode.hpp.
#include "edgekernels/image/encode.hpp"

#include <climits>
#include <cstdlib>
#include <cstring>
#include <type_traits>

#include "image/stb_write.hpp"

#if EK_WITH_WEBP
#include <webp/encode.h>
#endif
#if EK_WITH_AVIF
#include <avif/avif.h>
#endif

namespace ek {
namespace detail {
#if EK_WITH_LIBJPEG
// libjpeg-turbo, in encode_jpeg.cpp; sizes already checked.
ek_status jpeg_turbo_encode(image_view in, int quality, const ek_allocator *a,
                            std::uint8_t **out, std::size_t *out_len) noexcept;
#endif
}  // namespace detail

namespace {

// Enumerators, so that a build without WebP/AVIF has no unused constants.
enum fmt_default : int { default_jpeg = 82, default_webp = 80, default_avif = 60 };
// JPEG: libjpeg's JPEG_MAX_DIMENSION, for stb too, so that the contract does not depend on the
// backend.
enum max_side : std::uint32_t {
  max_side_jpeg = 65500,
  max_side_webp = 16383,
  max_side_avif = 65536
};
// stb indexes pixels and sizes its buffers with int: the whole (filtered) image and, for PNG,
// twice the worst-case deflate output (9 bits a byte, the capacity its buffer doubles to) must
// stay below INT_MAX.
constexpr std::uint64_t kJpegMaxBytes = INT_MAX;
constexpr std::uint64_t kPngMaxBytes = std::uint64_t(768) << 20;

// The encoded bytes: grown by doubling through the caller's allocator. A failed grow latches
// `failed`; later appends are dropped and the call reports EK_ERR_NOMEM.
struct out_buffer {
  const ek_allocator *a = nullptr;
  std::uint8_t *p = nullptr;
  std::size_t n = 0, cap = 0;
  bool failed = false;

  out_buffer(const out_buffer &) = delete;
  out_buffer &operator=(const out_buffer &) = delete;
  explicit out_buffer(const ek_allocator *alloc) noexcept : a(alloc) {}
  ~out_buffer() { detail::free_bytes(a, p); }

  bool append(const void *data, std::size_t len) noexcept {
    if (failed) return false;
    if (len > cap - n) {
      std::size_t c = cap ? cap : std::size_t(16) << 10;
      while (c - n < len) {
        if (c > SIZE_MAX / 2) return fail();
        c *= 2;
      }
      auto *q = static_cast<std::uint8_t *>(detail::allocate_bytes(a, c));
      if (!q) return fail();
      if (n) std::memcpy(q, p, n);
      detail::free_bytes(a, p);
      p = q, cap = c;
    }
    if (len) std::memcpy(p + n, data, len);
    n += len;
    return true;
  }
  bool fail() noexcept {
    failed = true;
    return false;
  }
  // Hands the bytes to the caller.
  ek_status release(std::uint8_t **out, std::size_t *out_len) noexcept {
    if (failed) return EK_ERR_NOMEM;
    *out = p, *out_len = n;
    p = nullptr, n = cap = 0;
    return EK_OK;
  }
};

#if !EK_WITH_LIBJPEG
void stb_sink(void *ctx, void *data, int size) noexcept {
  if (size > 0) static_cast<out_buffer *>(ctx)->append(data, std::size_t(size));
}
#endif

std::uint8_t over_white(std::uint32_t v, std::uint32_t alpha) {
  // v * a + 255 * (255 - a), divided by 255 with rounding.
  const std::uint32_t t = v * alpha + 255u * (255u - alpha) + 128u;
  return std::uint8_t((t + (t >> 8)) >> 8);
}

// Pixels repacked into a contiguous buffer of `channels` channels (the input's own channels, or
// fewer with alpha composited over white, or more with gray expanded to RGB).
ek_status repack(image_view in, std::uint32_t channels, const ek_allocator *a,
                 detail::array<std::uint8_t> &buf, image_view *out) noexcept {
  const std::uint64_t row = std::uint64_t(in.width) * channels;
  if (row > SIZE_MAX / in.height) return EK_ERR_OVERFLOW;
  const ek_status st = buf.allocate(a, std::size_t(row) * in.height);
  if (st != EK_OK) return st;
  for (std::uint32_t y = 0; y < in.height; ++y) {
    const std::uint8_t *s = in.row(y);
    std::uint8_t *d = buf.data() + std::size_t(row) * y;
    const std::uint32_t w = in.width;
    if (channels == in.channels) {
      std::memcpy(d, s, std::size_t(row));
    } else if (in.channels == 2 && channels == 1) {
      for (std::uint32_t x = 0; x < w; ++x) d[x] = over_white(s[2 * x], s[2 * x + 1]);
    } else if (in.channels == 4 && channels == 3) {
      for (std::uint32_t x = 0; x < w; ++x)
        for (int c = 0; c < 3; ++c) d[3 * x + c] = over_white(s[4 * x + c], s[4 * x + 3]);
    } else if (in.channels == 1 && channels == 3) {
      for (std::uint32_t x = 0; x < w; ++x) d[3 * x] = d[3 * x + 1] = d[3 * x + 2] = s[x];
    } else {  // gray+alpha to RGBA
      for (std::uint32_t x = 0; x < w; ++x) {
        d[4 * x] = d[4 * x + 1] = d[4 * x + 2] = s[2 * x];
        d[4 * x + 3] = s[2 * x + 1];
      }
    }
  }
  *out = image_view{buf.data(), in.width, in.height, channels, std::size_t(row)};
  return EK_OK;
}

// Whether stb / libwebp can address every row of `v` with int arithmetic on its stride.
bool int_addressable(image_view v) {
  return v.stride <= std::size_t(INT_MAX) && std::uint64_t(v.stride) * v.height <= INT_MAX;
}

ek_status encode_jpeg(image_view in, int quality, const ek_allocator *a, std::uint8_t **out,
                      std::size_t *out_len) noexcept {
  const std::uint32_t jc = in.channels >= 3 ? 3 : 1;
  if (in.width > max_side_jpeg || in.height > max_side_jpeg ||
      std::uint64_t(in.width) * in.height * jc > kJpegMaxBytes)
    return EK_ERR_LIMIT;
#if EK_WITH_LIBJPEG
  return detail::jpeg_turbo_encode(in, quality, a, out, out_len);
#else
  detail::array<std::uint8_t> tmp;
  image_view v = in;
  if (in.channels != jc || in.stride != std::size_t(in.width) * jc) {
    const ek_status st = repack(in, jc, a, tmp, &v);
    if (st != EK_OK) return st;
  }
  out_buffer buf(a);
  // stb writes a baseline YCbCr JPEG, 4:2:0 at quality <= 90 and 4:4:4 above, with the IJG
  // quality scaling of the standard tables.
  const int ok = detail::stb_write_jpeg(stb_sink, &buf, int(v.width), int(v.height), int(jc),
                                        v.data, quality);
  if (buf.failed) return EK_ERR_NOMEM;
  if (!ok) return EK_ERR_ARG;
  return buf.release(out, out_len);
#endif
}

ek_status encode_png(image_view in, const ek_allocator *a, std::uint8_t **out,
                     std::size_t *out_len) noexcept {
  if (in.width > INT_MAX / in.channels - 1 ||
      (std::uint64_t(in.width) * in.channels + 1) * in.height > kPngMaxBytes)
    return EK_ERR_LIMIT;
  detail::array<std::uint8_t> tmp;
  image_view v = in;
  if (!int_addressable(in)) {
    const ek_status st = repack(in, in.channels, a, tmp, &v);
    if (st != EK_OK) return st;
  }
  int len = 0;
  unsigned char *png = detail::stb_write_png(v.data, int(v.stride), int(v.width), int(v.height),
                                             int(v.channels), &len);
  if (!png || len <= 0) {
    std::free(png);
    return EK_ERR_NOMEM;  // stb fails only when malloc does
  }
  if (!a) {  // stb's buffer is malloc memory, as ours would be
    *out = png, *out_len = std::size_t(len);
    return EK_OK;
  }
  auto *p = static_cast<std::uint8_t *>(detail::allocate_bytes(a, std::size_t(len)));
  if (p) std::memcpy(p, png, std::size_t(len));
  std::free(png);
  if (!p) return EK_ERR_NOMEM;
  *out = p, *out_len = std::size_t(len);
  return EK_OK;
}

#if EK_WITH_WEBP
int webp_sink(const std::uint8_t *data, std::size_t size, const WebPPicture *pic) {
  return static_cast<out_buffer *>(pic->custom_ptr)->append(data, size) ? 1 : 0;
}

ek_status encode_webp(image_view in, int quality, bool lossless, const ek_allocator *a,
                      std::uint8_t **out, std::size_t *out_len) noexcept {
  if (in.width > max_side_webp || in.height > max_side_webp) return EK_ERR_LIMIT;
  // libwebp imports RGB and RGBA only: gray is expanded.
  const std::uint32_t wc = in.channels == 1 ? 3 : in.channels == 2 ? 4 : in.channels;
  detail::array<std::uint8_t> tmp;
  image_view v = in;
  if (wc != in.channels || !int_addressable(in)) {
    const ek_status st = repack(in, wc, a, tmp, &v);
    if (st != EK_OK) return st;
  }
  WebPConfig config;
  if (!WebPConfigInit(&config)) return EK_ERR_UNSUPPORTED;  // header/library version mismatch
  config.quality = float(quality);
  config.lossless = lossless ? 1 : 0;
  // Lossless means every byte back, including the colour under fully transparent pixels.
  config.exact = lossless ? 1 : 0;
  config.thread_level = 0;
  if (!WebPValidateConfig(&config)) return EK_ERR_ARG;
  WebPPicture pic;
  if (!WebPPictureInit(&pic)) return EK_ERR_UNSUPPORTED;
  pic.width = int(v.width);
  pic.height = int(v.height);
  pic.use_argb = lossless ? 1 : 0;  // lossy imports straight to YUV
  out_buffer buf(a);
  pic.writer = webp_sink;
  pic.custom_ptr = &buf;
  const int imported = wc == 4 ? WebPPictureImportRGBA(&pic, v.data, int(v.stride))
                               : WebPPictureImportRGB(&pic, v.data, int(v.stride));
  tmp.reset();  // libwebp holds its own copy now
  if (!imported) {
    WebPPictureFree(&pic);
    return EK_ERR_NOMEM;
  }
  const int ok = WebPEncode(&config, &pic);
  const WebPEncodingError err = pic.error_code;
  WebPPictureFree(&pic);
  if (buf.failed || err == VP8_ENC_ERROR_OUT_OF_MEMORY ||
      err == VP8_ENC_ERROR_BITSTREAM_OUT_OF_MEMORY)
    return EK_ERR_NOMEM;
  if (!ok) return err == VP8_ENC_ERROR_BAD_DIMENSION ? EK_ERR_LIMIT : EK_ERR_ARG;
  return buf.release(out, out_len);
}
#endif

#if EK_WITH_AVIF
bool avif_can_encode() {
  return avifCodecName(AVIF_CODEC_CHOICE_AUTO, AVIF_CODEC_FLAG_CAN_ENCODE) != nullptr;
}

// libavif 1.x's quality scale, so that a quality means the same after an upgrade: 100 is
// quantizer 0 (lossless in AV1), 1 is 62.
int avif_quantizer(int quality) { return ((100 - quality) * 63 + 50) / 100; }

ek_status avif_status(avifResult r) {
  switch (r) {
    case AVIF_RESULT_OK: return EK_OK;
    case AVIF_RESULT_OUT_OF_MEMORY: return EK_ERR_NOMEM;
    case AVIF_RESULT_NO_CODEC_AVAILABLE: return EK_ERR_UNSUPPORTED;
    default: return EK_ERR_ARG;
  }
}

struct avif_guard {
  avifImage *image = nullptr;
  avifEncoder *encoder = nullptr;
  avifRWData data = AVIF_DATA_EMPTY;
  avif_guard() = default;
  avif_guard(const avif_guard &) = delete;
  avif_guard &operator=(const avif_guard &) = delete;
  ~avif_guard() {
    avifRWDataFree(&data);
    if (encoder) avifEncoderDestroy(encoder);
    if (image) avifImageDestroy(image);
  }
};

ek_status encode_avif(image_view in, int quality, int speed, const ek_allocator *a,
                      std::uint8_t **out, std::size_t *out_len) noexcept {
  if (in.width > max_side_avif || in.height > max_side_avif) return EK_ERR_LIMIT;
  if (in.stride > UINT32_MAX) return EK_ERR_LIMIT;  // avifRGBImage::rowBytes
  if (!avif_can_encode()) return EK_ERR_UNSUPPORTED;
  const bool gray = in.channels <= 2, alpha = in.channels == 2 || in.channels == 4;
  avif_guard g;
  // Gray stays gray (AV1 monochrome, Y = the gray value in full range); colour is 4:2:0.
  g.image = avifImageCreate(in.width, in.height, 8,
                            gray ? AVIF_PIXEL_FORMAT_YUV400 : AVIF_PIXEL_FORMAT_YUV420);
  if (!g.image) return EK_ERR_NOMEM;
  g.image->yuvRange = AVIF_RANGE_FULL;
  g.image->colorPrimaries = AVIF_COLOR_PRIMARIES_BT709;
  g.image->transferCharacteristics = AVIF_TRANSFER_CHARACTERISTICS_SRGB;
  g.image->matrixCoefficients = AVIF_MATRIX_COEFFICIENTS_BT601;
  if (gray) {
    ek_status st = avif_status(avifImageAllocatePlanes(g.image, AVIF_PLANES_YUV));
    if (st == EK_OK && alpha) st = avif_status(avifImageAllocatePlanes(g.image, AVIF_PLANES_A));
    if (st != EK_OK) return st;
    for (std::uint32_t y = 0; y < in.height; ++y) {
      const std::uint8_t *s = in.row(y);
      std::uint8_t *dy = g.image->yuvPlanes[AVIF_CHAN_Y] + std::size_t(g.image->yuvRowBytes[0]) * y;
      if (!alpha) {
        std::memcpy(dy, s, in.width);
        continue;
      }
      std::uint8_t *da = g.image->alphaPlane + std::size_t(g.image->alphaRowBytes) * y;
      for (std::uint32_t x = 0; x < in.width; ++x) dy[x] = s[2 * x], da[x] = s[2 * x + 1];
    }
  } else {
    avifRGBImage rgb;
    avifRGBImageSetDefaults(&rgb, g.image);
    rgb.format = alpha ? AVIF_RGB_FORMAT_RGBA : AVIF_RGB_FORMAT_RGB;
    rgb.depth = 8;
    rgb.pixels = const_cast<std::uint8_t *>(in.data);  // read only
    rgb.rowBytes = std::uint32_t(in.stride);
    const ek_status st = avif_status(avifImageRGBToYUV(g.image, &rgb));
    if (st != EK_OK) return st;
  }
  g.encoder = avifEncoderCreate();
  if (!g.encoder) return EK_ERR_NOMEM;
  g.encoder->maxThreads = 1;
  g.encoder->speed = speed;
  g.encoder->minQuantizer = g.encoder->maxQuantizer = avif_quantizer(quality);
  g.encoder->minQuantizerAlpha = g.encoder->maxQuantizerAlpha = AVIF_QUANTIZER_LOSSLESS;
  const ek_status st = avif_status(avifEncoderWrite(g.encoder, g.image, &g.data));
  if (st != EK_OK) return st;
  auto *p = static_cast<std::uint8_t *>(detail::allocate_bytes(a, g.data.size));
  if (!p) return EK_ERR_NOMEM;
  std::memcpy(p, g.data.data, g.data.size);
  *out = p, *out_len = g.data.size;
  return EK_OK;
}
#endif

}  // namespace

unsigned image_encoders() noexcept {
  unsigned f = EK_IMAGE_JPEG | EK_IMAGE_PNG;
#if EK_WITH_WEBP
  f |= EK_IMAGE_WEBP;
#endif
#if EK_WITH_AVIF
  if (avif_can_encode()) f |= EK_IMAGE_AVIF;
#endif
  return f;
}

ek_status encode(image_view in, const encode_options &options, std::uint8_t **out,
                 std::size_t *out_len, const ek_allocator *a) noexcept {
  if (!out || !out_len) return EK_ERR_NULL;
  *out = nullptr;
  *out_len = 0;
  if (!in.data || (a && (!a->alloc || !a->free))) return EK_ERR_NULL;
  if (!in.valid()) return EK_ERR_ARG;
  if (options.quality < 0 || options.quality > 100) return EK_ERR_ARG;
  if (options.speed < 0 || options.speed > 10) return EK_ERR_ARG;
  const int q = options.quality;
  // The format arrives from C too, where any int fits the enum: read it as its underlying type
  // (loading an out-of-range enum value is undefined in C++).
  std::underlying_type<image_format>::type format;
  std::memcpy(&format, &options.format, sizeof format);
  switch (format) {
    case EK_IMAGE_JPEG: return encode_jpeg(in, q ? q : default_jpeg, a, out, out_len);
    case EK_IMAGE_PNG: return encode_png(in, a, out, out_len);
    case EK_IMAGE_WEBP:
#if EK_WITH_WEBP
      return encode_webp(in, q ? q : default_webp, options.lossless, a, out, out_len);
#else
      return EK_ERR_UNSUPPORTED;
#endif
    case EK_IMAGE_AVIF:
#if EK_WITH_AVIF
      return encode_avif(in, q ? q : default_avif, options.speed, a, out, out_len);
#else
      return EK_ERR_UNSUPPORTED;
#endif
    default: return EK_ERR_ARG;
  }
}

}  // namespace ek
