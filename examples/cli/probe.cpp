// ek probe FILE: "FORMAT WIDTH HEIGHT CHANNELS" from the image's header (ek::probe), e.g.
// "png 640 480 4". Only a bounded prefix of the file is read (kPrefix): every header ek::probe
// needs lies well within it for real files, except metadata placed before the image header
// (a JPEG with more than 1 MiB of APP segments before its SOF, a PNG with that much in chunks
// before IDAT), which is reported as a format error, and a WebP EXIF chunk after the image
// data, whose orientation is then not read (it is not printed anyway). FILE "-" is stdin.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "cli.hpp"
#include "commands.hpp"
#include "edgekernels/image/probe.hpp"
#include "edgekernels/status.hpp"

namespace ekcli {

int cmd_probe(int argc, char **argv) {
  static const char *usage = "ek probe FILE";
  constexpr std::size_t kPrefix = std::size_t(1) << 20;
  options opt({}, {});
  if (!opt.parse(argc, argv)) return fail("probe", "usage", (opt.error() + "\n  " + usage).c_str());
  if (opt.positional().size() != 1) return fail("probe", "usage", usage);
  const char *name = opt.positional()[0];
  std::FILE *f = open_input(name);
  if (!f) return fail("probe", name, std::strerror(errno));
  std::vector<unsigned char> buf(kPrefix);
  std::size_t n = 0;
  while (n < buf.size()) {
    const std::size_t got = std::fread(buf.data() + n, 1, buf.size() - n, f);
    if (got == 0) break;
    n += got;
  }
  const bool bad = std::ferror(f) != 0;
  const int err = errno;
  close_input(f);
  if (bad) return fail("probe", name, std::strerror(err));
  ek::image_info info;
  if (ek_status s = ek::probe(buf.data(), n, &info); s != EK_OK) return fail("probe", name, ek::status_str(s));
  std::printf("%s %u %u %u\n", ek::image_format_name(info.format), static_cast<unsigned>(info.width),
              static_cast<unsigned>(info.height), static_cast<unsigned>(info.channels));
  return finish_stdout();
}

}  // namespace ekcli
