// ek image IN -o OUT [--width W] [--height H] [--fit contain|cover|fill|exact]
//   [--filter nearest|box|bilinear|bicubic|mitchell|lanczos3] [--format jpeg|png|webp|avif]
//   [--quality Q] [--lossless] [--speed S] [--linear] [--smart-crop] [--crop centre|attention|entropy]
//   [--no-orient] [--no-shrink-on-load] [--max-pixels N]
//
// One call of ek::transform. The format defaults to OUT's extension; with only one of W/H the
// aspect ratio is kept; both with --fit exact give exactly WxH with no crop. --smart-crop is
// --crop attention (and makes --fit cover the default when both W and H are given). IN or OUT
// "-" is stdin/stdout. On success prints "IN_FORMAT WxH -> OUT_FORMAT WxH BYTES" on stderr.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cli.hpp"
#include "commands.hpp"
#include "edgekernels/image/transform.hpp"
#include "edgekernels/status.hpp"

namespace ekcli {
#if EK_WITH_IMAGE
namespace {

const char *const usage =
    "ek image IN -o OUT [--width W] [--height H] [--fit contain|cover|fill|exact]\n"
    "    [--filter nearest|box|bilinear|bicubic|mitchell|lanczos3] [--format jpeg|png|webp|avif]\n"
    "    [--quality Q] [--lossless] [--speed 0-10] [--linear] [--smart-crop]\n"
    "    [--crop centre|attention|entropy] [--no-orient] [--no-shrink-on-load] [--max-pixels N]";

template <class T>
bool pick(const char *s, std::initializer_list<std::pair<const char *, T>> names, T &out) {
  for (const auto &n : names)
    if (std::strcmp(s, n.first) == 0) return out = n.second, true;
  return false;
}

bool format_of(const char *s, ek_image_format &out) {
  return pick<ek_image_format>(s, {{"jpeg", EK_IMAGE_JPEG}, {"jpg", EK_IMAGE_JPEG},
                                   {"png", EK_IMAGE_PNG}, {"webp", EK_IMAGE_WEBP},
                                   {"avif", EK_IMAGE_AVIF}}, out);
}

bool read_all(std::FILE *f, std::uint64_t cap, std::vector<unsigned char> &buf, bool &too_big) {
  too_big = false;
  unsigned char chunk[1 << 16];
  for (;;) {
    const std::size_t got = std::fread(chunk, 1, sizeof chunk, f);
    if (got == 0) break;
    if (buf.size() + got > cap) return too_big = true, false;
    buf.insert(buf.end(), chunk, chunk + got);
  }
  return std::ferror(f) == 0;
}

}  // namespace

int cmd_image(int argc, char **argv) {
  options opt({"o", "output", "width", "height", "fit", "filter", "format", "quality", "speed",
               "crop", "max-pixels"},
              {"linear", "smart-crop", "lossless", "no-orient", "no-shrink-on-load"});
  if (!opt.parse(argc, argv)) return fail("image", "usage", (opt.error() + "\n  " + usage).c_str());
  const char *out_name = opt.get("o") ? opt.get("o") : opt.get("output");
  if (opt.positional().size() != 1 || !out_name) return fail("image", "usage", usage);
  const char *in_name = opt.positional()[0];

  ek::transform_options t;
  unsigned long long v = 0;
  if (const char *s = opt.get("width")) {
    if (!parse_count(s, 1, 65535, v)) return fail("image", "--width", "must be 1..65535");
    t.width = std::uint32_t(v);
  }
  if (const char *s = opt.get("height")) {
    if (!parse_count(s, 1, 65535, v)) return fail("image", "--height", "must be 1..65535");
    t.height = std::uint32_t(v);
  }
  if (const char *s = opt.get("quality")) {
    if (!parse_count(s, 1, 100, v)) return fail("image", "--quality", "must be 1..100");
    t.encode.quality = int(v);
  }
  if (const char *s = opt.get("speed")) {
    if (!parse_count(s, 0, 10, v)) return fail("image", "--speed", "must be 0..10");
    t.encode.speed = int(v);
  }
  if (const char *s = opt.get("max-pixels")) {
    if (!parse_count(s, 1, 1ull << 40, v)) return fail("image", "--max-pixels", "must be >= 1");
    t.decode.limits.max_pixels = v;
  }
  if (const char *s = opt.get("filter");
      s && !pick<ek_filter>(s, {{"nearest", EK_FILTER_NEAREST}, {"box", EK_FILTER_BOX},
                                {"bilinear", EK_FILTER_BILINEAR}, {"bicubic", EK_FILTER_BICUBIC},
                                {"mitchell", EK_FILTER_MITCHELL}, {"lanczos3", EK_FILTER_LANCZOS3}},
                            t.resize.filter))
    return fail("image", "--filter", "must be nearest, box, bilinear, bicubic, mitchell or lanczos3");
  if (opt.flag("smart-crop")) t.crop = EK_CROP_ATTENTION;
  if (const char *s = opt.get("crop");
      s && !pick<ek_crop_mode>(s, {{"centre", EK_CROP_CENTRE}, {"center", EK_CROP_CENTRE},
                                   {"attention", EK_CROP_ATTENTION}, {"entropy", EK_CROP_ENTROPY}},
                               t.crop))
    return fail("image", "--crop", "must be centre, attention or entropy");
  if (t.crop != EK_CROP_CENTRE) t.fit_mode = EK_FIT_COVER;
  if (const char *s = opt.get("fit");
      s && !pick<ek_fit>(s, {{"contain", EK_FIT_CONTAIN}, {"cover", EK_FIT_COVER},
                             {"fill", EK_FIT_FILL}, {"exact", EK_FIT_EXACT}},
                         t.fit_mode))
    return fail("image", "--fit", "must be contain, cover, fill or exact");
  t.resize.linear = opt.flag("linear");
  t.encode.lossless = opt.flag("lossless");
  t.decode.apply_orientation = !opt.flag("no-orient");
  t.shrink_on_load = !opt.flag("no-shrink-on-load");

  if (const char *s = opt.get("format")) {
    if (!format_of(s, t.encode.format)) return fail("image", "--format", "must be jpeg, png, webp or avif");
  } else {
    const char *dot = std::strrchr(out_name, '.');
    std::string ext = dot ? dot + 1 : "";
    for (char &c : ext) c = char(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (!dot || !format_of(ext.c_str(), t.encode.format))
      return fail("image", out_name, "cannot tell the format from the extension: use --format");
  }

  std::FILE *f = open_input(in_name);
  if (!f) return fail("image", in_name, std::strerror(errno));
  std::vector<unsigned char> in;
  bool too_big = false;
  const bool ok = read_all(f, t.decode.limits.max_input_bytes, in, too_big);
  const int err = errno;
  close_input(f);
  if (too_big) return fail("image", in_name, "larger than the input limit (256 MiB)");
  if (!ok) return fail("image", in_name, std::strerror(err));

  std::uint8_t *bytes = nullptr;
  std::size_t n = 0;
  ek::transform_result r;
  if (ek_status s = ek::transform(in.data(), in.size(), t, &bytes, &n, &r); s != EK_OK)
    return fail("image", in_name, ek::status_str(s));
  const bool to_stdout = std::strcmp(out_name, "-") == 0;
  std::FILE *o = to_stdout ? stdout : std::fopen(out_name, "wb");
  bool wrote = o && std::fwrite(bytes, 1, n, o) == n;
  ek::detail::free_bytes(nullptr, bytes);
  if (o && !to_stdout) wrote = (std::fclose(o) == 0) && wrote;
  if (!wrote) return fail("image", out_name, std::strerror(errno));
  std::fprintf(stderr, "%s %ux%u -> %s %ux%u %zu\n", ek::image_format_name(r.input.format),
               unsigned(r.input.width), unsigned(r.input.height), ek::image_format_name(r.format),
               unsigned(r.width), unsigned(r.height), n);
  return to_stdout ? finish_stdout() : 0;
}
#else
int cmd_image(int, char **) {
  return fail("image", "unsupported", "this ek was built without the image codecs (EK_WITH_IMAGE=OFF)");
}
#endif

}  // namespace ekcli
