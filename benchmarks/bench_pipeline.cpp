// Whole pipelines: a 6000x4000 JPEG photo in, a 1200-wide WebP (q80) out — what an image CDN
// does per request. ek::transform against libvips' thumbnail (its fastest path: shrink-on-load,
// then reduce) with one thread, in the same run.
//
// Besides time, two memory counters per pipeline:
//   lib_peak_MiB  the most bytes our allocator hook saw outstanding at once (ek only: counted,
//                 not sampled; libwebp's and stb's own buffers are not routed through it);
//   rss_peak_MiB  the peak resident set of a fresh process that runs the pipeline once, minus that
//                 of one that only reads the input — everything, every library, as the OS sees it.
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <string>
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

// Peak memory is measured in a fresh process (this binary re-run with --peak-child MODE FILE):
// forking the benchmark process itself is unsafe once libvips has started its threads. The
// child reads the input, runs the pipeline once and prints its peak RSS; a child that only
// reads the input (and starts libvips, for the vips modes) gives the baseline to subtract.
const char *input_file() {
  static const std::string path = [] {
    const char *dir = std::getenv("TMPDIR");
    std::string p = std::string(dir && *dir ? dir : P_tmpdir) + "/ek_bench_pipeline_" +
                    std::to_string(getpid()) + ".jpg";
    const auto &in = input_jpeg();
    if (std::FILE *f = std::fopen(p.c_str(), "wb")) {
      std::fwrite(in.data(), 1, in.size(), f);
      std::fclose(f);
    }
    return p;
  }();
  return path.c_str();
}

long child_rss_kb(const char *mode) {
  char exe[4096];
  const ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) return -1;
  exe[n] = 0;
  const std::string cmd = std::string("'") + exe + "' --peak-child " + mode + " " + input_file();
  std::FILE *p = popen(cmd.c_str(), "r");
  if (!p) return -1;
  long kb = -1;
  if (std::fscanf(p, "%ld", &kb) != 1) kb = -1;
  return pclose(p) == 0 ? kb : -1;
}

double peak_rss_mib(const char *mode, const char *baseline) {
  const long used = child_rss_kb(mode), base = child_rss_kb(baseline);
  return used < 0 || base < 0 ? -1.0 : double(used - base) / 1024.0;
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
  state.counters["rss_peak_MiB"] = peak_rss_mib(shrink ? "ek" : "ek_full", "none");
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
  state.counters["rss_peak_MiB"] = peak_rss_mib("vips", "vips_none");
  state.SetItemsProcessed(state.iterations() * std::int64_t(kW) * kH);
}

}  // namespace

BENCHMARK(BM_ek_shrink)->Name("pipeline/ek/jpeg6000_webp1200")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ek_full)->Name("pipeline/ek/jpeg6000_webp1200_no_shrink")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_vips)->Name("pipeline/vips/jpeg6000_webp1200")->Unit(benchmark::kMillisecond)->UseRealTime();

// --peak-child MODE FILE: run one pipeline on FILE, print the peak RSS in KiB.
int peak_child(const char *mode, const char *file) {
  std::vector<std::uint8_t> in;
  if (std::FILE *f = std::fopen(file, "rb")) {
    std::uint8_t buf[1 << 16];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) in.insert(in.end(), buf, buf + n);
    std::fclose(f);
  }
  if (in.empty()) return 1;
  const std::string m = mode;
  bool ok = true;
  if (m == "ek" || m == "ek_full") {
    std::uint8_t *out = nullptr;
    std::size_t n = 0;
    ok = ek::transform(in.data(), in.size(), ek_options(m == "ek"), &out, &n) == EK_OK;
    std::free(out);
  } else if (m == "vips" || m == "vips_none") {
    if (VIPS_INIT("bench_pipeline")) return 1;
    vips_concurrency_set(1);
    std::size_t n = 0;
    if (m == "vips") ok = vips_once(in, &n);
  }
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("%ld\n", long(ru.ru_maxrss));
  return ok ? 0 : 1;
}

int main(int argc, char **argv) {
  if (argc == 4 && std::strcmp(argv[1], "--peak-child") == 0) return peak_child(argv[2], argv[3]);
  if (argc == 3 && std::strcmp(argv[1], "--write-input") == 0) {
    // The same JPEG for benchmarks/pipeline_pillow.py, so Pillow gets the identical input.
    const auto &in = input_jpeg();
    std::FILE *f = std::fopen(argv[2], "wb");
    const bool ok = f && std::fwrite(in.data(), 1, in.size(), f) == in.size();
    return (f && std::fclose(f) == 0 && ok) ? 0 : 1;
  }
  if (VIPS_INIT(argv[0])) return 1;
  vips_concurrency_set(1);
  vips_cache_set_max(0);  // no result cache: every iteration decodes and encodes again
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  vips_shutdown();
  std::remove(input_file());
  return 0;
}
