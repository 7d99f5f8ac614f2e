// resize: RGB8 and RGBA8 4928x3279 -> 852x567 for every filter, plus a Lanczos3 upscale
// (852x567 -> 4928x3279), against libvips single-threaded (vips_concurrency_set(1), C API,
// image from memory, evaluated by writing to memory) and stb_image_resize (v1, Debian libstb).
// Items are output pixels.
//
// Peer mapping: vips_reduce (the separable convolution vips_resize ends with) with
// VIPS_KERNEL_NEAREST/LINEAR/CUBIC/MITCHELL/LANCZOS3 over the whole scale factor: the same
// full-support work as ek and Pillow. vips_resize itself is recorded once too
// (resize/vips_resize/lanczos3_rgb), and is the peer for the upscale, which vips_reduce cannot do: in libvips 8.14 on an image in memory with one thread it
// took over a second here (its shrink step, not the kernel), which would flatter ek. libvips
// has no box kernel, so box is vips_shrink (its box-averaging shrink). For RGBA the
// libvips pipeline is vips_premultiply -> resize -> vips_unpremultiply -> cast to uchar, the
// same work ek and Pillow do (libvips' thumbnail does this too). stb: box, triangle, Catmull-Rom
// (for bicubic), Mitchell; no nearest and no Lanczos in stb; linear colourspace (no sRGB
// conversion, like ek's default) and alpha channel 3 for RGBA (stb premultiplies internally).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <vector>

#include <vips/vips.h>

#include "edgekernels/image/resize.hpp"

#define STB_IMAGE_RESIZE_IMPLEMENTATION
#define STB_IMAGE_RESIZE_STATIC
#include <stb/stb_image_resize.h>

namespace {

constexpr int kInW = 4928, kInH = 3279, kOutW = 852, kOutH = 567;

// Photo-like and deterministic: smooth gradients, a few soft blobs, and noise; alpha varies.
std::vector<std::uint8_t> make_image(int w, int h, int c) {
  std::vector<std::uint8_t> px(std::size_t(w) * h * c);
  std::uint32_t s = 12345;
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      s = s * 1664525u + 1013904223u;
      const int n = int(s >> 28) - 8;
      const double fx = double(x) / w, fy = double(y) / h;
      const double blob = ((x / 97 + y / 61) % 5) * 20.0;
      std::uint8_t *p = &px[(std::size_t(y) * w + x) * c];
      const double v[4] = {40 + 150 * fx + blob, 30 + 180 * fy, 200 - 120 * fx * fy + blob / 2,
                           255 - 200 * fy * fx};
      for (int k = 0; k < c; ++k) {
        const int t = int(v[k]) + n;
        p[k] = std::uint8_t(t < 0 ? 0 : (t > 255 ? 255 : t));
      }
    }
  }
  return px;
}

const std::vector<std::uint8_t> &image(int w, int h, int c) {
  static std::vector<std::uint8_t> big3 = make_image(kInW, kInH, 3), big4 = make_image(kInW, kInH, 4);
  static std::vector<std::uint8_t> small3 = make_image(kOutW, kOutH, 3);
  if (w == kOutW) return small3;
  (void)h;
  return c == 3 ? big3 : big4;
}

struct bench_case {
  int in_w, in_h, out_w, out_h, c;
};

void finish(benchmark::State &st, const bench_case &k) {
  st.SetItemsProcessed(std::int64_t(st.iterations()) * k.out_w * k.out_h);
}

void bm_ek(benchmark::State &st, ek_filter f, bench_case k) {
  const auto &in = image(k.in_w, k.in_h, k.c);
  std::vector<std::uint8_t> out(std::size_t(k.out_w) * k.out_h * k.c);
  const ek::image_view iv{in.data(), std::uint32_t(k.in_w), std::uint32_t(k.in_h), std::uint32_t(k.c),
                          std::size_t(k.in_w) * k.c};
  const ek::image_span os{out.data(), std::uint32_t(k.out_w), std::uint32_t(k.out_h), std::uint32_t(k.c),
                          std::size_t(k.out_w) * k.c};
  ek::resize_options o;
  o.filter = f;
  for (auto _ : st) {
    if (ek::resize(iv, os, o) != EK_OK) st.SkipWithError("ek::resize failed");
    benchmark::DoNotOptimize(out.data());
  }
  finish(st, k);
}

void bm_vips(benchmark::State &st, int kernel, bench_case k, bool use_resize) {
  const auto &in = image(k.in_w, k.in_h, k.c);
  const double hs = double(k.out_w) / k.in_w, vs = double(k.out_h) / k.in_h;
  for (auto _ : st) {
    VipsImage *im = vips_image_new_from_memory(in.data(), in.size(), k.in_w, k.in_h, k.c, VIPS_FORMAT_UCHAR);
    VipsImage *a = nullptr, *b = nullptr, *c = nullptr, *d = nullptr;
    int rc = 0;
    VipsImage *src = im;
    if (k.c == 4) {
      rc |= vips_premultiply(im, &a, nullptr);
      src = a;
    }
    if (kernel < 0) {
      rc |= vips_shrink(src, &b, 1.0 / hs, 1.0 / vs, nullptr);
    } else if (use_resize || hs > 1.0) {  // vips_reduce only shrinks
      rc |= vips_resize(src, &b, hs, "vscale", vs, "kernel", VipsKernel(kernel), nullptr);
    } else {
      rc |= vips_reduce(src, &b, 1.0 / hs, 1.0 / vs, "kernel", VipsKernel(kernel), nullptr);
    }
    VipsImage *res = b;
    if (k.c == 4) {
      rc |= vips_unpremultiply(b, &c, nullptr);
      rc |= vips_cast_uchar(c, &d, nullptr);
      res = d;
    }
    std::size_t size = 0;
    void *mem = rc ? nullptr : vips_image_write_to_memory(res, &size);
    if (!mem) st.SkipWithError("libvips failed");
    benchmark::DoNotOptimize(mem);
    g_free(mem);
    for (VipsImage *p : {d, c, b, a, im})
      if (p) g_object_unref(p);
  }
  finish(st, k);
}

void bm_stb(benchmark::State &st, stbir_filter f, bench_case k) {
  const auto &in = image(k.in_w, k.in_h, k.c);
  std::vector<std::uint8_t> out(std::size_t(k.out_w) * k.out_h * k.c);
  for (auto _ : st) {
    const int ok = stbir_resize_uint8_generic(in.data(), k.in_w, k.in_h, k.in_w * k.c, out.data(), k.out_w,
                                              k.out_h, k.out_w * k.c, k.c, k.c == 4 ? 3 : STBIR_ALPHA_CHANNEL_NONE,
                                              0, STBIR_EDGE_CLAMP, f, STBIR_COLORSPACE_LINEAR, nullptr);
    if (!ok) st.SkipWithError("stbir failed");
    benchmark::DoNotOptimize(out.data());
  }
  finish(st, k);
}

struct filt {
  const char *name;
  ek_filter ek;
  int vips;  // VipsKernel, or -1 for vips_shrink
  int stb;   // stbir_filter, or -1 when stb has none
};
const filt kFilters[] = {
    {"nearest", EK_FILTER_NEAREST, VIPS_KERNEL_NEAREST, -1},
    {"box", EK_FILTER_BOX, -1, STBIR_FILTER_BOX},
    {"bilinear", EK_FILTER_BILINEAR, VIPS_KERNEL_LINEAR, STBIR_FILTER_TRIANGLE},
    {"bicubic", EK_FILTER_BICUBIC, VIPS_KERNEL_CUBIC, STBIR_FILTER_CATMULLROM},
    {"mitchell", EK_FILTER_MITCHELL, VIPS_KERNEL_MITCHELL, STBIR_FILTER_MITCHELL},
    {"lanczos3", EK_FILTER_LANCZOS3, VIPS_KERNEL_LANCZOS3, -1},
};

int register_all() {
  for (const char *impl : {"ek", "vips", "stb"}) {
    for (int c : {3, 4}) {
      for (const filt &f : kFilters) {
        const bench_case k{kInW, kInH, kOutW, kOutH, c};
        const std::string name = std::string("resize/") + impl + "/" + f.name + (c == 3 ? "_rgb" : "_rgba");
        if (impl[0] == 'e') benchmark::RegisterBenchmark(name.c_str(), bm_ek, f.ek, k)->Unit(benchmark::kMillisecond)->UseRealTime();
        if (impl[0] == 'v') benchmark::RegisterBenchmark(name.c_str(), bm_vips, f.vips, k, false)->Unit(benchmark::kMillisecond)->UseRealTime();
        if (impl[0] == 's' && f.stb >= 0)
          benchmark::RegisterBenchmark(name.c_str(), bm_stb, stbir_filter(f.stb), k)->Unit(benchmark::kMillisecond)->UseRealTime();
      }
    }
    const bench_case up{kOutW, kOutH, kInW, kInH, 3};
    const std::string name = std::string("resize/") + impl + "/lanczos3_up_rgb";
    if (impl[0] == 'e') benchmark::RegisterBenchmark(name.c_str(), bm_ek, EK_FILTER_LANCZOS3, up)->Unit(benchmark::kMillisecond)->UseRealTime();
    if (impl[0] == 'v') benchmark::RegisterBenchmark(name.c_str(), bm_vips, int(VIPS_KERNEL_LANCZOS3), up, false)->Unit(benchmark::kMillisecond)->UseRealTime();
  }
  benchmark::RegisterBenchmark("resize/vips_resize/lanczos3_rgb", bm_vips, int(VIPS_KERNEL_LANCZOS3),
                               bench_case{kInW, kInH, kOutW, kOutH, 3}, true)
      ->Unit(benchmark::kMillisecond)->UseRealTime();
  return 0;
}

}  // namespace

int main(int argc, char **argv) {
  if (VIPS_INIT(argv[0])) return 1;
  vips_concurrency_set(1);
  vips_cache_set_max(0);  // every iteration recomputes
  register_all();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  vips_shutdown();
  return 0;
}
