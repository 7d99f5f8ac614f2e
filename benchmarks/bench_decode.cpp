// Decode benchmarks: a 6000x4000 photo-like picture (generated deterministically, encoded once
// per run by stb_image_write, zlib and libwebp) decoded by ek::decode and by the peers in the same run:
// stb_image straight (what ek wraps for JPEG/PNG), libjpeg-turbo (what libvips and Pillow use)
// and libwebp's plain WebPDecodeRGB. Also WebP with the shrink-on-load hint (1200 wide) and
// the orientation pass alone. ek's JPEG is stb unless built with EK_WITH_LIBJPEG (then
// libjpeg-turbo, and the 1200-wide hint uses DCT scaling).
#include <benchmark/benchmark.h>

#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <jpeglib.h>
#include <webp/decode.h>
#include <webp/encode.h>
#include <zlib.h>

#define STB_IMAGE_IMPLEMENTATION
#define STB_IMAGE_STATIC
#define STBI_NO_STDIO
#define STBI_ONLY_JPEG
#define STBI_ONLY_PNG
#include <stb/stb_image.h>
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STB_IMAGE_WRITE_STATIC
#define STBI_WRITE_NO_STDIO
#include <stb/stb_image_write.h>

#include "edgekernels/image/decode.hpp"

namespace {

constexpr int W = 6000, H = 4000;

// Smooth shading, a few hard edges and mild noise: compresses like a photograph (JPEG ~1.5-3
// bits per pixel at q85), unlike flat synthetic patterns.
const std::vector<unsigned char> &photo() {
  static std::vector<unsigned char> px = [] {
    std::vector<unsigned char> v(std::size_t(W) * H * 3);
    std::uint32_t s = 12345;
    for (int y = 0; y < H; ++y)
      for (int x = 0; x < W; ++x) {
        s = s * 1664525u + 1013904223u;
        const int n = int(s >> 28) - 8;
        unsigned char *p = &v[(std::size_t(y) * W + x) * 3];
        const int band = ((x / 750) + (y / 500)) & 1 ? 40 : 0;
        const int r = (x * 255) / W + band + n, g = (y * 255) / H + n,
                  b = ((x + y) * 255) / (W + H) / 2 + 64 + ((x * y) >> 14 & 31) + n;
        p[0] = static_cast<unsigned char>(r < 0 ? 0 : r > 255 ? 255 : r);
        p[1] = static_cast<unsigned char>(g < 0 ? 0 : g > 255 ? 255 : g);
        p[2] = static_cast<unsigned char>(b < 0 ? 0 : b > 255 ? 255 : b);
      }
    return v;
  }();
  return px;
}

void append(void *ctx, void *data, int n) {
  auto *v = static_cast<std::vector<unsigned char> *>(ctx);
  v->insert(v->end(), static_cast<unsigned char *>(data), static_cast<unsigned char *>(data) + n);
}

const std::vector<unsigned char> &jpeg_file() {
  static std::vector<unsigned char> f = [] {
    std::vector<unsigned char> v;
    stbi_write_jpg_to_func(append, &v, W, H, 3, photo().data(), 85);
    return v;
  }();
  return f;
}

void chunk(std::vector<unsigned char> &v, const char *type, const unsigned char *d, std::size_t n) {
  const unsigned char len[4] = {static_cast<unsigned char>(n >> 24), static_cast<unsigned char>(n >> 16),
                                static_cast<unsigned char>(n >> 8), static_cast<unsigned char>(n)};
  v.insert(v.end(), len, len + 4);
  const std::size_t at = v.size();
  v.insert(v.end(), type, type + 4);
  v.insert(v.end(), d, d + n);
  const uLong c = crc32(0, &v[at], static_cast<uInt>(n + 4));
  const unsigned char cb[4] = {static_cast<unsigned char>(c >> 24), static_cast<unsigned char>(c >> 16),
                               static_cast<unsigned char>(c >> 8), static_cast<unsigned char>(c)};
  v.insert(v.end(), cb, cb + 4);
}

// PNG written with zlib (level 1, Sub filter on every row): stb_image_write's own deflate
// takes half a minute on 24 MP, and the decode cost (inflate + unfilter) is what is measured.
const std::vector<unsigned char> &png_file() {
  static std::vector<unsigned char> f = [] {
    const std::size_t row = std::size_t(W) * 3;
    std::vector<unsigned char> raw((row + 1) * H);
    const auto &px = photo();
    for (int y = 0; y < H; ++y) {
      unsigned char *d = &raw[(row + 1) * std::size_t(y)];
      const unsigned char *s = &px[row * std::size_t(y)];
      d[0] = 1;
      for (std::size_t i = 0; i < row; ++i)
        d[1 + i] = static_cast<unsigned char>(s[i] - (i >= 3 ? s[i - 3] : 0));
    }
    uLongf zn = compressBound(static_cast<uLong>(raw.size()));
    std::vector<unsigned char> z(zn);
    compress2(z.data(), &zn, raw.data(), static_cast<uLong>(raw.size()), 1);
    std::vector<unsigned char> v = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    const unsigned char ihdr[13] = {0, 0, W >> 8, W & 0xFF, 0, 0, H >> 8, H & 0xFF, 8, 2, 0, 0, 0};
    chunk(v, "IHDR", ihdr, 13);
    chunk(v, "IDAT", z.data(), zn);
    chunk(v, "IEND", nullptr, 0);
    return v;
  }();
  return f;
}

// Lossy WebP at quality 80, encoder method 0 (encode speed only; the bitstream decodes at
// the same per-pixel cost).
int webp_append(const std::uint8_t *data, std::size_t n, const WebPPicture *pic) {
  auto *v = static_cast<std::vector<unsigned char> *>(pic->custom_ptr);
  v->insert(v->end(), data, data + n);
  return 1;
}
const std::vector<unsigned char> &webp_file() {
  static std::vector<unsigned char> f = [] {
    std::vector<unsigned char> v;
    WebPConfig cfg;
    WebPPicture pic;
    if (!WebPConfigPreset(&cfg, WEBP_PRESET_PHOTO, 80) || !WebPPictureInit(&pic)) return v;
    cfg.method = 0;
    pic.width = W, pic.height = H;
    pic.writer = webp_append;
    pic.custom_ptr = &v;
    if (WebPPictureImportRGB(&pic, photo().data(), W * 3)) WebPEncode(&cfg, &pic);
    WebPPictureFree(&pic);
    return v;
  }();
  return f;
}

void ek_decode(benchmark::State &st, const std::vector<unsigned char> &f, std::uint32_t min_w) {
  ek::decode_options o;
  o.min_width = min_w;
  for (auto _ : st) {
    ek::image img;
    if (ek::decode(f.data(), f.size(), o, &img) != EK_OK) {
      st.SkipWithError("decode failed");
      return;
    }
    benchmark::DoNotOptimize(img.data());
  }
  st.counters["MP/s"] = benchmark::Counter(double(W) * H * 1e-6, benchmark::Counter::kIsIterationInvariantRate);
  st.counters["input_MB"] = double(f.size()) * 1e-6;
}

void BM_ek_jpeg(benchmark::State &st) { ek_decode(st, jpeg_file(), 0); }
void BM_ek_jpeg_shrink(benchmark::State &st) { ek_decode(st, jpeg_file(), 1200); }
void BM_ek_png(benchmark::State &st) { ek_decode(st, png_file(), 0); }
void BM_ek_webp(benchmark::State &st) { ek_decode(st, webp_file(), 0); }
void BM_ek_webp_shrink(benchmark::State &st) { ek_decode(st, webp_file(), 1200); }

void BM_stb_jpeg(benchmark::State &st) {
  const auto &f = jpeg_file();
  for (auto _ : st) {
    int w, h, c;
    stbi_uc *p = stbi_load_from_memory(f.data(), int(f.size()), &w, &h, &c, 0);
    benchmark::DoNotOptimize(p);
    stbi_image_free(p);
  }
  st.counters["MP/s"] = benchmark::Counter(double(W) * H * 1e-6, benchmark::Counter::kIsIterationInvariantRate);
}

struct jerr {
  jpeg_error_mgr pub;
  std::jmp_buf jb;
};
void jerr_exit(j_common_ptr c) { std::longjmp(reinterpret_cast<jerr *>(c->err)->jb, 1); }

// libjpeg-turbo into one buffer; scale_denom 1 (full size) or 8/4/2 (DCT scaling, what
// shrink-on-load would use for a 1200-wide target from 6000: 1/4 gives 1500).
void turbo(benchmark::State &st, unsigned denom) {
  const auto &f = jpeg_file();
  std::vector<unsigned char> out;
  for (auto _ : st) {
    jpeg_decompress_struct d;
    jerr e;
    d.err = jpeg_std_error(&e.pub);
    e.pub.error_exit = jerr_exit;
    if (setjmp(e.jb)) {
      jpeg_destroy_decompress(&d);
      st.SkipWithError("libjpeg failed");
      return;
    }
    jpeg_create_decompress(&d);
    jpeg_mem_src(&d, f.data(), static_cast<unsigned long>(f.size()));
    jpeg_read_header(&d, TRUE);
    d.out_color_space = JCS_RGB;
    d.scale_num = 1;
    d.scale_denom = denom;
    jpeg_start_decompress(&d);
    out.resize(std::size_t(d.output_width) * d.output_height * 3);
    while (d.output_scanline < d.output_height) {
      JSAMPROW row = &out[std::size_t(d.output_scanline) * d.output_width * 3];
      jpeg_read_scanlines(&d, &row, 1);
    }
    jpeg_finish_decompress(&d);
    jpeg_destroy_decompress(&d);
    benchmark::DoNotOptimize(out.data());
  }
  st.counters["MP/s"] = benchmark::Counter(double(W) * H * 1e-6, benchmark::Counter::kIsIterationInvariantRate);
}
void BM_turbo_jpeg(benchmark::State &st) { turbo(st, 1); }
void BM_turbo_jpeg_shrink4(benchmark::State &st) { turbo(st, 4); }

void BM_libwebp_webp(benchmark::State &st) {
  const auto &f = webp_file();
  for (auto _ : st) {
    int w, h;
    std::uint8_t *p = WebPDecodeRGB(f.data(), f.size(), &w, &h);
    benchmark::DoNotOptimize(p);
    WebPFree(p);
  }
  st.counters["MP/s"] = benchmark::Counter(double(W) * H * 1e-6, benchmark::Counter::kIsIterationInvariantRate);
}

void BM_stb_png(benchmark::State &st) {
  const auto &f = png_file();
  for (auto _ : st) {
    int w, h, c;
    stbi_uc *p = stbi_load_from_memory(f.data(), int(f.size()), &w, &h, &c, 0);
    benchmark::DoNotOptimize(p);
    stbi_image_free(p);
  }
}

void BM_ek_orient(benchmark::State &st) {
  const ek::image_view v{photo().data(), W, H, 3, std::size_t(W) * 3};
  const auto o = static_cast<std::uint32_t>(st.range(0));
  for (auto _ : st) {
    ek::image out;
    if (ek::orient(v, o, &out) != EK_OK) {
      st.SkipWithError("orient failed");
      return;
    }
    benchmark::DoNotOptimize(out.data());
  }
  st.counters["MP/s"] = benchmark::Counter(double(W) * H * 1e-6, benchmark::Counter::kIsIterationInvariantRate);
}

}  // namespace

BENCHMARK(BM_ek_jpeg)->Name("decode/ek/jpeg_6000x4000")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ek_jpeg_shrink)->Name("decode/ek/jpeg_6000x4000_min1200")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_stb_jpeg)->Name("decode/stb/jpeg_6000x4000")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_turbo_jpeg)->Name("decode/libjpeg-turbo/jpeg_6000x4000")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_turbo_jpeg_shrink4)->Name("decode/libjpeg-turbo/jpeg_6000x4000_scale1of4")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ek_png)->Name("decode/ek/png_6000x4000")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_stb_png)->Name("decode/stb/png_6000x4000")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ek_webp)->Name("decode/ek/webp_6000x4000")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_libwebp_webp)->Name("decode/libwebp/webp_6000x4000")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ek_webp_shrink)->Name("decode/ek/webp_6000x4000_min1200")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ek_orient)->Name("orient/ek/rgb_6000x4000")->Arg(1)->Arg(3)->Arg(6)->Arg(5)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
