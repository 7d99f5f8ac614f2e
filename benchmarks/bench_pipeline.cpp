// Whole pipelines: a 6000x4000 JPEG photo in, a 1200-wide WebP (q80) out — what an image CDN
// does per request. ek::transform against libvips' thumbnail (its fastest path: shrink-on-load,
// then reduce) with one thread, in the same run.
//
// Besides time, two memory counters per pipeline:
//   lib_peak_MiB  the most bytes our allocator hook saw outstanding at once (ek only: counted,
//                 not sampled; libwebp's and stb's own buffers are not routed through it);
//   rss_peak_MiB  the peak resident set of a forked child that runs the pipeline once, minus that
//                 of a child that does nothing — everything, every library, as the OS sees it.
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "edgekernels/image/transform.hpp"

extern "C" {
#include <vips/vips.h>
}

namespace {

constexpr std::uint32_t kW = 6000, kH = 4000, kOut = 1200;

// A photo-like test card: smooth gradients, soft discs, texture and noise, so that the JPEG has
// realistic entropy (a flat image would make decoding unrealistically cheap).
std::vector<std::uint8_t> photo(std::uint32_t w, std::uint32_t h) {
  std::vector<std::uint8_t> px(std::size_t(w) * h * 3);
  std::uint64_t s = 0x9E3779B97F4A7C15ull;
  for (std::uint32_t y = 0; y < h; ++y)
    for (std::uint32_t x = 0; x < w; ++x) {
      s ^= s << 13, s ^= s >> 7, s ^= s << 17;
      const double fx = double(x) / w, fy = double(y) / h;
      const double disc = std::exp(-((fx - 0.4) * (fx - 0.4) + (fy - 0.5) * (fy - 0.5)) * 20.0);
      const double tex = 0.5 + 0.5 * std::sin(x * 0.05 + std::sin(y * 0.031) * 3.0);
      const double noise = double(s & 0xFF) / 255.0 - 0.5;
      const double v[3] = {80 + 120 * fx + 50 * disc + 20 * tex, 60 + 100 * fy + 70 * disc * tex,
                           140 - 90 * fx * fy + 30 * tex};
      for (int c = 0; c < 3; ++c) {
        const double q = v[c] + 12 * noise;
        px[(std::size_t(y) * w + x) * 3 + c] = std::uint8_t(q < 0 ? 0 : q > 255 ? 255 : q);
      }
    }
  return px;
}

const std::vector<std::uint8_t> &input_jpeg() {
  static const std::vector<std::uint8_t> jpeg = [] {
    const std::vector<std::uint8_t> px = photo(kW, kH);
    ek::encode_options o;
    o.format = EK_IMAGE_JPEG;
    o.quality = 90;
    std::uint8_t *out = nullptr;
    std::size_t n = 0;
    if (ek::encode(ek::image_view{px.data(), kW, kH, 3, std::size_t(kW) * 3}, o, &out, &n) != EK_OK)
      std::abort();
    std::vector<std::uint8_t> v(out, out + n);
    std::free(out);
    return v;
  }();
  return jpeg;
}

// An ek_allocator that tracks outstanding bytes and their peak (sizes in a 16-byte header).
struct counting {
  std::size_t now = 0, peak = 0;
  static void *alloc(void *ctx, std::size_t n) {
    auto *c = static_cast<counting *>(ctx);
    auto *p = static_cast<std::size_t *>(std::malloc(n + 16));
    if (!p) return nullptr;
    *p = n;
    c->now += n;
    if (c->now > c->peak) c->peak = c->now;
    return reinterpret_cast<char *>(p) + 16;
  }
  static void release(void *ctx, void *q) {
    auto *p = reinterpret_cast<std::size_t *>(static_cast<char *>(q) - 16);
    static_cast<counting *>(ctx)->now -= *p;
    std::free(p);
  }
};

// Peak RSS (bytes) of a child running f once, minus a child running nothing.
template <class F>
double child_peak_rss(F f) {
  auto run = [](auto g) -> long {
    int fd[2];
    if (pipe(fd) != 0) return -1;
    const pid_t pid = fork();
    if (pid == 0) {
      close(fd[0]);
      g();
      rusage ru{};
      getrusage(RUSAGE_SELF, &ru);
      long kb = ru.ru_maxrss;
      if (write(fd[1], &kb, sizeof kb) != sizeof kb) _exit(1);
      _exit(0);
    }
    close(fd[1]);
    long kb = -1;
    if (read(fd[0], &kb, sizeof kb) != sizeof kb) kb = -1;
    close(fd[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    return kb;
  };
  const long base = run([] {});
  const long used = run(f);
  return base < 0 || used < 0 ? -1.0 : double(used - base) * 1024.0;
}

ek::transform_options ek_options(bool shrink) {
  ek::transform_options t;
  t.width = kOut;
  t.encode.format = EK_IMAGE_WEBP;
  t.encode.quality = 80;
  t.shrink_on_load = shrink;
  return t;
}

void run_ek(benchmark::State &state, bool shrink) {
  const auto &in = input_jpeg();
  const ek::transform_options t = ek_options(shrink);
  counting c;
  const ek_allocator a{&counting::alloc, &counting::release, &c};
  std::size_t out_bytes = 0;
  for (auto _ : state) {
    std::uint8_t *out = nullptr;
    std::size_t n = 0;
    if (ek::transform(in.data(), in.size(), t, &out, &n, nullptr, &a) != EK_OK) {
      state.SkipWithError("ek::transform failed");
      return;
    }
    out_bytes = n;
    a.free(a.ctx, out);
  }
  state.counters["out_bytes"] = double(out_bytes);
  state.counters["lib_peak_MiB"] = double(c.peak) / 1048576.0;
  state.counters["rss_peak_MiB"] = child_peak_rss([&] {
    std::uint8_t *out = nullptr;
    std::size_t n = 0;
    if (ek::transform(in.data(), in.size(), t, &out, &n) == EK_OK) std::free(out);
  }) / 1048576.0;
  state.SetItemsProcessed(state.iterations() * std::int64_t(kW) * kH);
}

void BM_ek_shrink(benchmark::State &state) { run_ek(state, true); }
void BM_ek_full(benchmark::State &state) { run_ek(state, false); }

bool vips_once(const std::vector<std::uint8_t> &in, std::size_t *n) {
  VipsImage *thumb = nullptr;
  if (vips_thumbnail_buffer(const_cast<std::uint8_t *>(in.data()), in.size(), &thumb, int(kOut),
                            nullptr))
    return false;
  void *buf = nullptr;
  std::size_t len = 0;
  const int r = vips_webpsave_buffer(thumb, &buf, &len, "Q", 80, nullptr);
  g_object_unref(thumb);
  if (r) return false;
  g_free(buf);
  *n = len;
  return true;
}

void BM_vips(benchmark::State &state) {
  const auto &in = input_jpeg();
  std::size_t out_bytes = 0;
  for (auto _ : state) {
    if (!vips_once(in, &out_bytes)) {
      state.SkipWithError(vips_error_buffer());
      return;
    }
  }
  state.counters["out_bytes"] = double(out_bytes);
  state.counters["rss_peak_MiB"] = child_peak_rss([&] {
    std::size_t n = 0;
    vips_once(in, &n);
  }) / 1048576.0;
  state.SetItemsProcessed(state.iterations() * std::int64_t(kW) * kH);
}

}  // namespace

BENCHMARK(BM_ek_shrink)->Name("pipeline/ek/jpeg6000_webp1200")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ek_full)->Name("pipeline/ek/jpeg6000_webp1200_no_shrink")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_vips)->Name("pipeline/vips/jpeg6000_webp1200")->Unit(benchmark::kMillisecond)->UseRealTime();

int main(int argc, char **argv) {
  if (VIPS_INIT(argv[0])) return 1;
  vips_concurrency_set(1);
  vips_cache_set_max(0);  // no result cache: every iteration decodes and encodes again
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  vips_shutdown();
  return 0;
}
