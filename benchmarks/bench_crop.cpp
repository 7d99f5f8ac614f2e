// Smart crop of a 4928x3279 photo-like RGB image (smooth colour fields, fine texture, a few
// high-contrast objects and a skin-coloured blob) to 852x567 and 500x500: ek's attention and
// entropy against libvips' vips_smartcrop (interesting=attention / entropy), single-threaded
// (vips_concurrency_set(1), cache off), evaluated by writing the crop to memory.
#include <benchmark/benchmark.h>
#include <vips/vips.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "edgekernels/image/crop.hpp"

namespace {

constexpr std::uint32_t kW = 4928, kH = 3279;

const std::vector<std::uint8_t> &photo() {
  static const std::vector<std::uint8_t> px = [] {
    std::vector<std::uint8_t> p(std::size_t(kW) * kH * 3);
    std::vector<float> fx(kW * 3), fy(kH * 3);
    for (std::uint32_t x = 0; x < kW; ++x)
      for (int c = 0; c < 3; ++c)
        fx[x * 3 + c] = float(60 * std::sin(x * (0.0011 + 0.0004 * c) + c));
    for (std::uint32_t y = 0; y < kH; ++y)
      for (int c = 0; c < 3; ++c)
        fy[y * 3 + c] = float(50 * std::cos(y * (0.0017 - 0.0003 * c) + 2 * c));
    std::uint64_t s = 12345;
    for (std::uint32_t y = 0; y < kH; ++y)
      for (std::uint32_t x = 0; x < kW; ++x) {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        const int noise = int((s >> 58) & 15) - 8;  // grain
        const bool object = (x / 400 + y / 400) % 7 == 3 && ((x / 9 + y / 9) & 1);
        const bool skin = (x - 3300.0) * (x - 3300.0) + (y - 1200.0) * (y - 1200.0) < 250000.0;
        for (int c = 0; c < 3; ++c) {
          int v = 128 + int(fx[x * 3 + c] + fy[y * 3 + c]) + noise;
          if (object) v = c == 1 ? 30 : 230;
          if (skin) v = (c == 0 ? 200 : c == 1 ? 146 : 113) + noise;
          p[(std::size_t(y) * kW + x) * 3 + std::size_t(c)] =
              std::uint8_t(v < 0 ? 0 : v > 255 ? 255 : v);
        }
      }
    return p;
  }();
  return px;
}

void bm_ek(benchmark::State &st, ek_crop_mode mode, std::uint32_t w, std::uint32_t h) {
  const auto &px = photo();
  const ek::image_view in{px.data(), kW, kH, 3, std::size_t(kW) * 3};
  ek::rect r{};
  for (auto _ : st) {
    if (ek::smartcrop(in, w, h, mode, &r) != EK_OK) st.SkipWithError("smartcrop failed");
    benchmark::DoNotOptimize(r);
  }
  st.SetLabel("x=" + std::to_string(r.x) + " y=" + std::to_string(r.y));
}

void bm_vips(benchmark::State &st, VipsInteresting mode, std::uint32_t w, std::uint32_t h) {
  const auto &px = photo();
  int left = 0, top = 0;
  for (auto _ : st) {
    VipsImage *im = vips_image_new_from_memory(px.data(), px.size(), int(kW), int(kH), 3,
                                               VIPS_FORMAT_UCHAR);
    VipsImage *out = nullptr;
    std::size_t size = 0;
    void *mem = nullptr;
    if (im && !vips_smartcrop(im, &out, int(w), int(h), "interesting", mode, nullptr)) {
      mem = vips_image_write_to_memory(out, &size);
      left = out->Xoffset, top = out->Yoffset;
    }
    if (!mem) st.SkipWithError("libvips failed");
    g_free(mem);
    if (out) g_object_unref(out);
    if (im) g_object_unref(im);
  }
  st.SetLabel("x=" + std::to_string(-left) + " y=" + std::to_string(-top));
}

}  // namespace

int main(int argc, char **argv) {
  if (VIPS_INIT(argv[0])) return 1;
  vips_concurrency_set(1);
  vips_cache_set_max(0);  // every iteration recomputes
  struct size {
    std::uint32_t w, h;
    const char *name;
  };
  for (const size s : {size{852, 567, "852x567"}, size{500, 500, "500x500"}}) {
    const std::string tail = std::string("_rgb_") + s.name;
    benchmark::RegisterBenchmark(("smartcrop/ek/attention" + tail).c_str(), bm_ek,
                                 EK_CROP_ATTENTION, s.w, s.h)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark(("smartcrop/vips/attention" + tail).c_str(), bm_vips,
                                 VIPS_INTERESTING_ATTENTION, s.w, s.h)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark(("smartcrop/ek/entropy" + tail).c_str(), bm_ek, EK_CROP_ENTROPY,
                                 s.w, s.h)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark(("smartcrop/vips/entropy" + tail).c_str(), bm_vips,
                                 VIPS_INTERESTING_ENTROPY, s.w, s.h)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  vips_shutdown();
  return 0;
}
