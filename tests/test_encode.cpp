// ek::encode: argument checks, limits, strides (a padded view encodes to the same bytes as its
// contiguous copy), allocation failure at every allocation, and AVIF round trips decoded by
// libavif's own decoder. Pillow checks JPEG/PNG/WebP pixels in tests/encode_reference.py.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "edgekernels/image/encode.hpp"
#include "guarded.hpp"

#if EK_HAVE_LIBAVIF
#include <avif/avif.h>
#endif
#if EK_HAVE_STB_IMAGE
#define STB_IMAGE_IMPLEMENTATION
#define STB_IMAGE_STATIC
#define STBI_NO_STDIO
#include <stb/stb_image.h>
#endif

namespace {

constexpr ek_image_format kAll[] = {EK_IMAGE_JPEG, EK_IMAGE_PNG, EK_IMAGE_WEBP, EK_IMAGE_AVIF};

bool has(ek_image_format f) { return (ek::image_encoders() & unsigned(f)) != 0; }

struct pixels {
  std::vector<std::uint8_t> px;
  ek::image_view view;
};

// A smooth, photo-like pattern with some texture, `pad` bytes of junk after every row.
pixels make(std::uint32_t w, std::uint32_t h, std::uint32_t c, std::size_t pad = 0,
            std::uint32_t seed = 1) {
  pixels p;
  const std::size_t stride = std::size_t(w) * c + pad;
  p.px.assign(stride * h, 0xA5);
  std::uint32_t r = seed * 2654435761u;
  for (std::uint32_t y = 0; y < h; ++y)
    for (std::uint32_t x = 0; x < w; ++x)
      for (std::uint32_t k = 0; k < c; ++k) {
        r = r * 1664525u + 1013904223u;
        const double v = 128 + 90 * std::sin(0.05 * x + 0.8 * k) * std::cos(0.04 * y - 0.3 * k) +
                         double(r >> 29);
        p.px[y * stride + x * c + k] = std::uint8_t(v < 0 ? 0 : v > 255 ? 255 : v);
      }
  p.view = {p.px.data(), w, h, c, stride};
  return p;
}

std::vector<std::uint8_t> enc(ek::image_view v, ek_image_format f, int q = 0, bool lossless = false,
                              int speed = 10) {
  ek::encode_options o;
  o.format = f, o.quality = q, o.lossless = lossless, o.speed = speed;
  std::uint8_t *out = nullptr;
  std::size_t n = 0;
  const ek_status st = ek::encode(v, o, &out, &n, nullptr);
  REQUIRE(st == EK_OK);
  REQUIRE(out != nullptr);
  REQUIRE(n > 0);
  std::vector<std::uint8_t> r(out, out + n);
  std::free(out);  // a null allocator means malloc memory
  return r;
}

// Counts and fails allocations: fail_at = k fails the k-th (0-based) and every later one.
struct counting {
  long calls = 0, live = 0, fail_at = -1;
  static void *alloc(void *ctx, std::size_t n) {
    auto *c = static_cast<counting *>(ctx);
    if (c->fail_at >= 0 && c->calls++ >= c->fail_at) return nullptr;
    if (c->fail_at < 0) ++c->calls;
    void *p = std::malloc(n);
    if (p) ++c->live;
    return p;
  }
  static void release(void *ctx, void *p) {
    --static_cast<counting *>(ctx)->live;
    std::free(p);
  }
  ek_allocator a() { return {alloc, release, this}; }
};

}  // namespace

TEST_CASE("encode: image_encoders lists JPEG and PNG always, WebP/AVIF as built") {
  const unsigned e = ek::image_encoders();
  CHECK((e & EK_IMAGE_JPEG));
  CHECK((e & EK_IMAGE_PNG));
  CHECK_FALSE((e & (EK_IMAGE_GIF | EK_IMAGE_BMP)));
#if EK_HAVE_LIBAVIF
  const bool avif_enc =
      avifCodecName(AVIF_CODEC_CHOICE_AUTO, AVIF_CODEC_FLAG_CAN_ENCODE) != nullptr;
  CHECK(bool(e & EK_IMAGE_AVIF) == avif_enc);
#endif
}

TEST_CASE("encode: arguments") {
  pixels p = make(8, 8, 3);
  ek::encode_options o;
  std::uint8_t *out = reinterpret_cast<std::uint8_t *>(&p);
  std::size_t n = 7;
  CHECK(ek::encode(p.view, o, nullptr, &n) == EK_ERR_NULL);
  CHECK(ek::encode(p.view, o, &out, nullptr) == EK_ERR_NULL);
  ek::image_view v = p.view;
  v.data = nullptr;
  CHECK(ek::encode(v, o, &out, &n) == EK_ERR_NULL);
  CHECK(out == nullptr);
  CHECK(n == 0);
  const ek_allocator half{counting::alloc, nullptr, nullptr};
  CHECK(ek::encode(p.view, o, &out, &n, &half) == EK_ERR_NULL);
  v = p.view, v.width = 0;
  CHECK(ek::encode(v, o, &out, &n) == EK_ERR_ARG);
  v = p.view, v.height = 0;
  CHECK(ek::encode(v, o, &out, &n) == EK_ERR_ARG);
  v = p.view, v.channels = 5;
  CHECK(ek::encode(v, o, &out, &n) == EK_ERR_ARG);
  v = p.view, v.channels = 0;
  CHECK(ek::encode(v, o, &out, &n) == EK_ERR_ARG);
  v = p.view, v.stride = 23;
  CHECK(ek::encode(v, o, &out, &n) == EK_ERR_ARG);
  for (ek_image_format f : kAll) {
    o = {};
    o.format = f;
    o.quality = -1;
    CHECK(ek::encode(p.view, o, &out, &n) == EK_ERR_ARG);
    o.quality = 101;
    CHECK(ek::encode(p.view, o, &out, &n) == EK_ERR_ARG);
    o.quality = 50, o.speed = 11;
    CHECK(ek::encode(p.view, o, &out, &n) == EK_ERR_ARG);
    o.speed = -1;
    CHECK(ek::encode(p.view, o, &out, &n) == EK_ERR_ARG);
  }
  for (int f : {0, 3, 16, 32, 64, -1}) {
    o = {};
    // as a C caller may store it (an out-of-range value cannot be made by a cast in C++)
    std::memcpy(&o.format, &f, sizeof o.format);
    CHECK(ek::encode(p.view, o, &out, &n) == EK_ERR_ARG);
  }
  for (ek_image_format f : kAll) {
    o = {};
    o.format = f;
    const ek_status st = ek::encode(p.view, o, &out, &n);
    if (has(f)) {
      REQUIRE(st == EK_OK);
      std::free(out);
    } else {
      CHECK(st == EK_ERR_UNSUPPORTED);
    }
  }
}

TEST_CASE("encode: sizes beyond a format's limits are EK_ERR_LIMIT before any pixel is read") {
  // The pixels are never touched: one byte stands for the whole image.
  std::uint8_t one = 0;
  ek::encode_options o;
  std::uint8_t *out = nullptr;
  std::size_t n = 0;
  auto lim = [&](ek_image_format f, std::uint32_t w, std::uint32_t h, std::uint32_t c) {
    o.format = f;
    const ek::image_view v{&one, w, h, c, std::size_t(w) * c};
    return ek::encode(v, o, &out, &n);
  };
  CHECK(lim(EK_IMAGE_JPEG, 65501, 1, 3) == EK_ERR_LIMIT);
  CHECK(lim(EK_IMAGE_JPEG, 1, 65501, 1) == EK_ERR_LIMIT);
  CHECK(lim(EK_IMAGE_JPEG, 60000, 60000, 3) == EK_ERR_LIMIT);  // stb's int indexing
  CHECK(lim(EK_IMAGE_PNG, 100000, 100000, 4) == EK_ERR_LIMIT);
  CHECK(lim(EK_IMAGE_PNG, 0xFFFFFFFFu, 1, 1) == EK_ERR_LIMIT);
  // Four channels: the row's stride (2^34 - 4 bytes) exists only with a 64-bit size_t; on a
  // 32-bit target (wasm32) it wraps and no such view exists (EK_ERR_ARG).
  CHECK(lim(EK_IMAGE_PNG, 0xFFFFFFFFu, 1, 4) ==
        (sizeof(std::size_t) >= 8 ? EK_ERR_LIMIT : EK_ERR_ARG));
  if (has(EK_IMAGE_WEBP)) {
    CHECK(lim(EK_IMAGE_WEBP, 16384, 1, 3) == EK_ERR_LIMIT);
    CHECK(lim(EK_IMAGE_WEBP, 1, 16384, 4) == EK_ERR_LIMIT);
  }
  if (has(EK_IMAGE_AVIF)) {
    CHECK(lim(EK_IMAGE_AVIF, 65537, 1, 3) == EK_ERR_LIMIT);
    CHECK(lim(EK_IMAGE_AVIF, 1, 65537, 1) == EK_ERR_LIMIT);
  }
  CHECK(out == nullptr);
}

TEST_CASE("encode: a padded (unaligned) stride gives the same file as the contiguous copy") {
  for (ek_image_format f : kAll) {
    if (!has(f)) continue;
    for (std::uint32_t c = 1; c <= 4; ++c)
      for (auto wh : {std::pair<std::uint32_t, std::uint32_t>{1, 1}, {1, 13}, {13, 1}, {37, 19}}) {
        CAPTURE(f, c, wh.first, wh.second);
        const pixels dense = make(wh.first, wh.second, c, 0, c);
        const pixels padded = make(wh.first, wh.second, c, 3, c);
        for (bool lossless : {false, true}) {
          if (lossless && f != EK_IMAGE_WEBP) continue;
          CHECK(enc(dense.view, f, 75, lossless) == enc(padded.view, f, 75, lossless));
        }
      }
  }
}

TEST_CASE("encode: no byte is read past the last pixel (padded rows, last row unpadded)") {
  // The view ends exactly at an inaccessible page: an encoder that reads the last row's padding
  // (or beyond) faults.
  for (ek_image_format f : kAll) {
    if (!has(f)) continue;
    for (std::uint32_t c = 1; c <= 4; ++c)
      for (auto wh : {std::pair<std::uint32_t, std::uint32_t>{1, 1}, {5, 3}, {31, 7}, {1, 9}}) {
        CAPTURE(f, c, wh.first, wh.second);
        const pixels src = make(wh.first, wh.second, c, 5, c + 11);
        const std::size_t bytes =
            src.view.stride * (wh.second - 1) + std::size_t(wh.first) * c;
        guarded g(bytes);
        const unsigned char *p = copy_to_end(g, src.px.data(), bytes);
        const ek::image_view v{p, wh.first, wh.second, c, src.view.stride};
        for (bool lossless : {false, true}) {
          if (lossless && f != EK_IMAGE_WEBP) continue;
          CHECK(enc(v, f, 70, lossless) == enc(src.view, f, 70, lossless));
        }
      }
  }
}

TEST_CASE("encode: random views and options encode (sanitizer sweep)") {
  std::uint32_t r = 12345;
  auto next = [&r](std::uint32_t n) {
    r = r * 1664525u + 1013904223u;
    return (r >> 8) % n;
  };
  for (int i = 0; i < 120; ++i) {
    const ek_image_format f = kAll[next(4)];
    if (!has(f)) continue;
    const std::uint32_t w = 1 + next(40), h = 1 + next(40), c = 1 + next(4);
    const pixels p = make(w, h, c, next(9), std::uint32_t(i));
    CAPTURE(i, f, w, h, c, p.view.stride);
    const auto out = enc(p.view, f, int(next(101)), next(2) == 1, int(next(11)));
    CHECK(out.size() > 8);
  }
}

TEST_CASE("encode: output starts with the format's signature") {
  const pixels p = make(17, 9, 3);
  const auto j = enc(p.view, EK_IMAGE_JPEG);
  CHECK((j[0] == 0xFF && j[1] == 0xD8 && j[j.size() - 2] == 0xFF && j.back() == 0xD9));
  const auto png = enc(p.view, EK_IMAGE_PNG);
  CHECK(std::memcmp(png.data(), "\x89PNG\r\n\x1a\n", 8) == 0);
  if (has(EK_IMAGE_WEBP)) {
    const auto w = enc(p.view, EK_IMAGE_WEBP);
    CHECK((std::memcmp(w.data(), "RIFF", 4) == 0 && std::memcmp(w.data() + 8, "WEBP", 4) == 0));
    std::uint32_t riff = 0;
    for (int i = 0; i < 4; ++i) riff |= std::uint32_t(w[4 + i]) << (8 * i);
    CHECK(riff + 8 == w.size());
  }
  if (has(EK_IMAGE_AVIF)) {
    const auto a = enc(p.view, EK_IMAGE_AVIF);
    CHECK(std::memcmp(a.data() + 4, "ftypavif", 8) == 0);
  }
}

TEST_CASE("encode: a failing allocator at every allocation is EK_ERR_NOMEM, nothing leaked") {
  for (ek_image_format f : kAll) {
    if (!has(f)) continue;
    for (std::uint32_t c : {1u, 2u, 3u, 4u}) {
      for (bool lossless : {false, true}) {
        if (lossless && f != EK_IMAGE_WEBP) continue;
        CAPTURE(f, c, lossless);
        // padded so that JPEG/PNG/WebP also take their repacking paths
        const pixels p = make(300, 200, c, 1, 7);
        ek::encode_options o;
        o.format = f, o.quality = 90, o.lossless = lossless, o.speed = 10;
        counting ok;
        ek_allocator a = ok.a();
        std::uint8_t *out = nullptr;
        std::size_t n = 0;
        REQUIRE(ek::encode(p.view, o, &out, &n, &a) == EK_OK);
        const std::vector<std::uint8_t> want(out, out + n);
        a.free(a.ctx, out);
        CHECK(ok.live == 0);
        REQUIRE(ok.calls >= 1);
        for (long k = 0; k < ok.calls; ++k) {
          counting failing;
          failing.fail_at = k;
          ek_allocator fa = failing.a();
          CAPTURE(k);
          CHECK(ek::encode(p.view, o, &out, &n, &fa) == EK_ERR_NOMEM);
          CHECK(out == nullptr);
          CHECK(n == 0);
          CHECK(failing.live == 0);
        }
        // and with the allocator working again, the same bytes
        counting again;
        ek_allocator ga = again.a();
        REQUIRE(ek::encode(p.view, o, &out, &n, &ga) == EK_OK);
        CHECK(std::vector<std::uint8_t>(out, out + n) == want);
        ga.free(ga.ctx, out);
        CHECK(again.live == 0);
      }
    }
  }
}

TEST_CASE("encode: quality 0 is the documented default") {
  const pixels p = make(64, 48, 3);
  CHECK(enc(p.view, EK_IMAGE_JPEG, 0) == enc(p.view, EK_IMAGE_JPEG, 82));
  if (has(EK_IMAGE_WEBP)) CHECK(enc(p.view, EK_IMAGE_WEBP, 0) == enc(p.view, EK_IMAGE_WEBP, 80));
  if (has(EK_IMAGE_AVIF)) CHECK(enc(p.view, EK_IMAGE_AVIF, 0) == enc(p.view, EK_IMAGE_AVIF, 60));
}

#if EK_HAVE_LIBAVIF
namespace {

// Decodes with libavif (dav1d or aom) into interleaved 8-bit RGBA.
struct avif_decoded {
  std::uint32_t w = 0, h = 0;
  bool alpha = false, mono = false;
  std::vector<std::uint8_t> rgba;
};

avif_decoded avif_decode(const std::vector<std::uint8_t> &file) {
  avif_decoded d;
  avifDecoder *dec = avifDecoderCreate();
  REQUIRE(dec != nullptr);
  avifImage *img = avifImageCreateEmpty();
  const avifResult r = avifDecoderReadMemory(dec, img, file.data(), file.size());
  REQUIRE(r == AVIF_RESULT_OK);
  d.w = img->width, d.h = img->height;
  d.alpha = img->alphaPlane != nullptr;
  d.mono = img->yuvFormat == AVIF_PIXEL_FORMAT_YUV400;
  avifRGBImage rgb;
  avifRGBImageSetDefaults(&rgb, img);
  rgb.format = AVIF_RGB_FORMAT_RGBA;
  rgb.depth = 8;
  d.rgba.resize(std::size_t(d.w) * d.h * 4);
  rgb.pixels = d.rgba.data();
  rgb.rowBytes = d.w * 4;
  REQUIRE(avifImageYUVToRGB(img, &rgb) == AVIF_RESULT_OK);
  avifImageDestroy(img);
  avifDecoderDestroy(dec);
  return d;
}

// PSNR of the colour channels of `in` against the decoded RGBA (gray compared with R, G and B).
double psnr(const pixels &in, const avif_decoded &d) {
  const ek::image_view &v = in.view;
  const std::uint32_t colours = v.channels >= 3 ? 3 : 1;
  double se = 0;
  std::size_t n = 0;
  for (std::uint32_t y = 0; y < v.height; ++y)
    for (std::uint32_t x = 0; x < v.width; ++x)
      for (std::uint32_t k = 0; k < 3; ++k) {
        const double a = v.row(y)[x * v.channels + (colours == 3 ? k : 0)];
        const double b = d.rgba[(std::size_t(y) * d.w + x) * 4 + k];
        se += (a - b) * (a - b), ++n;
      }
  const double mse = se / double(n);
  return mse == 0 ? 99.0 : 10 * std::log10(255.0 * 255.0 / mse);
}

}  // namespace

TEST_CASE("encode: AVIF round trip through libavif's decoder") {
  if (!has(EK_IMAGE_AVIF)) {
    WARN("no AV1 encoder in this libavif: AVIF encoding is EK_ERR_UNSUPPORTED");
    return;
  }
  SECTION("size, channels and alpha kept; PSNR floor") {
    for (std::uint32_t c = 1; c <= 4; ++c)
      for (auto wh : {std::pair<std::uint32_t, std::uint32_t>{1, 1}, {1, 29}, {29, 1}, {97, 61}}) {
        CAPTURE(c, wh.first, wh.second);
        const pixels p = make(wh.first, wh.second, c, 5, c);
        const avif_decoded d = avif_decode(enc(p.view, EK_IMAGE_AVIF, 80));
        CHECK(d.w == wh.first);
        CHECK(d.h == wh.second);
        CHECK(d.mono == (c <= 2));
        CHECK(d.alpha == (c == 2 || c == 4));
        CHECK(psnr(p, d) >= 30.0);
        if (c == 2 || c == 4) {  // alpha is coded losslessly
          bool same = true;
          for (std::uint32_t y = 0; y < p.view.height; ++y)
            for (std::uint32_t x = 0; x < p.view.width; ++x)
              same = same && d.rgba[(std::size_t(y) * d.w + x) * 4 + 3] ==
                                 p.view.row(y)[x * c + c - 1];
          CHECK(same);
        }
      }
  }
  SECTION("higher quality: larger file, higher PSNR") {
    const pixels p = make(160, 120, 3, 0, 9);
    std::size_t prev_size = 0;
    double prev_psnr = 0;
    for (int q : {20, 50, 80, 95}) {
      CAPTURE(q);
      const auto file = enc(p.view, EK_IMAGE_AVIF, q);
      const double s = psnr(p, avif_decode(file));
      CHECK(file.size() > prev_size);
      CHECK(s > prev_psnr);
      prev_size = file.size(), prev_psnr = s;
    }
    CHECK(prev_psnr >= 38.0);
  }
#if EK_HAVE_STB_IMAGE
  SECTION("a real photograph: PSNR floors that grow with quality, size too") {
    std::vector<unsigned char> file;
    if (std::FILE *f = std::fopen(EK_SOURCE_DIR "/examples/data/raccoon.jpg", "rb")) {
      unsigned char chunk[65536];
      std::size_t got;
      while ((got = std::fread(chunk, 1, sizeof chunk, f)) > 0)
        file.insert(file.end(), chunk, chunk + got);
      std::fclose(f);
    }
    REQUIRE(!file.empty());
    int w = 0, h = 0, c = 0;
    unsigned char *px = stbi_load_from_memory(file.data(), int(file.size()), &w, &h, &c, 3);
    REQUIRE(px != nullptr);
    pixels photo;
    photo.px.assign(px, px + std::size_t(w) * h * 3);
    stbi_image_free(px);
    photo.view = {photo.px.data(), std::uint32_t(w), std::uint32_t(h), 3, std::size_t(w) * 3};
    std::size_t prev_size = 0;
    double prev_psnr = 0;
    for (auto qf : {std::pair<int, double>{30, 28.5}, {60, 36.5}, {90, 44.5}}) {
      CAPTURE(qf.first);
      const auto out = enc(photo.view, EK_IMAGE_AVIF, qf.first, false, 8);
      const double s = psnr(photo, avif_decode(out));
      WARN("AVIF q" << qf.first << " speed 8: " << out.size() << " bytes, PSNR " << s << " dB");
      CHECK(s >= qf.second);
      CHECK(out.size() > prev_size);
      CHECK(s > prev_psnr);
      prev_size = out.size(), prev_psnr = s;
    }
  }
#endif
  SECTION("gray at quality 100 is exact (AV1 lossless, no chroma)") {
    const pixels p = make(33, 17, 1, 2, 3);
    const avif_decoded d = avif_decode(enc(p.view, EK_IMAGE_AVIF, 100));
    CHECK(psnr(p, d) == 99.0);
  }
}
#endif
