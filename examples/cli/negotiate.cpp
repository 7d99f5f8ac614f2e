// ek negotiate: the image variant ek::negotiate picks for a request's headers, as one JSON object.
// Each option is the value of the header of that name (absent when not given), except that
// --width / --sec-ch-width are taken as CSS widths, multiplied by the DPR, as an image URL's
// w=400&dpr=2 would be (the issue's `--dpr 2 --width 400` asks for 800 pixels);
// --width-is-physical passes them with the Client Hints header meaning (already in device
// pixels), which is also the library's default. --source-width and --alpha describe the image,
// --max-width / --step the policy.
#include <cstdio>
#include <string>

#include "cli.hpp"
#include "commands.hpp"
#include "edgekernels/image/negotiate.hpp"
#include "edgekernels/status.hpp"

namespace ekcli {

int cmd_negotiate(int argc, char **argv) {
  static const char *usage =
      "ek negotiate [--accept A] [--dpr D] [--width W] [--viewport-width V] [--sec-ch-dpr D]\n"
      "  [--sec-ch-width W] [--sec-ch-viewport-width V] [--save-data on] [--ect 3g]\n"
      "  [--source-width W] [--alpha] [--max-width W] [--step S] [--width-is-physical]";
  options opt({"accept", "dpr", "width", "viewport-width", "sec-ch-dpr", "sec-ch-width",
               "sec-ch-viewport-width", "save-data", "ect", "source-width", "max-width", "step"},
              {"alpha", "width-is-physical"});
  if (!opt.parse(argc, argv)) return fail("negotiate", "usage", (opt.error() + "\n  " + usage).c_str());
  if (!opt.positional().empty()) return fail("negotiate", "usage", usage);

  auto header = [&](const char *name) -> std::string_view {
    const char *v = opt.get(name);
    return v ? std::string_view(v) : std::string_view();
  };
  ek::client_hints h;
  h.accept = header("accept");
  h.dpr = header("dpr");
  h.sec_ch_dpr = header("sec-ch-dpr");
  h.width = header("width");
  h.sec_ch_width = header("sec-ch-width");
  h.viewport_width = header("viewport-width");
  h.sec_ch_viewport_width = header("sec-ch-viewport-width");
  h.save_data = header("save-data");
  h.ect = header("ect");

  ek::negotiate_policy policy;
  ek::negotiate_source source;
  unsigned long long n = 0;
  if (const char *v = opt.get("source-width")) {
    if (!parse_count(v, 1, 0x7fffffff, n)) return fail("negotiate", "usage", "--source-width must be 1..2^31-1");
    source.width = static_cast<std::uint32_t>(n);
  }
  if (const char *v = opt.get("max-width")) {
    if (!parse_count(v, 1, 0x7fffffff, n)) return fail("negotiate", "usage", "--max-width must be 1..2^31-1");
    policy.max_width = static_cast<std::uint32_t>(n);
  }
  if (const char *v = opt.get("step")) {
    if (!parse_count(v, 0, 0x7fffffff, n)) return fail("negotiate", "usage", "--step must be 0..2^31-1");
    policy.width_step = static_cast<std::uint32_t>(n);
  }
  source.keep_alpha = opt.flag("alpha");
  policy.width_is_css = !opt.flag("width-is-physical");

  ek::negotiation d;
  if (ek_status s = ek::negotiate(h, policy, source, d); s != EK_OK)
    return fail("negotiate", "headers", ek::status_str(s));
  // Every string written is a fixed header or format name: nothing to escape.
  std::printf("{\"format\": \"%s\", \"width\": %u, \"quality\": %u, \"max_age\": %u, "
              "\"vary\": \"%s\", \"accept_ch\": \"%s\"}\n",
              ek::negotiate_format_name(d.format), static_cast<unsigned>(d.width),
              static_cast<unsigned>(d.quality), static_cast<unsigned>(d.max_age), d.vary_header,
              d.accept_ch_header);
  return finish_stdout();
}

}  // namespace ekcli
