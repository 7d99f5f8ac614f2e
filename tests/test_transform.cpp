// The one-call pipeline (ek::transform, ek_image_transform) and the step-wise C ABI.
// Geometry is checked against a table worked out by hand; pixels against the step-wise calls
// (the pipeline must be exactly decode -> resize -> crop/pad -> encode); bad input and a failing
// allocator never crash, leak or return a half-made output.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <cstring>
#include <vector>

#include "edgekernels/edgekernels.h"
#include "edgekernels/image/crop.hpp"
#include "edgekernels/image/transform.hpp"
#include "test_rng.hpp"

namespace {

std::vector<std::uint8_t> pattern(std::uint32_t w, std::uint32_t h, std::uint32_t c, std::uint64_t seed) {
  rng r{seed};
  std::vector<std::uint8_t> px(std::size_t(w) * h * c);
  for (std::uint32_t y = 0; y < h; ++y)
    for (std::uint32_t x = 0; x < w; ++x)
      for (std::uint32_t k = 0; k < c; ++k)
        px[(std::size_t(y) * w + x) * c + k] =
            std::uint8_t((x * 7 + y * 3 + k * 50 + (r.next() & 15)) & 255);
  return px;
}

std::vector<std::uint8_t> encoded(std::uint32_t w, std::uint32_t h, std::uint32_t c,
                                  ek_image_format f, std::uint64_t seed = 1) {
  const auto px = pattern(w, h, c, seed);
  ek::encode_options o;
  o.format = f;
  o.quality = 90;
  std::uint8_t *out = nullptr;
  std::size_t n = 0;
  REQUIRE(ek::encode(ek::image_view{px.data(), w, h, c, std::size_t(w) * c}, o, &out, &n) == EK_OK);
  std::vector<std::uint8_t> v(out, out + n);
  std::free(out);
  return v;
}

// Out-of-range enum values, as a C caller could pass them (not constants, so no compiler
// complains about the conversion).
template <class E>
E out_of_range(int v) {
  volatile int x = v;
  return static_cast<E>(x);
}

// An allocator that fails the n-th allocation and counts what is outstanding.
struct failing {
  long left;
  long outstanding = 0;
  static void *alloc(void *ctx, std::size_t n) {
    auto *f = static_cast<failing *>(ctx);
    if (f->left-- == 0) return nullptr;
    void *p = std::malloc(n ? n : 1);
    if (p) ++f->outstanding;
    return p;
  }
  static void release(void *ctx, void *p) {
    --static_cast<failing *>(ctx)->outstanding;
    std::free(p);
  }
};

}  // namespace

TEST_CASE("plan_fit: every mode, one side, none") {
  struct row {
    std::uint32_t iw, ih, w, h;
    ek_fit mode;
    ek::fit_plan want;
  };
  const row rows[] = {
      {300, 200, 0, 0, EK_FIT_CONTAIN, {300, 200, 300, 200, 0, 0}},
      {300, 200, 150, 0, EK_FIT_COVER, {150, 100, 150, 100, 0, 0}},
      {300, 200, 0, 50, EK_FIT_EXACT, {75, 50, 75, 50, 0, 0}},
      {300, 200, 100, 100, EK_FIT_CONTAIN, {100, 67, 100, 67, 0, 0}},
      {300, 200, 100, 100, EK_FIT_COVER, {150, 100, 100, 100, 0, 0}},
      {300, 200, 100, 100, EK_FIT_FILL, {100, 67, 100, 100, 0, 16}},
      {300, 200, 100, 100, EK_FIT_EXACT, {100, 100, 100, 100, 0, 0}},
      {200, 300, 100, 100, EK_FIT_CONTAIN, {67, 100, 67, 100, 0, 0}},
      {200, 300, 100, 100, EK_FIT_COVER, {100, 150, 100, 100, 0, 0}},
      {200, 300, 100, 100, EK_FIT_FILL, {67, 100, 100, 100, 16, 0}},
      {4928, 3279, 852, 0, EK_FIT_CONTAIN, {852, 567, 852, 567, 0, 0}},
      {1, 1, 5, 3, EK_FIT_CONTAIN, {3, 3, 3, 3, 0, 0}},
      {1, 1, 5, 3, EK_FIT_COVER, {5, 5, 5, 3, 0, 0}},
      {10000, 1, 10, 0, EK_FIT_CONTAIN, {10, 1, 10, 1, 0, 0}},  // never 0 rows
      {1, 10000, 0, 10, EK_FIT_CONTAIN, {1, 10, 1, 10, 0, 0}},
      {3, 2, 2, 2, EK_FIT_COVER, {3, 2, 2, 2, 0, 0}},
  };
  for (const row &r : rows) {
    INFO(r.iw << "x" << r.ih << " -> " << r.w << "x" << r.h << " mode " << int(r.mode));
    ek::fit_plan p{};
    REQUIRE(ek::plan_fit(r.iw, r.ih, r.w, r.h, r.mode, &p) == EK_OK);
    CHECK(p.resize_width == r.want.resize_width);
    CHECK(p.resize_height == r.want.resize_height);
    CHECK(p.out_width == r.want.out_width);
    CHECK(p.out_height == r.want.out_height);
    CHECK(p.offset_x == r.want.offset_x);
    CHECK(p.offset_y == r.want.offset_y);
  }
  ek::fit_plan p{};
  CHECK(ek::plan_fit(0, 1, 1, 1, EK_FIT_CONTAIN, &p) == EK_ERR_ARG);
  CHECK(ek::plan_fit(1, 1, 1, 1, out_of_range<ek_fit>(9), &p) == EK_ERR_ARG);
  CHECK(ek::plan_fit(1, 1, 1, 1, EK_FIT_CONTAIN, nullptr) == EK_ERR_NULL);
  // The largest sizes do not overflow the rounding.
  REQUIRE(ek::plan_fit(0xFFFFFFFFu, 1, 0xFFFFFFFFu, 0, EK_FIT_CONTAIN, &p) == EK_OK);
  CHECK(p.resize_height == 1);
}

TEST_CASE("transform equals the step-wise pipeline") {
  const auto png = encoded(97, 61, 3, EK_IMAGE_PNG);
  for (const ek_filter f : {EK_FILTER_NEAREST, EK_FILTER_BILINEAR, EK_FILTER_LANCZOS3}) {
    ek::transform_options t;
    t.width = 40;
    t.height = 40;
    t.fit_mode = EK_FIT_COVER;
    t.resize.filter = f;
    t.encode.format = EK_IMAGE_PNG;
    std::uint8_t *out = nullptr;
    std::size_t n = 0;
    ek::transform_result r{};
    REQUIRE(ek::transform(png.data(), png.size(), t, &out, &n, &r) == EK_OK);
    CHECK(r.width == 40);
    CHECK(r.height == 40);
    CHECK(r.format == EK_IMAGE_PNG);
    CHECK(r.input.width == 97);
    CHECK(r.crop.width == 40);

    // By hand: decode, resize to 64x40 (cover of 97x61 into 40x40), centre crop, encode.
    ek::image dec, res, back;
    REQUIRE(ek::decode(png.data(), png.size(), ek::decode_options{}, &dec) == EK_OK);
    REQUIRE(res.allocate(nullptr, 64, 40, 3) == EK_OK);
    ek::resize_options ro;
    ro.filter = f;
    REQUIRE(ek::resize(dec.view(), res.span(), ro) == EK_OK);
    ek::image_view v;
    REQUIRE(ek::crop(res.view(), ek::crop_centre(64, 40, 40, 40), &v) == EK_OK);
    REQUIRE(ek::decode(out, n, ek::decode_options{}, &back) == EK_OK);
    REQUIRE(back.width() == 40);
    bool same = true;
    for (std::uint32_t y = 0; y < 40; ++y) same = same && std::memcmp(back.view().row(y), v.row(y), 120) == 0;
    CHECK(same);
    std::free(out);
  }
}

TEST_CASE("transform: automatic format keeps alpha, fill pads, limits hold") {
  const auto rgba = encoded(50, 20, 4, EK_IMAGE_PNG);
  const auto jpeg = encoded(50, 20, 3, EK_IMAGE_JPEG);
  ek::transform_options t;
  std::uint8_t *out = nullptr;
  std::size_t n = 0;
  ek::transform_result r{};
  REQUIRE(ek::transform(rgba.data(), rgba.size(), t, &out, &n, &r) == EK_OK);
  CHECK(r.format == EK_IMAGE_PNG);
  std::free(out);
  REQUIRE(ek::transform(jpeg.data(), jpeg.size(), t, &out, &n, &r) == EK_OK);
  CHECK(r.format == EK_IMAGE_JPEG);
  std::free(out);

  // Fill: 50x20 into 30x30 is 30x12 placed at y = 9 on a transparent canvas.
  t.width = t.height = 30;
  t.fit_mode = EK_FIT_FILL;
  t.encode.format = EK_IMAGE_PNG;
  REQUIRE(ek::transform(jpeg.data(), jpeg.size(), t, &out, &n, &r) == EK_OK);
  CHECK(r.crop.y == 9);
  CHECK(r.crop.height == 12);
  ek::image back;
  REQUIRE(ek::decode(out, n, ek::decode_options{}, &back) == EK_OK);
  std::free(out);
  REQUIRE(back.channels() == 4);
  CHECK(back.view().row(0)[3] == 0);      // padding: transparent
  CHECK(back.view().row(15)[3] == 255);   // image: opaque
  CHECK(back.view().row(29)[3] == 0);

  // The output obeys the pixel limit: an upscale cannot become a bomb.
  ek::transform_options big;
  big.width = 20000;
  big.height = 20000;
  big.fit_mode = EK_FIT_EXACT;
  CHECK(ek::transform(jpeg.data(), jpeg.size(), big, &out, &n) == EK_ERR_LIMIT);
  CHECK(out == nullptr);
  ek::transform_options small;
  small.decode.limits.max_input_bytes = jpeg.size() - 1;
  CHECK(ek::transform(jpeg.data(), jpeg.size(), small, &out, &n) == EK_ERR_LIMIT);
  small.decode.limits.max_input_bytes = jpeg.size();
  REQUIRE(ek::transform(jpeg.data(), jpeg.size(), small, &out, &n) == EK_OK);
  std::free(out);
}

TEST_CASE("transform: hostile input is an error, never a crash") {
  const auto png = encoded(64, 48, 4, EK_IMAGE_PNG, 3);
  const auto jpeg = encoded(64, 48, 3, EK_IMAGE_JPEG, 4);
  ek::transform_options t;
  t.width = 20;
  for (const auto *file : {&png, &jpeg}) {
    for (int k = 0; k < 16; ++k) {
      const std::size_t len = file->size() * std::size_t(k) / 16;
      std::vector<std::uint8_t> cut(file->begin(), file->begin() + std::ptrdiff_t(len));
      std::uint8_t *out = nullptr;
      std::size_t n = 0;
      const ek_status st = ek::transform(cut.data(), cut.size(), t, &out, &n);
      // A JPEG cut short may still decode (stb fills the rest): either way, no crash, and an
      // error leaves no output.
      if (st != EK_OK) {
        CHECK(out == nullptr);
        CHECK(n == 0);
      }
      std::free(out);
    }
  }
  rng r{9};
  for (int i = 0; i < 200; ++i) {
    std::vector<std::uint8_t> junk(std::size_t(r.next() % 2000));
    for (auto &b : junk) b = std::uint8_t(r.next());
    if (i % 2 && junk.size() > 8) std::memcpy(junk.data(), "\x89PNG\r\n\x1a\n", 8);
    std::uint8_t *out = nullptr;
    std::size_t n = 0;
    CHECK(ek::transform(junk.data(), junk.size(), t, &out, &n) != EK_OK);
    CHECK(out == nullptr);
  }
  std::uint8_t *out = nullptr;
  std::size_t n = 0;
  CHECK(ek::transform(nullptr, 0, t, &out, &n) == EK_ERR_FORMAT);
  CHECK(ek::transform(nullptr, 5, t, &out, &n) == EK_ERR_NULL);
  CHECK(ek::transform(png.data(), png.size(), t, nullptr, &n) == EK_ERR_NULL);
}

TEST_CASE("transform: a failing allocator is EK_ERR_NOMEM at every allocation, nothing leaks") {
  const auto png = encoded(80, 60, 4, EK_IMAGE_PNG, 5);
  ek::transform_options t;
  t.width = 30;
  t.height = 30;
  t.fit_mode = EK_FIT_FILL;
  t.encode.format = EK_IMAGE_PNG;
  bool succeeded = false;
  for (long fail_at = 0; fail_at < 200 && !succeeded; ++fail_at) {
    failing f{fail_at};
    const ek_allocator a{&failing::alloc, &failing::release, &f};
    std::uint8_t *out = nullptr;
    std::size_t n = 0;
    const ek_status st = ek::transform(png.data(), png.size(), t, &out, &n, nullptr, &a);
    if (st == EK_OK) {
      succeeded = true;
      a.free(a.ctx, out);
    } else {
      CHECK(st == EK_ERR_NOMEM);
      CHECK(out == nullptr);
    }
    CHECK(f.outstanding == 0);
  }
  CHECK(succeeded);
}

TEST_CASE("C ABI: step-wise calls and ek_image_transform") {
  const auto png = encoded(40, 30, 3, EK_IMAGE_PNG, 6);
  CHECK((ek_image_decoders() & EK_IMAGE_PNG) != 0);
  CHECK((ek_image_encoders() & EK_IMAGE_JPEG) != 0);

  ek_image *img = nullptr;
  ek_image_info info{};
  REQUIRE(ek_image_decode(png.data(), png.size(), nullptr, nullptr, &img, &info) == EK_OK);
  CHECK(info.format == EK_IMAGE_PNG);
  ek_image_desc d{};
  REQUIRE(ek_image_describe(img, &d) == EK_OK);
  CHECK(d.width == 40);
  CHECK(d.height == 30);
  CHECK(d.channels == 3);
  CHECK(d.stride == 120);

  ek_resize_options ro;
  REQUIRE(ek_resize_options_init(&ro) == EK_OK);
  CHECK(ro.filter == EK_FILTER_LANCZOS3);
  ek_image *small = nullptr;
  REQUIRE(ek_image_resize(img, 20, 15, &ro, nullptr, &small) == EK_OK);
  ro.filter = out_of_range<ek_filter>(42);
  ek_image *bad = reinterpret_cast<ek_image *>(1);
  CHECK(ek_image_resize(img, 20, 15, &ro, nullptr, &bad) == EK_ERR_ARG);
  CHECK(bad == nullptr);
  CHECK(ek_image_resize(img, 0, 15, nullptr, nullptr, &bad) == EK_ERR_ARG);

  ek_image *part = nullptr;
  CHECK(ek_image_crop(small, ek_rect{5, 5, 16, 10}, nullptr, &part) == EK_ERR_ARG);
  REQUIRE(ek_image_crop(small, ek_rect{5, 5, 15, 10}, nullptr, &part) == EK_OK);
  ek_rect best{};
  CHECK(ek_image_smartcrop(img, 10, 10, EK_CROP_ATTENTION, &best) == EK_OK);
  CHECK(best.width == 10);
  CHECK(ek_image_smartcrop(img, 10, 10, out_of_range<ek_crop_mode>(7), &best) == EK_ERR_ARG);

  ek_encode_options eo;
  REQUIRE(ek_encode_options_init(&eo) == EK_OK);
  eo.format = EK_IMAGE_PNG;
  std::uint8_t *bytes = nullptr;
  std::size_t n = 0;
  REQUIRE(ek_image_encode(part, &eo, nullptr, &bytes, &n) == EK_OK);
  ek_image *again = nullptr;
  REQUIRE(ek_image_decode(bytes, n, nullptr, nullptr, &again, nullptr) == EK_OK);
  ek_image_desc a{}, b{};
  ek_image_describe(part, &a);
  ek_image_describe(again, &b);
  REQUIRE(a.width == b.width);
  CHECK(std::memcmp(a.pixels, b.pixels, a.stride * a.height) == 0);
  ek_free(bytes);

  ek_transform_options to;
  REQUIRE(ek_transform_options_init(&to) == EK_OK);
  CHECK(to.fit == EK_FIT_CONTAIN);
  CHECK(to.encode.format == EK_IMAGE_UNKNOWN);
  CHECK(to.decode.apply_orientation == 1);
  CHECK(to.shrink_on_load == 1);
  to.width = 10;
  ek_transform_result tr{};
  REQUIRE(ek_image_transform(png.data(), png.size(), &to, &bytes, &n, &tr) == EK_OK);
  CHECK(tr.width == 10);
  CHECK(tr.height == 8);
  CHECK(tr.format == EK_IMAGE_JPEG);
  ek_free(bytes);
  to.fit = out_of_range<ek_fit>(11);
  CHECK(ek_image_transform(png.data(), png.size(), &to, &bytes, &n, &tr) == EK_ERR_ARG);
  CHECK(bytes == nullptr);
  CHECK(ek_image_transform(png.data(), png.size(), nullptr, nullptr, &n, nullptr) == EK_ERR_NULL);

  CHECK(ek_image_new(0, 1, 3, nullptr, &bad) == EK_ERR_ARG);
  CHECK(ek_image_new(1, 1, 5, nullptr, &bad) == EK_ERR_ARG);
  CHECK(ek_image_new(0xFFFFFFFFu, 0xFFFFFFFFu, 4, nullptr, &bad) == EK_ERR_OVERFLOW);
  CHECK(ek_image_describe(nullptr, &d) == EK_ERR_NULL);
  ek_image_free(nullptr);
  ek_free(nullptr);
  ek_image_free(again);
  ek_image_free(part);
  ek_image_free(small);
  ek_image_free(img);
}
