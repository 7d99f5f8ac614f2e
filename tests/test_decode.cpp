// decode/orient: against Pillow's decode of files Pillow writes (tests/decode_fixtures.py), a
// hand-computed orientation example, libavif-encoded AVIF files, limits at their boundaries,
// a failing allocator, and a hostile suite (every 1/16th truncation, random bytes, patched
// headers, mutations) that must never crash (run it under ASan/UBSan).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "edgekernels/image/decode.hpp"

#if EK_TEST_AVIF
#include <avif/avif.h>
#endif

namespace {

using bytes = std::vector<std::uint8_t>;

bytes read_file(const std::string &path) {
  std::ifstream f(path, std::ios::binary);
  REQUIRE(f.good());
  return bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

const std::string &fixtures() {
  static std::string dir = [] {
    // $TMPDIR, else the C library's temporary directory.
    const char *base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base && *base ? base : P_tmpdir) + "/ek_decode_XXXXXX";
    const char *d = mkdtemp(&tmpl[0]);
    REQUIRE(d != nullptr);
    const std::string cmd = std::string(EK_REFERENCE_PYTHON) + " " + EK_SOURCE_DIR +
                            "/tests/decode_fixtures.py " + d;
    REQUIRE(std::system(cmd.c_str()) == 0);
    return std::string(d);
  }();
  return dir;
}

struct ref_image {
  std::uint32_t w = 0, h = 0, c = 0;
  bytes px;
};

ref_image read_raw(const std::string &path) {
  const bytes b = read_file(path);
  REQUIRE(b.size() >= 12);
  ref_image r;
  std::memcpy(&r.w, &b[0], 4), std::memcpy(&r.h, &b[4], 4), std::memcpy(&r.c, &b[8], 4);
  r.px.assign(b.begin() + 12, b.end());
  REQUIRE(r.px.size() == std::size_t(r.w) * r.h * r.c);
  return r;
}

double psnr(const std::uint8_t *a, const std::uint8_t *b, std::size_t n) {
  double se = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double d = double(a[i]) - double(b[i]);
    se += d * d;
  }
  if (se == 0) return 1e9;
  return 10 * std::log10(255.0 * 255.0 * double(n) / se);
}

// Counting allocator that fails the n-th allocation (or never, n < 0).
struct counting {
  long fail_at = -1, count = 0, live = 0;
  static void *alloc(void *ctx, std::size_t n) {
    auto *c = static_cast<counting *>(ctx);
    if (c->count++ == c->fail_at) return nullptr;
    ++c->live;
    return std::malloc(n);
  }
  static void release(void *ctx, void *p) {
    --static_cast<counting *>(ctx)->live;
    std::free(p);
  }
  ek_allocator hook() { return {alloc, release, this}; }
};

struct manifest_line {
  std::string file, ref, kind;
  std::uint32_t channels, orient, minw, minh;
};

std::vector<manifest_line> manifest() {
  std::ifstream f(fixtures() + "/manifest.txt");
  REQUIRE(f.good());
  std::vector<manifest_line> v;
  manifest_line m;
  while (f >> m.file >> m.ref >> m.kind >> m.channels >> m.orient >> m.minw >> m.minh) v.push_back(m);
  REQUIRE(v.size() > 100);
  return v;
}

bool format_built(const std::string &file) {
  const unsigned d = ek::image_decoders();
  if (file.size() > 5 && file.compare(file.size() - 5, 5, ".webp") == 0) return d & EK_IMAGE_WEBP;
  return true;
}

}  // namespace

TEST_CASE("decode: Pillow-written files match Pillow's decode") {
  std::map<std::string, int> seen;
  for (const manifest_line &m : manifest()) {
    if (!format_built(m.file)) continue;
#if !EK_TEST_LIBJPEG
    if (m.kind == "jscaled") continue;  // stb: no DCT scaling, the hint is ignored
#endif
    CAPTURE(m.file, m.ref, m.channels, m.orient, m.minw, m.minh);
    const bytes in = read_file(fixtures() + "/" + m.file);
    const ref_image r = read_raw(fixtures() + "/" + m.ref);
    ek::decode_options o;
    o.channels = m.channels;
    o.apply_orientation = m.orient != 0;
    o.min_width = m.minw, o.min_height = m.minh;
    ek::image img;
    ek::image_info info{};
    REQUIRE(ek::decode(in.data(), in.size(), o, &img, &info) == EK_OK);
    CHECK(info.width >= img.width());
    REQUIRE(img.width() == r.w);
    REQUIRE(img.height() == r.h);
    REQUIRE(img.channels() == r.c);
    REQUIRE(img.bytes() == r.px.size());
    const double p = psnr(img.data(), r.px.data(), r.px.size());
    CAPTURE(p);
    if (m.kind == "exact") {
      std::size_t diff = 0;
      for (std::size_t i = 0; i < r.px.size(); ++i) diff += img.data()[i] != r.px[i];
      CHECK(diff == 0);
    } else if (m.kind == "lossy") {
      CHECK(p >= 30.0);
    } else {
      CHECK(p >= 25.0);
    }
    ++seen[m.kind];
  }
  CHECK(seen["exact"] > 50);
  CHECK(seen["lossy"] > 10);
  if (ek::image_decoders() & EK_IMAGE_WEBP) CHECK(seen["scaled"] == 4);
#if EK_TEST_LIBJPEG
  CHECK(seen["jscaled"] == 4);
#endif
}

TEST_CASE("decode: info is the probed header, orientation applied or not") {
  for (int o = 1; o <= 8; ++o) {
    const bytes in = read_file(fixtures() + "/orient" + std::to_string(o) + ".png");
    ek::image img;
    ek::image_info info{};
    ek::decode_options opt;
    REQUIRE(ek::decode(in.data(), in.size(), opt, &img, &info) == EK_OK);
    CHECK(info.format == EK_IMAGE_PNG);
    CHECK(info.width == 7);
    CHECK(info.height == 5);
    CHECK(info.channels == 3);
    CHECK(info.orientation == std::uint32_t(o));
    CHECK(img.width() == (o >= 5 ? 5u : 7u));
    opt.apply_orientation = false;
    REQUIRE(ek::decode(in.data(), in.size(), opt, &img, &info) == EK_OK);
    CHECK(img.width() == 7u);
  }
}

TEST_CASE("decode: the shrink hint is about the oriented image") {
#if EK_TEST_WEBP
  {
    // orient6.webp is stored 7 x 5 and displayed 5 x 7; at least 3 wide means a stored height
    // of at least 3: 4 x 3 stored (7 * 3 / 5 = 4.2 rounds to 4), 3 x 4 returned.
    const bytes in = read_file(fixtures() + "/orient6.webp");
    ek::decode_options o;
    o.min_width = 3;
    ek::image img;
    REQUIRE(ek::decode(in.data(), in.size(), o, &img) == EK_OK);
    CHECK(img.width() == 3);
    CHECK(img.height() == 4);
    o.apply_orientation = false;  // then the hint is about the stored image
    REQUIRE(ek::decode(in.data(), in.size(), o, &img) == EK_OK);
    CHECK(img.width() == 3);
    CHECK(img.height() == 2);
  }
#endif
  {
    // orient6.jpg is stored 56 x 40: with libjpeg-turbo, >= 10 displayed wide is 2/8 scale
    // (14 x 10 stored, 10 x 14 returned); stb returns the full size.
    const bytes in = read_file(fixtures() + "/orient6.jpg");
    ek::decode_options o;
    o.min_width = 10;
    ek::image img;
    REQUIRE(ek::decode(in.data(), in.size(), o, &img) == EK_OK);
#if EK_TEST_LIBJPEG
    CHECK(img.width() == 10);
    CHECK(img.height() == 14);
#else
    CHECK(img.width() == 40);
    CHECK(img.height() == 56);
#endif
  }
}

TEST_CASE("orient: hand-computed 2x3 example, every orientation and channel count") {
  // Stored 3 wide x 2 high:   a b c
  //                           d e f
  const char *stored = "abcdef";
  // Expected displays (row-major) and their widths.
  const char *want[9] = {nullptr, "abcdef", "cbafed", "fedcba", "defabc",
                         "adbecf", "daebfc", "fcebda", "cfbead"};
  const std::uint32_t ww[9] = {0, 3, 3, 3, 3, 2, 2, 2, 2};
  for (std::uint32_t ch = 1; ch <= 4; ++ch) {
    // Unaligned stride: 3 pixels plus 5 bytes of padding per row.
    const std::size_t stride = 3 * ch + 5;
    std::vector<std::uint8_t> buf(1 + stride * 2, 0xEE);
    for (int y = 0; y < 2; ++y)
      for (int x = 0; x < 3; ++x)
        for (std::uint32_t c = 0; c < ch; ++c)
          buf[1 + y * stride + x * ch + c] = std::uint8_t(stored[y * 3 + x] + 16 * c);
    const ek::image_view v{buf.data() + 1, 3, 2, ch, stride};
    for (std::uint32_t o = 1; o <= 8; ++o) {
      CAPTURE(ch, o);
      ek::image out;
      REQUIRE(ek::orient(v, o, &out) == EK_OK);
      REQUIRE(out.width() == ww[o]);
      REQUIRE(out.height() == 6 / ww[o]);
      REQUIRE(out.channels() == ch);
      for (int i = 0; i < 6; ++i)
        for (std::uint32_t c = 0; c < ch; ++c)
          CHECK(out.data()[i * ch + c] == std::uint8_t(want[o][i] + 16 * c));
    }
  }
  ek::image out;
  const std::uint8_t px[1] = {7};
  const ek::image_view one{px, 1, 1, 1, 1};
  for (std::uint32_t o = 1; o <= 8; ++o) {
    REQUIRE(ek::orient(one, o, &out) == EK_OK);
    CHECK(out.data()[0] == 7);
  }
  CHECK(ek::orient(one, 0, &out) == EK_ERR_ARG);
  CHECK(ek::orient(one, 9, &out) == EK_ERR_ARG);
  CHECK(ek::orient(one, 1, nullptr) == EK_ERR_NULL);
  CHECK(ek::orient(ek::image_view{}, 1, &out) == EK_ERR_ARG);
  CHECK(ek::orient_convert(one, 1, 5, &out) == EK_ERR_ARG);
}

TEST_CASE("orient: a large transpose (banded walk) equals the plain definition") {
  const std::uint32_t W = 301, H = 517;
  std::vector<std::uint8_t> src(std::size_t(W) * H * 3);
  std::mt19937 g(3);
  for (auto &b : src) b = std::uint8_t(g());
  const ek::image_view v{src.data(), W, H, 3, std::size_t(W) * 3};
  for (std::uint32_t o = 5; o <= 8; ++o) {
    ek::image out;
    REQUIRE(ek::orient(v, o, &out) == EK_OK);
    REQUIRE(out.width() == H);
    std::size_t bad = 0;
    for (std::uint32_t y = 0; y < W; ++y)
      for (std::uint32_t x = 0; x < H; ++x) {
        std::uint32_t sx, sy;
        if (o == 5) sx = y, sy = x;
        else if (o == 6) sx = y, sy = H - 1 - x;
        else if (o == 7) sx = W - 1 - y, sy = H - 1 - x;
        else sx = W - 1 - y, sy = x;
        for (int c = 0; c < 3; ++c)
          bad += out.data()[(std::size_t(y) * H + x) * 3 + c] != src[(std::size_t(sy) * W + sx) * 3 + c];
      }
    CHECK(bad == 0);
  }
}

TEST_CASE("decode: argument checks and limits at their boundaries") {
  const bytes in = read_file(fixtures() + "/rgb.png");  // 257 x 193
  ek::image img;
  ek::decode_options o;
  CHECK(ek::decode(in.data(), in.size(), o, nullptr) == EK_ERR_NULL);
  CHECK(ek::decode(nullptr, 5, o, &img) == EK_ERR_NULL);
  CHECK(ek::decode(nullptr, 0, o, &img) == EK_ERR_FORMAT);
  o.channels = 5;
  CHECK(ek::decode(in.data(), in.size(), o, &img) == EK_ERR_ARG);
  o = {};
  const std::uint64_t L = in.size();
  o.limits.max_input_bytes = L - 1;
  CHECK(ek::decode(in.data(), in.size(), o, &img) == EK_ERR_LIMIT);
  o.limits.max_input_bytes = L;
  CHECK(ek::decode(in.data(), in.size(), o, &img) == EK_OK);
  o.limits.max_input_bytes = L + 1;
  CHECK(ek::decode(in.data(), in.size(), o, &img) == EK_OK);
  o = {};
  const std::uint64_t P = 257 * 193;
  o.limits.max_pixels = P - 1;
  CHECK(ek::decode(in.data(), in.size(), o, &img) == EK_ERR_LIMIT);
  CHECK(img.bytes() == 0);
  o.limits.max_pixels = P;
  CHECK(ek::decode(in.data(), in.size(), o, &img) == EK_OK);
  o.limits.max_pixels = P + 1;
  CHECK(ek::decode(in.data(), in.size(), o, &img) == EK_OK);
  o = {};
  o.limits.max_width = 256;
  CHECK(ek::decode(in.data(), in.size(), o, &img) == EK_ERR_LIMIT);
  o.limits.max_width = 257;
  o.limits.max_height = 192;
  CHECK(ek::decode(in.data(), in.size(), o, &img) == EK_ERR_LIMIT);
  o.limits.max_height = 193;
  CHECK(ek::decode(in.data(), in.size(), o, &img) == EK_OK);
}

TEST_CASE("decode: a failing allocator gives EK_ERR_NOMEM and leaks nothing") {
  for (const char *f : {"rgb.png", "rgb.jpg", "orient6.jpg", "palt.gif", "rgb.bmp", "rgba_ll.webp",
                        "orient7.webp", "gray.png"}) {
    if (!format_built(f)) continue;
    CAPTURE(f);
    const bytes in = read_file(fixtures() + "/" + f);
    for (long k = 0; k < 4; ++k) {
      for (std::uint32_t ch : {0u, 1u, 4u}) {
        counting c;
        c.fail_at = k;
        const ek_allocator a = c.hook();
        ek::decode_options o;
        o.channels = ch;
        {
          ek::image img;
          const ek_status st = ek::decode(in.data(), in.size(), o, &img, nullptr, &a);
          CHECK((st == EK_OK || st == EK_ERR_NOMEM));
          if (c.count > k) CHECK(st == EK_ERR_NOMEM);
          if (st != EK_OK) CHECK(img.bytes() == 0);
        }
        CHECK(c.live == 0);
      }
    }
  }
}

namespace {

std::uint32_t crc32(const std::uint8_t *p, std::size_t n) {
  std::uint32_t c = 0xFFFFFFFFu;
  for (std::size_t i = 0; i < n; ++i) {
    c ^= p[i];
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  return ~c;
}

void put_be32(std::uint8_t *p, std::uint32_t v) {
  p[0] = std::uint8_t(v >> 24), p[1] = std::uint8_t(v >> 16), p[2] = std::uint8_t(v >> 8), p[3] = std::uint8_t(v);
}

// decode() on hostile input: any status but OK must be one of the documented ones, and an OK
// image has the probed size (before orientation) — under ASan nothing may be read out of bounds.
ek_status hostile(const bytes &b, const ek::decode_options &o = {}) {
  // A private copy of exactly b.size() bytes so ASan sees any overread.
  std::uint8_t *p = static_cast<std::uint8_t *>(std::malloc(b.size() ? b.size() : 1));
  if (!b.empty()) std::memcpy(p, b.data(), b.size());
  ek::image img;
  ek::image_info info{};
  const ek_status st = ek::decode(p, b.size(), o, &img, &info);
  std::free(p);
  CHECK((st == EK_OK || st == EK_ERR_FORMAT || st == EK_ERR_LIMIT || st == EK_ERR_UNSUPPORTED));
  if (st == EK_OK) {
    const bool swap = info.orientation >= 5;
    CHECK(img.width() == (swap ? info.height : info.width));
    CHECK(img.height() == (swap ? info.width : info.height));
  } else {
    CHECK(img.bytes() == 0);
  }
  return st;
}

std::vector<std::string> hostile_files() {
  std::vector<std::string> v = {"gray.png", "la.png", "rgba.png", "pal.png", "palt.png",
                                "bilevel.png", "gray.jpg", "rgb.jpg", "prog.jpg", "orient6.jpg",
                                "rgb.bmp", "pal.bmp", "bilevel.bmp", "pal.gif", "palt.gif",
                                "anim.gif", "rgb_ll.webp", "rgba.webp", "orient8.webp"};
  std::vector<std::string> out;
  for (auto &f : v)
    if (format_built(f)) out.push_back(f);
  return out;
}

}  // namespace

TEST_CASE("decode: every 1/16th truncation is EK_ERR_FORMAT") {
  for (const std::string &f : hostile_files()) {
    const bytes in = read_file(fixtures() + "/" + f);
    for (std::size_t k = 0; k < 16; ++k) {
      CAPTURE(f, k);
      const bytes cut(in.begin(), in.begin() + std::ptrdiff_t(in.size() * k / 16));
      const ek_status st = hostile(cut);
      // An animation cut after its first frame still holds a whole first frame.
      if (f != "anim.gif" || k < 8) CHECK(st == EK_ERR_FORMAT);
    }
    // The last bytes matter too (a missing JPEG EOI, PNG IEND, GIF block terminator).
    for (std::size_t k = 1; k <= 3; ++k) {
      CAPTURE(f, k);
      const bytes cut(in.begin(), in.end() - std::ptrdiff_t(k));
      hostile(cut);
    }
  }
}

TEST_CASE("decode: random bytes and mutated files never crash") {
  std::mt19937 g(12345);
  for (int i = 0; i < 200; ++i) {
    bytes b(g() % 2000);
    for (auto &x : b) x = std::uint8_t(g());
    CHECK(hostile(b) != EK_OK);
  }
  for (const std::string &f : hostile_files()) {
    const bytes in = read_file(fixtures() + "/" + f);
    for (int i = 0; i < 60; ++i) {
      bytes b = in;
      const int flips = 1 + int(g() % 8);
      for (int k = 0; k < flips; ++k) {
        // Mostly near the header, where the structure is.
        const std::size_t lim = (g() & 1) ? std::min<std::size_t>(b.size(), 400) : b.size();
        b[g() % lim] = std::uint8_t(g());
      }
      CAPTURE(f, i);
      hostile(b);
    }
  }
}

TEST_CASE("decode: zero, 2^31 and bomb dimensions are rejected before allocating") {
  // A 100000 x 100000 PNG header (valid CRC) followed by a tiny IDAT: a decompression bomb.
  {
    bytes png = read_file(fixtures() + "/rgb.png");
    put_be32(&png[16], 100000), put_be32(&png[20], 100000);
    put_be32(&png[29], crc32(&png[12], 17));
    counting c;
    const ek_allocator a = c.hook();
    ek::image img;
    CHECK(ek::decode(png.data(), png.size(), {}, &img, nullptr, &a) == EK_ERR_LIMIT);
    CHECK(c.count == 0);
    for (std::uint32_t w : {0u, 0x80000000u, 0xFFFFFFFFu}) {
      put_be32(&png[16], w), put_be32(&png[20], 5);
      put_be32(&png[29], crc32(&png[12], 17));
      CHECK(hostile(png) == (w == 0 ? EK_ERR_FORMAT : EK_ERR_LIMIT));
      put_be32(&png[16], 5), put_be32(&png[20], w);
      put_be32(&png[29], crc32(&png[12], 17));
      CHECK(hostile(png) == (w == 0 ? EK_ERR_FORMAT : EK_ERR_LIMIT));
    }
    // Within the limits but a lie: 10000 x 10000 declared, 257 x 193 worth of data.
    put_be32(&png[16], 10000), put_be32(&png[20], 10000);
    put_be32(&png[29], crc32(&png[12], 17));
    ek::decode_options small;
    small.limits.max_pixels = 1000000;
    CHECK(hostile(png, small) == EK_ERR_LIMIT);
    CHECK(hostile(png) == EK_ERR_FORMAT);
  }
  // GIF (16-bit logical screen): 0 and 65535 x 65535 (4.3 GP > 100 MP).
  {
    bytes gif = read_file(fixtures() + "/pal.gif");
    for (std::uint32_t v : {0u, 65535u}) {
      bytes b = gif;
      b[6] = b[7] = b[8] = b[9] = std::uint8_t(v & 0xFF);
      CHECK(hostile(b) == (v == 0 ? EK_ERR_FORMAT : EK_ERR_LIMIT));
    }
  }
  // BMP (32-bit signed): 0, 2^31 and -2^31.
  {
    bytes bmp = read_file(fixtures() + "/rgb.bmp");
    for (std::uint32_t v : {0u, 0x80000000u, 0x7FFFFFFFu}) {
      for (int field : {18, 22}) {
        bytes b = bmp;
        for (int i = 0; i < 4; ++i) b[std::size_t(field + i)] = std::uint8_t(v >> (8 * i));
        const ek_status st = hostile(b);
        CHECK(st != EK_OK);
        if (v == 0) CHECK(st == EK_ERR_FORMAT);
      }
    }
  }
  // JPEG SOF (16-bit): 0 and 65535.
  {
    bytes jpg = read_file(fixtures() + "/rgb.jpg");
    std::size_t sof = 0;
    for (std::size_t i = 2; i + 9 < jpg.size(); ++i)
      if (jpg[i] == 0xFF && (jpg[i + 1] == 0xC0 || jpg[i + 1] == 0xC2)) {
        sof = i;
        break;
      }
    REQUIRE(sof > 0);
    for (std::uint32_t v : {0u, 65535u}) {
      bytes b = jpg;
      b[sof + 5] = b[sof + 6] = b[sof + 7] = b[sof + 8] = std::uint8_t(v & 0xFF);
      CHECK(hostile(b) == (v == 0 ? EK_ERR_FORMAT : EK_ERR_LIMIT));
    }
  }
}

#if EK_TEST_AVIF
namespace {

bytes avif_encode(const std::vector<std::uint8_t> &rgba, std::uint32_t w, std::uint32_t h,
                  bool alpha, bool mono, std::uint32_t depth, int irot) {
  avifImage *im = avifImageCreate(w, h, depth, mono ? AVIF_PIXEL_FORMAT_YUV400 : AVIF_PIXEL_FORMAT_YUV444);
  REQUIRE(im != nullptr);
  avifRGBImage rgb;
  avifRGBImageSetDefaults(&rgb, im);
  rgb.format = AVIF_RGB_FORMAT_RGBA;
  rgb.depth = 8;
  rgb.pixels = const_cast<std::uint8_t *>(rgba.data());
  rgb.rowBytes = w * 4;
  if (!alpha) rgb.ignoreAlpha = AVIF_TRUE;
  REQUIRE(avifImageRGBToYUV(im, &rgb) == AVIF_RESULT_OK);
  if (irot >= 0) {
    im->transformFlags |= AVIF_TRANSFORM_IROT;
    im->irot.angle = std::uint8_t(irot);
  }
  avifEncoder *enc = avifEncoderCreate();
  REQUIRE(enc != nullptr);
  enc->speed = 10;
  enc->minQuantizer = enc->maxQuantizer = 4;
  enc->minQuantizerAlpha = enc->maxQuantizerAlpha = 0;
  avifRWData out = AVIF_DATA_EMPTY;
  const avifResult r = avifEncoderWrite(enc, im, &out);
  avifEncoderDestroy(enc);
  avifImageDestroy(im);
  if (r == AVIF_RESULT_NO_CODEC_AVAILABLE) return {};
  REQUIRE(r == AVIF_RESULT_OK);
  bytes b(out.data, out.data + out.size);
  avifRWDataFree(&out);
  return b;
}

}  // namespace

TEST_CASE("decode: AVIF encoded by libavif (8/10-bit, gray, alpha, irot), hostile prefixes") {
  if (!(ek::image_decoders() & EK_IMAGE_AVIF)) return;
  const std::uint32_t W = 37, H = 23;
  std::vector<std::uint8_t> rgba(std::size_t(W) * H * 4);
  for (std::uint32_t y = 0; y < H; ++y)
    for (std::uint32_t x = 0; x < W; ++x) {
      std::uint8_t *p = &rgba[(std::size_t(y) * W + x) * 4];
      p[0] = std::uint8_t(x * 6), p[1] = std::uint8_t(y * 10), p[2] = std::uint8_t(128 + x - y);
      p[3] = std::uint8_t(x * 7);
    }
  for (bool mono : {false, true})
    for (bool alpha : {false, true})
      for (std::uint32_t depth : {8u, 10u}) {
        CAPTURE(mono, alpha, depth);
        const bytes f = avif_encode(rgba, W, H, alpha, mono, depth, -1);
        if (f.empty()) {
          WARN("no AV1 encoder in libavif");
          return;
        }
        ek::image img;
        ek::image_info info{};
        REQUIRE(ek::decode(f.data(), f.size(), {}, &img, &info) == EK_OK);
        const std::uint32_t ch = (mono ? 1 : 3) + (alpha ? 1 : 0);
        REQUIRE(img.channels() == ch);
        REQUIRE(img.width() == W);
        // Reference: the source converted to the same channels by the documented rules.
        std::vector<std::uint8_t> want(std::size_t(W) * H * ch);
        ek::image ref;
        REQUIRE(ek::orient_convert(ek::image_view{rgba.data(), W, H, 4, W * 4}, 1, ch, &ref) == EK_OK);
        const double p = psnr(img.data(), ref.data(), ref.bytes());
        CAPTURE(p);
        CHECK(p >= 30.0);
        for (std::size_t k = 0; k < 16; ++k) {
          const bytes cut(f.begin(), f.begin() + std::ptrdiff_t(f.size() * k / 16));
          CHECK(hostile(cut) == EK_ERR_FORMAT);
        }
      }
  // irot (anticlockwise quarter turns) is applied: angle 1 displays as EXIF 8 (rotate 270 CW).
  const bytes f = avif_encode(rgba, W, H, false, false, 8, 1);
  ek::image img, ref;
  ek::image_info info{};
  REQUIRE(ek::decode(f.data(), f.size(), {}, &img, &info) == EK_OK);
  CHECK(info.orientation == 8);
  REQUIRE(img.width() == H);
  REQUIRE(img.height() == W);
  REQUIRE(ek::orient_convert(ek::image_view{rgba.data(), W, H, 4, W * 4}, 8, 3, &ref) == EK_OK);
  CHECK(psnr(img.data(), ref.data(), ref.bytes()) >= 30.0);
  // Limits reach libavif too.
  ek::decode_options o;
  o.limits.max_pixels = W * H - 1;
  CHECK(ek::decode(f.data(), f.size(), o, &img) == EK_ERR_LIMIT);
  // Failing allocator.
  for (long k = 0; k < 3; ++k) {
    counting c;
    c.fail_at = k;
    const ek_allocator a = c.hook();
    {
      ek::image out;
      const ek_status st = ek::decode(f.data(), f.size(), {}, &out, nullptr, &a);
      CHECK((st == EK_OK || st == EK_ERR_NOMEM));
    }
    CHECK(c.live == 0);
  }
}
#endif
