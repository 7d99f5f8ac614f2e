// encode: a 1200x800 RGB photograph (scipy's raccoon, 1024x768, extended by mirroring) to JPEG
// q82, PNG, WebP q80 and AVIF q60 speed 8 through ek::encode, against the libraries called
// directly in the same run: libwebp's simple API WebPEncodeRGB (the same work as ours: same
// config, so the difference is our buffer handling) and libjpeg-turbo at the same quality with
// its defaults (4:2:0, standard Huffman tables, as stb writes). Counter `bytes`: output size.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "edgekernels/image/encode.hpp"

#define STB_IMAGE_IMPLEMENTATION
#define STB_IMAGE_STATIC
#define STBI_NO_STDIO
#include <stb/stb_image.h>

#if EK_BENCH_LIBWEBP
#include <webp/encode.h>
#endif
#if EK_BENCH_LIBJPEG
#include <jpeglib.h>
#endif

namespace {

constexpr std::uint32_t kW = 1200, kH = 800;

struct photo {
  std::vector<std::uint8_t> px;
  photo() {
    std::vector<unsigned char> file;
#ifdef EK_SOURCE_DIR
    if (std::FILE *f = std::fopen(EK_SOURCE_DIR "/examples/data/raccoon.jpg", "rb")) {
      unsigned char buf[65536];
      std::size_t n;
      while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) file.insert(file.end(), buf, buf + n);
      std::fclose(f);
    }
#endif
    int w = 0, h = 0, c = 0;
    unsigned char *src = file.empty() ? nullptr
                                      : stbi_load_from_memory(file.data(), int(file.size()), &w,
                                                              &h, &c, 3);
    px.resize(std::size_t(kW) * kH * 3);
    for (std::uint32_t y = 0; y < kH; ++y)
      for (std::uint32_t x = 0; x < kW; ++x)
        for (int k = 0; k < 3; ++k) {
          std::uint8_t v;
          if (src) {  // mirror the photo out to 1200x800
            const int sx = int(x) < w ? int(x) : 2 * w - 2 - int(x);
            const int sy = int(y) < h ? int(y) : 2 * h - 2 - int(y);
            v = src[(std::size_t(sy) * std::size_t(w) + std::size_t(sx)) * 3 + std::size_t(k)];
          } else {  // no photo: a smooth, noisy pattern
            const std::uint32_t noise = (x * 7919u + y * 104729u) >> 3 & 15;
            v = std::uint8_t((x * 3 + y * 5 + std::uint32_t(k) * 70 + noise) & 255);
          }
          px[(std::size_t(y) * kW + x) * 3 + std::size_t(k)] = v;
        }
    stbi_image_free(src);
  }
  ek::image_view view() const { return {px.data(), kW, kH, 3, std::size_t(kW) * 3}; }
};

const photo &the_photo() {
  static const photo p;
  return p;
}

void ek_encode(benchmark::State &state, ek_image_format f, int quality) {
  if (!(ek::image_encoders() & unsigned(f))) {
    state.SkipWithError("format not built in");
    return;
  }
  const ek::image_view v = the_photo().view();
  ek::encode_options o;
  o.format = f, o.quality = quality, o.speed = 8;
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::uint8_t *out = nullptr;
    if (ek::encode(v, o, &out, &bytes) != EK_OK) {
      state.SkipWithError("encode failed");
      return;
    }
    benchmark::DoNotOptimize(out);
    std::free(out);
  }
  state.counters["bytes"] = double(bytes);
  state.counters["Mpx/s"] =
      benchmark::Counter(double(kW) * kH * 1e-6, benchmark::Counter::kIsIterationInvariantRate);
}

void BM_ek_jpeg(benchmark::State &s) { ek_encode(s, EK_IMAGE_JPEG, 82); }
void BM_ek_png(benchmark::State &s) { ek_encode(s, EK_IMAGE_PNG, 0); }
void BM_ek_webp(benchmark::State &s) { ek_encode(s, EK_IMAGE_WEBP, 80); }
void BM_ek_avif(benchmark::State &s) { ek_encode(s, EK_IMAGE_AVIF, 60); }
BENCHMARK(BM_ek_jpeg)->Name("encode/ek/jpeg_q82_rgb")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ek_png)->Name("encode/ek/png_rgb")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ek_webp)->Name("encode/ek/webp_q80_rgb")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ek_avif)->Name("encode/ek/avif_q60_s8_rgb")->Unit(benchmark::kMillisecond);

#if EK_BENCH_LIBWEBP
void BM_libwebp(benchmark::State &state) {
  const ek::image_view v = the_photo().view();
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::uint8_t *out = nullptr;
    bytes = WebPEncodeRGB(v.data, int(v.width), int(v.height), int(v.stride), 80.f, &out);
    if (!bytes) {
      state.SkipWithError("WebPEncodeRGB failed");
      return;
    }
    benchmark::DoNotOptimize(out);
    WebPFree(out);
  }
  state.counters["bytes"] = double(bytes);
  state.counters["Mpx/s"] =
      benchmark::Counter(double(kW) * kH * 1e-6, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_libwebp)->Name("encode/libwebp/webp_q80_rgb")->Unit(benchmark::kMillisecond);
#endif

#if EK_BENCH_LIBJPEG
void BM_libjpeg(benchmark::State &state) {
  const ek::image_view v = the_photo().view();
  unsigned long bytes = 0;
  for (auto _ : state) {
    jpeg_compress_struct c;
    jpeg_error_mgr err;
    c.err = jpeg_std_error(&err);
    jpeg_create_compress(&c);
    unsigned char *out = nullptr;
    unsigned long len = 0;
    jpeg_mem_dest(&c, &out, &len);
    c.image_width = v.width;
    c.image_height = v.height;
    c.input_components = 3;
    c.in_color_space = JCS_RGB;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, 82, TRUE);
    jpeg_start_compress(&c, TRUE);
    while (c.next_scanline < c.image_height) {
      JSAMPROW row = const_cast<JSAMPROW>(v.row(c.next_scanline));
      jpeg_write_scanlines(&c, &row, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    bytes = len;
    benchmark::DoNotOptimize(out);
    std::free(out);
  }
  state.counters["bytes"] = double(bytes);
  state.counters["Mpx/s"] =
      benchmark::Counter(double(kW) * kH * 1e-6, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_libjpeg)->Name("encode/libjpeg-turbo/jpeg_q82_rgb")->Unit(benchmark::kMillisecond);
#endif

}  // namespace

BENCHMARK_MAIN();
