// Resize: Pillow's coefficients and pass order, exact-integer float arithmetic, dispatch.
// The contract is documented in include/edgekernels/image/resize.hpp.
#include "edgekernels/image/resize.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>

#include "image/resize_variants.hpp"

namespace ek {
namespace resize_impl {
namespace {

using fam = detail::variant<const kernels *>;
constexpr fam table[] = {
#if defined(EK_RESIZE_X86)
    {"avx512", cpu::avx512, &avx512},
    {"avx2", cpu::avx2, &avx2},
    {"sse42", cpu::sse42, &sse42},
#endif
#if defined(EK_RESIZE_WASM_SIMD128)
    {"wasm_simd128", cpu::wasm_simd128, &wasm_simd128},
#endif
    {"portable", 0, &portable},
};
detail::dispatcher<const kernels *, sizeof table / sizeof table[0]> g_kernels(table);

constexpr double pi = 3.14159265358979323846;

// Pillow's filters (Resample.c), with their supports.
double f_box(double x) noexcept { return (x > -0.5 && x <= 0.5) ? 1.0 : 0.0; }
double f_triangle(double x) noexcept {
  x = std::fabs(x);
  return x < 1.0 ? 1.0 - x : 0.0;
}
double f_bicubic(double x) noexcept {
  constexpr double a = -0.5;
  x = std::fabs(x);
  if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0;
  if (x < 2.0) return (((x - 5.0) * x + 8.0) * x - 4.0) * a;
  return 0.0;
}
// Mitchell-Netravali, B = C = 1/3 (not in Pillow; the usual piecewise cubic).
double f_mitchell(double x) noexcept {
  constexpr double B = 1.0 / 3.0, C = 1.0 / 3.0;
  x = std::fabs(x);
  if (x < 1.0)
    return ((12.0 - 9.0 * B - 6.0 * C) * x * x * x + (-18.0 + 12.0 * B + 6.0 * C) * x * x +
            (6.0 - 2.0 * B)) / 6.0;
  if (x < 2.0)
    return ((-B - 6.0 * C) * x * x * x + (6.0 * B + 30.0 * C) * x * x +
            (-12.0 * B - 48.0 * C) * x + (8.0 * B + 24.0 * C)) / 6.0;
  return 0.0;
}
// sinc(x) sinc(x/3) on [-3, 3). One sine: sin(pi x) = sin(3t) = 3 sin t - 4 sin^3 t, t = pi x / 3.
double f_lanczos3(double x) noexcept {
  if (!(x >= -3.0 && x < 3.0)) return 0.0;
  if (x == 0.0) return 1.0;
  const double t = pi * x / 3.0;
  const double s = std::sin(t);
  const double s3 = s * (3.0 - 4.0 * s * s);
  return (s3 / (pi * x)) * (s / t);
}

struct filter_def {
  double (*fn)(double) noexcept;
  double support;
};
filter_def filter_of(ek_filter f) noexcept {
  switch (f) {
    case EK_FILTER_BOX: return {&f_box, 0.5};
    case EK_FILTER_BILINEAR: return {&f_triangle, 1.0};
    case EK_FILTER_BICUBIC: return {&f_bicubic, 2.0};
    case EK_FILTER_MITCHELL: return {&f_mitchell, 2.0};
    default: return {&f_lanczos3, 3.0};
  }
}

// Pillow's precompute_coeffs geometry for one axis: taps [first, first + count) of output i.
struct axis {
  double scale, filterscale, support;
  std::uint32_t in_size;
  void bounds(std::uint32_t i, std::uint32_t &first, std::uint32_t &count) const noexcept {
    const double center = (i + 0.5) * scale;
    double lo = center - support + 0.5, hi = center + support + 0.5;
    std::int64_t xmin = lo < 0.0 ? 0 : static_cast<std::int64_t>(lo);
    std::int64_t xmax = static_cast<std::int64_t>(hi);  // hi > 0 always
    if (xmax > in_size) xmax = in_size;
    if (xmin > xmax) xmin = xmax;
    first = static_cast<std::uint32_t>(xmin);
    count = static_cast<std::uint32_t>(xmax - xmin);
  }
};
axis make_axis(std::uint32_t in, std::uint32_t out, const filter_def &f) noexcept {
  axis a;
  a.scale = double(in) / double(out);
  a.filterscale = a.scale < 1.0 ? 1.0 : a.scale;
  a.support = f.support * a.filterscale;
  a.in_size = in;
  return a;
}

// Normalised weights of every output (n_out rows of kmax doubles) and the largest sum |w|.
double weights(const axis &ax, const filter_def &f, std::uint32_t n_out, std::uint32_t kmax,
               double *w, std::uint32_t *first, std::uint32_t *count) noexcept {
  double worst = 0.0;
  const double ss = 1.0 / ax.filterscale;
  for (std::uint32_t i = 0; i < n_out; ++i) {
    std::uint32_t x0, n;
    ax.bounds(i, x0, n);
    first[i] = x0, count[i] = n;
    const double center = (i + 0.5) * ax.scale;
    double *k = w + std::size_t(i) * kmax;
    double sum = 0.0;
    for (std::uint32_t j = 0; j < n; ++j) {
      k[j] = f.fn((j + x0 - center + 0.5) * ss);
      sum += k[j];
    }
    double abs_sum = 0.0;
    for (std::uint32_t j = 0; j < n; ++j) {
      if (sum != 0.0) k[j] /= sum;
      abs_sum += std::fabs(k[j]);
    }
    for (std::uint32_t j = n; j < kmax; ++j) k[j] = 0.0;
    if (abs_sum > worst) worst = abs_sum;
  }
  return worst;
}

// The largest b <= 16 with every partial sum of 8-bit pixels times b-bit weights, plus the
// rounding half, below 2^24 (exact in float). Quantising each of up to kmax weights moves the
// sum of magnitudes by less than kmax (see quantise).
int fraction_bits(double abs_sum, std::uint32_t kmax) noexcept {
  for (int b = 16; b > 1; --b) {
    const double scale = std::ldexp(1.0, b);
    if (255.0 * (abs_sum * scale + kmax) + scale < 16777216.0) return b;
  }
  return 1;
}

// Integer weights for one output: q_j = R(S_j) - R(S_(j-1)) with S_j the running sum of
// w * 2^b and R Pillow's rounding (half away from zero). Each q_j is within 1 of w_j * 2^b like a
// plain rounding, but the errors do not pile up: the quantised weights sum to R(2^b * sum w), so
// a flat area stays flat even with thousands of taps (a 10000:1 box), where rounding every weight
// alone would be off by several levels.
void quantise(const double *w, std::uint32_t n, double scale, float *out, std::uint32_t P) noexcept {
  double s = 0.0, prev = 0.0;
  for (std::uint32_t j = 0; j < n; ++j) {
    s += w[j] * scale;
    const double r = s < 0.0 ? std::ceil(s - 0.5) : std::floor(s + 0.5);
    const float q = static_cast<float>(r - prev);
    prev = r;
    for (std::uint32_t l = 0; l < P; ++l) out[j * P + l] = q;
  }
}

// Tables with more than this many taps (shrinks beyond ~1365:1 for Lanczos3, 4096:1 for box)
// skip the float kernels: with float32 partial sums kept exact, their weights could keep too few
// bits (b falls below 15 from ~17000 taps, and no b works past ~65000), and the quantisation
// error, a random walk over the taps, grows past a level. They go through the scalar int64
// kernels below instead, shared by every ISA path, with 32 fractional bits: exact and accurate.
constexpr std::uint32_t wide_taps = 8192;
constexpr int wide_bits = 32;

// quantise() at 2^32 into int64 (the running sums stay below 2^33, exact in double).
void quantise_wide(const double *w, std::uint32_t n, std::int64_t *out) noexcept {
  const double scale = std::ldexp(1.0, wide_bits);
  double s = 0.0, prev = 0.0;
  for (std::uint32_t j = 0; j < n; ++j) {
    s += w[j] * scale;
    const double r = s < 0.0 ? std::ceil(s - 0.5) : std::floor(s + 0.5);
    out[j] = static_cast<std::int64_t>(r - prev);
    prev = r;
  }
}

// Pillow's (acc + 2^(b-1)) >> b clipped to 0..255, on an exact int64 sum (|acc| < 2^44).
float finish_wide(std::int64_t acc) noexcept {
  const std::int64_t v = acc + (std::int64_t(1) << (wide_bits - 1));
  if (v <= 0) return 0.0f;
  const std::int64_t r = v / (std::int64_t(1) << wide_bits);
  return static_cast<float>(r > 255 ? 255 : r);
}

// Rows hold integers 0..255 as floats; off[x] is in floats (pixel index times P).
void hpass_wide(const float *src, const std::int64_t *w, const std::uint32_t *off,
                const std::uint32_t *cnt, std::uint32_t kmax, std::uint32_t n_out, std::uint32_t P,
                float *dst) noexcept {
  for (std::uint32_t x = 0; x < n_out; ++x) {
    const float *s = src + off[x];
    const std::int64_t *k = w + std::size_t(x) * kmax;
    std::int64_t acc[4] = {0, 0, 0, 0};
    for (std::uint32_t j = 0; j < cnt[x]; ++j)
      for (std::uint32_t l = 0; l < P; ++l) acc[l] += k[j] * static_cast<std::int64_t>(s[std::size_t(j) * P + l]);
    for (std::uint32_t l = 0; l < P; ++l) dst[std::size_t(x) * P + l] = finish_wide(acc[l]);
  }
}

void vpass_wide(const float *const *rows, const std::int64_t *w, std::uint32_t k, std::uint32_t n,
                float *dst) noexcept {
  for (std::uint32_t i = 0; i < n; ++i) {
    std::int64_t acc = 0;
    for (std::uint32_t j = 0; j < k; ++j) acc += w[j] * static_cast<std::int64_t>(rows[j][i]);
    dst[i] = finish_wide(acc);
  }
}

quant make_quant(int b) noexcept {
  const float scale = std::ldexp(1.0f, b);
  return {scale * 0.5f, 256.0f * scale - 1.0f, 1.0f / scale, true};
}

std::size_t round_up(std::size_t n, std::size_t m) noexcept { return (n + m - 1) / m * m; }

// Carves one allocation into 64-byte-aligned pieces; a first pass with base == nullptr sizes it.
struct carver {
  unsigned char *base;
  std::size_t used = 0;
  template <class T>
  T *take(std::size_t n) noexcept {
    used = round_up(used, 64);
    T *p = base ? reinterpret_cast<T *>(base + used) : nullptr;
    used += n * sizeof(T);
    return p;
  }
};

// sRGB transfer functions (IEC 61966-2-1).
double srgb_to_linear(double c) noexcept {
  return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}
double linear_to_srgb(double l) noexcept {
  return l <= 0.0031308 ? 12.92 * l : 1.055 * std::pow(l, 1.0 / 2.4) - 0.055;
}

std::uint8_t clip8(double v) noexcept {
  return v <= 0.0 ? 0 : (v >= 255.0 ? 255 : static_cast<std::uint8_t>(v));
}

// Linear light: channels as linear floats 0..1, premultiplied by alpha (0..1) when there is one.
// Pixel x at dst + x * ps (ps = P, or 16 for hpass4's four interleaved rows).
void load_row_linear(const std::uint8_t *src, std::uint32_t w, std::uint32_t C, const float *lut,
                     float *dst, std::uint32_t ps) noexcept {
  const bool alpha = C == 2 || C == 4;
  const std::uint32_t colours = alpha ? C - 1 : C;
  for (std::uint32_t x = 0; x < w; ++x) {
    const std::uint8_t *p = src + std::size_t(x) * C;
    float *o = dst + std::size_t(x) * ps;
    const float a = alpha ? p[C - 1] * (1.0f / 255.0f) : 1.0f;
    for (std::uint32_t c = 0; c < colours; ++c) o[c] = lut[p[c]] * a;
    if (alpha) o[C - 1] = a;
    if (C == 3) o[3] = 0.0f;
  }
}
void store_row_linear(const float *src, std::uint32_t w, std::uint32_t C, std::uint8_t *dst) noexcept {
  const std::uint32_t P = C == 3 ? 4 : C;
  const bool alpha = C == 2 || C == 4;
  const std::uint32_t colours = alpha ? C - 1 : C;
  for (std::uint32_t x = 0; x < w; ++x) {
    const float *s = src + std::size_t(x) * P;
    std::uint8_t *o = dst + std::size_t(x) * C;
    double a = 1.0;
    if (alpha) {
      a = s[C - 1];
      a = a < 0.0 ? 0.0 : (a > 1.0 ? 1.0 : a);
      o[C - 1] = clip8(a * 255.0 + 0.5);
    }
    for (std::uint32_t c = 0; c < colours; ++c) {
      double l = a > 0.0 ? s[c] / a : 0.0;
      l = l < 0.0 ? 0.0 : (l > 1.0 ? 1.0 : l);
      o[c] = clip8(linear_to_srgb(l) * 255.0 + 0.5);
    }
  }
}

// 255 / a for the unpremultiplication (1 for a = 0, which Pillow copies as for a = 255).
void make_unpremul(float *inv) noexcept {
  inv[0] = 1.0f;
  for (int a = 1; a < 256; ++a) inv[a] = 255.0f / static_cast<float>(a);
}

// 0..255 integer floats (premultiplied for 2 and 4 channels) to bytes, undoing the
// premultiplication as Pillow's RGBa -> RGBA does (255 * c / a truncated; a = 0 or 255
// copied). c * (255 / a) + 1/1024 truncated equals the integer quotient for every c, a in
// 0..255, with or without a fused multiply-add (checked exhaustively): a quotient that is not
// an integer is at least 1/255 above the one below it, and the float error stays under 1/1024.
// The integer division it replaces took ~10% of an RGBA resize.
void store_row(const float *src, std::uint32_t w, std::uint32_t C, const float *inv,
               std::uint8_t *dst) noexcept {
  if (C == 1) {
    for (std::uint32_t x = 0; x < w; ++x) dst[x] = static_cast<std::uint8_t>(src[x]);
  } else if (C == 3) {
    for (std::uint32_t x = 0; x < w; ++x) {
      dst[3 * x] = static_cast<std::uint8_t>(src[4 * x]);
      dst[3 * x + 1] = static_cast<std::uint8_t>(src[4 * x + 1]);
      dst[3 * x + 2] = static_cast<std::uint8_t>(src[4 * x + 2]);
    }
  } else {
    for (std::uint32_t x = 0; x < w; ++x) {
      const float *s = src + std::size_t(x) * C;
      std::uint8_t *o = dst + std::size_t(x) * C;
      const unsigned a = static_cast<unsigned>(s[C - 1]);
      const float k = inv[a];
      for (std::uint32_t c = 0; c + 1 < C; ++c) {
        const unsigned u = static_cast<unsigned>(s[c] * k + (1.0f / 1024.0f));
        o[c] = static_cast<std::uint8_t>(u > 255 ? 255 : u);
      }
      o[C - 1] = static_cast<std::uint8_t>(a);
    }
  }
}

template <std::uint32_t C>
void copy_px(const std::uint8_t *s, const std::uint32_t *xin, std::uint32_t w, std::uint8_t *o) noexcept {
  for (std::uint32_t x = 0; x < w; ++x) {
    if (xin[x] == 0xffffffffu) {
      std::memset(o + std::size_t(x) * C, 0, C);
    } else {
      std::memcpy(o + std::size_t(x) * C, s + std::size_t(xin[x]) * C, C);
    }
  }
}

// Pillow's NEAREST: an affine scale whose source coordinate is accumulated in double
// (ImagingScaleAffine): x = a/2, then x += a per output pixel, index (int)x; outside -> 0.
ek_status nearest(image_view in, image_span out, const ek_allocator *al) noexcept {
  std::uint32_t *xin = detail::allocate<std::uint32_t>(al, out.width);
  if (!xin) return EK_ERR_NOMEM;
  const std::uint32_t C = in.channels;
  const double ax = double(in.width) / double(out.width);
  const double ay = double(in.height) / double(out.height);
  constexpr std::uint32_t none = 0xffffffffu;
  double xo = ax * 0.5;
  for (std::uint32_t x = 0; x < out.width; ++x) {
    const std::int64_t i = xo < 0.0 ? -1 : static_cast<std::int64_t>(xo);
    xin[x] = (i >= 0 && i < in.width) ? static_cast<std::uint32_t>(i) : none;
    xo += ax;
  }
  double yo = ay * 0.5;
  for (std::uint32_t y = 0; y < out.height; ++y) {
    const std::int64_t yi = yo < 0.0 ? -1 : static_cast<std::int64_t>(yo);
    std::uint8_t *o = out.row(y);
    if (yi < 0 || yi >= in.height) {
      std::memset(o, 0, std::size_t(out.width) * C);
    } else {
      const std::uint8_t *s = in.row(static_cast<std::uint32_t>(yi));
      switch (C) {  // constant-size copies, inlined
        case 1: copy_px<1>(s, xin, out.width, o); break;
        case 2: copy_px<2>(s, xin, out.width, o); break;
        case 3: copy_px<3>(s, xin, out.width, o); break;
        default: copy_px<4>(s, xin, out.width, o); break;
      }
    }
    yo += ay;
  }
  detail::free_bytes(al, xin);
  return EK_OK;
}

ek_status convolve(image_view in, image_span out, const resize_options &opt, const kernels &kk,
                   const ek_allocator *al) noexcept {
  const std::uint32_t C = in.channels, P = C == 3 ? 4 : C;
  const bool need_h = in.width != out.width, need_v = in.height != out.height;
  const filter_def f = filter_of(opt.filter);
  const axis ah = make_axis(in.width, out.width, f), av = make_axis(in.height, out.height, f);

  // Largest tap counts, to size the tables.
  std::uint32_t kh = 1, kv = 1;
  for (std::uint32_t i = 0; need_h && i < out.width; ++i) {
    std::uint32_t a, n;
    ah.bounds(i, a, n);
    if (n > kh) kh = n;
  }
  for (std::uint32_t i = 0; need_v && i < out.height; ++i) {
    std::uint32_t a, n;
    av.bounds(i, a, n);
    if (n > kv) kv = n;
  }
  const bool wide_h = !opt.linear && need_h && kh > wide_taps;
  const bool wide_v = !opt.linear && need_v && kv > wide_taps;
  // (RGB/RGBA taps need no alignment: hpass4 reads a pixel of four interleaved rows as one
  // 64-byte line, and the one-row hpass only serves the last few rows.)
  const std::size_t stride = wide_h ? 16 : round_up(std::size_t(kh) * P, 16);
  if (stride > 0xffffffffu) return EK_ERR_OVERFLOW;
  const std::size_t rowlen = round_up(std::size_t(out.width) * P, 64);
  const std::size_t inlen = round_up(std::size_t(in.width) * P + stride + 64, 16);
  // RGB/RGBA rows go through the horizontal pass four at a time in column chunks of `chunk`
  // output pixels, converted to float a chunk at a time (with its taps' overlap) into 4 * `clen`
  // floats, the four rows interleaved per pixel (load4): about 24 KB, so conversion and filtering stay in L1 instead of streaming
  // four whole float rows (16 bytes per input pixel) through L2.
  std::uint32_t chunk = 0;
  std::size_t clen = 0;
  if (P == 4 && need_h && !wide_h) {
    const double per = 4.0 * ah.scale;  // floats of input per output pixel
    const double fit = (1536.0 - double(stride)) / per;
    chunk = fit < 16.0 ? 16u : (fit > 4096.0 ? 4096u : static_cast<std::uint32_t>(fit) / 4 * 4);
    clen = round_up(std::size_t(4.0 * (std::ceil(chunk * ah.scale) + 8.0)) + stride + 16, 16);
  }
  // Tall vertical shrinks stream instead: each filtered row is added into the (few) output rows
  // that use it, so memory is 4 filtered rows + `acc_rows` accumulators, not a ring as tall as
  // the taps. Row y feeds the outputs whose centre c has y in [c - support - 0.5, c + support +
  // 0.5), at most (2 support + 1) / scale + 1 of them. The float sums stay exact integers, so
  // the result does not depend on the order of accumulation. (Tables past wide_taps keep the
  // ring: their int64 sums have no float accumulator.)
  const bool stream_v = need_v && !wide_v && kv > 64;
  const std::uint32_t acc_rows =
      stream_v ? static_cast<std::uint32_t>(std::ceil((2.0 * av.support + 1.0) / av.scale)) + 1 : 0;
  const std::uint32_t ring_rows = stream_v ? 4 : (need_v ? kv + 3 : 1);  // + 3: rows come 4 at a time
  std::size_t dbl = 0;
  if (need_h) dbl = std::size_t(out.width) * kh;
  if (need_v && std::size_t(out.height) * kv > dbl) dbl = std::size_t(out.height) * kv;

  // The scratch size in floating point first, so that no size_t product below can wrap (32-bit).
  const double est = 8.0 * double(dbl) * 2.0 + 4.0 * double(out.width) * double(stride) +
                     4.0 * double(out.height) * kv + 16.0 * double(inlen) + 16.0 * double(clen) +
                     4.0 * double(ring_rows + acc_rows + 1) * double(rowlen) + 16.0 * (out.width + out.height) + 4096.0;
  if (est > double(SIZE_MAX) / 2) return EK_ERR_OVERFLOW;
  carver c{nullptr};
  unsigned char *raw = nullptr;
  for (int pass = 0; pass < 2; ++pass) {
    c.used = 0;
    double *wd = c.take<double>(dbl);
    // P == 4: one weight per tap (stride / 4 per output), spread over the lanes in registers.
    const std::size_t wstride = P == 4 ? stride / 4 : stride;
    float *hw = c.take<float>(need_h ? std::size_t(out.width) * wstride + 16 : 0);
    std::uint32_t *hoff = c.take<std::uint32_t>(need_h ? out.width : 0);
    std::uint32_t *hcnt = c.take<std::uint32_t>(need_h ? out.width : 0);
    float *vw = c.take<float>(need_v ? std::size_t(out.height) * kv : 0);
    std::int64_t *hwide = c.take<std::int64_t>(wide_h ? std::size_t(out.width) * kh : 0);
    std::int64_t *vwide = c.take<std::int64_t>(wide_v ? std::size_t(out.height) * kv : 0);
    std::uint32_t *vfirst = c.take<std::uint32_t>(need_v ? out.height : 0);
    std::uint32_t *vcnt = c.take<std::uint32_t>(need_v ? out.height : 0);
    float *inrow = c.take<float>(need_h ? 4 * inlen : 0);
    float *cbuf = c.take<float>(4 * clen);
    float *ring = c.take<float>(std::size_t(ring_rows) * rowlen);
    float *orow = c.take<float>(rowlen);
    float *acc = c.take<float>(std::size_t(acc_rows) * rowlen);
    const float **rows = c.take<const float *>(ring_rows);
    float *lut = c.take<float>(256);
    float *unpremul = c.take<float>(256);
    const htable shape{nullptr, nullptr, static_cast<std::uint32_t>(stride), 0, nullptr, 0};
    const std::size_t prep_bytes =
        need_h && !wide_h && !opt.linear && kk.hprep ? kk.hprep(shape, out.width, P, nullptr) : 0;
    void *prep = c.take<unsigned char>(prep_bytes);
    if (!c.base) {
      raw = static_cast<unsigned char *>(detail::allocate_bytes(al, c.used + 64));
      if (!raw) return EK_ERR_NOMEM;
      c.base = raw + (64 - reinterpret_cast<std::uintptr_t>(raw) % 64) % 64;
      continue;
    }
    (void)wd;
    const bool lin = opt.linear;
    quant qh{0, 0, 0, false}, qv{0, 0, 0, false};
    htable ht{hw, hoff, static_cast<std::uint32_t>(stride), 0, nullptr, 0};
    if (need_h) {
      const double worst = weights(ah, f, out.width, kh, wd, hoff, hcnt);
      const int b = fraction_bits(worst, kh);
      const double scale = std::ldexp(1.0, b);
      if (!lin) qh = make_quant(b);
      for (std::uint32_t x = 0; x < out.width; ++x) {
        float *o = hw + std::size_t(x) * wstride;
        std::memset(o, 0, wstride * sizeof(float));
        const double *k = wd + std::size_t(x) * kh;
        hoff[x] = hoff[x] * P;
        const std::uint32_t wl = P == 4 ? 1 : P;  // copies of each weight in the table
        if (wide_h) {
          std::int64_t *ko = hwide + std::size_t(x) * kh;
          for (std::uint32_t j = 0; j < kh; ++j) ko[j] = 0;
          quantise_wide(k, hcnt[x], ko);
        } else if (lin) {
          for (std::uint32_t j = 0; j < hcnt[x]; ++j)
            for (std::uint32_t l = 0; l < wl; ++l) o[j * wl + l] = static_cast<float>(k[j]);
        } else {
          quantise(k, hcnt[x], scale, o, wl);
        }
      }
      if (prep_bytes) {
        kk.hprep(ht, out.width, P, prep);
        ht.prep = prep;
      }
      std::memset(inrow, 0, 4 * inlen * sizeof(float));
      std::memset(cbuf, 0, 4 * clen * sizeof(float));
    }
    if (need_v) {
      const double worst = weights(av, f, out.height, kv, wd, vfirst, vcnt);
      const int b = fraction_bits(worst, kv);
      const double scale = std::ldexp(1.0, b);
      if (!lin) qv = make_quant(b);
      for (std::uint32_t y = 0; y < out.height; ++y) {
        const double *k = wd + std::size_t(y) * kv;
        float *o = vw + std::size_t(y) * kv;
        for (std::uint32_t j = 0; j < kv; ++j) o[j] = lin ? static_cast<float>(k[j]) : 0.0f;
        if (wide_v) {
          quantise_wide(k, vcnt[y], vwide + std::size_t(y) * kv);
        } else if (!lin) {
          quantise(k, vcnt[y], scale, o, 1);
        }
      }
    }
    std::memset(ring, 0, std::size_t(ring_rows) * rowlen * sizeof(float));
    std::memset(orow, 0, rowlen * sizeof(float));
    make_unpremul(unpremul);
    if (lin)
      for (int i = 0; i < 256; ++i) lut[i] = static_cast<float>(srgb_to_linear(i / 255.0));

    auto produce = [&](std::uint32_t y, float *dst) {
      float *src = need_h ? inrow : dst;
      if (lin) {
        load_row_linear(in.row(y), in.width, C, lut, src, P);
      } else {
        kk.load_row(in.row(y), in.width, C, src);
      }
      if (wide_h) {
        hpass_wide(inrow, hwide, hoff, hcnt, kh, out.width, P, dst);
      } else if (need_h) {
        kk.hpass(inrow, ht, out.width, P, dst, qh);
      }
    };
    auto emit = [&](const float *src, std::uint32_t y) {
      if (lin) {
        store_row_linear(src, out.width, C, out.row(y));
      } else {
        std::uint8_t *o = out.row(y);
        const std::uint32_t done = kk.store_row ? kk.store_row(src, out.width, C, unpremul, o) : 0;
        store_row(src + std::size_t(done) * P, out.width - done, C, unpremul, o + std::size_t(done) * C);
      }
    };

    // Rows [next, next + 4) through the horizontal pass together, when all four are needed.
    const std::uint32_t last = need_v ? vfirst[out.height - 1] + vcnt[out.height - 1] : 0;
    auto produce4 = [&](std::uint32_t y) {
      float *dst[4];
      if (chunk) {
        for (std::uint32_t x0 = 0; x0 < out.width; x0 += chunk) {
          const std::uint32_t nx = out.width - x0 < chunk ? out.width - x0 : chunk;
          const std::uint32_t base = hoff[x0];  // a multiple of P = 4
          const std::uint32_t px0 = base / 4;
          std::uint32_t px1 = static_cast<std::uint32_t>((std::size_t(hoff[x0 + nx - 1]) + stride + 3) / 4);
          if (px1 > in.width) px1 = in.width;
          const std::uint8_t *ahead[4], *rows4[4];
          for (std::uint32_t r = 0; r < 4; ++r) {
            rows4[r] = in.row(y + r) + std::size_t(px0) * C;
            if (lin) load_row_linear(rows4[r], px1 - px0, C, lut, cbuf + 4 * r, 16);
            dst[r] = ring + std::size_t((y + r) % ring_rows) * rowlen + std::size_t(x0) * 4;
            ahead[r] = in.row(y + 4 + r < last ? y + 4 + r : y + r) + std::size_t(px0) * C;
          }
          if (!lin) kk.load4(rows4, px1 - px0, C, cbuf);
          htable t = ht;
          t.off = hoff + x0;
          t.w = hw + std::size_t(x0) * wstride;
          t.base = base;
          t.x0 = x0;
          kk.hpass4(cbuf, clen, t, nx, P, dst, qh, ahead, std::size_t(px1 - px0) * C);
        }
        return;
      }
      for (std::uint32_t r = 0; r < 4; ++r) {
        float *s = inrow + r * inlen;
        if (lin) {
          load_row_linear(in.row(y + r), in.width, C, lut, s, P);
        } else {
          kk.load_row(in.row(y + r), in.width, C, s);
        }
        dst[r] = ring + std::size_t((y + r) % ring_rows) * rowlen;
      }
      const std::uint8_t *ahead[4];
      for (std::uint32_t r = 0; r < 4; ++r) ahead[r] = in.row(y + 4 + r < last ? y + 4 + r : y + r);
      kk.hpass4(inrow, inlen, ht, out.width, P, dst, qh, ahead, std::size_t(in.width) * C);
    };

    if (stream_v) {
      std::memset(acc, 0, std::size_t(acc_rows) * rowlen * sizeof(float));
      const quant keep{0, 0, 0, false};
      const std::uint32_t n = static_cast<std::uint32_t>(rowlen);
      std::uint32_t lo = 0;  // first output row not yet written
      auto flush = [&](std::uint32_t upto) {  // outputs whose taps all lie below row `upto`
        for (; lo < out.height && vfirst[lo] + vcnt[lo] <= upto; ++lo) {
          float *a = acc + std::size_t(lo % acc_rows) * rowlen;
          const float one = 1.0f;
          const float *r1[1] = {a};
          kk.vpass(r1, &one, 1, n, orow, qv);
          emit(orow, lo);
          std::memset(a, 0, rowlen * sizeof(float));
        }
      };
      std::uint32_t y = vfirst[0];
      flush(y);
      while (y < last) {
        const std::uint32_t got = need_h && !wide_h && y + 4 <= last ? 4 : 1;
        if (got == 4) {
          produce4(y);
        } else {
          produce(y, ring + std::size_t(y % ring_rows) * rowlen);
        }
        for (std::uint32_t r = 0; r < got; ++r, ++y) {
          const float *row = ring + std::size_t(y % ring_rows) * rowlen;
          for (std::uint32_t o = lo; o < out.height && vfirst[o] <= y; ++o) {
            if (y - vfirst[o] >= vcnt[o]) continue;
            float *a = acc + std::size_t(o % acc_rows) * rowlen;
            const float w2[2] = {1.0f, vw[std::size_t(o) * kv + (y - vfirst[o])]};
            const float *r2[2] = {a, row};
            kk.vpass(r2, w2, 2, n, a, keep);  // a += w * row, exact
          }
          flush(y + 1);
        }
      }
      flush(0xffffffffu);
      break;
    }

    std::uint32_t next = 0;
    for (std::uint32_t yo = 0; yo < out.height; ++yo) {
      if (!need_v) {
        produce(yo, ring);
        emit(ring, yo);
        continue;
      }
      const std::uint32_t y0 = vfirst[yo], n = vcnt[yo];
      if (next < y0) next = y0;
      while (next < y0 + n) {
        if (need_h && !wide_h && next + 4 <= last) {
          produce4(next);
          next += 4;
        } else {
          produce(next, ring + std::size_t(next % ring_rows) * rowlen);
          ++next;
        }
      }
      for (std::uint32_t j = 0; j < n; ++j) rows[j] = ring + std::size_t((y0 + j) % ring_rows) * rowlen;
      if (wide_v) {
        vpass_wide(rows, vwide + std::size_t(yo) * kv, n, static_cast<std::uint32_t>(rowlen), orow);
      } else {
        kk.vpass(rows, vw + std::size_t(yo) * kv, n, static_cast<std::uint32_t>(rowlen), orow, qv);
      }
      emit(orow, yo);
    }
    break;
  }
  detail::free_bytes(al, raw);
  return EK_OK;
}

}  // namespace

variant_list variants() noexcept { return {table, sizeof table / sizeof table[0]}; }

}  // namespace resize_impl

namespace detail {
void resize_reset() noexcept { resize_impl::g_kernels.reset(); }
const char *resize_path(cpu::kernel k) noexcept {
  return k == cpu::kernel::resize ? resize_impl::g_kernels.get().name : nullptr;
}
}  // namespace detail

ek_status resize(image_view in, image_span out, const resize_options &options,
                 const ek_allocator *a) noexcept {
  if (!in.data || !out.data) return EK_ERR_NULL;
  if (!in.valid() || !out.valid() || in.channels != out.channels) return EK_ERR_ARG;
  if (options.filter < EK_FILTER_NEAREST || options.filter > EK_FILTER_LANCZOS3) return EK_ERR_ARG;
  if (in.width == out.width && in.height == out.height) {
    for (std::uint32_t y = 0; y < in.height; ++y)
      std::memmove(out.row(y), in.row(y), std::size_t(in.width) * in.channels);
    return EK_OK;
  }
  if (options.filter == EK_FILTER_NEAREST) return resize_impl::nearest(in, out, a);
  const resize_impl::kernels &kk =
      options.linear ? resize_impl::portable : *resize_impl::g_kernels.get().fn;
  return resize_impl::convolve(in, out, options, kk, a);
}

}  // namespace ek
