// crop, crop_centre, crop_aspect: exact values; smartcrop: synthetic scenes whose answer is
// known (an object on a flat or graded background), flat images, transparency, clamping,
// argument errors and allocation failure at every allocation.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdlib>
#include <vector>

#include "edgekernels/image/crop.hpp"
#include "guarded.hpp"

namespace {

struct buffer {
  std::vector<std::uint8_t> px;
  std::uint32_t w = 0, h = 0, c = 0;
  std::size_t stride = 0;
  buffer(std::uint32_t w_, std::uint32_t h_, std::uint32_t c_, std::size_t pad = 0)
      : px((std::size_t(w_) * c_ + pad) * h_), w(w_), h(h_), c(c_), stride(w_ * c_ + pad) {}
  std::uint8_t *at(std::uint32_t x, std::uint32_t y) { return &px[y * stride + x * c]; }
  ek::image_view view() const { return {px.data(), w, h, c, stride}; }
  // Gray level v in every colour channel, alpha a.
  void set(std::uint32_t x, std::uint32_t y, std::uint8_t r, std::uint8_t g, std::uint8_t b,
           std::uint8_t a = 255) {
    std::uint8_t *p = at(x, y);
    if (c >= 3) p[0] = r, p[1] = g, p[2] = b;
    else p[0] = std::uint8_t((77 * r + 150 * g + 29 * b + 128) >> 8);
    if (c == 2 || c == 4) p[c - 1] = a;
  }
};

struct lcg {
  std::uint64_t s;
  explicit lcg(std::uint64_t seed) : s(seed * 2654435761u + 1) {}
  std::uint32_t next() {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    return std::uint32_t(s >> 33);
  }
};

// A smooth gray gradient from left to right: no texture.
void graded_background(buffer &b, std::uint32_t lo = 96, std::uint32_t hi = 136) {
  for (std::uint32_t y = 0; y < b.h; ++y)
    for (std::uint32_t x = 0; x < b.w; ++x) {
      const auto v = std::uint8_t(lo + (hi - lo) * x / b.w);
      b.set(x, y, v, v, v);
    }
}

enum class object { noise, checker, skin };

void draw(buffer &b, object o, std::uint32_t ox, std::uint32_t oy, std::uint32_t size,
          std::uint64_t seed) {
  lcg r(seed);
  for (std::uint32_t y = oy; y < oy + size; ++y)
    for (std::uint32_t x = ox; x < ox + size; ++x) {
      if (o == object::noise) {
        b.set(x, y, std::uint8_t(r.next()), std::uint8_t(r.next()), std::uint8_t(r.next()));
      } else if (o == object::checker) {
        const std::uint8_t v = ((x - ox) / 2 + (y - oy) / 2) % 2 ? 240 : 16;
        b.set(x, y, v, v, v);
      } else {
        b.set(x, y, 200, 146, 113);  // a skin tone, flat: only its outline has edges
      }
    }
}

bool contains(const ek::rect &r, std::uint32_t x, std::uint32_t y, std::uint32_t w,
              std::uint32_t h) {
  return r.x <= x && r.y <= y && std::uint64_t(x) + w <= std::uint64_t(r.x) + r.width &&
         std::uint64_t(y) + h <= std::uint64_t(r.y) + r.height;
}

bool equal(const ek::rect &a, const ek::rect &b) {
  return a.x == b.x && a.y == b.y && a.width == b.width && a.height == b.height;
}

struct counting_alloc {
  long fail_after = -1;  // allocations before the first failure; -1 never
  long allocs = 0, live = 0;
  static void *alloc(void *ctx, std::size_t n) {
    auto *a = static_cast<counting_alloc *>(ctx);
    if (a->fail_after >= 0 && a->allocs >= a->fail_after) return nullptr;
    ++a->allocs, ++a->live;
    return std::malloc(n);
  }
  static void release(void *ctx, void *p) {
    --static_cast<counting_alloc *>(ctx)->live;
    std::free(p);
  }
};

}  // namespace

TEST_CASE("crop: a view sharing the parent's pixels and stride", "[crop]") {
  for (std::uint32_t c = 1; c <= 4; ++c) {
    buffer b(7, 5, c, 3);  // odd sizes, padded (unaligned) stride
    for (std::size_t i = 0; i < b.px.size(); ++i) b.px[i] = std::uint8_t(i);
    ek::image_view v;
    REQUIRE(ek::crop(b.view(), ek::rect{2, 1, 4, 3}, &v) == EK_OK);
    CHECK(v.data == b.px.data() + 1 * b.stride + 2 * c);
    CHECK(v.width == 4);
    CHECK(v.height == 3);
    CHECK(v.channels == c);
    CHECK(v.stride == b.stride);
    CHECK(v.row(2)[0] == b.at(2, 3)[0]);
    // Edges: x + width == width is inside, one more is not.
    REQUIRE(ek::crop(b.view(), ek::rect{3, 0, 4, 5}, &v) == EK_OK);
    CHECK(v.data == b.at(3, 0));
    CHECK(ek::crop(b.view(), ek::rect{4, 0, 4, 5}, &v) == EK_ERR_ARG);
    CHECK(v.data == nullptr);
    CHECK(ek::crop(b.view(), ek::rect{0, 1, 7, 5}, &v) == EK_ERR_ARG);
    REQUIRE(ek::crop(b.view(), ek::rect{6, 4, 1, 1}, &v) == EK_OK);
    CHECK(v.data == b.at(6, 4));
    REQUIRE(ek::crop(b.view(), ek::rect{0, 0, 7, 5}, &v) == EK_OK);
    CHECK(v.data == b.px.data());
    // Empty, and sums that wrap around in 32 bits.
    CHECK(ek::crop(b.view(), ek::rect{0, 0, 0, 1}, &v) == EK_ERR_ARG);
    CHECK(ek::crop(b.view(), ek::rect{0, 0, 1, 0}, &v) == EK_ERR_ARG);
    CHECK(ek::crop(b.view(), ek::rect{0xFFFFFFFFu, 0, 2, 1}, &v) == EK_ERR_ARG);
    CHECK(ek::crop(b.view(), ek::rect{1, 0, 0xFFFFFFFFu, 1}, &v) == EK_ERR_ARG);
    CHECK(ek::crop(b.view(), ek::rect{0, 0xFFFFFFFFu, 1, 2}, &v) == EK_ERR_ARG);
    CHECK(ek::crop(b.view(), ek::rect{0, 4, 1, 0xFFFFFFFDu}, &v) == EK_ERR_ARG);
    CHECK(ek::crop(b.view(), ek::rect{7, 0, 1, 1}, &v) == EK_ERR_ARG);
  }
  buffer one(1, 1, 3);
  ek::image_view v;
  REQUIRE(ek::crop(one.view(), ek::rect{0, 0, 1, 1}, &v) == EK_OK);
  CHECK(v.data == one.px.data());
  CHECK(ek::crop(one.view(), ek::rect{0, 0, 1, 1}, nullptr) == EK_ERR_NULL);
  ek::image_view null_view{nullptr, 1, 1, 3, 3};
  CHECK(ek::crop(null_view, ek::rect{0, 0, 1, 1}, &v) == EK_ERR_NULL);
  ek::image_view bad{one.px.data(), 1, 1, 5, 5};
  CHECK(ek::crop(bad, ek::rect{0, 0, 1, 1}, &v) == EK_ERR_ARG);
  ek::image_view short_stride{one.px.data(), 2, 1, 3, 3};
  CHECK(ek::crop(short_stride, ek::rect{0, 0, 1, 1}, &v) == EK_ERR_ARG);
}

TEST_CASE("crop_centre: floor((size - crop) / 2), crop clamped to the image", "[crop]") {
  CHECK(equal(ek::crop_centre(10, 8, 4, 4), ek::rect{3, 2, 4, 4}));
  CHECK(equal(ek::crop_centre(9, 7, 4, 4), ek::rect{2, 1, 4, 4}));  // 2.5 and 1.5 round down
  CHECK(equal(ek::crop_centre(9, 7, 3, 2), ek::rect{3, 2, 3, 2}));
  CHECK(equal(ek::crop_centre(1, 1, 1, 1), ek::rect{0, 0, 1, 1}));
  CHECK(equal(ek::crop_centre(1, 1, 5, 9), ek::rect{0, 0, 1, 1}));
  CHECK(equal(ek::crop_centre(10, 8, 20, 3), ek::rect{0, 2, 10, 3}));
  CHECK(equal(ek::crop_centre(0xFFFFFFFFu, 0xFFFFFFFFu, 1, 2),
              ek::rect{0x7FFFFFFFu, 0x7FFFFFFEu, 1, 2}));
}

TEST_CASE("crop_aspect: the longer side cut to round-half-up(other * ratio), centred", "[crop]") {
  CHECK(equal(ek::crop_aspect(1000, 500, 1, 1), ek::rect{250, 0, 500, 500}));
  CHECK(equal(ek::crop_aspect(500, 1000, 1, 1), ek::rect{0, 250, 500, 500}));
  CHECK(equal(ek::crop_aspect(1000, 500, 2, 1), ek::rect{0, 0, 1000, 500}));  // already 2:1
  CHECK(equal(ek::crop_aspect(1000, 500, 16, 9), ek::rect{55, 0, 889, 500}));  // 888.9 -> 889
  CHECK(equal(ek::crop_aspect(4928, 3279, 3, 2), ek::rect{4, 0, 4919, 3279}));  // 4918.5 -> 4919
  CHECK(equal(ek::crop_aspect(7, 5, 16, 9), ek::rect{0, 0, 7, 4}));             // 3.94 -> 4
  CHECK(equal(ek::crop_aspect(7, 5, 1, 1), ek::rect{1, 0, 5, 5}));
  CHECK(equal(ek::crop_aspect(1000, 500, 1, 1000), ek::rect{499, 0, 1, 500}));  // 0.5 -> 1
  CHECK(equal(ek::crop_aspect(1000, 200, 1, 1000), ek::rect{499, 0, 1, 200}));  // 0.2 -> 1 (min)
  CHECK(equal(ek::crop_aspect(500, 1000, 1000, 1), ek::rect{0, 499, 500, 1}));
  CHECK(equal(ek::crop_aspect(1, 1, 1, 1000), ek::rect{0, 0, 1, 1}));
  CHECK(equal(ek::crop_aspect(1, 1, 7, 3), ek::rect{0, 0, 1, 1}));
  CHECK(equal(ek::crop_aspect(9, 7, 0, 3), ek::rect{0, 0, 9, 7}));  // no aspect: the image
  CHECK(equal(ek::crop_aspect(0, 7, 1, 1), ek::rect{0, 0, 0, 0}));
  // 64-bit products: no wrap-around.
  CHECK(equal(ek::crop_aspect(0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFEu),
              ek::rect{0, 0, 0xFFFFFFFFu, 0xFFFFFFFEu}));
}

TEST_CASE("smartcrop: argument errors", "[crop][smartcrop]") {
  buffer b(20, 10, 3);
  ek::rect r{1, 2, 3, 4};
  CHECK(ek::smartcrop(b.view(), 0, 5, EK_CROP_ATTENTION, &r) == EK_ERR_ARG);
  CHECK(ek::smartcrop(b.view(), 5, 0, EK_CROP_ENTROPY, &r) == EK_ERR_ARG);
  CHECK(ek::smartcrop(b.view(), 5, 0, EK_CROP_CENTRE, &r) == EK_ERR_ARG);
  CHECK(ek::smartcrop(b.view(), 5, 5, ek_crop_mode(3), &r) == EK_ERR_ARG);
  CHECK(ek::smartcrop(b.view(), 5, 5, EK_CROP_ATTENTION, nullptr) == EK_ERR_NULL);
  CHECK(ek::smartcrop(ek::image_view{}, 5, 5, EK_CROP_ATTENTION, &r) == EK_ERR_NULL);
  CHECK(ek::smartcrop(ek::image_view{b.px.data(), 20, 10, 0, 60}, 5, 5, EK_CROP_ATTENTION, &r) ==
        EK_ERR_ARG);
  CHECK(ek::smartcrop(ek::image_view{b.px.data(), 20, 10, 3, 59}, 5, 5, EK_CROP_ATTENTION, &r) ==
        EK_ERR_ARG);
  CHECK(ek::smartcrop(ek::image_view{b.px.data(), 0, 10, 3, 60}, 5, 5, EK_CROP_ENTROPY, &r) ==
        EK_ERR_ARG);
  ek_allocator half{counting_alloc::alloc, nullptr, nullptr};
  CHECK(ek::smartcrop(b.view(), 5, 5, EK_CROP_ATTENTION, &r, &half) == EK_ERR_NULL);
}

TEST_CASE("smartcrop: a flat image gives the centred crop", "[crop][smartcrop]") {
  const std::uint32_t sizes[][4] = {{200, 150, 100, 100}, {641, 479, 160, 90}, {1, 1, 1, 1},
                                    {1, 37, 1, 5},        {37, 1, 9, 1},       {999, 301, 333, 300},
                                    {5000, 20, 64, 20}};
  for (std::uint32_t c = 1; c <= 4; ++c)
    for (const auto &s : sizes)
      for (int mode = 0; mode <= 2; ++mode) {
        buffer b(s[0], s[1], c);
        for (std::uint32_t y = 0; y < b.h; ++y)
          for (std::uint32_t x = 0; x < b.w; ++x) b.set(x, y, 200, 146, 113);  // even skin
        ek::rect r;
        REQUIRE(ek::smartcrop(b.view(), s[2], s[3], ek_crop_mode(mode), &r) == EK_OK);
        INFO("c=" << c << " " << s[0] << "x" << s[1] << " mode " << mode);
        CHECK(equal(r, ek::crop_centre(s[0], s[1], s[2], s[3])));
      }
}

TEST_CASE("smartcrop: the crop is clamped to the image and always inside it", "[crop][smartcrop]") {
  lcg rng(7);
  for (std::uint32_t c = 1; c <= 4; ++c)
    for (int trial = 0; trial < 40; ++trial) {
      const std::uint32_t w = 1 + rng.next() % 700, h = 1 + rng.next() % 500;
      buffer b(w, h, c, rng.next() % 5);
      for (auto &p : b.px) p = std::uint8_t(rng.next());
      const std::uint32_t cw = 1 + rng.next() % (w + 50), ch = 1 + rng.next() % (h + 50);
      for (int mode = 0; mode <= 2; ++mode) {
        ek::rect r;
        REQUIRE(ek::smartcrop(b.view(), cw, ch, ek_crop_mode(mode), &r) == EK_OK);
        INFO(w << "x" << h << " c=" << c << " crop " << cw << "x" << ch << " mode " << mode);
        CHECK(r.width == (cw < w ? cw : w));
        CHECK(r.height == (ch < h ? ch : h));
        CHECK(std::uint64_t(r.x) + r.width <= w);
        CHECK(std::uint64_t(r.y) + r.height <= h);
      }
    }
  buffer b(30, 20, 3);
  ek::rect r;
  REQUIRE(ek::smartcrop(b.view(), 0xFFFFFFFFu, 0xFFFFFFFFu, EK_CROP_ATTENTION, &r) == EK_OK);
  CHECK(equal(r, ek::rect{0, 0, 30, 20}));
  REQUIRE(ek::smartcrop(b.view(), 0xFFFFFFFFu, 7, EK_CROP_ENTROPY, &r) == EK_OK);
  CHECK(equal(r, ek::rect{0, 6, 30, 7}));
}

TEST_CASE("smartcrop: the crop holds the object (corners, edges, centre; all channels)",
          "[crop][smartcrop]") {
  struct scene {
    std::uint32_t w, h, cw, ch, size;
  };
  const scene scenes[] = {{200, 150, 80, 80, 30},    {640, 480, 200, 200, 60},
                          {641, 479, 300, 120, 50},  {1000, 700, 400, 300, 100},
                          {1537, 1023, 500, 500, 120}, {300, 900, 200, 150, 40}};
  for (const scene &sc : scenes)
    for (std::uint32_t c = 1; c <= 4; ++c)
      for (int place = 0; place < 9; ++place)
        for (object o : {object::noise, object::checker, object::skin}) {
          if (o == object::skin && c < 3) continue;  // no colour, no skin
          // 3 x 3 placements: corners, edge middles, centre (2 px from the borders).
          const std::uint32_t ox = place % 3 == 0   ? 2
                                   : place % 3 == 1 ? (sc.w - sc.size) / 2
                                                    : sc.w - sc.size - 2;
          const std::uint32_t oy = place / 3 == 0   ? 2
                                   : place / 3 == 1 ? (sc.h - sc.size) / 3
                                                    : sc.h - sc.size - 2;
          for (int mode = 1; mode <= 2; ++mode) {
            if (mode == 2 && o == object::skin) continue;  // a flat blob has no entropy to find
            // Entropy counts luminance levels, so a gradient across histogram bins is
            // information it may trade part of the object for: its background is graded within
            // one bin (levels 96..111), attention's across three (96..136).
            buffer b(sc.w, sc.h, c);
            if (mode == 1)
              graded_background(b);
            else
              graded_background(b, 96, 111);
            draw(b, o, ox, oy, sc.size, place);
            ek::rect r;
            REQUIRE(ek::smartcrop(b.view(), sc.cw, sc.ch, ek_crop_mode(mode), &r) == EK_OK);
            INFO(sc.w << "x" << sc.h << " c=" << c << " object " << int(o) << " at " << ox << ","
                      << oy << " size " << sc.size << " crop " << sc.cw << "x" << sc.ch
                      << " mode " << mode << " -> " << r.x << "," << r.y);
            CHECK(r.width == sc.cw);
            CHECK(r.height == sc.ch);
            CHECK(contains(r, ox, oy, sc.size, sc.size));
          }
        }
}

TEST_CASE("smartcrop: transparent regions are never chosen over opaque content",
          "[crop][smartcrop]") {
  for (std::uint32_t c : {2u, 4u})
    for (int side = 0; side < 2; ++side) {
      buffer b(400, 300, c);
      lcg rng(side + c);
      for (std::uint32_t y = 0; y < b.h; ++y)
        for (std::uint32_t x = 0; x < b.w; ++x) {
          const bool opaque = (x >= 200) == (side == 0);
          if (opaque) {
            const std::uint8_t v = ((x / 6 + y / 6) % 2) ? 150 : 90;  // mild texture everywhere
            b.set(x, y, v, v, v, 255);
          } else {  // wild colours, but invisible
            b.set(x, y, std::uint8_t(rng.next()), std::uint8_t(rng.next()),
                  std::uint8_t(rng.next()), 0);
          }
        }
      for (int mode = 1; mode <= 2; ++mode) {
        ek::rect r;
        REQUIRE(ek::smartcrop(b.view(), 150, 150, ek_crop_mode(mode), &r) == EK_OK);
        INFO("c=" << c << " side " << side << " mode " << mode << " -> " << r.x << "," << r.y);
        if (side == 0)
          CHECK(r.x >= 200);
        else
          CHECK(r.x + r.width <= 200);
      }
    }
}

TEST_CASE("smartcrop: deterministic", "[crop][smartcrop]") {
  buffer b(500, 400, 3);
  lcg rng(3);
  for (auto &p : b.px) p = std::uint8_t(rng.next() % 64);
  for (int mode = 1; mode <= 2; ++mode) {
    ek::rect r1, r2;
    REQUIRE(ek::smartcrop(b.view(), 123, 77, ek_crop_mode(mode), &r1) == EK_OK);
    REQUIRE(ek::smartcrop(b.view(), 123, 77, ek_crop_mode(mode), &r2) == EK_OK);
    CHECK(equal(r1, r2));
  }
}

TEST_CASE("smartcrop: a failing allocator gives EK_ERR_NOMEM and leaks nothing",
          "[crop][smartcrop]") {
  for (std::uint32_t c = 1; c <= 4; ++c)
    for (int mode = 1; mode <= 2; ++mode) {
      buffer b(300, 200, c);
      graded_background(b);
      draw(b, object::noise, 10, 10, 40, 1);
      counting_alloc ok;
      ek_allocator ka{counting_alloc::alloc, counting_alloc::release, &ok};
      ek::rect want;
      REQUIRE(ek::smartcrop(b.view(), 100, 80, ek_crop_mode(mode), &want, &ka) == EK_OK);
      CHECK(ok.live == 0);
      REQUIRE(ok.allocs > 0);
      for (long k = 0; k < ok.allocs; ++k) {
        counting_alloc ca;
        ca.fail_after = k;
        ek_allocator fa{counting_alloc::alloc, counting_alloc::release, &ca};
        ek::rect r{1, 1, 1, 1};
        CHECK(ek::smartcrop(b.view(), 100, 80, ek_crop_mode(mode), &r, &fa) == EK_ERR_NOMEM);
        CHECK(ca.live == 0);
      }
      ek::rect r;
      REQUIRE(ek::smartcrop(b.view(), 100, 80, ek_crop_mode(mode), &r) == EK_OK);
      CHECK(equal(r, want));
    }
}

TEST_CASE("smartcrop: reads nothing outside the pixels (guard pages at both ends)",
          "[crop][smartcrop]") {
  const std::uint32_t sizes[][2] = {{1, 1}, {333, 1}, {1, 257}, {517, 263}};
  for (std::uint32_t c = 1; c <= 4; ++c)
    for (const auto &wh : sizes) {
      buffer b(wh[0], wh[1], c);
      lcg rng(c * 31 + wh[0]);
      for (auto &p : b.px) p = std::uint8_t(rng.next());
      guarded g(b.px.size());
      for (int at = 0; at < 2; ++at) {
        const unsigned char *px = at ? copy_to_end(g, b.px.data(), b.px.size())
                                     : copy_to_start(g, b.px.data(), b.px.size());
        const ek::image_view v{px, b.w, b.h, c, b.stride};
        for (int mode = 1; mode <= 2; ++mode) {
          ek::rect r;
          REQUIRE(ek::smartcrop(v, wh[0] / 2 + 1, wh[1] / 3 + 1, ek_crop_mode(mode), &r) ==
                  EK_OK);
          ek::rect r2;
          REQUIRE(ek::smartcrop(b.view(), wh[0] / 2 + 1, wh[1] / 3 + 1, ek_crop_mode(mode), &r2) ==
                  EK_OK);
          CHECK(equal(r, r2));
        }
      }
    }
}
