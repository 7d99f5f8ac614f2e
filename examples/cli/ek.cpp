// ek — the edgekernels command-line tool.
//
//   ek crc32 [--castagnoli] FILE...   one line per file: "%08x  NAME" ("-" is stdin)
//   ek stats FILE                     one number a line in; count, sum, mean, min, max, stddev out
//   ek cpu                            CPU features and the kernel variant each family uses
//   ek zscore | forecast | holtwinters | window ...   streaming analytics over CSV (analytics.cpp)
//   ek --help | --version
//
// Every command streams its input in fixed-size chunks, so files of any size work in bounded
// memory. Errors go to stderr with a non-zero exit; stdout only ever gets complete results.
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "cli.hpp"
#include "commands.hpp"
#include "edgekernels/edgekernels.hpp"

using ekcli::close_input;
using ekcli::fail;
using ekcli::finish_stdout;
using ekcli::fmt;
using ekcli::open_input;

namespace {

constexpr const char *usage_text =
    "usage: ek <command> [options] [FILE...]\n"
    "\n"
    "commands:\n"
    "  crc32 [--castagnoli] FILE...  CRC-32 (zlib/gzip/PNG) or CRC-32C of each file, \"-\" for stdin\n"
    "  stats FILE                    count, sum, mean, min, max and sample stddev of one number a line\n"
    "  cpu                           CPU features and the kernel variant each family runs\n"
    "\n"
    "streaming analytics: CSV in (a header row is optional), CSV out with a header row; FILE may be \"-\"\n"
    "  zscore --window N [--warmup W] [--warn 2] [--crit 3] FILE\n"
    "        rows timestamp,value -> timestamp,value,mean,stddev,z,level: mean and sample stddev of\n"
    "        the previous N values; z = 0 until max(W,2) (default W = N) values or when stddev = 0;\n"
    "        level 2 if |z| >= crit, 1 if |z| >= warn, else 0\n"
    "  forecast --window N --horizon H [--level C] FILE\n"
    "        rows timestamp,value -> timestamp,value,slope,intercept,forecast from the N-th row on:\n"
    "        least-squares line through the last N values (x = 0..N-1), forecast H steps ahead;\n"
    "        --level C adds lower,upper: the C (e.g. 0.95) prediction interval\n"
    "  holtwinters --alpha A --beta B --gamma G --period P FILE\n"
    "        rows timestamp,value -> timestamp,value,level,trend,season,fitted: R's\n"
    "        HoltWinters(x, A, B, G, seasonal=\"additive\"); fitted = level + trend + season is the\n"
    "        one-step-ahead forecast, empty on the P start-up rows; needs at least 2P rows\n"
    "  window --size N --key COL --value COL FILE\n"
    "        the last N events per key; after each row: key,count,sum,mean,min,max of that key\n"
    "  analytics options: --time COL and --value COL pick the columns of zscore, forecast and\n"
    "        holtwinters (default 1 and 2); COL is a header name or a 1-based number;\n"
    "        --skip-bad counts and skips malformed rows instead of stopping at the first\n"
    "  negotiate [--accept A] [--dpr D] [--width W] [--viewport-width V] [--save-data on] [--ect 3g]\n"
    "        [--source-width W] [--alpha]   image variant for these request headers, as JSON;\n"
    "        --width is a CSS width (times --dpr) unless --width-is-physical\n"
    "  probe FILE   FORMAT WIDTH HEIGHT CHANNELS of an image (jpeg png webp avif gif bmp) from its header\n"
    "  image IN -o OUT [--width W] [--height H] [--fit contain|cover|fill|exact]\n"
    "        [--filter nearest|box|bilinear|bicubic|mitchell|lanczos3] [--format jpeg|png|webp|avif]\n"
    "        [--quality Q] [--lossless] [--speed S] [--linear] [--smart-crop] [--crop MODE]\n"
    "        decode, orient, resize, crop/pad and encode; the format defaults to OUT's extension\n"
    "\n"
    "options:\n"
    "  -h, --help     this text\n"
    "  --version      library version\n";

int cmd_crc32(int argc, char **argv) {
  bool castagnoli = false;
  std::vector<const char *> files;
  for (int i = 0; i < argc; ++i) {
    if (std::strcmp(argv[i], "--castagnoli") == 0 || std::strcmp(argv[i], "-c") == 0)
      castagnoli = true;
    else if (argv[i][0] == '-' && argv[i][1] != '\0')
      return fail("crc32", argv[i], "unknown option");
    else
      files.push_back(argv[i]);
  }
  if (files.empty()) return fail("crc32", "usage", "ek crc32 [--castagnoli] FILE...");

  std::vector<unsigned char> buf(1u << 20);
  int status = 0;
  for (const char *name : files) {
    std::FILE *f = open_input(name);
    if (!f) {
      status = fail("crc32", name, std::strerror(errno));
      continue;
    }
    std::uint32_t crc = 0;
    std::size_t got;
    while ((got = std::fread(buf.data(), 1, buf.size(), f)) > 0)
      crc = castagnoli ? ek::crc32c(crc, buf.data(), got) : ek::crc32(crc, buf.data(), got);
    const bool bad = std::ferror(f) != 0;
    const int err = errno;
    close_input(f);
    if (bad) {
      status = fail("crc32", name, std::strerror(err));
      continue;
    }
    std::printf("%08x  %s\n", static_cast<unsigned>(crc), name);
  }
  return finish_stdout() | status;
}

int cmd_stats(int argc, char **argv) {
  if (argc != 1) return fail("stats", "usage", "ek stats FILE");
  const char *name = argv[0];
  std::FILE *f = open_input(name);
  if (!f) return fail("stats", name, std::strerror(errno));

  // Numbers are parsed into a fixed chunk, summarised by the SIMD kernels, and the chunk
  // summaries merged (Chan et al.): memory stays constant however long the file is.
  std::vector<double> chunk;
  chunk.reserve(1u << 16);
  ek::moments total{};
  bool have = false;
  auto flush = [&] {
    if (chunk.empty()) return;
    const ek::moments m = ek::describe(chunk.data(), chunk.size());
    total = have ? ek::merge(total, m) : m;
    have = true;
    chunk.clear();
  };

  // One line at a time out of a block buffer; a line may straddle two reads.
  std::vector<char> block(1u << 16);
  std::string line;
  unsigned long long lineno = 0;
  auto take_line = [&]() -> bool {
    ++lineno;
    const char *p = line.c_str();
    while (*p == ' ' || *p == '\t' || *p == '\r') ++p;
    if (*p == '\0' || *p == '#') return true;  // blank lines and comments
    char *end = nullptr;
    const double v = std::strtod(p, &end);
    while (*end == ' ' || *end == '\t' || *end == '\r') ++end;
    if (end == p || *end != '\0' || !std::isfinite(v)) return false;
    chunk.push_back(v);
    if (chunk.size() == chunk.capacity()) flush();
    return true;
  };
  auto bad_line = [&] {
    close_input(f);
    const std::string where = std::string(name) + ":" + std::to_string(lineno);
    return fail("stats", where.c_str(), "not a finite number");
  };
  std::size_t got;
  while ((got = std::fread(block.data(), 1, block.size(), f)) > 0) {
    const char *p = block.data(), *end = p + got;
    while (const char *nl = static_cast<const char *>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)))) {
      line.append(p, nl);
      if (!take_line()) return bad_line();
      line.clear();
      p = nl + 1;
    }
    line.append(p, end);
  }
  if (!line.empty() && !take_line()) return bad_line();
  const bool bad = std::ferror(f) != 0;
  close_input(f);
  if (bad) return fail("stats", name, "read error");
  flush();
  if (!have) return fail("stats", name, "no numbers");

  const double stddev = total.count > 1 ? std::sqrt(total.m2 / static_cast<double>(total.count - 1)) : NAN;
  std::printf("count   %llu\nsum     %s\nmean    %s\nmin     %s\nmax     %s\nstddev  %s\n",
              static_cast<unsigned long long>(total.count), fmt(total.sum).c_str(),
              fmt(total.mean).c_str(), fmt(total.min).c_str(), fmt(total.max).c_str(),
              fmt(stddev).c_str());
  return finish_stdout();
}

int cmd_cpu() {
  const std::uint64_t detected = ek::cpu::detected(), enabled = ek::cpu::features();
  std::printf("features:");
  for (int b = 0; b < 64; ++b) {
    const std::uint64_t bit = 1ull << b;
    if (!(detected & bit)) continue;
    if (const char *n = ek::cpu::feature_name(bit)) std::printf(" %s%s", n, (enabled & bit) ? "" : "(disabled)");
  }
  std::printf("\n");
  static const char *const families[] = {"crc32", "crc32c", "reduce_f32", "reduce_f64", "filter", "resize"};
  static_assert(sizeof families / sizeof *families == std::size_t(ek::cpu::kernel::count_),
                "one name per kernel family");
  for (int k = 0; k < static_cast<int>(ek::cpu::kernel::count_); ++k)
    std::printf("%-11s %s\n", families[k], ek::cpu::kernel_path(static_cast<ek::cpu::kernel>(k)));
  return finish_stdout();
}

#if defined(__wasm__)
// The library reads no environment in wasm (its modules import nothing); ek.wasm has a WASI
// environment, so it applies EK_CPU_DISABLE itself ("all" or feature names, comma-separated;
// unknown names ignored), as the native library does.
void apply_cpu_disable_env() {
  const char *s = std::getenv("EK_CPU_DISABLE");
  if (!s) return;
  std::uint64_t mask = 0;
  while (*s) {
    const char *end = std::strchr(s, ',');
    const std::size_t len = end ? static_cast<std::size_t>(end - s) : std::strlen(s);
    if (len == 3 && std::strncmp(s, "all", 3) == 0) mask = ek::cpu::all;
    for (int b = 0; b < 64; ++b) {
      const char *n = ek::cpu::feature_name(1ull << b);
      if (n && std::strlen(n) == len && std::strncmp(s, n, len) == 0) mask |= 1ull << b;
    }
    s += len;
    if (*s == ',') ++s;
  }
  ek::cpu::disable(mask);
}
#endif

}  // namespace

int main(int argc, char **argv) {
#if defined(__wasm__)
  apply_cpu_disable_env();
#endif
  if (argc < 2) {
    std::fputs(usage_text, stderr);
    return 2;
  }
  const char *cmd = argv[1];
  if (std::strcmp(cmd, "-h") == 0 || std::strcmp(cmd, "--help") == 0 || std::strcmp(cmd, "help") == 0) {
    std::fputs(usage_text, stdout);
    return finish_stdout();
  }
  if (std::strcmp(cmd, "--version") == 0) {
    std::printf("ek (edgekernels) %d.%d.%d\n", EK_VERSION_MAJOR, EK_VERSION_MINOR, EK_VERSION_PATCH);
    return finish_stdout();
  }
  if (std::strcmp(cmd, "crc32") == 0) return cmd_crc32(argc - 2, argv + 2);
  if (std::strcmp(cmd, "stats") == 0) return cmd_stats(argc - 2, argv + 2);
  if (std::strcmp(cmd, "cpu") == 0 && argc == 2) return cmd_cpu();
  if (std::strcmp(cmd, "zscore") == 0) return ekcli::cmd_zscore(argc - 2, argv + 2);
  if (std::strcmp(cmd, "forecast") == 0) return ekcli::cmd_forecast(argc - 2, argv + 2);
  if (std::strcmp(cmd, "holtwinters") == 0) return ekcli::cmd_holtwinters(argc - 2, argv + 2);
  if (std::strcmp(cmd, "window") == 0) return ekcli::cmd_window(argc - 2, argv + 2);
  if (std::strcmp(cmd, "negotiate") == 0) return ekcli::cmd_negotiate(argc - 2, argv + 2);
  if (std::strcmp(cmd, "probe") == 0) return ekcli::cmd_probe(argc - 2, argv + 2);
  if (std::strcmp(cmd, "image") == 0) return ekcli::cmd_image(argc - 2, argv + 2);
  std::fprintf(stderr, "ek: unknown command '%s' (try ek --help)\n", cmd);
  return 2;
}
