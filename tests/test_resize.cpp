// ek::resize: every SIMD path byte-identical to the portable one, geometry edge cases, errors and
// allocation failure. Agreement with Pillow itself is tests/resize_pillow.py.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "edgekernels/cpu.hpp"
#include "edgekernels/image/resize.hpp"
#include "test_rng.hpp"

namespace {

struct buf {
  std::vector<std::uint8_t> px;
  std::uint32_t w, h, c;
  std::size_t stride;
  buf(std::uint32_t w_, std::uint32_t h_, std::uint32_t c_, std::size_t pad = 0)
      : px(std::size_t(h_) * (std::size_t(w_) * c_ + pad) + 1), w(w_), h(h_), c(c_), stride(std::size_t(w_) * c_ + pad) {}
  ek::image_view view() const { return {px.data(), w, h, c, stride}; }
  ek::image_span span() { return {px.data(), w, h, c, stride}; }
  std::uint8_t at(std::uint32_t x, std::uint32_t y, std::uint32_t k) const { return px[y * stride + x * c + k]; }
};

// Random image: a smooth part, noise, hard edges and alpha with 0 and 255 runs.
buf random_image(rng &r, std::uint32_t w, std::uint32_t h, std::uint32_t c, std::size_t pad = 0) {
  buf b(w, h, c, pad);
  const int kind = int(r.below(3));
  for (std::uint32_t y = 0; y < h; ++y)
    for (std::uint32_t x = 0; x < w; ++x)
      for (std::uint32_t k = 0; k < c; ++k) {
        unsigned v;
        if (kind == 0) v = unsigned(r.below(256));
        else if (kind == 1) v = ((x / 3 + y / 2 + k) % 2) ? 255u : 0u;
        else v = unsigned((x * 255) / (w > 1 ? w - 1 : 1) + r.below(9)) & 255u;
        b.px[y * b.stride + x * c + k] = std::uint8_t(v);
      }
  return b;
}

std::vector<std::uint8_t> run(const buf &in, std::uint32_t w, std::uint32_t h, ek_filter f, bool linear = false) {
  buf out(w, h, in.c);
  ek::resize_options o;
  o.filter = f;
  o.linear = linear;
  REQUIRE(ek::resize(in.view(), out.span(), o) == EK_OK);
  return out.px;
}

constexpr ek_filter all_filters[] = {EK_FILTER_NEAREST, EK_FILTER_BOX, EK_FILTER_BILINEAR,
                                     EK_FILTER_BICUBIC, EK_FILTER_MITCHELL, EK_FILTER_LANCZOS3};

}  // namespace

TEST_CASE("resize: every dispatched path gives the portable path's bytes", "[resize]") {
  const std::uint64_t masks[] = {0, ek::cpu::avx512, ek::cpu::avx512 | ek::cpu::avx2, ek::cpu::all};
  rng r{42};
  std::vector<std::string> seen;
  for (int iter = 0; iter < 60; ++iter) {
    const std::uint32_t c = 1 + std::uint32_t(r.below(4));
    const std::uint32_t w = 1 + std::uint32_t(r.below(150)), h = 1 + std::uint32_t(r.below(90));
    const std::uint32_t ow = 1 + std::uint32_t(r.below(200)), oh = 1 + std::uint32_t(r.below(120));
    const ek_filter f = all_filters[1 + r.below(5)];
    const buf in = random_image(r, w, h, c, r.below(2) ? 0 : 1 + r.below(13));
    ek::cpu::disable(ek::cpu::all);
    REQUIRE(std::string(ek::cpu::kernel_path(ek::cpu::kernel::resize)) == "portable");
    const auto ref = run(in, ow, oh, f);
    for (std::uint64_t m : masks) {
      ek::cpu::disable(m);
      const std::string path = ek::cpu::kernel_path(ek::cpu::kernel::resize);
      seen.push_back(path);
      INFO("path " << path << " c=" << c << " " << w << "x" << h << " -> " << ow << "x" << oh << " filter " << int(f));
      CHECK(run(in, ow, oh, f) == ref);
    }
  }
  ek::cpu::disable(0);
#if defined(__x86_64__)
  if (ek::cpu::detected() & ek::cpu::avx512) {
    CHECK(std::find(seen.begin(), seen.end(), "avx512") != seen.end());
  }
  if (ek::cpu::detected() & ek::cpu::avx2) {
    CHECK(std::find(seen.begin(), seen.end(), "avx2") != seen.end());
  }
#endif
}

TEST_CASE("resize: degenerate shapes, identity, extreme ratios, strides", "[resize]") {
  rng r{7};
  for (ek_filter f : all_filters) {
    for (std::uint32_t c = 1; c <= 4; ++c) {
      const std::uint32_t shapes[][4] = {{1, 1, 1, 1}, {1, 1, 5, 3}, {1, 9, 4, 1}, {9, 1, 1, 4},
                                         {7, 5, 1, 1}, {1, 17, 1, 3}, {13, 1, 2, 1}, {3, 3, 200, 150}};
      for (const auto &s : shapes) {
        const buf in = random_image(r, s[0], s[1], c);
        buf out(s[2], s[3], c);
        ek::resize_options o;
        o.filter = f;
        REQUIRE(ek::resize(in.view(), out.span(), o) == EK_OK);
        if (s[0] == 1 && s[1] == 1) {  // one pixel in: every output pixel is it (premultiplied
          for (std::uint32_t y = 0; y < s[3]; ++y)  // round trip aside, which is exact at a = 0/255
            for (std::uint32_t x = 0; x < s[2]; ++x)
              for (std::uint32_t k = 0; k < c; ++k) {
                const unsigned a = (c == 2 || c == 4) ? in.at(0, 0, c - 1) : 255;
                if (a == 255 || k == c - 1) CHECK(out.at(x, y, k) == in.at(0, 0, k));
              }
        }
      }
      // Identity size copies (as Pillow does), whatever the filter.
      const buf in = random_image(r, 31, 17, c, 5);
      buf out(31, 17, c, 3);
      ek::resize_options o;
      o.filter = f;
      REQUIRE(ek::resize(in.view(), out.span(), o) == EK_OK);
      for (std::uint32_t y = 0; y < 17; ++y)
        CHECK(std::memcmp(&in.px[y * in.stride], &out.px[y * out.stride], 31 * c) == 0);
    }
    // 10000:1 on a constant row stays exactly constant (the weights of every table sum right).
    buf line(10000, 1, 3);
    for (std::size_t i = 0; i < line.px.size(); ++i) line.px[i] = std::uint8_t(i % 3 == 0 ? 200 : (i % 3 == 1 ? 17 : 255));
    const auto one = run(line, 1, 1, f);
    CHECK(one[0] == 200);
    CHECK(one[1] == 17);
    CHECK(one[2] == 255);
    buf col(1, 10000, 1);
    std::memset(col.px.data(), 99, col.px.size());
    CHECK(run(col, 1, 3, f)[2] == 99);
  }
  // A stride larger than the row: padding bytes must not leak into the result.
  rng r2{9};
  buf a = random_image(r2, 40, 30, 3, 0), b(40, 30, 3, 17);
  for (std::size_t i = 0; i < b.px.size(); ++i) b.px[i] = 0xAB;
  for (std::uint32_t y = 0; y < 30; ++y) std::memcpy(&b.px[y * b.stride], &a.px[y * a.stride], 120);
  for (ek_filter f : all_filters) {
    CHECK(run(a, 23, 51, f) == run(b, 23, 51, f));
    CHECK(run(a, 23, 51, f, true) == run(b, 23, 51, f, true));
  }
}

TEST_CASE("resize: linear light keeps flat colours and opaque alpha", "[resize]") {
  buf in(64, 48, 4);
  for (std::size_t i = 0; i < in.px.size() - 1; i += 4) {
    in.px[i] = 10, in.px[i + 1] = 128, in.px[i + 2] = 250, in.px[i + 3] = 255;
  }
  for (ek_filter f : all_filters) {
    const auto out = run(in, 21, 100, f, true);
    for (std::size_t i = 0; i + 4 <= 21 * 100 * 4; i += 4) {
      REQUIRE(int(out[i]) == 10);
      REQUIRE(int(out[i + 1]) == 128);
      REQUIRE(int(out[i + 2]) == 250);
      REQUIRE(int(out[i + 3]) == 255);
    }
  }
}

TEST_CASE("resize: argument errors", "[resize]") {
  buf in(8, 8, 3), out(4, 4, 3), out4(4, 4, 4);
  ek::resize_options o;
  CHECK(ek::resize(in.view(), out4.span(), o) == EK_ERR_ARG);
  ek::image_view nv = in.view();
  nv.data = nullptr;
  CHECK(ek::resize(nv, out.span(), o) == EK_ERR_NULL);
  ek::image_span ns = out.span();
  ns.data = nullptr;
  CHECK(ek::resize(in.view(), ns, o) == EK_ERR_NULL);
  ek::image_view bad = in.view();
  bad.width = 0;
  CHECK(ek::resize(bad, out.span(), o) == EK_ERR_ARG);
  bad = in.view();
  bad.stride = 23;  // < width * channels
  CHECK(ek::resize(bad, out.span(), o) == EK_ERR_ARG);
  bad = in.view();
  bad.channels = 5;
  CHECK(ek::resize(bad, out.span(), o) == EK_ERR_ARG);
  ek::image_span bo = out.span();
  bo.height = 0;
  CHECK(ek::resize(in.view(), bo, o) == EK_ERR_ARG);
  o.filter = static_cast<ek_filter>(6);
  CHECK(ek::resize(in.view(), out.span(), o) == EK_ERR_ARG);
}

namespace {
struct counting {
  int live = 0, calls = 0, fail_at = -1;
};
void *c_alloc(void *ctx, std::size_t n) {
  auto *c = static_cast<counting *>(ctx);
  if (c->calls++ == c->fail_at) return nullptr;
  ++c->live;
  return std::malloc(n);
}
void c_free(void *ctx, void *p) {
  if (!p) return;
  --static_cast<counting *>(ctx)->live;
  std::free(p);
}
}  // namespace

TEST_CASE("resize: a failing allocator gives EK_ERR_NOMEM and leaks nothing", "[resize]") {
  rng r{3};
  const buf in = random_image(r, 50, 40, 4);
  for (ek_filter f : all_filters) {
    for (bool lin : {false, true}) {
      counting cnt;
      ek_allocator a{};
      a.ctx = &cnt;
      a.alloc = &c_alloc;
      a.free = &c_free;
      buf out(17, 61, 4);
      ek::resize_options o;
      o.filter = f;
      o.linear = lin;
      REQUIRE(ek::resize(in.view(), out.span(), o, &a) == EK_OK);
      CHECK(cnt.live == 0);
      const int calls = cnt.calls;
      CHECK(calls == 1);  // one block per call
      for (int k = 0; k < calls; ++k) {
        counting fail;
        fail.fail_at = k;
        a.ctx = &fail;
        CHECK(ek::resize(in.view(), out.span(), o, &a) == EK_ERR_NOMEM);
        CHECK(fail.live == 0);
      }
    }
  }
}

namespace {
// An independent double-precision reference of one filtered axis: Pillow's geometry, weights
// normalised in double, each output rounded half up and clipped (Pillow's pass rounding).
double ref_filter(ek_filter f, double x) {
  const double pi = 3.14159265358979323846;
  const double ax = x < 0 ? -x : x;
  auto sinc = [&](double t) { return t == 0.0 ? 1.0 : std::sin(pi * t) / (pi * t); };
  switch (f) {
    case EK_FILTER_BOX: return (x > -0.5 && x <= 0.5) ? 1.0 : 0.0;
    case EK_FILTER_BILINEAR: return ax < 1.0 ? 1.0 - ax : 0.0;
    case EK_FILTER_BICUBIC:
      if (ax < 1.0) return 1.5 * ax * ax * ax - 2.5 * ax * ax + 1.0;
      return ax < 2.0 ? -0.5 * ax * ax * ax + 2.5 * ax * ax - 4.0 * ax + 2.0 : 0.0;
    case EK_FILTER_MITCHELL:
      if (ax < 1.0) return (7.0 * ax * ax * ax - 12.0 * ax * ax + 16.0 / 3.0) / 6.0;
      return ax < 2.0 ? (-7.0 / 3.0 * ax * ax * ax + 12.0 * ax * ax - 20.0 * ax + 32.0 / 3.0) / 6.0 : 0.0;
    default: return (x >= -3.0 && x < 3.0) ? sinc(x) * sinc(x / 3.0) : 0.0;
  }
}
double ref_support(ek_filter f) {
  switch (f) {
    case EK_FILTER_BOX: return 0.5;
    case EK_FILTER_BILINEAR: return 1.0;
    case EK_FILTER_BICUBIC: case EK_FILTER_MITCHELL: return 2.0;
    default: return 3.0;
  }
}
std::vector<int> ref_axis(const std::vector<int> &px, std::uint32_t out, ek_filter f) {
  const std::uint32_t in = std::uint32_t(px.size());
  const double scale = double(in) / out, fs = scale < 1.0 ? 1.0 : scale, support = ref_support(f) * fs;
  std::vector<int> r(out);
  for (std::uint32_t i = 0; i < out; ++i) {
    const double c = (i + 0.5) * scale;
    const long lo = std::max(0L, long(c - support + 0.5)), hi = std::min(long(in), long(c + support + 0.5));
    double sw = 0.0, s = 0.0;
    for (long j = lo; j < hi; ++j) {
      const double w = ref_filter(f, (double(j) - c + 0.5) / fs);
      sw += w;
      s += w * px[std::size_t(j)];
    }
    const double v = std::floor(s / sw + 0.5);
    r[i] = v < 0 ? 0 : (v > 255 ? 255 : int(v));
  }
  return r;
}
}  // namespace

// Past ~65000 taps no float32 weight precision keeps the sums exact; such tables take the
// shared int64 kernels. Every path must still agree, and be accurate.
TEST_CASE("resize: 100000:3 shrinks are exact on every path and within 1 of a double reference", "[resize]") {
  const std::uint64_t masks[] = {0, ek::cpu::avx512, ek::cpu::avx512 | ek::cpu::avx2, ek::cpu::all};
  rng r{100};
  const std::uint32_t n = 100000;
  for (ek_filter f : all_filters) {
    if (f == EK_FILTER_NEAREST) continue;
    for (int kind = 0; kind < 3; ++kind) {
      buf row(n, 1, 3), col(1, n, 1);
      std::vector<std::vector<int>> ch(3, std::vector<int>(n));
      for (std::uint32_t x = 0; x < n; ++x)
        for (std::uint32_t k = 0; k < 3; ++k) {
          int v = kind == 0 ? int(r.below(256)) : kind == 1 ? ((x / 7) % 2 ? 255 : 0) : int((x * 255ull) / n);
          if (k == 1) v = 255 - v;
          if (k == 2 && kind == 0) v = int(r.below(2)) * 255;
          ch[k][x] = v;
          row.px[std::size_t(x) * 3 + k] = std::uint8_t(v);
        }
      for (std::uint32_t y = 0; y < n; ++y) col.px[y] = std::uint8_t(ch[0][y]);
      INFO("filter " << int(f) << " kind " << kind);
      ek::cpu::disable(ek::cpu::all);
      const auto ref_row = run(row, 3, 1, f), ref_col = run(col, 1, 3, f);
      for (std::uint64_t m : masks) {
        ek::cpu::disable(m);
        CHECK(run(row, 3, 1, f) == ref_row);
        CHECK(run(col, 1, 3, f) == ref_col);
      }
      ek::cpu::disable(0);
      for (std::uint32_t k = 0; k < 3; ++k) {
        const auto want = ref_axis(ch[k], 3, f);
        for (std::uint32_t i = 0; i < 3; ++i) {
          CHECK(std::abs(int(ref_row[i * 3 + k]) - want[i]) <= 1);
          if (k == 0) CHECK(std::abs(int(ref_col[i]) - want[i]) <= 1);
        }
      }
    }
  }
}

namespace {
std::size_t g_biggest = 0;
void *size_alloc(void *, std::size_t n) {
  if (n > g_biggest) g_biggest = n;
  return std::malloc(n);
}
void size_free(void *, void *p) { std::free(p); }
}  // namespace

// Tall shrinks add each filtered row into the output rows that use it: scratch stays a few rows
// (not a ring as tall as the taps), and the result is the separable reference's.
TEST_CASE("resize: tall vertical shrinks stream with bounded scratch and match a double reference", "[resize]") {
  rng r{55};
  for (ek_filter f : all_filters) {
    if (f == EK_FILTER_NEAREST) continue;
    const std::uint32_t w = 13, h = 3001, ow = 5, oh = 4;
    buf in(w, h, 3, 7);
    for (std::uint32_t y = 0; y < h; ++y)
      for (std::uint32_t x = 0; x < w * 3; ++x)
        in.px[y * in.stride + x] = std::uint8_t(((y / 50 + x) % 3 == 0) ? r.below(256) : (y * 255) / h);
    INFO("filter " << int(f));
    // Reference: rows first (rounded to 8 bits, as Pillow), then columns.
    std::vector<std::vector<int>> mid(h);
    for (std::uint32_t y = 0; y < h; ++y) {
      mid[y].resize(std::size_t(ow) * 3);
      for (std::uint32_t k = 0; k < 3; ++k) {
        std::vector<int> row(w);
        for (std::uint32_t x = 0; x < w; ++x) row[x] = in.at(x, y, k);
        const auto o = ref_axis(row, ow, f);
        for (std::uint32_t x = 0; x < ow; ++x) mid[y][x * 3 + k] = o[x];
      }
    }
    ek::cpu::disable(ek::cpu::all);
    const auto ref = run(in, ow, oh, f);
    ek::cpu::disable(0);
    CHECK(run(in, ow, oh, f) == ref);
    for (std::uint32_t x = 0; x < ow * 3; ++x) {
      std::vector<int> col(h);
      for (std::uint32_t y = 0; y < h; ++y) col[y] = mid[y][x];
      const auto want = ref_axis(col, oh, f);
      for (std::uint32_t y = 0; y < oh; ++y) CHECK(std::abs(int(ref[y * ow * 3 + x]) - want[y]) <= 1);
    }
    // Scratch: 1000 x 4000 -> 1000 x 2 needed a ring of ~4000 rows of 1000 RGBA floats (64 MB).
    buf tall(1000, 4000, 3);
    buf small(1000, 2, 3);
    ek_allocator a{};
    a.alloc = &size_alloc;
    a.free = &size_free;
    ek::resize_options o;
    o.filter = f;
    g_biggest = 0;
    REQUIRE(ek::resize(tall.view(), small.span(), o, &a) == EK_OK);
    CHECK(g_biggest < std::size_t(2) << 20);
  }
}
