// probe: tiny files of every format built byte by byte here (sizes, channel rules, tRNS, GIF
// transparency, BMP masks, the three WebP flavours, AVIF properties), EXIF orientation 1..8 in
// both byte orders (JPEG APP1, PNG eXIf, WebP EXIF) and the AVIF irot/imir mapping; hostile
// input: every prefix of every file (each copied to an exact-size heap buffer so ASan sees any
// overread), zero, 2^31 and 100000x100000 dimensions, random bytes and random mutations; the
// limits; the C ABI's validation.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "edgekernels/edgekernels.h"
#include "edgekernels/image/probe.hpp"
#include "test_rng.hpp"

namespace {

using bytes = std::vector<unsigned char>;

void put(bytes &b, const char *s, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) b.push_back(static_cast<unsigned char>(s[i]));
}
void put(bytes &b, const char *s) { put(b, s, std::strlen(s)); }
void put(bytes &b, const bytes &x) {
  for (unsigned char c : x) b.push_back(c);  // not insert: g++ 12 warns (falsely) on empty ranges
}
void be16(bytes &b, std::uint32_t v) { b.push_back(std::uint8_t(v >> 8)); b.push_back(std::uint8_t(v)); }
void be32(bytes &b, std::uint32_t v) { be16(b, v >> 16); be16(b, v & 0xFFFF); }
void le16(bytes &b, std::uint32_t v) { b.push_back(std::uint8_t(v)); b.push_back(std::uint8_t(v >> 8)); }
void le24(bytes &b, std::uint32_t v) { le16(b, v & 0xFFFF); b.push_back(std::uint8_t(v >> 16)); }
void le32(bytes &b, std::uint32_t v) { le16(b, v & 0xFFFF); le16(b, v >> 16); }

// A TIFF structure with IFD0 = {0x010F Make, 0x0112 Orientation, 0x0131 Software}.
bytes tiff(std::uint32_t orientation, bool little) {
  bytes b;
  auto w16 = [&](std::uint32_t v) { little ? le16(b, v) : be16(b, v); };
  auto w32 = [&](std::uint32_t v) { little ? le32(b, v) : be32(b, v); };
  put(b, little ? "II*\0" : "MM\0*", 4);
  w32(8);
  w16(3);
  w16(0x010F); w16(2); w32(4); put(b, "ekk\0", 4);
  w16(0x0112); w16(3); w32(1); w16(orientation); w16(0);
  w16(0x0131); w16(2); w32(3); put(b, "ek\0\0", 4);
  w32(0);
  return b;
}

bytes jpeg(std::uint32_t w, std::uint32_t h, int components, const bytes *exif = nullptr, int sof = 0xC0) {
  bytes b = {0xFF, 0xD8};
  put(b, "\xFF\xE0", 2); be16(b, 16); put(b, "JFIF\0\1\1\0\0\1\0\1\0\0", 14);
  if (exif) { put(b, "\xFF\xE1", 2); be16(b, std::uint32_t(2 + 6 + exif->size())); put(b, "Exif\0\0", 6); put(b, *exif); }
  put(b, "\xFF\xDB", 2); be16(b, 67); b.push_back(0); b.insert(b.end(), 64, 1);
  put(b, "\xFF\xFF", 2);  // a fill byte before the marker
  b.push_back(std::uint8_t(sof)); be16(b, std::uint32_t(8 + 3 * components)); b.push_back(8); be16(b, h); be16(b, w);
  b.push_back(std::uint8_t(components));
  for (int c = 0; c < components; ++c) { b.push_back(std::uint8_t(c + 1)); b.push_back(0x11); b.push_back(0); }
  put(b, "\xFF\xDA\0\x08\x01\x01\x00\x00\x3f\x00", 10);
  b.insert(b.end(), 32, 0x55);
  put(b, "\xFF\xD9", 2);
  return b;
}

void png_chunk(bytes &b, const char *type, const bytes &data) {
  be32(b, std::uint32_t(data.size())); put(b, type, 4); put(b, data); be32(b, 0);  // CRC not checked
}
bytes png(std::uint32_t w, std::uint32_t h, int depth, int type, bool trns = false, const bytes *exif = nullptr) {
  bytes b;
  put(b, "\x89PNG\r\n\x1a\n", 8);
  bytes ihdr;
  be32(ihdr, w); be32(ihdr, h); ihdr.push_back(std::uint8_t(depth)); ihdr.push_back(std::uint8_t(type));
  ihdr.push_back(0); ihdr.push_back(0); ihdr.push_back(0);
  png_chunk(b, "IHDR", ihdr);
  png_chunk(b, "tEXt", bytes(20, 'x'));
  if (type == 3) png_chunk(b, "PLTE", bytes(6, 0));
  if (trns) png_chunk(b, "tRNS", bytes(type == 2 ? 6 : 2, 0));
  if (exif) png_chunk(b, "eXIf", *exif);
  png_chunk(b, "IDAT", bytes(10, 0));
  if (!trns) png_chunk(b, "tRNS", bytes(2, 0));  // after IDAT: ignored
  png_chunk(b, "IEND", {});
  return b;
}

bytes gif(std::uint32_t w, std::uint32_t h, bool gct, bool gce, bool transparent) {
  bytes b;
  put(b, "GIF89a");
  le16(b, w); le16(b, h); b.push_back(gct ? 0x81 : 0x00); b.push_back(0); b.push_back(0);
  if (gct) b.insert(b.end(), 12, 0x7F);  // 4 entries
  put(b, "\x21\xFF\x0BNETSCAPE2.0\x03\x01\x00\x00\x00", 19);  // an application extension first
  if (gce) { put(b, "\x21\xF9\x04", 3); b.push_back(transparent ? 0x05 : 0x04); put(b, "\x0a\x00\x00\x00", 4); }
  b.push_back(0x2C); le16(b, 0); le16(b, 0); le16(b, w); le16(b, h); b.push_back(0);
  put(b, "\x02\x02\x44\x01\x00\x3B", 6);
  return b;
}

bytes bmp(std::int32_t w, std::int32_t h, int bpp, std::uint32_t header = 40, std::uint32_t comp = 0,
          std::uint32_t alpha_mask = 0) {
  bytes b;
  put(b, "BM"); le32(b, 0); le32(b, 0); le32(b, 14 + header + 16);
  le32(b, header);
  if (header == 12) {
    le16(b, std::uint32_t(w)); le16(b, std::uint32_t(h)); le16(b, 1); le16(b, std::uint32_t(bpp));
  } else {
    le32(b, std::uint32_t(w)); le32(b, std::uint32_t(h)); le16(b, 1); le16(b, std::uint32_t(bpp)); le32(b, comp);
    le32(b, 0); le32(b, 2835); le32(b, 2835); le32(b, 0); le32(b, 0);
    if (header >= 52) { le32(b, 0xFF0000); le32(b, 0xFF00); le32(b, 0xFF); }
    if (header >= 56) le32(b, alpha_mask);
    b.insert(b.end(), header - (header >= 56 ? 56 : header >= 52 ? 52 : 40), 0);
    if (header == 40 && (comp == 3 || comp == 6)) {
      le32(b, 0xFF0000); le32(b, 0xFF00); le32(b, 0xFF);
      if (comp == 6) le32(b, alpha_mask);
    }
  }
  b.insert(b.end(), 16, 0xAA);
  return b;
}

void riff_chunk(bytes &b, const char *type, const bytes &data) {
  put(b, type, 4); le32(b, std::uint32_t(data.size())); put(b, data);
  if (data.size() & 1) b.push_back(0);
}
bytes riff(const bytes &chunks) {
  bytes b;
  put(b, "RIFF"); le32(b, std::uint32_t(4 + chunks.size())); put(b, "WEBP"); put(b, chunks);
  return b;
}
bytes webp_vp8(std::uint32_t w, std::uint32_t h) {
  bytes d;
  le24(d, 0x12340);  // key frame, version 0, show frame, partition size
  put(d, "\x9d\x01\x2a", 3); le16(d, w | 0x4000); le16(d, h | 0x8000);  // scale bits set: ignored
  d.insert(d.end(), 11, 0);
  bytes c;
  riff_chunk(c, "VP8 ", d);
  return riff(c);
}
bytes webp_vp8l(std::uint32_t w, std::uint32_t h, bool alpha) {
  bytes d = {0x2F};
  le32(d, (w - 1) | ((h - 1) << 14) | (alpha ? 1u << 28 : 0u));
  d.insert(d.end(), 6, 0);
  bytes c;
  riff_chunk(c, "VP8L", d);
  return riff(c);
}
bytes webp_vp8x(std::uint32_t w, std::uint32_t h, bool alpha, const bytes *exif = nullptr) {
  bytes x = {std::uint8_t((alpha ? 0x10 : 0) | (exif ? 0x08 : 0)), 0, 0, 0};
  le24(x, w - 1); le24(x, h - 1);
  bytes c;
  riff_chunk(c, "VP8X", x);
  if (alpha) riff_chunk(c, "ALPH", bytes(5, 0));
  bytes vp8 = webp_vp8(w & 0x3FFF, h & 0x3FFF);
  for (std::size_t i = 12; i < vp8.size(); ++i) c.push_back(vp8[i]);
  if (exif) riff_chunk(c, "EXIF", *exif);
  return riff(c);
}

bytes box(const char *type, const bytes &body) {
  bytes b;
  be32(b, std::uint32_t(8 + body.size())); put(b, type, 4); put(b, body);
  return b;
}
bytes fullbox(const char *type, std::uint8_t version, const bytes &body) {
  bytes b = {version, 0, 0, 0};
  put(b, body);
  return box(type, b);
}
struct avif_opts {
  std::uint32_t w = 64, h = 48;
  bool mono = false, alpha = false, pixi = false;
  int pixi_channels = 3;
  int irot = -1, imir = -1;
  const char *brand = "avif";
};
bytes avif(const avif_opts &o) {
  bytes ft;
  put(ft, "mif1"); be32(ft, 0); put(ft, "mif1"); put(ft, "miaf"); put(ft, o.brand, 4);
  bytes ipco, assoc_primary, assoc_alpha;
  int n = 0;
  auto add = [&](const bytes &prop, bytes &assoc, bool share = false) {
    put(ipco, prop);
    ++n;
    assoc.push_back(std::uint8_t(0x80 | n));
    if (share) assoc_alpha.push_back(std::uint8_t(n));
  };
  bytes ispe_alpha;
  be32(ispe_alpha, 1); be32(ispe_alpha, 1);  // a decoy: the alpha item's own (wrong) size, first
  if (o.alpha) add(fullbox("ispe", 0, ispe_alpha), assoc_alpha);
  bytes av1c = {0x81, 0x00, std::uint8_t(o.mono ? 0x1C : 0x0C), 0x00};
  add(box("av1C", av1c), assoc_primary);
  bytes ispe;
  be32(ispe, o.w); be32(ispe, o.h);
  add(fullbox("ispe", 0, ispe), assoc_primary);
  if (o.pixi) {
    bytes p = {std::uint8_t(o.pixi_channels)};
    p.insert(p.end(), std::size_t(o.pixi_channels), 8);
    add(fullbox("pixi", 0, p), assoc_primary);
  }
  if (o.irot >= 0) add(box("irot", {std::uint8_t(o.irot)}), assoc_primary);
  if (o.imir >= 0) add(box("imir", {std::uint8_t(o.imir)}), assoc_primary);
  if (o.alpha) {
    bytes aux;
    put(aux, "urn:mpeg:mpegB:cicp:systems:auxiliary:alpha", 44);
    add(fullbox("auxC", 0, aux), assoc_alpha);
  }
  bytes ipma_body;
  be32(ipma_body, o.alpha ? 2 : 1);
  if (o.alpha) { be16(ipma_body, 2); ipma_body.push_back(std::uint8_t(assoc_alpha.size())); put(ipma_body, assoc_alpha); }
  be16(ipma_body, 1); ipma_body.push_back(std::uint8_t(assoc_primary.size())); put(ipma_body, assoc_primary);
  bytes iprp_body = box("ipco", ipco);
  put(iprp_body, fullbox("ipma", 0, ipma_body));
  bytes meta;
  bytes hdlr(4, 0);
  put(hdlr, "pict"); hdlr.insert(hdlr.end(), 13, 0);
  put(meta, fullbox("hdlr", 0, hdlr));
  bytes pitm;
  be16(pitm, 1);
  put(meta, fullbox("pitm", 0, pitm));
  put(meta, box("iprp", iprp_body));
  bytes b = box("ftyp", ft);
  put(b, fullbox("meta", 0, meta));
  put(b, box("mdat", bytes(16, 0x42)));
  return b;
}

// Probes a copy in an exact-size heap block, so that ASan reports any read past len.
ek_status run(const bytes &b, ek_image_info *out, const ek::image_limits &l = ek::image_limits()) {
  std::unique_ptr<unsigned char[]> copy(new unsigned char[b.size() ? b.size() : 1]);
  if (!b.empty()) std::memcpy(copy.get(), b.data(), b.size());
  return ek::probe(copy.get(), b.size(), l, out);
}

ek_image_info probe_ok(const bytes &b) {
  ek_image_info info{};
  REQUIRE(run(b, &info) == EK_OK);
  return info;
}

void check(const bytes &b, ek_image_format f, std::uint32_t w, std::uint32_t h, std::uint32_t ch,
           std::uint32_t orientation = 1) {
  const ek_image_info i = probe_ok(b);
  CHECK(i.format == f);
  CHECK(i.width == w);
  CHECK(i.height == h);
  CHECK(i.channels == ch);
  CHECK(i.orientation == orientation);
}

ek_status status(const bytes &b) {
  ek_image_info info{};
  return run(b, &info);
}

// One valid file of every kind, for the hostile-input tests.
std::vector<bytes> corpus() {
  const bytes t1 = tiff(6, true), t2 = tiff(3, false);
  avif_opts a;
  a.alpha = true; a.irot = 1; a.imir = 0;
  return {jpeg(640, 480, 3, &t1), jpeg(17, 9, 1), png(640, 480, 8, 2, true, &t2), png(5, 7, 4, 3),
          gif(300, 200, true, true, true), gif(3, 2, false, false, false), bmp(40, -30, 32, 124, 3, 0xFF000000u),
          bmp(12, 13, 24, 12), bmp(7, 8, 32, 40, 6, 0xFF000000u), webp_vp8(800, 600), webp_vp8l(123, 456, true),
          webp_vp8x(4000, 3000, true, &t1), avif(a), avif(avif_opts())};
}

}  // namespace

TEST_CASE("probe: JPEG", "[probe]") {
  check(jpeg(640, 480, 3), EK_IMAGE_JPEG, 640, 480, 3);
  check(jpeg(1, 1, 1), EK_IMAGE_JPEG, 1, 1, 1);
  check(jpeg(65535, 1000, 4), EK_IMAGE_JPEG, 65535, 1000, 3);  // CMYK decodes to RGB
  for (int sof = 0xC0; sof <= 0xCF; ++sof) {
    if (sof == 0xC4 || sof == 0xC8 || sof == 0xCC) {
      CHECK(status(jpeg(10, 10, 3, nullptr, sof)) == EK_ERR_FORMAT);  // not a SOF: scan reached first
    } else {
      check(jpeg(10, 20, 3, nullptr, sof), EK_IMAGE_JPEG, 10, 20, 3);
    }
  }
  CHECK(status(jpeg(10, 10, 2)) == EK_ERR_FORMAT);
  CHECK(status(jpeg(10, 0, 3)) == EK_ERR_FORMAT);  // DNL-defined height: unsupported here
  CHECK(status(jpeg(0, 10, 3)) == EK_ERR_FORMAT);
}

TEST_CASE("probe: PNG colour types, bit depths and tRNS", "[probe]") {
  check(png(640, 480, 8, 2), EK_IMAGE_PNG, 640, 480, 3);
  check(png(640, 480, 16, 6), EK_IMAGE_PNG, 640, 480, 4);
  check(png(1, 2, 1, 0), EK_IMAGE_PNG, 1, 2, 1);
  check(png(1, 2, 8, 4), EK_IMAGE_PNG, 1, 2, 2);
  check(png(3, 3, 4, 3), EK_IMAGE_PNG, 3, 3, 3);
  check(png(3, 3, 8, 0, true), EK_IMAGE_PNG, 3, 3, 2);
  check(png(3, 3, 8, 2, true), EK_IMAGE_PNG, 3, 3, 4);
  check(png(3, 3, 2, 3, true), EK_IMAGE_PNG, 3, 3, 4);
  CHECK(status(png(3, 3, 4, 2)) == EK_ERR_FORMAT);   // RGB needs 8 or 16 bits
  CHECK(status(png(3, 3, 16, 3)) == EK_ERR_FORMAT);  // palette at most 8 bits
  CHECK(status(png(3, 3, 8, 5)) == EK_ERR_FORMAT);
  CHECK(status(png(0, 3, 8, 2)) == EK_ERR_FORMAT);
  CHECK(status(png(3, 0, 8, 2)) == EK_ERR_FORMAT);
}

TEST_CASE("probe: GIF transparency rule", "[probe]") {
  check(gif(300, 200, true, true, true), EK_IMAGE_GIF, 300, 200, 4);
  check(gif(300, 200, true, true, false), EK_IMAGE_GIF, 300, 200, 3);
  check(gif(300, 200, false, false, false), EK_IMAGE_GIF, 300, 200, 3);
  bytes b = gif(5, 5, false, false, false);
  b[4] = '7';  // GIF87a
  check(b, EK_IMAGE_GIF, 5, 5, 3);
  CHECK(status(gif(0, 5, true, false, false)) == EK_ERR_FORMAT);
  bytes no_image;
  put(no_image, "GIF89a\x05\x00\x05\x00\x00\x00\x00\x3B", 14);
  CHECK(status(no_image) == EK_ERR_FORMAT);
}

TEST_CASE("probe: BMP headers, top-down and alpha masks", "[probe]") {
  check(bmp(640, 480, 24), EK_IMAGE_BMP, 640, 480, 3);
  check(bmp(640, -480, 24), EK_IMAGE_BMP, 640, 480, 3);
  check(bmp(16, 16, 8), EK_IMAGE_BMP, 16, 16, 3);
  check(bmp(16, 16, 8, 40, 1), EK_IMAGE_BMP, 16, 16, 3);
  check(bmp(16, 16, 32), EK_IMAGE_BMP, 16, 16, 3);  // BI_RGB: the 4th byte is padding
  check(bmp(16, 16, 32, 40, 3), EK_IMAGE_BMP, 16, 16, 3);
  check(bmp(16, 16, 32, 40, 6, 0xFF000000u), EK_IMAGE_BMP, 16, 16, 4);
  check(bmp(16, 16, 32, 40, 6, 0), EK_IMAGE_BMP, 16, 16, 3);
  for (std::uint32_t hs : {56u, 108u, 124u}) {
    check(bmp(9, -7, 32, hs, 3, 0xFF000000u), EK_IMAGE_BMP, 9, 7, 4);
    check(bmp(9, 7, 32, hs, 3, 0), EK_IMAGE_BMP, 9, 7, 3);
    check(bmp(9, 7, 32, hs, 0, 0xFF000000u), EK_IMAGE_BMP, 9, 7, 3);
  }
  check(bmp(9, 7, 24, 52), EK_IMAGE_BMP, 9, 7, 3);
  check(bmp(300, 200, 24, 12), EK_IMAGE_BMP, 300, 200, 3);
  CHECK(status(bmp(9, 7, 24, 40, 4)) == EK_ERR_UNSUPPORTED);
  CHECK(status(bmp(9, 7, 24, 40, 5)) == EK_ERR_UNSUPPORTED);
  CHECK(status(bmp(9, 7, 24, 40, 7)) == EK_ERR_FORMAT);
  CHECK(status(bmp(9, 7, 13)) == EK_ERR_FORMAT);
  CHECK(status(bmp(9, 7, 24, 41)) == EK_ERR_FORMAT);
  CHECK(status(bmp(-9, 7, 24)) == EK_ERR_FORMAT);
  CHECK(status(bmp(9, INT32_MIN, 24)) == EK_ERR_FORMAT);
  CHECK(status(bmp(0, 7, 24)) == EK_ERR_FORMAT);
  CHECK(status(bmp(9, 0, 24)) == EK_ERR_FORMAT);
}

TEST_CASE("probe: WebP VP8, VP8L, VP8X", "[probe]") {
  check(webp_vp8(800, 600), EK_IMAGE_WEBP, 800, 600, 3);
  check(webp_vp8(16383, 1), EK_IMAGE_WEBP, 16383, 1, 3);
  check(webp_vp8l(123, 456, true), EK_IMAGE_WEBP, 123, 456, 4);
  check(webp_vp8l(16384, 1, false), EK_IMAGE_WEBP, 16384, 1, 3);
  check(webp_vp8x(4000, 3000, true), EK_IMAGE_WEBP, 4000, 3000, 4);
  check(webp_vp8x(20000, 30, false), EK_IMAGE_WEBP, 20000, 30, 3);
  check(webp_vp8x(1 << 24, 1, false), EK_IMAGE_WEBP, 1u << 24, 1, 3);
  CHECK(status(webp_vp8(0, 10)) == EK_ERR_FORMAT);
  bytes inter = webp_vp8(10, 10);
  inter[20] |= 1;  // an interframe cannot start a file
  CHECK(status(inter) == EK_ERR_FORMAT);
  bytes v = webp_vp8l(10, 10, false);
  v[24] |= 0x20;  // version 1
  CHECK(status(v) == EK_ERR_FORMAT);
}

TEST_CASE("probe: AVIF properties of the primary item", "[probe]") {
  check(avif(avif_opts()), EK_IMAGE_AVIF, 64, 48, 3);
  avif_opts o;
  o.alpha = true;
  check(avif(o), EK_IMAGE_AVIF, 64, 48, 4);
  o.mono = true;
  check(avif(o), EK_IMAGE_AVIF, 64, 48, 2);
  o.alpha = false;
  check(avif(o), EK_IMAGE_AVIF, 64, 48, 1);
  o = avif_opts();
  o.pixi = true;
  o.pixi_channels = 1;
  check(avif(o), EK_IMAGE_AVIF, 64, 48, 1);
  o.pixi_channels = 2;
  CHECK(status(avif(o)) == EK_ERR_FORMAT);
  o = avif_opts();
  o.brand = "avis";
  check(avif(o), EK_IMAGE_AVIF, 64, 48, 3);
  o.brand = "heic";
  CHECK(status(avif(o)) == EK_ERR_FORMAT);
  o = avif_opts();
  o.w = 0;
  CHECK(status(avif(o)) == EK_ERR_FORMAT);
  // irot (anticlockwise quarter turns) then imir (mode 0: top-to-bottom flip, 1: left-to-right),
  // as the EXIF orientation that displays the same.
  const std::uint32_t plain[4] = {1, 8, 3, 6}, mode0[4] = {4, 5, 2, 7}, mode1[4] = {2, 7, 4, 5};
  for (int r = 0; r < 4; ++r) {
    o = avif_opts();
    o.irot = r;
    check(avif(o), EK_IMAGE_AVIF, 64, 48, 3, plain[r]);
    o.imir = 0;
    check(avif(o), EK_IMAGE_AVIF, 64, 48, 3, mode0[r]);
    o.imir = 1;
    check(avif(o), EK_IMAGE_AVIF, 64, 48, 3, mode1[r]);
  }
}

TEST_CASE("probe: AVIF orientation table agrees with composing the transforms", "[probe]") {
  // The display transform of each EXIF orientation as a map of (x, y) on a w x h image, and the
  // irot/imir composition computed point by point on a 3 x 2 image.
  struct pt { int x, y; };
  const int W = 3, H = 2;
  auto exif_map = [&](std::uint32_t o, pt p) -> pt {
    switch (o) {
      case 1: return p;
      case 2: return {W - 1 - p.x, p.y};
      case 3: return {W - 1 - p.x, H - 1 - p.y};
      case 4: return {p.x, H - 1 - p.y};
      case 5: return {p.y, p.x};
      case 6: return {H - 1 - p.y, p.x};
      case 7: return {H - 1 - p.y, W - 1 - p.x};
      default: return {p.y, W - 1 - p.x};  // 8
    }
  };
  for (int r = 0; r < 4; ++r) {
    for (int m = -1; m <= 1; ++m) {
      avif_opts o;
      o.irot = r;
      o.imir = m;
      const std::uint32_t got = probe_ok(avif(o)).orientation;
      for (int y = 0; y < H; ++y) {
        for (int x = 0; x < W; ++x) {
          pt p{x, y};
          int w = W, h = H;
          for (int k = 0; k < r; ++k) {  // one anticlockwise quarter turn
            p = {p.y, w - 1 - p.x};
            std::swap(w, h);
          }
          if (m == 0) p.y = h - 1 - p.y;  // imir mode 0: top-to-bottom
          if (m == 1) p.x = w - 1 - p.x;  // mode 1: left-to-right
          const pt e = exif_map(got, {x, y});
          CHECK(e.x == p.x);
          CHECK(e.y == p.y);
        }
      }
    }
  }
}

TEST_CASE("probe: EXIF orientation 1..8 in both byte orders", "[probe]") {
  for (std::uint32_t o = 1; o <= 8; ++o) {
    for (bool little : {true, false}) {
      const bytes t = tiff(o, little);
      CHECK(ek::exif_orientation(t.data(), t.size()) == o);
      check(jpeg(20, 10, 3, &t), EK_IMAGE_JPEG, 20, 10, 3, o);
      check(png(20, 10, 8, 6, false, &t), EK_IMAGE_PNG, 20, 10, 4, o);
      check(webp_vp8x(20, 10, false, &t), EK_IMAGE_WEBP, 20, 10, 3, o);
      bytes prefixed;
      put(prefixed, "Exif\0\0", 6);
      put(prefixed, t);
      check(webp_vp8x(20, 10, true, &prefixed), EK_IMAGE_WEBP, 20, 10, 4, o);
    }
  }
  for (std::uint32_t bad : {0u, 9u, 0xFFFFu}) {
    const bytes t = tiff(bad, true);
    check(jpeg(20, 10, 3, &t), EK_IMAGE_JPEG, 20, 10, 3, 1);
  }
  bytes t = tiff(6, false);
  t[7] = 200;  // IFD offset past the end: ignored, not an error
  check(jpeg(20, 10, 3, &t), EK_IMAGE_JPEG, 20, 10, 3, 1);
  CHECK(ek::exif_orientation(nullptr, 10) == 1);
}

TEST_CASE("probe: limits and huge dimensions", "[probe]") {
  const std::uint32_t big = 1u << 31;
  CHECK(status(png(big, 1, 8, 2)) == EK_ERR_LIMIT);
  CHECK(status(png(1, big, 8, 2)) == EK_ERR_LIMIT);
  CHECK(status(png(100000, 100000, 8, 2)) == EK_ERR_LIMIT);
  CHECK(status(png(0xFFFFFFFFu, 0xFFFFFFFFu, 8, 2)) == EK_ERR_LIMIT);
  CHECK(status(bmp(100000, 100000, 24)) == EK_ERR_LIMIT);
  CHECK(status(bmp(0x7FFFFFFF, -0x7FFFFFFF, 24)) == EK_ERR_LIMIT);
  CHECK(status(jpeg(65535, 65535, 3)) == EK_ERR_LIMIT);
  CHECK(status(gif(65535, 65535, false, false, false)) == EK_ERR_LIMIT);
  CHECK(status(webp_vp8x(1 << 24, 1 << 24, false)) == EK_ERR_LIMIT);
  CHECK(status(webp_vp8l(16384, 16384, false)) == EK_ERR_LIMIT);
  avif_opts a;
  a.w = big;
  a.h = big;
  CHECK(status(avif(a)) == EK_ERR_LIMIT);
  a.w = 100000;
  a.h = 100000;
  CHECK(status(avif(a)) == EK_ERR_LIMIT);
  // Exactly at the limits passes; one over fails.
  ek::image_limits l;
  l.max_width = 100;
  l.max_height = 50;
  l.max_pixels = 4000;
  ek_image_info info{};
  CHECK(run(png(100, 40, 8, 2), &info, l) == EK_OK);
  CHECK(run(png(101, 1, 8, 2), &info, l) == EK_ERR_LIMIT);
  CHECK(run(png(1, 51, 8, 2), &info, l) == EK_ERR_LIMIT);
  CHECK(run(png(100, 41, 8, 2), &info, l) == EK_ERR_LIMIT);
  CHECK(run(png(81, 50, 8, 2), &info, l) == EK_ERR_LIMIT);
  CHECK(run(png(80, 50, 8, 2), &info, l) == EK_OK);
  l.max_pixels = 0;
  CHECK(run(png(1, 1, 8, 2), &info, l) == EK_ERR_LIMIT);
  // The default: 100 MP.
  CHECK(status(png(10000, 10000, 8, 2)) == EK_OK);
  CHECK(status(png(10000, 10001, 8, 2)) == EK_ERR_LIMIT);
}

TEST_CASE("probe: every prefix of every file is an error or the same answer", "[probe]") {
  for (const bytes &full : corpus()) {
    const ek_image_info want = probe_ok(full);
    for (std::size_t n = 0; n < full.size(); ++n) {
      ek_image_info got{};
      const ek_status s = run(bytes(full.begin(), full.begin() + std::ptrdiff_t(n)), &got);
      if (s == EK_OK) {
        CHECK(got.format == want.format);
        CHECK(got.width == want.width);
        CHECK(got.height == want.height);
        CHECK(got.channels == want.channels);
        // WebP's EXIF chunk follows the image data: a prefix without it reports 1.
        CHECK((got.orientation == want.orientation || (want.format == EK_IMAGE_WEBP && got.orientation == 1)));
      } else {
        CHECK(s == EK_ERR_FORMAT);
      }
    }
  }
}

TEST_CASE("probe: random bytes and random mutations never read out of bounds", "[probe]") {
  rng r{42};
  ek_image_info info{};
  for (int i = 0; i < 2000; ++i) {
    bytes b(r.below(64));
    for (auto &c : b) c = std::uint8_t(r.next());
    CHECK(run(b, &info) != EK_OK);
  }
  const std::vector<bytes> files = corpus();
  int ok = 0, total = 0;
  for (int i = 0; i < 30000; ++i) {
    bytes b = files[r.below(files.size())];
    const std::size_t flips = 1 + r.below(4);
    for (std::size_t k = 0; k < flips; ++k) {
      const std::size_t at = r.below(b.size());
      b[at] = r.below(4) == 0 ? std::uint8_t(0xFF) : std::uint8_t(r.next());
    }
    if (r.below(3) == 0) b.resize(r.below(b.size() + 1));
    const ek_status s = run(b, &info);
    ++total;
    if (s == EK_OK) {
      ++ok;
      CHECK(info.width >= 1);
      CHECK(info.height >= 1);
      CHECK(info.channels >= 1);
      CHECK(info.channels <= 4);
      CHECK(info.orientation >= 1);
      CHECK(info.orientation <= 8);
      CHECK(std::uint64_t(info.width) * info.height <= 100000000u);
    } else {
      CHECK((s == EK_ERR_FORMAT || s == EK_ERR_LIMIT || s == EK_ERR_UNSUPPORTED));
    }
  }
  CHECK(ok > 0);
  CHECK(ok < total);
  // Magic numbers followed by random bytes.
  const char *magic[] = {"\xFF\xD8\xFF", "\x89PNG\r\n\x1a\n", "GIF89a", "BM", "RIFF\0\0\0\0WEBP",
                         ("\0\0\0\x18" "ftyp")};
  const std::size_t magic_len[] = {3, 8, 6, 2, 12, 8};
  for (int i = 0; i < 20000; ++i) {
    const std::size_t m = r.below(6);
    bytes b;
    put(b, magic[m], magic_len[m]);
    const std::size_t extra = r.below(80);
    for (std::size_t k = 0; k < extra; ++k) b.push_back(std::uint8_t(r.next()));
    (void)run(b, &info);
  }
}

TEST_CASE("probe: C ABI", "[probe]") {
  ek_image_limits l;
  CHECK(ek_image_limits_init(nullptr) == EK_ERR_NULL);
  REQUIRE(ek_image_limits_init(&l) == EK_OK);
  CHECK(l.max_pixels == 100000000u);
  CHECK(l.max_width == ek::image_limits().max_width);
  CHECK(l.max_height == ek::image_limits().max_height);
  const bytes b = png(640, 480, 8, 6);
  ek_image_info info{};
  CHECK(ek_probe(b.data(), b.size(), nullptr, nullptr) == EK_ERR_NULL);
  CHECK(ek_probe(nullptr, 10, nullptr, &info) == EK_ERR_NULL);
  CHECK(ek_probe(nullptr, 0, nullptr, &info) == EK_ERR_FORMAT);
  CHECK(ek_probe(b.data(), 0, nullptr, &info) == EK_ERR_FORMAT);
  REQUIRE(ek_probe(b.data(), b.size(), nullptr, &info) == EK_OK);
  CHECK(info.format == EK_IMAGE_PNG);
  CHECK(info.width == 640);
  CHECK(info.height == 480);
  CHECK(info.channels == 4);
  CHECK(info.orientation == 1);
  l.max_width = 639;
  ek_image_info untouched{};
  untouched.width = 77;
  CHECK(ek_probe(b.data(), b.size(), &l, &untouched) == EK_ERR_LIMIT);
  CHECK(untouched.width == 77);  // written only on EK_OK
  CHECK(std::string(ek_image_format_name(EK_IMAGE_JPEG)) == "jpeg");
  CHECK(std::string(ek_image_format_name(EK_IMAGE_PNG)) == "png");
  CHECK(std::string(ek_image_format_name(EK_IMAGE_WEBP)) == "webp");
  CHECK(std::string(ek_image_format_name(EK_IMAGE_AVIF)) == "avif");
  CHECK(std::string(ek_image_format_name(EK_IMAGE_GIF)) == "gif");
  CHECK(std::string(ek_image_format_name(EK_IMAGE_BMP)) == "bmp");
  CHECK(ek_image_format_name(0) == nullptr);
  CHECK(ek_image_format_name(3) == nullptr);
  CHECK(ek_image_format_name(-1) == nullptr);
  CHECK(EK_IMAGE_WEBP == static_cast<int>(EK_NEGOTIATE_WEBP));
  CHECK(EK_IMAGE_AVIF == static_cast<int>(EK_NEGOTIATE_AVIF));
}

#ifdef EK_HAVE_LIBAVIF
#include <avif/avif.h>

TEST_CASE("probe: AVIF files written by libavif", "[probe]") {
  const std::uint32_t plain[4] = {1, 8, 3, 6}, mode0[4] = {4, 5, 2, 7}, mode1[4] = {2, 7, 4, 5};
  for (int alpha = 0; alpha < 2; ++alpha) {
    for (int mono = 0; mono < 2; ++mono) {
      for (int rot = 0; rot < 4; ++rot) {
        for (int mir = -1; mir <= 1; ++mir) {
          avifImage *img = avifImageCreate(37, 23, 8, mono ? AVIF_PIXEL_FORMAT_YUV400 : AVIF_PIXEL_FORMAT_YUV420);
          REQUIRE(img);
          REQUIRE(avifImageAllocatePlanes(img, alpha ? AVIF_PLANES_ALL : AVIF_PLANES_YUV) == AVIF_RESULT_OK);
          if (rot) {
            img->transformFlags |= AVIF_TRANSFORM_IROT;
            img->irot.angle = static_cast<std::uint8_t>(rot);
          }
          if (mir >= 0) {
            img->transformFlags |= AVIF_TRANSFORM_IMIR;
            img->imir.mode = static_cast<std::uint8_t>(mir);
          }
          avifEncoder *enc = avifEncoderCreate();
          REQUIRE(enc);
          enc->speed = AVIF_SPEED_FASTEST;
          avifRWData out = AVIF_DATA_EMPTY;
          const avifResult r = avifEncoderWrite(enc, img, &out);
          avifEncoderDestroy(enc);
          avifImageDestroy(img);
          REQUIRE(r == AVIF_RESULT_OK);
          const bytes file(out.data, out.data + out.size);
          avifRWDataFree(&out);
          INFO("alpha " << alpha << " mono " << mono << " irot " << rot << " imir " << mir);
          const std::uint32_t want = mir < 0 ? plain[rot] : mir == 0 ? mode0[rot] : mode1[rot];
          const std::uint32_t ch = (mono ? 1u : 3u) + (alpha ? 1u : 0u);
          check(file, EK_IMAGE_AVIF, 37, 23, ch, want);
          if (alpha == 1 && mono == 0 && mir == 1) {  // every prefix of a few of them (slow: encoder)
            for (std::size_t n = 0; n < file.size(); ++n) {
              ek_image_info got{};
              const ek_status s = run(bytes(file.begin(), file.begin() + std::ptrdiff_t(n)), &got);
              CHECK((s == EK_ERR_FORMAT || (s == EK_OK && got.width == 37 && got.channels == ch)));
            }
          }
        }
      }
    }
  }
}
#endif
