// Image header probe. Every read goes through span::get*, which checks the offset against the
// buffer in 64 bits; walks advance by at least one byte (or a header's size) per step and stop
// at the buffer end, so their cost is bounded by len whatever the length fields say.
#include "edgekernels/image/probe.hpp"

#include <cstring>

namespace ek {
namespace {

using u8 = unsigned char;
using u32 = std::uint32_t;
using u64 = std::uint64_t;

struct span {
  const u8 *p;
  u64 n;
  bool has(u64 off, u64 k) const noexcept { return off <= n && k <= n - off; }
  bool be16(u64 o, u32 &v) const noexcept {
    if (!has(o, 2)) return false;
    v = (u32(p[o]) << 8) | p[o + 1];
    return true;
  }
  bool be32(u64 o, u32 &v) const noexcept {
    if (!has(o, 4)) return false;
    v = (u32(p[o]) << 24) | (u32(p[o + 1]) << 16) | (u32(p[o + 2]) << 8) | p[o + 3];
    return true;
  }
  bool le16(u64 o, u32 &v) const noexcept {
    if (!has(o, 2)) return false;
    v = u32(p[o]) | (u32(p[o + 1]) << 8);
    return true;
  }
  bool le24(u64 o, u32 &v) const noexcept {
    if (!has(o, 3)) return false;
    v = u32(p[o]) | (u32(p[o + 1]) << 8) | (u32(p[o + 2]) << 16);
    return true;
  }
  bool le32(u64 o, u32 &v) const noexcept {
    if (!has(o, 4)) return false;
    v = u32(p[o]) | (u32(p[o + 1]) << 8) | (u32(p[o + 2]) << 16) | (u32(p[o + 3]) << 24);
    return true;
  }
  bool eq(u64 o, const char *s, u64 k) const noexcept {
    return has(o, k) && std::memcmp(p + o, s, static_cast<std::size_t>(k)) == 0;  // k <= n: fits
  }
  span sub(u64 o, u64 k) const noexcept { return has(o, k) ? span{p + o, k} : span{p, 0}; }
};

struct result {
  image_format format = EK_IMAGE_UNKNOWN;
  u32 width = 0, height = 0, channels = 0, orientation = 1;
};

// ---- EXIF ---------------------------------------------------------------------------------
u32 orientation_of(span t) noexcept {
  bool le;
  if (t.eq(0, "II*\0", 4)) le = true;
  else if (t.eq(0, "MM\0*", 4)) le = false;
  else return 1;
  auto r16 = [&](u64 o, u32 &v) { return le ? t.le16(o, v) : t.be16(o, v); };
  auto r32 = [&](u64 o, u32 &v) { return le ? t.le32(o, v) : t.be32(o, v); };
  u32 ifd = 0, count = 0;
  if (!r32(4, ifd) || !r16(ifd, count)) return 1;
  for (u32 i = 0; i < count; ++i) {
    const u64 e = u64(ifd) + 2 + u64(i) * 12;
    u32 tag = 0, type = 0, n = 0, v = 0;
    if (!r16(e, tag) || !r16(e + 2, type) || !r32(e + 4, n)) return 1;
    if (tag != 0x0112) continue;
    if (type != 3 || n < 1 || !r16(e + 8, v)) return 1;  // SHORT, inline in the value field
    return v >= 1 && v <= 8 ? v : 1;
  }
  return 1;
}

// Exif payloads appear with and without the "Exif\0\0" prefix (JPEG APP1 has it, PNG eXIf and
// WebP EXIF should not, but some writers add it).
u32 exif_payload(span s) noexcept {
  if (s.eq(0, "Exif\0\0", 6)) return orientation_of(s.sub(6, s.n - 6));
  return orientation_of(s);
}

// ---- JPEG ---------------------------------------------------------------------------------
ek_status jpeg(span s, result &r) noexcept {
  u64 o = 2;
  for (;;) {
    if (!s.has(o, 1) || s.p[o] != 0xFF) return EK_ERR_FORMAT;
    while (s.has(o, 1) && s.p[o] == 0xFF) ++o;  // fill bytes
    if (!s.has(o, 1)) return EK_ERR_FORMAT;
    const u32 m = s.p[o++];
    if (m == 0x01 || (m >= 0xD0 && m <= 0xD7)) continue;  // no length
    if (m == 0xD8 || m == 0xD9 || m == 0xDA || m == 0x00) return EK_ERR_FORMAT;  // no SOF before scan/end
    u32 seg = 0;
    if (!s.be16(o, seg) || seg < 2 || !s.has(o, seg)) return EK_ERR_FORMAT;
    if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
      u32 h = 0, w = 0;
      if (seg < 8 || !s.be16(o + 3, h) || !s.be16(o + 5, w)) return EK_ERR_FORMAT;
      const u32 nc = s.p[o + 7];
      if (seg < 8 + 3 * nc) return EK_ERR_FORMAT;
      if (nc == 1) r.channels = 1;
      else if (nc == 3 || nc == 4) r.channels = 3;
      else return EK_ERR_FORMAT;
      r.width = w;
      r.height = h;
      return EK_OK;
    }
    if (m == 0xE1 && r.orientation == 1 && s.eq(o + 2, "Exif\0\0", 6))
      r.orientation = exif_payload(s.sub(o + 2, seg - 2));
    o += seg;
  }
}

// ---- PNG ----------------------------------------------------------------------------------
ek_status png(span s, result &r) noexcept {
  u32 len = 0, w = 0, h = 0;
  if (!s.be32(8, len) || len != 13 || !s.eq(12, "IHDR", 4) || !s.be32(16, w) || !s.be32(20, h) ||
      !s.has(24, 5))
    return EK_ERR_FORMAT;
  const u32 depth = s.p[24], type = s.p[25];
  const bool d8_16 = depth == 8 || depth == 16, d1_8 = depth == 1 || depth == 2 || depth == 4 || depth == 8;
  u32 ch;
  switch (type) {
    case 0: ch = 1; if (!d8_16 && !d1_8) return EK_ERR_FORMAT; break;
    case 2: ch = 3; if (!d8_16) return EK_ERR_FORMAT; break;
    case 3: ch = 3; if (!d1_8) return EK_ERR_FORMAT; break;
    case 4: ch = 2; if (!d8_16) return EK_ERR_FORMAT; break;
    case 6: ch = 4; if (!d8_16) return EK_ERR_FORMAT; break;
    default: return EK_ERR_FORMAT;
  }
  if (s.p[26] != 0 || s.p[27] != 0 || s.p[28] > 1) return EK_ERR_FORMAT;
  u64 o = 8 + 8 + 13 + 4;
  for (;;) {
    u32 n = 0;
    if (!s.be32(o, n) || n > 0x7FFFFFFFu || !s.has(o + 4, 4)) return EK_ERR_FORMAT;
    const span type_ = s.sub(o + 4, 4);
    if (type_.eq(0, "IDAT", 4)) break;
    if (type_.eq(0, "IEND", 4)) return EK_ERR_FORMAT;
    if (!s.has(o + 8, u64(n) + 4)) return EK_ERR_FORMAT;
    if (type_.eq(0, "tRNS", 4)) {
      if (type == 0) ch = 2;
      else if (type == 2 || type == 3) ch = 4;
    } else if (type_.eq(0, "eXIf", 4) && r.orientation == 1) {
      r.orientation = exif_payload(s.sub(o + 8, n));
    }
    o += 12 + u64(n);
  }
  r.width = w;
  r.height = h;
  r.channels = ch;
  return EK_OK;
}

// ---- GIF ----------------------------------------------------------------------------------
ek_status gif(span s, result &r) noexcept {
  u32 w = 0, h = 0;
  if (!s.le16(6, w) || !s.le16(8, h) || !s.has(10, 3)) return EK_ERR_FORMAT;
  u64 o = 13;
  if (s.p[10] & 0x80) o += 3 * (u64(2) << (s.p[10] & 7));
  bool transparent = false;
  for (;;) {
    if (!s.has(o, 1)) return EK_ERR_FORMAT;
    const u32 b = s.p[o];
    if (b == 0x2C) {
      if (!s.has(o, 10)) return EK_ERR_FORMAT;
      break;
    }
    if (b != 0x21 || !s.has(o, 2)) return EK_ERR_FORMAT;  // a trailer (0x3B) before any image too
    const u32 label = s.p[o + 1];
    o += 2;
    bool first = true;
    for (;;) {  // data sub-blocks up to the zero-length terminator
      if (!s.has(o, 1)) return EK_ERR_FORMAT;
      const u32 k = s.p[o];
      if (k == 0) { ++o; break; }
      if (!s.has(o + 1, k)) return EK_ERR_FORMAT;
      if (first && label == 0xF9 && k >= 4) transparent = (s.p[o + 1] & 1) != 0;
      first = false;
      o += 1 + u64(k);
    }
  }
  r.width = w;
  r.height = h;
  r.channels = transparent ? 4 : 3;
  return EK_OK;
}

// ---- BMP ----------------------------------------------------------------------------------
ek_status bmp(span s, result &r) noexcept {
  u32 hs = 0;
  if (!s.le32(14, hs)) return EK_ERR_FORMAT;
  if (hs == 12) {
    u32 w = 0, h = 0, planes = 0, bpp = 0;
    if (!s.le16(18, w) || !s.le16(20, h) || !s.le16(22, planes) || !s.le16(24, bpp)) return EK_ERR_FORMAT;
    if (planes != 1 || !(bpp == 1 || bpp == 4 || bpp == 8 || bpp == 24)) return EK_ERR_FORMAT;
    r.width = w;
    r.height = h;
    r.channels = 3;
    return EK_OK;
  }
  if (hs != 40 && hs != 52 && hs != 56 && hs != 64 && hs != 108 && hs != 124) return EK_ERR_FORMAT;
  u32 w = 0, h = 0, planes = 0, bpp = 0, comp = 0;
  if (!s.le32(18, w) || !s.le32(22, h) || !s.le16(26, planes) || !s.le16(28, bpp) || !s.le32(30, comp) ||
      !s.has(14, hs))
    return EK_ERR_FORMAT;
  const auto sw = static_cast<std::int32_t>(w), sh = static_cast<std::int32_t>(h);
  if (sw < 0 || sh == INT32_MIN) return EK_ERR_FORMAT;
  if (planes != 1 || !(bpp == 1 || bpp == 4 || bpp == 8 || bpp == 16 || bpp == 24 || bpp == 32))
    return EK_ERR_FORMAT;
  if (comp == 4 || comp == 5) return EK_ERR_UNSUPPORTED;
  if (comp > 6 || (comp == 1 && bpp != 8) || (comp == 2 && bpp != 4)) return EK_ERR_FORMAT;
  u32 ch = 3;
  if (bpp == 32 && (comp == 3 || comp == 6)) {
    // Masks sit in the header from V3 (56 bytes) on; after a 40-byte header, BITFIELDS adds
    // three and ALPHABITFIELDS four.
    u32 alpha = 0;
    if (hs >= 56) {
      if (!s.le32(14 + 52, alpha)) return EK_ERR_FORMAT;
    } else if (comp == 6) {
      if (!s.le32(14 + u64(hs) + 12, alpha)) return EK_ERR_FORMAT;
    }
    if (alpha != 0) ch = 4;
  }
  r.width = w;
  r.height = sh < 0 ? u32(-(std::int64_t)sh) : h;
  r.channels = ch;
  return EK_OK;
}

// ---- WebP ---------------------------------------------------------------------------------
ek_status webp(span s, result &r) noexcept {
  // The RIFF size is not trusted: chunks are walked against len.
  u64 o = 12;
  u32 n = 0;
  if (!s.has(o, 8) || !s.le32(o + 4, n)) return EK_ERR_FORMAT;
  const u64 d = o + 8;
  if (s.eq(o, "VP8 ", 4)) {
    u32 tag = 0, w = 0, h = 0;
    if (n < 10 || !s.le24(d, tag) || !s.eq(d + 3, "\x9d\x01\x2a", 3) || !s.le16(d + 6, w) || !s.le16(d + 8, h))
      return EK_ERR_FORMAT;
    if (tag & 1) return EK_ERR_FORMAT;  // not a key frame
    r.width = w & 0x3FFF;
    r.height = h & 0x3FFF;
    r.channels = 3;
    return EK_OK;
  }
  if (s.eq(o, "VP8L", 4)) {
    u32 bits = 0;
    if (n < 5 || !s.has(d, 1) || s.p[d] != 0x2F || !s.le32(d + 1, bits)) return EK_ERR_FORMAT;
    if (bits >> 29) return EK_ERR_FORMAT;  // version must be 0
    r.width = (bits & 0x3FFF) + 1;
    r.height = ((bits >> 14) & 0x3FFF) + 1;
    r.channels = (bits >> 28) & 1 ? 4 : 3;
    return EK_OK;
  }
  if (!s.eq(o, "VP8X", 4)) return EK_ERR_FORMAT;
  u32 w = 0, h = 0;
  if (n < 10 || !s.has(d, 1) || !s.le24(d + 4, w) || !s.le24(d + 7, h)) return EK_ERR_FORMAT;
  const u32 flags = s.p[d];
  r.width = w + 1;
  r.height = h + 1;
  r.channels = flags & 0x10 ? 4 : 3;
  if (flags & 0x08) {  // EXIF chunk somewhere later; read it only if it is within len
    u64 c = d + u64(n) + (n & 1);
    u32 k = 0;
    while (s.has(c, 8) && s.le32(c + 4, k)) {
      if (s.eq(c, "EXIF", 4)) {
        if (s.has(c + 8, k)) r.orientation = exif_payload(s.sub(c + 8, k));
        break;
      }
      c += 8 + u64(k) + (k & 1);
    }
  }
  return EK_OK;
}

// ---- AVIF (ISOBMFF) ------------------------------------------------------------------------
struct box {
  u64 start = 0, body = 0, end = 0;  // body: after size/type (and largesize)
  char type[4] = {};
};

// The box at `o` within [o, limit); false when malformed or truncated.
bool read_box(span s, u64 o, u64 limit, box &b) noexcept {
  u32 sz = 0;
  if (!s.be32(o, sz) || !s.has(o + 4, 4)) return false;
  std::memcpy(b.type, s.p + o + 4, 4);
  b.start = o;
  b.body = o + 8;
  u64 size = sz;
  if (sz == 1) {
    u32 hi = 0, lo = 0;
    if (!s.be32(o + 8, hi) || !s.be32(o + 12, lo)) return false;
    size = (u64(hi) << 32) | lo;
    b.body = o + 16;
  } else if (sz == 0) {
    size = limit - o;
  }
  if (size < b.body - o || size > limit - o) return false;
  b.end = o + size;
  return true;
}

bool is(const box &b, const char *t) noexcept { return std::memcmp(b.type, t, 4) == 0; }

// The first child of type t within [from, to); children must parse up to it.
bool find_child(span s, u64 from, u64 to, const char *t, box &out) noexcept {
  u64 o = from;
  while (o < to) {
    if (!read_box(s, o, to, out)) return false;
    if (is(out, t)) return true;
    o = out.end;
  }
  return false;
}

ek_status avif(span s, result &r) noexcept {
  box ftyp;
  if (!read_box(s, 0, s.n, ftyp) || !is(ftyp, "ftyp") || ftyp.end - ftyp.body < 8) return EK_ERR_FORMAT;
  bool brand = s.eq(ftyp.body, "avif", 4) || s.eq(ftyp.body, "avis", 4);
  for (u64 o = ftyp.body + 8; o + 4 <= ftyp.end; o += 4)
    brand = brand || s.eq(o, "avif", 4) || s.eq(o, "avis", 4);
  if (!brand) return EK_ERR_FORMAT;

  box meta, pitm, iprp, ipco, ipma;
  if (!find_child(s, ftyp.end, s.n, "meta", meta)) return EK_ERR_FORMAT;
  const u64 mb = meta.body + 4;  // FullBox
  if (mb > meta.end) return EK_ERR_FORMAT;
  if (!find_child(s, mb, meta.end, "pitm", pitm) || !s.has(pitm.body, 4)) return EK_ERR_FORMAT;
  u32 primary = 0;
  if (s.p[pitm.body] == 0) {
    if (pitm.end - pitm.body < 6 || !s.be16(pitm.body + 4, primary)) return EK_ERR_FORMAT;
  } else if (pitm.end - pitm.body < 8 || !s.be32(pitm.body + 4, primary)) {
    return EK_ERR_FORMAT;
  }
  if (!find_child(s, mb, meta.end, "iprp", iprp) || !find_child(s, iprp.body, iprp.end, "ipco", ipco) ||
      !find_child(s, iprp.body, iprp.end, "ipma", ipma))
    return EK_ERR_FORMAT;

  // Alpha: any alpha auxiliary-type property (libavif and libheif write auxC only on the alpha
  // or depth items; the URN tells which).
  bool alpha = false;
  for (u64 o = ipco.body; o < ipco.end;) {
    box p;
    if (!read_box(s, o, ipco.end, p)) return EK_ERR_FORMAT;
    if (is(p, "auxC") && p.end - p.body > 4) {
      static const char a1[] = "urn:mpeg:mpegB:cicp:systems:auxiliary:alpha";
      static const char a2[] = "urn:mpeg:hevc:2015:auxid:1";
      const u64 k = p.end - p.body - 4;
      if ((k >= sizeof a1 - 1 && s.eq(p.body + 4, a1, sizeof a1 - 1)) ||
          (k >= sizeof a2 - 1 && s.eq(p.body + 4, a2, sizeof a2 - 1)))
        alpha = true;
    }
    o = p.end;
  }

  // ipma: the primary item's property indices (1-based into ipco's children).
  if (!s.has(ipma.body, 8) || ipma.end - ipma.body < 8) return EK_ERR_FORMAT;
  const u32 version = s.p[ipma.body], flags = s.p[ipma.body + 3];
  u32 entries = 0;
  s.be32(ipma.body + 4, entries);
  u64 o = ipma.body + 8;
  bool found = false, have_ispe = false, have_pixi = false, mono = false, mirror = false;
  u32 w = 0, h = 0, pixi = 0, angle = 0, mode = 0;
  for (u32 e = 0; e < entries && !found; ++e) {
    u32 item = 0;
    if (version < 1 ? !s.be16(o, item) : !s.be32(o, item)) return EK_ERR_FORMAT;
    o += version < 1 ? 2 : 4;
    if (o >= ipma.end) return EK_ERR_FORMAT;
    const u32 na = s.p[o++];
    const u64 step = flags & 1 ? 2 : 1;
    if (o + na * step > ipma.end) return EK_ERR_FORMAT;
    if (item != primary) {
      o += na * step;
      continue;
    }
    found = true;
    for (u32 a = 0; a < na; ++a, o += step) {
      u32 idx = step == 2 ? (((u32(s.p[o]) << 8) | s.p[o + 1]) & 0x7FFF) : (s.p[o] & 0x7Fu);
      if (idx == 0) continue;
      box p;
      u64 q = ipco.body;
      for (;;) {  // idx <= 32767 and each box is >= 8 bytes, so this is bounded by ipco's size
        if (q >= ipco.end || !read_box(s, q, ipco.end, p)) return EK_ERR_FORMAT;
        if (--idx == 0) break;
        q = p.end;
      }
      const u64 k = p.end - p.body;
      if (is(p, "ispe")) {
        if (k < 12 || !s.be32(p.body + 4, w) || !s.be32(p.body + 8, h)) return EK_ERR_FORMAT;
        have_ispe = true;
      } else if (is(p, "pixi")) {
        if (k < 5) return EK_ERR_FORMAT;
        pixi = s.p[p.body + 4];
        have_pixi = true;
      } else if (is(p, "av1C")) {
        if (k < 4) return EK_ERR_FORMAT;
        mono = (s.p[p.body + 2] >> 4) & 1;
      } else if (is(p, "irot")) {
        if (k < 1) return EK_ERR_FORMAT;
        angle = s.p[p.body] & 3;
      } else if (is(p, "imir")) {
        if (k < 1) return EK_ERR_FORMAT;
        mirror = true;
        mode = s.p[p.body] & 1;
      }
    }
  }
  if (!found || !have_ispe) return EK_ERR_FORMAT;
  u32 ch = have_pixi ? pixi : (mono ? 1 : 3);
  if (ch != 1 && ch != 3) return EK_ERR_FORMAT;
  if (alpha) ++ch;
  // imir mode 0 flips top-to-bottom, 1 left-to-right (HEIF Amd 2 and libavif >= 1.0; the older
  // 'axis' field had the opposite meaning).
  static const u8 plain[4] = {1, 8, 3, 6}, mode0[4] = {4, 5, 2, 7}, mode1[4] = {2, 7, 4, 5};
  r.width = w;
  r.height = h;
  r.channels = ch;
  r.orientation = !mirror ? plain[angle] : mode ? mode1[angle] : mode0[angle];
  return EK_OK;
}

}  // namespace

std::uint32_t exif_orientation(const unsigned char *tiff, std::size_t len) noexcept {
  if (!tiff) return 1;
  return orientation_of(span{tiff, len});
}

ek_status probe(const void *data, std::size_t len, const image_limits &limits, image_info *out) noexcept {
  if (!out || (!data && len > 0)) return EK_ERR_NULL;
  if (!data) return EK_ERR_FORMAT;
  const span s{static_cast<const u8 *>(data), len};
  result r;
  ek_status st;
  if (s.eq(0, "\xFF\xD8\xFF", 3)) {
    r.format = EK_IMAGE_JPEG;
    st = jpeg(s, r);
  } else if (s.eq(0, "\x89PNG\r\n\x1a\n", 8)) {
    r.format = EK_IMAGE_PNG;
    st = png(s, r);
  } else if (s.eq(0, "GIF87a", 6) || s.eq(0, "GIF89a", 6)) {
    r.format = EK_IMAGE_GIF;
    st = gif(s, r);
  } else if (s.eq(0, "BM", 2)) {
    r.format = EK_IMAGE_BMP;
    st = bmp(s, r);
  } else if (s.eq(0, "RIFF", 4) && s.eq(8, "WEBP", 4)) {
    r.format = EK_IMAGE_WEBP;
    st = webp(s, r);
  } else if (s.eq(4, "ftyp", 4)) {
    r.format = EK_IMAGE_AVIF;
    st = avif(s, r);
  } else {
    return EK_ERR_FORMAT;
  }
  if (st != EK_OK) return st;
  if (r.width == 0 || r.height == 0) return EK_ERR_FORMAT;
  if (r.width > limits.max_width || r.height > limits.max_height || r.width > limits.max_pixels / r.height)
    return EK_ERR_LIMIT;
  out->format = r.format;
  out->width = r.width;
  out->height = r.height;
  out->channels = r.channels;
  out->orientation = r.orientation;
  return EK_OK;
}

const char *image_format_name(int format) noexcept {
  switch (format) {
    case EK_IMAGE_JPEG: return "jpeg";
    case EK_IMAGE_PNG: return "png";
    case EK_IMAGE_WEBP: return "webp";
    case EK_IMAGE_AVIF: return "avif";
    case EK_IMAGE_GIF: return "gif";
    case EK_IMAGE_BMP: return "bmp";
    default: return nullptr;
  }
}

}  // namespace ek
