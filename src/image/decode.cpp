// Image decoding: probe first (limits before any allocation), then the codec, then one pass of
// channel conversion + orientation into the caller's allocator. The contract is in
// edgekernels/image/decode.hpp.
#include "edgekernels/image/decode.hpp"

#include <climits>
#include <cstring>

// stb_image compiled in here, privately: every function static (no stbi_ symbol leaves this
// object), no stdio, only the four formats we route to it, no failure strings (they are a
// thread-local global), asserts compiled out (a hostile file must never abort the host; stb
// checks its inputs itself), and dimensions capped at the largest our limits allow.
#define STB_IMAGE_IMPLEMENTATION
#define STB_IMAGE_STATIC
#define STBI_NO_STDIO
#define STBI_NO_FAILURE_STRINGS
#define STBI_ONLY_JPEG
#define STBI_ONLY_PNG
#define STBI_ONLY_BMP
#define STBI_ONLY_GIF
#define STBI_NO_LINEAR
#define STBI_NO_HDR
#define STBI_MAX_DIMENSIONS (1 << 24)
#define STBI_ASSERT(x) ((void)0)
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wunused-but-set-variable"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wdouble-promotion"
#endif
#include <stb/stb_image.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

#if EK_WITH_WEBP
#include <webp/decode.h>
#endif
#if EK_WITH_LIBJPEG
#include <csetjmp>
#include <cstdio>  // jpeglib.h needs FILE
#include <jpeglib.h>
#include <jerror.h>
#endif
#if EK_WITH_AVIF
#include <avif/avif.h>
#endif

namespace ek {
namespace {

using u32 = std::uint32_t;
using u64 = std::uint64_t;

// Where the codec's pixels go: `tmp` when a conversion or rotation follows, else `out` itself.
struct target {
  image *out;
  image tmp;
  u32 channels;  // of the returned image
  u32 orientation;
  bool direct(u32 native) const noexcept { return orientation == 1 && native == channels; }
  // Memory for the codec's native w x h x native image.
  ek_status buffer(const ek_allocator *a, u32 w, u32 h, u32 native, image_span *s) noexcept {
    image &img = direct(native) ? *out : tmp;
    const ek_status st = img.allocate(a, w, h, native);
    if (st != EK_OK) return st;
    *s = img.span();
    return EK_OK;
  }
  // After the codec filled buffer(): convert/rotate when needed.
  ek_status finish(const ek_allocator *a, u32 native) noexcept {
    if (direct(native)) return EK_OK;
    const ek_status st = orient_convert(tmp.view(), orientation, channels, out, a);
    tmp.reset();
    return st;
  }
};

// ---- stb_image: JPEG, PNG, BMP, GIF (first frame) ------------------------------------------
// stb decodes what it can of a truncated JPEG, GIF or BMP and fills the rest (grey, black),
// reporting success. These walks reject such files: the JPEG marker chain must reach EOI, the
// first GIF frame's data sub-blocks must end within the buffer, a BMP's rows must fit, and a
// PNG's chunks must reach IEND. They also screen what this stb version mishandles.
std::uint32_t be16(const unsigned char *p) noexcept { return (std::uint32_t(p[0]) << 8) | p[1]; }
std::uint32_t le16(const unsigned char *p) noexcept { return std::uint32_t(p[0]) | (std::uint32_t(p[1]) << 8); }
std::uint32_t le32(const unsigned char *p) noexcept {
  return le16(p) | (le16(p + 2) << 16);
}

// Debian's stb (2022-09) builds a Huffman table from a DHT without checking that its 16 code
// counts sum to at most 256: a crafted table overruns the decoder's arrays. Each table in the
// segment must be a valid class/id with at most 256 codes, all within the segment.
bool jpeg_dht_ok(const unsigned char *p, u64 n) noexcept {
  u64 i = 0;
  while (i < n) {
    if (n - i < 17) return false;
    if ((p[i] >> 4) > 1 || (p[i] & 15) > 3) return false;
    u64 codes = 0;
    for (int k = 1; k <= 16; ++k) codes += p[i + u64(k)];
    if (codes > 256 || codes > n - i - 17) return false;
    i += 17 + codes;
  }
  return true;
}

bool jpeg_complete(const unsigned char *p, u64 n) noexcept {
  if (n < 4 || p[0] != 0xFF || p[1] != 0xD8) return false;
  u64 i = 2;
  for (;;) {
    if (i >= n || p[i] != 0xFF) return false;
    while (i < n && p[i] == 0xFF) ++i;  // fill bytes
    if (i >= n) return false;
    const unsigned m = p[i++];
    if (m == 0xD9) return true;
    if ((m >= 0xD0 && m <= 0xD7) || m == 0x01) continue;  // no length
    if (m == 0x00 || n - i < 2) return false;
    const u64 seg = be16(p + i);
    if (seg < 2 || seg > n - i) return false;
    if (m == 0xC4 && !jpeg_dht_ok(p + i + 2, seg - 2)) return false;
    i += seg;
    if (m != 0xDA) continue;
    // Entropy-coded data: FF is followed by 00 (stuffing), RSTn or fill; anything else is the
    // next marker.
    for (;;) {
      if (n - i < 2) return false;
      if (p[i] == 0xFF) {
        const unsigned b = p[i + 1];
        if (b != 0x00 && !(b >= 0xD0 && b <= 0xD7) && b != 0xFF) break;
      }
      ++i;
    }
  }
}

// The chunk chain must reach IEND within the buffer. A first IDAT of length 0 is refused: stb
// copies it into a buffer it has not allocated yet (memcpy to NULL, undefined behaviour even for
// 0 bytes); no encoder writes one.
std::uint32_t be32(const unsigned char *p) noexcept { return (be16(p) << 16) | be16(p + 2); }

bool png_complete(const unsigned char *p, u64 n) noexcept {
  u64 i = 8;
  bool idat = false;
  for (;;) {
    if (n - i < 12 || i > n) return false;
    const u64 len = be32(p + i);
    if (len > 0x7FFFFFFFu || len > n - i - 12) return false;
    const unsigned char *t = p + i + 4;
    if (std::memcmp(t, "IDAT", 4) == 0) {
      if (!idat && len == 0) return false;
      idat = true;
    }
    if (std::memcmp(t, "IEND", 4) == 0) return idat;
    i += 12 + len;
  }
}

bool gif_sub_blocks(const unsigned char *p, u64 n, u64 &i) noexcept {
  for (;;) {
    if (i >= n) return false;
    const unsigned s = p[i++];
    if (s == 0) return true;
    i += s;
  }
}

bool gif_complete(const unsigned char *p, u64 n) noexcept {
  if (n < 13) return false;
  u64 i = 13;
  if (p[10] & 0x80) i += u64(3) << ((p[10] & 7) + 1);
  for (;;) {
    if (i >= n) return false;
    const unsigned b = p[i++];
    if (b == 0x21) {
      if (++i > n || !gif_sub_blocks(p, n, i)) return false;
    } else if (b == 0x2C) {
      if (n - i < 10) return false;
      const unsigned fl = p[i + 8];
      i += 9;
      if (fl & 0x80) i += u64(3) << ((fl & 7) + 1);
      ++i;  // LZW minimum code size
      return gif_sub_blocks(p, n, i);
    } else {
      return false;
    }
  }
}

bool bmp_complete(const unsigned char *p, u64 n) noexcept {
  if (n < 26) return false;
  const u64 off = le32(p + 10), hs = le32(p + 14);
  u64 w, h, bpp, comp = 0;
  if (hs == 12) {
    w = le16(p + 18), h = le16(p + 20), bpp = le16(p + 24);
  } else {
    if (n < 34) return false;
    const std::int32_t sw = std::int32_t(le32(p + 18)), sh = std::int32_t(le32(p + 22));
    w = sw < 0 ? u64(-std::int64_t(sw)) : u64(sw);
    h = sh < 0 ? u64(-std::int64_t(sh)) : u64(sh);
    bpp = le16(p + 28), comp = le32(p + 30);
  }
  if (comp != 0 && comp != 3 && comp != 6) return true;  // RLE etc.: stb checks (or refuses)
  if (bpp == 0 || bpp > 32 || w > (u64(1) << 32) || h > (u64(1) << 32)) return false;
  const u64 row = (w * bpp + 31) / 32 * 4;
  return off <= n && row * h <= n - off;
}

ek_status decode_stb(const unsigned char *p, std::size_t len, const image_info &pi, target &t,
                     const ek_allocator *a) noexcept {
  if (len > std::size_t(INT_MAX)) return EK_ERR_LIMIT;  // stb takes an int length
  const int n = int(len);
  const bool whole = pi.format == EK_IMAGE_JPEG ? jpeg_complete(p, len)
                     : pi.format == EK_IMAGE_GIF ? gif_complete(p, len)
                     : pi.format == EK_IMAGE_BMP ? bmp_complete(p, len)
                                                 : png_complete(p, len);
  if (!whole) return EK_ERR_FORMAT;
  int w = 0, h = 0, comp = 0;
  // stb's own header parse must agree with the probe before it allocates anything.
  if (!stbi_info_from_memory(p, n, &w, &h, &comp)) return EK_ERR_FORMAT;
  if (u32(w) != pi.width || u32(h) != pi.height) return EK_ERR_FORMAT;
  // stb mallocs its output; it is converted/rotated into memory from `a`, then freed.
  stbi_uc *px = stbi_load_from_memory(p, n, &w, &h, &comp, 0);
  if (!px) return EK_ERR_FORMAT;
  ek_status st = EK_OK;
  if (u32(w) != pi.width || u32(h) != pi.height || comp < 1 || comp > 4) {
    st = EK_ERR_FORMAT;
  } else {
    const u32 c = u32(comp);
    // GIF always comes out RGBA from stb; t.channels is the probe's (3 without transparency).
    const image_view v{px, u32(w), u32(h), c, std::size_t(u32(w)) * c};
    st = orient_convert(v, t.orientation, t.channels, t.out, a);
  }
  stbi_image_free(px);
  return st;
}

// Smallest (w', h') >= (mw, mh) with the aspect ratio of w x h, at most w x h.
void shrink_size(u32 w, u32 h, u32 mw, u32 mh, u32 *ow, u32 *oh) noexcept {
  *ow = w, *oh = h;
  if ((mw == 0 && mh == 0) || (mw >= w || mh >= h)) return;
  // Scale s = max(mw / w, mh / h), compared exactly in 64 bits.
  const bool by_width = u64(mw) * h >= u64(mh) * w;
  if (by_width) {
    const u32 nh = u32((u64(h) * mw + w / 2) / w);  // rounded
    *ow = mw;
    *oh = nh < mh ? mh : (nh == 0 ? 1 : nh);
  } else {
    const u32 nw = u32((u64(w) * mh + h / 2) / h);
    *oh = mh;
    *ow = nw < mw ? mw : (nw == 0 ? 1 : nw);
  }
  if (*ow == 0) *ow = 1;
  if (*oh == 0) *oh = 1;
}

#if EK_WITH_LIBJPEG
// libjpeg-turbo: about twice stb's speed, and DCT scaling (M/8, M = 1..8) for shrink-on-load.
// Its errors longjmp back here; only this C-like frame (no destructors) is unwound. Messages
// are swallowed (the default prints to stderr); a corrupt-data warning makes the file corrupt.
struct jpeg_err {
  jpeg_error_mgr pub;
  std::jmp_buf jb;
  bool nomem;
};

void jpeg_err_exit(j_common_ptr c) {
  auto *e = reinterpret_cast<jpeg_err *>(c->err);
  e->nomem = c->err->msg_code == JERR_OUT_OF_MEMORY;
  std::longjmp(e->jb, 1);
}
void jpeg_err_emit(j_common_ptr c, int level) {
  if (level < 0) ++c->err->num_warnings;
}
void jpeg_err_output(j_common_ptr) {}

// 1 on success; 0 when the file should go to stb instead (CMYK/YCCK). *st holds the status.
int decode_turbo(const unsigned char *p, std::size_t len, const image_info &pi,
                 const decode_options &o, target &t, const ek_allocator *a,
                 ek_status *st) noexcept {
  jpeg_decompress_struct d;
  jpeg_err e;
  d.err = jpeg_std_error(&e.pub);
  e.pub.error_exit = jpeg_err_exit;
  e.pub.emit_message = jpeg_err_emit;
  e.pub.output_message = jpeg_err_output;
  e.nomem = false;
  volatile u32 native = 0;
  if (setjmp(e.jb)) {
    jpeg_destroy_decompress(&d);
    t.out->reset();
    t.tmp.reset();
    *st = e.nomem ? EK_ERR_NOMEM : EK_ERR_FORMAT;
    return 1;
  }
  jpeg_create_decompress(&d);
  jpeg_mem_src(&d, p, static_cast<unsigned long>(len));
  if (jpeg_read_header(&d, TRUE) != JPEG_HEADER_OK || d.image_width != pi.width ||
      d.image_height != pi.height) {
    jpeg_destroy_decompress(&d);
    *st = EK_ERR_FORMAT;
    return 1;
  }
  if (d.jpeg_color_space == JCS_CMYK || d.jpeg_color_space == JCS_YCCK) {
    jpeg_destroy_decompress(&d);
    return 0;
  }
  native = d.num_components == 1 ? 1u : 3u;
  d.out_color_space = native == 1 ? JCS_GRAYSCALE : JCS_RGB;
  const bool swap = t.orientation >= 5;
  const u32 mw = swap ? o.min_height : o.min_width, mh = swap ? o.min_width : o.min_height;
  d.scale_num = 8;
  d.scale_denom = 8;
  if (mw || mh) {
    // The smallest M/8 whose output is at least the hint (libjpeg rounds sizes up).
    for (unsigned m = 1; m < 8; ++m) {
      const u64 ow = (u64(pi.width) * m + 7) / 8, oh = (u64(pi.height) * m + 7) / 8;
      if (ow >= mw && oh >= mh) {
        d.scale_num = m;
        break;
      }
    }
  }
  jpeg_calc_output_dimensions(&d);
  const u32 w = d.output_width, h = d.output_height;
  image_span s;
  *st = u32(d.output_components) == native ? t.buffer(a, w, h, native, &s) : EK_ERR_FORMAT;
  if (*st != EK_OK) {
    jpeg_destroy_decompress(&d);
    return 1;
  }
  jpeg_start_decompress(&d);
  while (d.output_scanline < d.output_height) {
    JSAMPROW row = s.row(d.output_scanline);
    if (jpeg_read_scanlines(&d, &row, 1) != 1) break;  // suspended: input ended
  }
  const bool whole = d.output_scanline == d.output_height;
  if (whole) jpeg_finish_decompress(&d);
  const bool clean = whole && e.pub.num_warnings == 0;
  jpeg_destroy_decompress(&d);
  if (!clean) {
    t.out->reset();
    t.tmp.reset();
    *st = EK_ERR_FORMAT;
    return 1;
  }
  *st = t.finish(a, native);
  return 1;
}
#endif

#if EK_WITH_WEBP
ek_status decode_webp(const unsigned char *p, std::size_t len, const image_info &pi,
                      const decode_options &o, target &t, const ek_allocator *a) noexcept {
  WebPDecoderConfig cfg;
  if (!WebPInitDecoderConfig(&cfg)) return EK_ERR_UNSUPPORTED;  // header/library mismatch
  VP8StatusCode vs = WebPGetFeatures(p, len, &cfg.input);
  if (vs != VP8_STATUS_OK) return vs == VP8_STATUS_OUT_OF_MEMORY ? EK_ERR_NOMEM : EK_ERR_FORMAT;
  if (u32(cfg.input.width) != pi.width || u32(cfg.input.height) != pi.height) return EK_ERR_FORMAT;
  if (cfg.input.has_animation) return EK_ERR_UNSUPPORTED;
  const u32 native = pi.channels == 4 ? 4 : 3;
  // The hint is about the oriented image; 5..8 swap the stored axes.
  const bool swap = t.orientation >= 5;
  u32 w = pi.width, h = pi.height;
  shrink_size(pi.width, pi.height, swap ? o.min_height : o.min_width,
              swap ? o.min_width : o.min_height, &w, &h);
  if (w != pi.width || h != pi.height) {
    cfg.options.use_scaling = 1;
    cfg.options.scaled_width = int(w);
    cfg.options.scaled_height = int(h);
  }
  image_span s;
  ek_status st = t.buffer(a, w, h, native, &s);
  if (st != EK_OK) return st;
  cfg.output.colorspace = native == 4 ? MODE_RGBA : MODE_RGB;
  cfg.output.is_external_memory = 1;
  cfg.output.width = int(w);
  cfg.output.height = int(h);
  cfg.output.u.RGBA.rgba = s.data;
  cfg.output.u.RGBA.stride = int(s.stride);
  cfg.output.u.RGBA.size = s.stride * h;
  if (s.stride > std::size_t(INT_MAX)) {
    st = EK_ERR_LIMIT;
  } else {
    vs = WebPDecode(p, len, &cfg);
    WebPFreeDecBuffer(&cfg.output);  // external memory: releases nothing of ours
    if (vs == VP8_STATUS_OK) return t.finish(a, native);
    st = vs == VP8_STATUS_OUT_OF_MEMORY       ? EK_ERR_NOMEM
         : vs == VP8_STATUS_UNSUPPORTED_FEATURE ? EK_ERR_UNSUPPORTED
                                                : EK_ERR_FORMAT;
  }
  t.out->reset();
  t.tmp.reset();
  return st;
}
#endif

#if EK_WITH_AVIF
ek_status avif_status(avifResult r) noexcept {
  switch (r) {
    case AVIF_RESULT_OK: return EK_OK;
    case AVIF_RESULT_OUT_OF_MEMORY: return EK_ERR_NOMEM;
    case AVIF_RESULT_NO_CODEC_AVAILABLE:
    case AVIF_RESULT_NOT_IMPLEMENTED: return EK_ERR_UNSUPPORTED;
    default: return EK_ERR_FORMAT;
  }
}

struct avif_decoder_guard {
  avifDecoder *d;
  ~avif_decoder_guard() {
    if (d) avifDecoderDestroy(d);
  }
};

ek_status decode_avif(const unsigned char *p, std::size_t len, const image_info &pi,
                      const decode_options &o, target &t, const ek_allocator *a) noexcept {
  avif_decoder_guard g{avifDecoderCreate()};
  if (!g.d) return EK_ERR_NOMEM;
  avifDecoder *d = g.d;
  // libavif enforces the same bounds on what it parses (the probe already checked the
  // primary item's ispe; these also cover the AV1 frame it decodes).
  d->imageSizeLimit = o.limits.max_pixels > 0xFFFFFFFFull ? 0xFFFFFFFFu : u32(o.limits.max_pixels);
  d->imageDimensionLimit =
      o.limits.max_width > o.limits.max_height ? o.limits.max_width : o.limits.max_height;
  if (d->imageSizeLimit == 0 || d->imageDimensionLimit == 0) return EK_ERR_LIMIT;
  d->maxThreads = 1;
  d->ignoreExif = AVIF_TRUE;
  d->ignoreXMP = AVIF_TRUE;
  ek_status st = avif_status(avifDecoderSetIOMemory(d, p, len));
  if (st == EK_OK) st = avif_status(avifDecoderParse(d));
  if (st != EK_OK) return st;
  if (d->image->width != pi.width || d->image->height != pi.height) return EK_ERR_FORMAT;
  st = avif_status(avifDecoderNextImage(d));
  if (st != EK_OK) return st;
  const avifImage *im = d->image;
  if (im->width != pi.width || im->height != pi.height) return EK_ERR_FORMAT;
  // 1 and 3 channels come out as RGB (gray replicated, then reduced exactly), 2 and 4 as RGBA.
  const u32 native = (pi.channels == 2 || pi.channels == 4) ? 4 : 3;
  image_span s;
  st = t.buffer(a, pi.width, pi.height, native, &s);
  if (st != EK_OK) return st;
  avifRGBImage rgb;
  avifRGBImageSetDefaults(&rgb, im);
  rgb.format = native == 4 ? AVIF_RGB_FORMAT_RGBA : AVIF_RGB_FORMAT_RGB;
  rgb.depth = 8;  // 10/12-bit input is scaled down by libavif
  rgb.alphaPremultiplied = AVIF_FALSE;  // unpremultiplied output whatever the file stores
  rgb.pixels = s.data;
  if (s.stride > 0xFFFFFFFFu) {
    st = EK_ERR_LIMIT;
  } else {
    rgb.rowBytes = u32(s.stride);
    st = avif_status(avifImageYUVToRGB(im, &rgb));
  }
  if (st == EK_OK) return t.finish(a, native);
  t.out->reset();
  t.tmp.reset();
  return st;
}
#endif

}  // namespace

unsigned image_decoders() noexcept {
  unsigned f = EK_IMAGE_JPEG | EK_IMAGE_PNG | EK_IMAGE_GIF | EK_IMAGE_BMP;
#if EK_WITH_WEBP
  f |= EK_IMAGE_WEBP;
#endif
#if EK_WITH_AVIF
  f |= EK_IMAGE_AVIF;
#endif
  return f;
}

ek_status decode(const void *data, std::size_t len, const decode_options &options, image *out,
                 image_info *info, const ek_allocator *a) noexcept {
  if (!out || (!data && len > 0)) return EK_ERR_NULL;
  out->reset();
  if (options.channels > 4) return EK_ERR_ARG;
  if (u64(len) > options.limits.max_input_bytes) return EK_ERR_LIMIT;
  image_info pi;
  ek_status st = probe(data, len, options.limits, &pi);
  if (st != EK_OK) return st;
  if (info) *info = pi;
  if (pi.channels < 1 || pi.channels > 4 || pi.orientation < 1 || pi.orientation > 8)
    return EK_ERR_FORMAT;

  target t{out, image{}, options.channels ? options.channels : pi.channels,
           options.apply_orientation ? pi.orientation : 1u};
  const auto *p = static_cast<const unsigned char *>(data);
  switch (pi.format) {
    case EK_IMAGE_JPEG:
#if EK_WITH_LIBJPEG
      // The marker walk screens truncation and bad tables for both decoders.
      if (!jpeg_complete(p, len)) {
        st = EK_ERR_FORMAT;
        break;
      }
      if (decode_turbo(p, len, pi, options, t, a, &st)) break;
#endif
      st = decode_stb(p, len, pi, t, a);
      break;
    case EK_IMAGE_PNG:
    case EK_IMAGE_GIF:
    case EK_IMAGE_BMP: st = decode_stb(p, len, pi, t, a); break;
#if EK_WITH_WEBP
    case EK_IMAGE_WEBP: st = decode_webp(p, len, pi, options, t, a); break;
#endif
#if EK_WITH_AVIF
    case EK_IMAGE_AVIF: st = decode_avif(p, len, pi, options, t, a); break;
#endif
    default: st = EK_ERR_UNSUPPORTED; break;
  }
  if (st != EK_OK) out->reset();
  return st;
}

}  // namespace ek
