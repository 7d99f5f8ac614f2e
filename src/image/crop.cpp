// Crop views, centre and aspect rectangles, and the smart crop (see crop.hpp for the contract).
#include "edgekernels/image/crop.hpp"

#include <cmath>
#include <cstdint>

namespace ek {

ek_status crop(image_view in, rect r, image_view *out) noexcept {
  if (!out) return EK_ERR_NULL;
  *out = image_view{};
  if (!in.data) return EK_ERR_NULL;
  if (!in.valid() || r.width == 0 || r.height == 0) return EK_ERR_ARG;
  // 64-bit sums: x + width must not wrap around to a small number.
  if (std::uint64_t(r.x) + r.width > in.width || std::uint64_t(r.y) + r.height > in.height)
    return EK_ERR_ARG;
  out->data = in.data + std::size_t(r.y) * in.stride + std::size_t(r.x) * in.channels;
  out->width = r.width;
  out->height = r.height;
  out->channels = in.channels;
  out->stride = in.stride;
  return EK_OK;
}

rect crop_centre(std::uint32_t width, std::uint32_t height, std::uint32_t cw,
                 std::uint32_t ch) noexcept {
  if (cw > width) cw = width;
  if (ch > height) ch = height;
  return rect{(width - cw) / 2, (height - ch) / 2, cw, ch};
}

rect crop_aspect(std::uint32_t width, std::uint32_t height, std::uint32_t aw,
                 std::uint32_t ah) noexcept {
  if (width == 0 || height == 0) return rect{0, 0, 0, 0};
  if (aw == 0 || ah == 0) return rect{0, 0, width, height};
  // Products of two 32-bit values and a half fit in 64 bits: (2^32-1)^2 + 2^31 < 2^64.
  std::uint32_t cw = width, ch = height;
  if (std::uint64_t(width) * ah >= std::uint64_t(height) * aw) {
    const std::uint64_t w = (std::uint64_t(height) * aw + ah / 2) / ah;  // round half up
    cw = w < 1 ? 1u : w > width ? width : std::uint32_t(w);
  } else {
    const std::uint64_t h = (std::uint64_t(width) * ah + aw / 2) / aw;
    ch = h < 1 ? 1u : h > height ? height : std::uint32_t(h);
  }
  return crop_centre(width, height, cw, ch);
}

namespace {

constexpr std::uint32_t kGridSide = 256;  // the longer side of the scoring grid, at most
constexpr int kBins = 16;                 // luminance histogram bins (entropy)
constexpr int kCells = kBins + 1;         // + one cell counting transparent pixels
constexpr double kScoreUnit = 1024.0;     // attention scores are integers in these units

// Attention: weights of the measures. The coarse edge measure is the 8-neighbour Laplacian of
// luminance on a grid whose longer side is about kCoarseSide cells (structure the size of eyes
// and mouths, not hair or foliage), over 255, so 0..8; the others are in [0, 1].
constexpr std::uint32_t kCoarseSide = 48;
constexpr double kEdgeWeight = 1.0, kDetailWeight = 0.25, kSkinWeight = 1.5, kSatWeight = 0.1;
constexpr double kDetailHalf = 24.0;  // mean |dx|+|dy| (8-bit units) where detail is 1/2
constexpr double kDetailFloor = 1.0;  // gradient of smooth shading, ignored
// smartcrop.js' skin colour (0.78, 0.57, 0.44) as a unit vector: chromaticity, not brightness.
constexpr double kSkinR = 0.734771, kSkinG = 0.536948, kSkinB = 0.414487;
constexpr double kSkinRadius = 0.2;  // distance of normalised rgb where skin likelihood is 0
constexpr double kSkinLumMin = 0.2, kSkinLumMax = 1.0;
constexpr double kSatThreshold = 0.4, kSatLumMin = 0.05, kSatLumMax = 0.9;

// The scoring grid: the image split into s x s blocks (the last row/column of blocks may be
// narrower), gw x gh of them.
struct grid {
  std::uint32_t s = 1, gw = 0, gh = 0;
};

grid make_grid(std::uint32_t w, std::uint32_t h) noexcept {
  const std::uint64_t longer = w > h ? w : h;
  const std::uint64_t s = longer <= kGridSide ? 1 : (longer + kGridSide - 1) / kGridSide;
  grid g;
  g.s = std::uint32_t(s);
  g.gw = std::uint32_t((w + s - 1) / s);
  g.gh = std::uint32_t((h + s - 1) / s);
  return g;
}

inline std::uint32_t absdiff(std::uint32_t a, std::uint32_t b) noexcept {
  return a > b ? a - b : b - a;
}
// The same on bytes, written as max - min so that compilers keep it in 8-bit lanes.
inline std::uint8_t absdiff8(std::uint8_t a, std::uint8_t b) noexcept {
  const std::uint8_t hi = a > b ? a : b, lo = a > b ? b : a;
  return std::uint8_t(hi - lo);
}

// Per block of the grid: straight mean luminance (0..255), mean alpha (0..1), the share of a
// full s x s block it covers, and the measures that need no neighbours (detail, skin, colour).
struct block_maps {
  float *lum, *alpha, *gate, *part;
};

// Measures of one block from its sums: acc = colour (times alpha with 4 channels), alpha,
// gradient (times the smaller alpha with 2 or 4 channels), luminance (times alpha likewise;
// times 256 with colour).
template <int C>
void block_measures(const std::uint64_t *acc, std::uint64_t n, std::uint64_t full,
                    const block_maps &m, std::size_t i) noexcept {
  constexpr bool has_alpha = C == 2 || C == 4;
  const double inv = 1.0 / double(n);
  constexpr double colours = C >= 3 ? 3.0 : 1.0;
  const double grad = double(acc[4]) * inv / (has_alpha ? 255.0 : 1.0) / colours;
  const double gr = grad > kDetailFloor ? grad - kDetailFloor : 0.0;
  double part = kDetailWeight * gr / (gr + kDetailHalf);
  const double alpha = has_alpha ? double(acc[3]) * inv / 255.0 : 1.0;
  double lum = 0;  // 0..255
  const double lscale = C >= 3 ? 1.0 / 256.0 : 1.0;
  if (!has_alpha)
    lum = double(acc[5]) * inv * lscale;
  else if (acc[3] > 0)
    lum = double(acc[5]) / double(acc[3]) * lscale;
  if (C >= 3 && alpha > 0.0) {
    // Straight (un-premultiplied) mean colour of the block, in [0, 1]; with alpha the sums are
    // of colour * alpha, so they are divided by the sum of alpha.
    const double d = (C == 4 ? double(acc[3]) : double(n)) * 255.0;
    const double r = double(acc[0]) / d, g = double(acc[1]) / d, b = double(acc[2]) / d;
    const double l = lum / 255.0;
    const double mag = std::sqrt(r * r + g * g + b * b);
    if (mag > 0.0 && l >= kSkinLumMin && l <= kSkinLumMax) {
      const double dr = r / mag - kSkinR, dg = g / mag - kSkinG, db = b / mag - kSkinB;
      const double dist = std::sqrt(dr * dr + dg * dg + db * db);
      if (dist < kSkinRadius) part += kSkinWeight * (1.0 - dist / kSkinRadius);
    }
    const double mx = r > g ? (r > b ? r : b) : (g > b ? g : b);
    const double mn = r < g ? (r < b ? r : b) : (g < b ? g : b);
    if (mx > 0.0 && l >= kSatLumMin && l <= kSatLumMax) {
      const double sat = (mx - mn) / mx;
      if (sat > kSatThreshold) part += kSatWeight * (sat - kSatThreshold) / (1.0 - kSatThreshold);
    }
  }
  m.lum[i] = float(lum);
  m.alpha[i] = float(alpha);
  m.gate[i] = float(alpha * double(n) / double(full));  // narrow border blocks count less
  m.part[i] = float(part);
}

// One pass over the image: per block, the mean gradient |dx| + |dy| at full resolution (so
// texture finer than a block survives), averaged over the colour channels, each difference
// weighted by the smaller alpha of its two pixels (transparent pixels and alpha edges carry no
// texture, whatever their colour), and the mean colour and alpha, into the block maps. Rows are
// summed per byte (contiguous, vectorisable) and folded into blocks at the end of each block
// row. Scratch: 2 x 32-bit sums per byte of a row, gw * 6 block sums.
template <int C>
ek_status attention_grid(const image_view &in, const grid &g, const block_maps &m,
                         const ek_allocator *a) noexcept {
  constexpr bool has_alpha = C == 2 || C == 4;
  const std::uint32_t w = in.width, h = in.height, s = g.s;
  detail::array<std::uint32_t> cols;
  detail::array<std::uint64_t> acc;
  // Per byte: C colour/alpha sums and C gradient sums (colour channels; alpha's slot unused).
  const std::size_t row_bytes = std::size_t(w) * C;
  if (ek_status st = cols.allocate(a, row_bytes * 2); st != EK_OK) return st;
  if (ek_status st = acc.allocate(a, std::size_t(g.gw) * 6); st != EK_OK) return st;
  std::uint32_t *csum = cols.data(), *gsum = cols.data() + row_bytes;
  for (std::size_t i = 0; i < cols.size(); ++i) cols[i] = 0;
  for (std::size_t i = 0; i < acc.size(); ++i) acc[i] = 0;
  // Column sums grow by at most 255 * 255 * 2 per row: folding every 16384 rows keeps them in
  // 32 bits.
  constexpr std::uint32_t kFold = 16384;
  std::uint32_t since_fold = 0;
  for (std::uint32_t y = 0; y < h; ++y) {
    const std::uint8_t *p = in.row(y), *pp = y > 0 ? in.row(y - 1) : p;  // row 0: no dy
    if (has_alpha) {
      for (std::uint32_t x = 0; x < w; ++x) {
        const std::uint8_t *q = p + std::size_t(x) * C, *qu = pp + std::size_t(x) * C;
        const std::uint32_t al = q[C - 1], au = qu[C - 1];
        const std::uint32_t ml = x > 0 ? (al < q[-1] ? al : q[-1]) : 0u;  // q[-1]: alpha of x-1
        const std::uint32_t mu = al < au ? al : au;
        std::uint32_t *cs = csum + std::size_t(x) * C, *gs = gsum + std::size_t(x) * C;
        for (int c = 0; c < C - 1; ++c) {
          cs[c] += q[c] * al;
          gs[c] += absdiff(q[c], qu[c]) * mu + (x > 0 ? absdiff(q[c], q[c - C]) * ml : 0u);
        }
        cs[C - 1] += al;
      }
    } else {
      for (std::size_t i = 0; i < std::size_t(C); ++i) {
        gsum[i] += absdiff8(p[i], pp[i]);
        csum[i] += p[i];
      }
      for (std::size_t i = C; i < row_bytes; ++i) {
        gsum[i] += std::uint32_t(absdiff8(p[i], pp[i])) + absdiff8(p[i], p[i - C]);
        csum[i] += p[i];
      }
    }
    const bool block_end = (y + 1) % s == 0 || y + 1 == h;
    if (!block_end && ++since_fold < kFold) continue;
    since_fold = 0;
    for (std::uint32_t bx = 0; bx < g.gw; ++bx) {
      const std::uint32_t x0 = bx * s, x1 = w - x0 > s ? x0 + s : w;
      std::uint64_t sc[4] = {0, 0, 0, 0}, sg = 0;
      for (std::uint32_t x = x0; x < x1; ++x)
        for (int c = 0; c < C; ++c) {
          sc[c] += csum[std::size_t(x) * C + std::size_t(c)];
          if (!has_alpha || c < C - 1) sg += gsum[std::size_t(x) * C + std::size_t(c)];
        }
      std::uint64_t *ac = acc.data() + std::size_t(bx) * 6;
      // acc: colour (premultiplied with alpha), alpha, gradient, luminance (premultiplied).
      if (C >= 3) {
        ac[0] += sc[0], ac[1] += sc[1], ac[2] += sc[2];
        ac[5] += 77 * sc[0] + 150 * sc[1] + 29 * sc[2];  // 256 x luminance, not rounded
      } else {
        ac[5] += sc[0];
      }
      if (has_alpha) ac[3] += sc[C - 1];
      ac[4] += sg;  // over all colour channels: divided by their number in block_measures
    }
    for (std::size_t i = 0; i < cols.size(); ++i) cols[i] = 0;
    if (!block_end) continue;
    const std::uint32_t by = y / s, rows_in = y - by * s + 1;
    for (std::uint32_t bx = 0; bx < g.gw; ++bx) {
      const std::uint32_t x0 = bx * s, ncols = (w - x0 > s ? x0 + s : w) - x0;
      std::uint64_t *ac = acc.data() + std::size_t(bx) * 6;
      block_measures<C>(ac, std::uint64_t(ncols) * rows_in, std::uint64_t(s) * s, m,
                        std::size_t(by) * g.gw + bx);
      for (int i = 0; i < 6; ++i) ac[i] = 0;
    }
  }
  return EK_OK;
}

// Block histograms of luminance (kBins bins; pixels with alpha < 128 in the last cell) written
// into hist[(by + 1) * (gw + 1) + bx + 1][kCells] — the layout of the summed-area table built
// from them. Each block row is counted into two interleaved histograms per block (even and odd
// pixels: neighbours usually share a bin, and one histogram would serialise on it), folded at
// the block row's end. Images of 2^32 pixels or more are sampled every `step` rows so that
// counts fit 32 bits. Scratch: a row of bins, 16-bit sums per byte of a row (colour) and
// gw * 2 * kCells counts.
template <int C>
ek_status entropy_grid(const image_view &in, const grid &g, std::uint32_t *hist,
                       const ek_allocator *a) noexcept {
  constexpr bool has_alpha = C == 2 || C == 4;
  const std::uint32_t w = in.width, h = in.height, s = g.s;
  const std::uint64_t px = std::uint64_t(w) * h;
  const std::uint32_t step = px < 0xFFFFFFFFull ? 1u : std::uint32_t(px / 0xFFFFFFFFull + 1);
  const std::size_t rs = std::size_t(g.gw) + 1;
  detail::array<std::uint8_t> lrow;
  detail::array<std::uint16_t> wsum;
  detail::array<std::uint32_t> local;
  const std::size_t row_bytes = std::size_t(w) * C;
  if (ek_status st = lrow.allocate(a, w); st != EK_OK) return st;
  if (C >= 3)
    if (ek_status st = wsum.allocate(a, row_bytes); st != EK_OK) return st;
  if (ek_status st = local.allocate(a, std::size_t(g.gw) * 2 * kCells); st != EK_OK) return st;
  for (std::size_t i = 0; i < local.size(); ++i) local[i] = 0;
  std::uint8_t *l = lrow.data();
  for (std::uint32_t y = 0; y < h; ++y) {
    if (y % step == 0) {
      const std::uint8_t *p = in.row(y);
      if (C >= 3) {
        // The weighted sum at every byte (contiguous, vectorisable), read at each pixel's
        // first byte: luma (v >> 8) then bin (>> 4) of the BT.601 luminance
        // (77 R + 150 G + 29 B + 128) >> 8.
        std::uint16_t *t = wsum.data();
        for (std::size_t i = 0; i + 2 < row_bytes; ++i)
          t[i] = std::uint16_t(std::uint16_t(77 * p[i]) + std::uint16_t(150 * p[i + 1]) +
                               std::uint16_t(29 * p[i + 2]) + 128);
        for (std::uint32_t x = 0; x < w; ++x) l[x] = std::uint8_t(t[std::size_t(x) * C] >> 12);
      } else {
        for (std::uint32_t x = 0; x < w; ++x) l[x] = std::uint8_t(p[std::size_t(x) * C] >> 4);
      }
      if (has_alpha)  // transparent pixels to the extra cell
        for (std::uint32_t x = 0; x < w; ++x)
          if (p[std::size_t(x) * C + C - 1] < 128) l[x] = std::uint8_t(kBins);
      for (std::uint32_t bx = 0; bx < g.gw; ++bx) {
        std::uint32_t *h0 = local.data() + std::size_t(bx) * 2 * kCells, *h1 = h0 + kCells;
        const std::uint32_t x0 = bx * s, x1 = w - x0 > s ? x0 + s : w;
        std::uint32_t x = x0;
        for (; x + 1 < x1; x += 2) ++h0[l[x]], ++h1[l[x + 1]];
        if (x < x1) ++h0[l[x]];
      }
    }
    if ((y + 1) % s != 0 && y + 1 != h) continue;
    std::uint32_t *hrow = hist + (std::size_t(y / s) + 1) * rs * kCells;
    for (std::uint32_t bx = 0; bx < g.gw; ++bx) {
      std::uint32_t *cell = hrow + (std::size_t(bx) + 1) * kCells;
      std::uint32_t *h0 = local.data() + std::size_t(bx) * 2 * kCells, *h1 = h0 + kCells;
      for (int i = 0; i < kCells; ++i) cell[i] = h0[i] + h1[i], h0[i] = h1[i] = 0;
    }
  }
  return EK_OK;
}

// In-place summed-area table over (gw + 1) x (gh + 1) cells of k values, row 0 and column 0
// zero. Unsigned wrap-around is harmless: every window sum is the exact value modulo 2^bits,
// and the true window sums fit.
template <class T>
void integrate(T *t, std::uint32_t gw, std::uint32_t gh, int k) noexcept {
  const std::size_t rs = (std::size_t(gw) + 1) * std::size_t(k);
  for (std::uint32_t y = 1; y <= gh; ++y) {
    T *row = t + y * rs;
    for (std::uint32_t x = 1; x <= gw; ++x)
      for (int i = 0; i < k; ++i) {
        const std::size_t c = std::size_t(x) * std::size_t(k) + std::size_t(i);
        row[c] = T(row[c] + row[c - std::size_t(k)]);
      }
    const T *up = row - rs;
    for (std::size_t c = 0; c < rs; ++c) row[c] = T(row[c] + up[c]);
  }
}

template <class T>
inline T window_sum(const T *t, std::size_t rs, int k, int i, std::uint32_t x, std::uint32_t y,
                    std::uint32_t ww, std::uint32_t wh) noexcept {
  const std::size_t kk = std::size_t(k), ii = std::size_t(i);
  const std::size_t x0 = std::size_t(x) * kk + ii, x1 = (std::size_t(x) + ww) * kk + ii;
  const T *r0 = t + std::size_t(y) * rs, *r1 = t + (std::size_t(y) + wh) * rs;
  return T(r1[x1] - r1[x0] - r0[x1] + r0[x0]);
}

// The best window so far; ties go to the window whose centre is nearest the grid's centre, then
// to the first in row-major order.
struct best_window {
  double score = 0;
  std::uint64_t dist = 0;
  std::uint32_t x = 0, y = 0;
  bool any = false;

  void offer(double sc, std::uint32_t x_, std::uint32_t y_, const grid &g, std::uint32_t ww,
             std::uint32_t wh) noexcept {
    const std::int64_t dx = std::int64_t(2) * x_ + ww - g.gw, dy = std::int64_t(2) * y_ + wh - g.gh;
    const std::uint64_t d = std::uint64_t(dx * dx + dy * dy);
    if (!any || sc > score || (sc == score && d < dist)) {
      score = sc, dist = d, x = x_, y = y_, any = true;
    }
  }
};

// The coarse edge measure: luminance averaged over k x k blocks (weighted by alpha and
// coverage), then |sum over the 8 neighbours n of min(alpha_c, alpha_n) (L_c - L_n)| — the
// Laplacian, blind to alpha edges and to what transparent pixels hold — shared by the cell's
// blocks. Scratch: two coarse maps.
ek_status coarse_edges(const grid &g, const block_maps &m, float *edge,
                       const ek_allocator *a) noexcept {
  const std::uint32_t longer = g.gw > g.gh ? g.gw : g.gh;
  const std::uint32_t k = (longer + kCoarseSide - 1) / kCoarseSide;
  const std::uint32_t cw = (g.gw + k - 1) / k, chh = (g.gh + k - 1) / k;
  detail::array<float> cl, ca;
  const std::size_t cells = std::size_t(cw) * chh;
  if (ek_status st = cl.allocate(a, cells); st != EK_OK) return st;
  if (ek_status st = ca.allocate(a, cells); st != EK_OK) return st;
  for (std::uint32_t cy = 0; cy < chh; ++cy)
    for (std::uint32_t cx = 0; cx < cw; ++cx) {
      double wl = 0, w = 0, al = 0;
      std::uint32_t nb = 0;
      for (std::uint32_t y = cy * k; y < (cy + 1) * k && y < g.gh; ++y)
        for (std::uint32_t x = cx * k; x < (cx + 1) * k && x < g.gw; ++x) {
          const std::size_t i = std::size_t(y) * g.gw + x;
          wl += double(m.lum[i]) * m.gate[i], w += m.gate[i], al += m.alpha[i], ++nb;
        }
      cl[std::size_t(cy) * cw + cx] = float(w > 0 ? wl / w : 0.0);
      ca[std::size_t(cy) * cw + cx] = float(al / nb);
    }
  for (std::uint32_t cy = 0; cy < chh; ++cy)
    for (std::uint32_t cx = 0; cx < cw; ++cx) {
      const std::size_t c = std::size_t(cy) * cw + cx;
      double lap = 0;
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
          const std::int64_t ny = std::int64_t(cy) + dy, nx = std::int64_t(cx) + dx;
          if ((dx == 0 && dy == 0) || ny < 0 || nx < 0 || ny >= chh || nx >= cw) continue;
          const std::size_t n = std::size_t(ny) * cw + std::size_t(nx);
          lap += double(ca[c] < ca[n] ? ca[c] : ca[n]) * (double(cl[c]) - double(cl[n]));
        }
      const float e = float((lap < 0 ? -lap : lap) / 255.0);
      for (std::uint32_t y = cy * k; y < (cy + 1) * k && y < g.gh; ++y)
        for (std::uint32_t x = cx * k; x < (cx + 1) * k && x < g.gw; ++x)
          edge[std::size_t(y) * g.gw + x] = e;
    }
  return EK_OK;
}

ek_status smart_attention(const image_view &in, const grid &g, std::uint32_t ww,
                          std::uint32_t wh, best_window &best, const ek_allocator *a) noexcept {
  const std::size_t cells = std::size_t(g.gw) * g.gh;
  detail::array<float> maps;
  if (ek_status st = maps.allocate(a, cells * 5); st != EK_OK) return st;
  const block_maps m{maps.data(), maps.data() + cells, maps.data() + 2 * cells,
                     maps.data() + 3 * cells};
  float *edge = maps.data() + 4 * cells;
  ek_status st = EK_OK;
  switch (in.channels) {
    case 1: st = attention_grid<1>(in, g, m, a); break;
    case 2: st = attention_grid<2>(in, g, m, a); break;
    case 3: st = attention_grid<3>(in, g, m, a); break;
    default: st = attention_grid<4>(in, g, m, a); break;
  }
  if (st != EK_OK) return st;
  if (st = coarse_edges(g, m, edge, a); st != EK_OK) return st;
  // Block scores as integers, then five tables: sum of s, s*x, s*x^2, s*y, s*y^2 (x, y block
  // coordinates). Exact in 64 bits: s < 2^14, coordinates < 2^8, at most 2^16 blocks.
  constexpr int K = 5;
  const std::size_t rs = (std::size_t(g.gw) + 1) * K;
  detail::array<std::int64_t> sat;
  if (st = sat.allocate(a, rs * (std::size_t(g.gh) + 1)); st != EK_OK) return st;
  for (std::size_t i = 0; i < sat.size(); ++i) sat[i] = 0;
  for (std::uint32_t y = 0; y < g.gh; ++y)
    for (std::uint32_t x = 0; x < g.gw; ++x) {
      const std::size_t i = std::size_t(y) * g.gw + x;
      const double v = double(m.gate[i]) * (kEdgeWeight * double(edge[i]) + double(m.part[i]));
      const std::int64_t s = std::int64_t(v * kScoreUnit + 0.5);
      std::int64_t *c = sat.data() + (std::size_t(y) + 1) * rs + (std::size_t(x) + 1) * K;
      c[0] = s, c[1] = s * x, c[2] = s * x * x, c[3] = s * y, c[4] = s * y * y;
    }
  integrate(sat.data(), g.gw, g.gh, K);
  // Score of a window: sum of s * (1 - u^2/2 - v^2/2), u and v the block's offset from the
  // window centre over the half-width / half-height, i.e. weight 1 at the centre, 1/2 at the
  // middle of an edge, ~0 in the corners. With X = 2x - (2*x0 + ww - 1):
  // sum s X^2 = 4 sum s x^2 - 4 c sum s x + c^2 sum s, c = 2*x0 + ww - 1 (exact integers).
  const double nx = 0.5 / (double(ww) * ww), ny = 0.5 / (double(wh) * wh);
  for (std::uint32_t y = 0; y + wh <= g.gh; ++y) {
    const std::int64_t cy = std::int64_t(2) * y + wh - 1;
    for (std::uint32_t x = 0; x + ww <= g.gw; ++x) {
      const std::int64_t cx = std::int64_t(2) * x + ww - 1;
      const std::int64_t s0 = window_sum(sat.data(), rs, K, 0, x, y, ww, wh);
      const std::int64_t sx = window_sum(sat.data(), rs, K, 1, x, y, ww, wh);
      const std::int64_t sxx = window_sum(sat.data(), rs, K, 2, x, y, ww, wh);
      const std::int64_t sy = window_sum(sat.data(), rs, K, 3, x, y, ww, wh);
      const std::int64_t syy = window_sum(sat.data(), rs, K, 4, x, y, ww, wh);
      const std::int64_t qx = 4 * sxx - 4 * cx * sx + cx * cx * s0;
      const std::int64_t qy = 4 * syy - 4 * cy * sy + cy * cy * s0;
      best.offer(double(s0) - nx * double(qx) - ny * double(qy), x, y, g, ww, wh);
    }
  }
  return EK_OK;
}

ek_status smart_entropy(const image_view &in, const grid &g, std::uint32_t ww, std::uint32_t wh,
                        best_window &best, const ek_allocator *a) noexcept {
  const std::size_t rs = (std::size_t(g.gw) + 1) * kCells;
  detail::array<std::uint32_t> sat;
  if (ek_status st = sat.allocate(a, rs * (std::size_t(g.gh) + 1)); st != EK_OK) return st;
  for (std::size_t i = 0; i < sat.size(); ++i) sat[i] = 0;
  ek_status st = EK_OK;
  switch (in.channels) {
    case 1: st = entropy_grid<1>(in, g, sat.data(), a); break;
    case 2: st = entropy_grid<2>(in, g, sat.data(), a); break;
    case 3: st = entropy_grid<3>(in, g, sat.data(), a); break;
    default: st = entropy_grid<4>(in, g, sat.data(), a); break;
  }
  if (st != EK_OK) return st;
  integrate(sat.data(), g.gw, g.gh, kCells);
  for (std::uint32_t y = 0; y + wh <= g.gh; ++y)
    for (std::uint32_t x = 0; x + ww <= g.gw; ++x) {
      std::uint32_t c[kCells];
      std::uint64_t n = 0;
      int used = 0;
      for (int i = 0; i < kCells; ++i) {
        c[i] = window_sum(sat.data(), rs, kCells, i, x, y, ww, wh);
        if (i < kBins) n += c[i], used += c[i] != 0;
      }
      // Shannon entropy (bits) of the opaque pixels' histogram, times the opaque fraction: a
      // window half transparent counts half. One used bin is exactly 0 (no rounding noise, so
      // flat images tie and the centre wins).
      double score = 0;
      if (used > 1) {
        double sum = 0;
        for (int i = 0; i < kBins; ++i)
          if (c[i]) sum += double(c[i]) * std::log2(double(c[i]));
        const double dn = double(n);
        const double hbits = std::log2(dn) - sum / dn;
        score = hbits * dn / (dn + double(c[kBins]));
        score = std::floor(score * 1048576.0 + 0.5);  // 2^-20 bits: rounding noise ties
      }
      best.offer(score, x, y, g, ww, wh);
    }
  return EK_OK;
}

// Full-resolution origin of a window found at block (p) of size wp blocks on an axis of n
// blocks and `full` pixels, for a crop of c pixels: the same centre, clamped to the image; a
// window central on the grid is the exactly centred crop.
std::uint32_t to_full(std::uint32_t p, std::uint32_t wp, std::uint32_t n, std::uint32_t s,
                      std::uint32_t full, std::uint32_t c) noexcept {
  const std::int64_t off = std::int64_t(2) * p + wp - n;
  if (off >= -1 && off <= 1) return (full - c) / 2;
  const std::int64_t twice = (std::int64_t(2) * p + wp) * s - c;  // 2 * origin
  std::int64_t o = twice < 0 ? 0 : twice / 2;
  if (o > std::int64_t(full - c)) o = std::int64_t(full - c);
  return std::uint32_t(o);
}

}  // namespace

ek_status smartcrop(image_view in, std::uint32_t cw, std::uint32_t ch, crop_mode mode, rect *out,
                    const ek_allocator *a) noexcept {
  if (!out) return EK_ERR_NULL;
  *out = rect{0, 0, 0, 0};
  if (!in.data) return EK_ERR_NULL;
  if (a && (!a->alloc || !a->free)) return EK_ERR_NULL;
  if (!in.valid() || cw == 0 || ch == 0) return EK_ERR_ARG;
  if (mode != EK_CROP_CENTRE && mode != EK_CROP_ATTENTION && mode != EK_CROP_ENTROPY)
    return EK_ERR_ARG;
  if (cw > in.width) cw = in.width;
  if (ch > in.height) ch = in.height;
  if (mode == EK_CROP_CENTRE || (cw == in.width && ch == in.height)) {
    *out = crop_centre(in.width, in.height, cw, ch);
    return EK_OK;
  }
  const grid g = make_grid(in.width, in.height);
  std::uint32_t ww = (cw + g.s / 2) / g.s, wh = (ch + g.s / 2) / g.s;
  ww = ww < 1 ? 1 : ww > g.gw ? g.gw : ww;
  wh = wh < 1 ? 1 : wh > g.gh ? g.gh : wh;
  best_window best;
  const ek_status st = mode == EK_CROP_ATTENTION ? smart_attention(in, g, ww, wh, best, a)
                                                 : smart_entropy(in, g, ww, wh, best, a);
  if (st != EK_OK) return st;
  *out = rect{to_full(best.x, ww, g.gw, g.s, in.width, cw),
              to_full(best.y, wh, g.gh, g.s, in.height, ch), cw, ch};
  return EK_OK;
}

}  // namespace ek
