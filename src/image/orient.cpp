// EXIF orientation and channel conversion in one pass. Each output row is a walk through the
// source: along a source row (orientations 1..4) or down a source column (5..8), forwards or
// backwards, so one gather kernel per (input channels, output channels) pair covers all eight.
// Columns are walked in bands of output rows so that the source rows a band touches stay in
// cache (a 6000-pixel-high column is otherwise 6000 cache misses per output row).
#include <cstring>

#include "edgekernels/image/decode.hpp"

namespace ek {
namespace {

using u8 = std::uint8_t;
using u32 = std::uint32_t;

// Pillow's ITU-R 601-2 luma (Convert.c L24), exact for gray (r = g = b gives v).
inline u8 luma(u32 r, u32 g, u32 b) noexcept {
  return u8((r * 19595u + g * 38470u + b * 7471u + 0x8000u) >> 16);
}

template <int CI, int CO>
void gather(const u8 *s, std::ptrdiff_t step, u8 *d, u32 n) noexcept {
  for (u32 i = 0; i < n; ++i, s += step, d += CO) {
    if (CI == CO) {
      for (int c = 0; c < CI; ++c) d[c] = s[c];
    } else if (CO == 1 || CO == 2) {
      d[0] = CI >= 3 ? luma(s[0], s[1], s[2]) : s[0];
      if (CO == 2) d[1] = (CI == 2 || CI == 4) ? s[CI - 1] : u8(255);
    } else {  // CO 3 or 4
      if (CI >= 3) {
        d[0] = s[0], d[1] = s[1], d[2] = s[2];
      } else {
        d[0] = d[1] = d[2] = s[0];
      }
      if (CO == 4) d[3] = (CI == 2 || CI == 4) ? s[CI - 1] : u8(255);
    }
  }
}

using gather_fn = void (*)(const u8 *, std::ptrdiff_t, u8 *, u32) noexcept;

constexpr gather_fn kGather[4][4] = {
    {gather<1, 1>, gather<1, 2>, gather<1, 3>, gather<1, 4>},
    {gather<2, 1>, gather<2, 2>, gather<2, 3>, gather<2, 4>},
    {gather<3, 1>, gather<3, 2>, gather<3, 3>, gather<3, 4>},
    {gather<4, 1>, gather<4, 2>, gather<4, 3>, gather<4, 4>},
};

}  // namespace

ek_status orient_convert(image_view in, std::uint32_t orientation, std::uint32_t channels,
                         image *out, const ek_allocator *a) noexcept {
  if (!out) return EK_ERR_NULL;
  if (!in.valid() || orientation < 1 || orientation > 8 || channels > 4) return EK_ERR_ARG;
  const u32 ci = in.channels, co = channels ? channels : in.channels;
  const bool swap = orientation >= 5;
  const u32 w = swap ? in.height : in.width, h = swap ? in.width : in.height;
  const ek_status st = out->allocate(a, w, h, co);
  if (st != EK_OK) return st;

  const std::ptrdiff_t px = std::ptrdiff_t(ci), stride = std::ptrdiff_t(in.stride);
  const u32 W = in.width, H = in.height;
  const gather_fn fn = kGather[ci - 1][co - 1];
  const image_span o = out->span();
  if (orientation == 1 && ci == co) {
    const std::size_t row = std::size_t(W) * ci;
    for (u32 y = 0; y < h; ++y) std::memcpy(o.row(y), in.row(y), row);
    return EK_OK;
  }
  // Output row y starts at source (sx, sy) and steps by `step` bytes per output pixel.
  auto start = [&](u32 y, const u8 *&s, std::ptrdiff_t &step) noexcept {
    u32 sx = 0, sy = 0;
    switch (orientation) {
      case 1: sx = 0, sy = y, step = px; break;
      case 2: sx = W - 1, sy = y, step = -px; break;
      case 3: sx = W - 1, sy = H - 1 - y, step = -px; break;
      case 4: sx = 0, sy = H - 1 - y, step = px; break;
      case 5: sx = y, sy = 0, step = stride; break;
      case 6: sx = y, sy = H - 1, step = -stride; break;
      case 7: sx = W - 1 - y, sy = H - 1, step = -stride; break;
      default: sx = W - 1 - y, sy = 0, step = stride; break;  // 8
    }
    s = in.data + std::size_t(sy) * in.stride + std::size_t(sx) * ci;
  };
  if (!swap) {
    for (u32 y = 0; y < h; ++y) {
      const u8 *s;
      std::ptrdiff_t step;
      start(y, s, step);
      fn(s, step, o.row(y), w);
    }
    return EK_OK;
  }
  // Column walks: a band of output rows reads neighbouring source columns; process the band
  // in segments of source rows so each segment's source lines are reused across the band.
  constexpr u32 kBand = 16, kSeg = 256;
  for (u32 y0 = 0; y0 < h; y0 += kBand) {
    const u32 y1 = h - y0 < kBand ? h : y0 + kBand;
    for (u32 x0 = 0; x0 < w; x0 += kSeg) {
      const u32 n = w - x0 < kSeg ? w - x0 : kSeg;
      for (u32 y = y0; y < y1; ++y) {
        const u8 *s;
        std::ptrdiff_t step;
        start(y, s, step);
        fn(s + step * std::ptrdiff_t(x0), step, o.row(y) + std::size_t(x0) * co, n);
      }
    }
  }
  return EK_OK;
}

ek_status orient(image_view in, std::uint32_t orientation, image *out,
                 const ek_allocator *a) noexcept {
  return orient_convert(in, orientation, 0, out, a);
}

}  // namespace ek
