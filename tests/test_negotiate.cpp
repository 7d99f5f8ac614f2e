// negotiate: real browser and bot Accept headers with the format each must get; q-value edge
// cases; width hints (both spellings, DPR, no upscaling, steps, breakpoints, limits); Save-Data
// and ECT; alpha; policy validation; huge and random headers; the C ABI's validation. Plus the
// property that makes Vary correct: two requests that agree on every header Vary lists get the
// same decision (so a shared cache keyed on Vary never serves the wrong variant).
#include <catch2/catch.hpp>

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "edgekernels/edgekernels.h"
#include "edgekernels/image/negotiate.hpp"
#include "test_rng.hpp"

namespace {

using ek::negotiate_detail::accepted_formats;

int format_for(const char *accept, bool alpha = false, unsigned formats = EK_NEGOTIATE_ALL_FORMATS) {
  ek::client_hints h;
  h.accept = accept;
  ek::negotiate_policy p;
  p.formats = formats;
  ek::negotiate_source s;
  s.width = 1000;
  s.keep_alpha = alpha;
  ek::negotiation d;
  REQUIRE(ek::negotiate(h, p, s, d) == EK_OK);
  return d.format;
}

ek::negotiation decide(const ek::client_hints &h, std::uint32_t source_width = 4000,
                       const ek::negotiate_policy &p = ek::negotiate_policy()) {
  ek::negotiate_source s;
  s.width = source_width;
  ek::negotiation d;
  REQUIRE(ek::negotiate(h, p, s, d) == EK_OK);
  return d;
}

constexpr int AVIF = EK_NEGOTIATE_AVIF, WEBP = EK_NEGOTIATE_WEBP, JPEG = EK_NEGOTIATE_JPEG,
              PNG = EK_NEGOTIATE_PNG;

}  // namespace

TEST_CASE("negotiate: real Accept headers", "[negotiate]") {
  struct row {
    const char *who, *accept;
    int format, format_alpha;
  } rows[] = {
      {"Chrome 85+ img", "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8", AVIF, AVIF},
      {"Chrome 70-84 img", "image/webp,image/apng,image/*,*/*;q=0.8", WEBP, WEBP},
      {"Chrome navigation", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
                            "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7", AVIF, AVIF},
      {"Chrome 120 fetch()", "*/*", JPEG, PNG},
      {"Edge (Chromium)", "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8", AVIF, AVIF},
      {"Edge legacy 18", "image/png, image/svg+xml, image/*; q=0.8, */*; q=0.5", JPEG, PNG},
      {"IE 11", "image/png, image/svg+xml, image/jxr, image/*; q=0.8, */*; q=0.5", JPEG, PNG},
      {"Firefox 47-64", "*/*", JPEG, PNG},
      {"Firefox 65-92", "image/webp,*/*", WEBP, WEBP},
      {"Firefox 93-127", "image/avif,image/webp,*/*", AVIF, AVIF},
      {"Firefox 128+", "image/avif,image/webp,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5", AVIF, AVIF},
      {"Safari <= 13", "image/png,image/svg+xml,image/*;q=0.8,video/*;q=0.8,*/*;q=0.5", JPEG, PNG},
      {"Safari 14-15", "image/webp,image/png,image/svg+xml,image/*;q=0.8,video/*;q=0.8,*/*;q=0.5", WEBP, WEBP},
      {"Safari 16.4+", "image/webp,image/avif,image/jxl,image/heic,image/heic-sequence,video/*;q=0.8,"
                       "image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5", AVIF, AVIF},
      {"Samsung Internet", "image/webp,image/apng,image/*,*/*;q=0.8", WEBP, WEBP},
      {"Android WebView (old)", "image/webp,image/*,*/*;q=0.8", WEBP, WEBP},
      {"Opera Mini", "text/html, application/xml;q=0.9, application/xhtml+xml, image/png, image/webp, "
                     "image/jpeg, image/gif, image/x-xbitmap, */*;q=0.1", WEBP, WEBP},
      {"curl", "*/*", JPEG, PNG},
      {"wget", "*/*", JPEG, PNG},
      {"python-requests", "*/*", JPEG, PNG},
      {"Googlebot (Chrome)", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
                             "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.9", AVIF, AVIF},
      {"Googlebot-Image", "image/webp,image/png,image/*,*/*;q=0.8", WEBP, WEBP},
      {"bingbot", "*/*", JPEG, PNG},
      {"facebookexternalhit", "*/*", JPEG, PNG},
      {"Slackbot (no Accept)", "", JPEG, PNG},
      {"image/* only", "image/*", JPEG, PNG},
      {"explicit jpeg", "image/jpeg", JPEG, PNG},
      {"png only", "image/png", JPEG, PNG},
  };
  for (const row &r : rows) {
    INFO(r.who << ": " << r.accept);
    CHECK(format_for(r.accept) == r.format);
    CHECK(format_for(r.accept, true) == r.format_alpha);
  }
}

TEST_CASE("negotiate: q-values and Accept syntax", "[negotiate]") {
  struct row {
    const char *accept;
    unsigned expect;
  } rows[] = {
      {"image/avif", AVIF},
      {"image/avif;q=0", 0},
      {"image/avif;q=0.0", 0},
      {"image/avif;q=0.000", 0},
      {"image/avif;q=0.0000", 0},
      {"image/avif;q=0.001", AVIF},
      {"image/avif;q=1", AVIF},
      {"image/avif;q=1.0", AVIF},
      {"image/avif;q=1.000", AVIF},
      {"image/avif;q=1.001", 0},  // malformed: element ignored
      {"image/avif;q=2", 0},
      {"image/avif;q=-1", 0},
      {"image/avif;q=", 0},
      {"image/avif;q=abc", 0},
      {"image/avif;q=.5", 0},
      {"image/avif;q=\"0.5\"", AVIF},
      {"image/avif;Q=0", 0},
      {"image/avif ; q = 0", 0},
      {"image/avif;q=0.5;level=1", AVIF},
      {"image/avif;level=1;q=0", 0},
      {"image/avif;foo", AVIF},
      {"IMAGE/AVIF", AVIF},
      {"Image/WebP", WEBP},
      {"  image/webp  ", WEBP},
      {"\timage/webp\t,\timage/avif", AVIF | WEBP},
      {"image/avif, image/avif;q=0", 0},  // any q=0 wins
      {"image/avif;q=0, image/avif", 0},
      {"image/webp;q=0, image/*", 0},
      {"image/*;q=0, image/webp", WEBP},
      {"*/*;q=0, image/webp", WEBP},
      {"image/avifx", 0},
      {"image/avif+xml", 0},
      {"image/av", 0},
      {"image/ avif", 0},
      {"xmage/avif", 0},
      {"image/webp;x=\"a,image/avif\"", WEBP},  // comma inside quotes is no separator
      {"image/webp;x=\"a\\\",image/avif\"", WEBP},  // escaped quote stays inside
      {"image/webp;x=\"unterminated,image/avif", WEBP},
      {";;;,,,image/webp,,,;", WEBP},
      {",", 0},
      {";q=1", 0},
      {"", 0},
      {"image/avif,image/webp", AVIF | WEBP},
      {"image/avif;q=0.1,image/webp;q=0.9", AVIF | WEBP},
  };
  for (const row &r : rows) {
    INFO(r.accept);
    CHECK(accepted_formats(r.accept) == r.expect);
  }
  // The server's preference holds whatever the client's q-values say.
  CHECK(format_for("image/avif;q=0.1,image/webp;q=0.9") == AVIF);
  CHECK(format_for("image/avif;q=0,image/webp;q=0.9") == WEBP);
}

TEST_CASE("negotiate: number parsing", "[negotiate]") {
  using namespace ek::negotiate_detail;
  CHECK(parse_width("400") == 400);
  CHECK(parse_width(" 400 ") == 400);
  CHECK(parse_width("\"400\"") == 400);
  CHECK(parse_width("0") == 0);
  CHECK(parse_width("") == 0);
  CHECK(parse_width("-400") == 0);
  CHECK(parse_width("+400") == 0);
  CHECK(parse_width("400px") == 0);
  CHECK(parse_width("400.5") == 0);
  CHECK(parse_width("4 00") == 0);
  CHECK(parse_width("99999999999999999999999") == 0x7fffffffu);
  CHECK(parse_dpr_milli("2") == 2000);
  CHECK(parse_dpr_milli("2.625") == 2625);
  CHECK(parse_dpr_milli("2.6259") == 2625);
  CHECK(parse_dpr_milli("1.") == 1000);
  CHECK(parse_dpr_milli(".5") == 500);
  CHECK(parse_dpr_milli(" 3.0 ") == 3000);
  CHECK(parse_dpr_milli("0") == 0);
  CHECK(parse_dpr_milli("0.000") == 0);
  CHECK(parse_dpr_milli(".") == 0);
  CHECK(parse_dpr_milli("") == 0);
  CHECK(parse_dpr_milli("-2") == 0);
  CHECK(parse_dpr_milli("2e0") == 0);
  CHECK(parse_dpr_milli("inf") == 0);
  CHECK(parse_dpr_milli("nan") == 0);
  CHECK(parse_dpr_milli("2,5") == 0);
  CHECK(parse_dpr_milli("1.2.3") == 0);
  CHECK(parse_dpr_milli("99999999999999999999") == 0x7fffffffu);
  CHECK(parse_qvalue("0.8") == 800);
  CHECK(parse_qvalue("0.125") == 125);
  CHECK(parse_qvalue("1.") == 1000);
  CHECK(parse_qvalue("1.5") == -1);
}

TEST_CASE("negotiate: width from hints", "[negotiate]") {
  ek::client_hints h;
  SECTION("Width is physical pixels: DPR does not multiply it") {
    h.width = "400";
    h.dpr = "2";
    const auto d = decide(h);
    CHECK(d.width == 400);
    CHECK(std::string(d.vary_header) == "Accept, Sec-CH-Width, Width, Save-Data, ECT");
    CHECK(d.hints_used == EK_VARY_WIDTH);
  }
  SECTION("width_is_css: Width x DPR") {
    h.width = "400";
    h.dpr = "2";
    ek::negotiate_policy p;
    p.width_is_css = true;
    CHECK(decide(h, 4000, p).width == 800);
    CHECK(std::string(decide(h, 4000, p).vary_header) ==
          "Accept, Sec-CH-Width, Width, Sec-CH-DPR, DPR, Save-Data, ECT");
  }
  SECTION("Sec-CH-Width wins over Width, and Width is then not in Vary") {
    h.sec_ch_width = "300";
    h.width = "500";
    const auto d = decide(h);
    CHECK(d.width == 300);
    CHECK(std::string(d.vary_header) == "Accept, Sec-CH-Width, Save-Data, ECT");
  }
  SECTION("an invalid Sec-CH-Width falls back to Width") {
    h.sec_ch_width = "abc";
    h.width = "500";
    CHECK(decide(h).width == 500);
  }
  SECTION("Viewport-Width x DPR, rounded up, then snapped up to the step") {
    h.viewport_width = "375";
    h.dpr = "2.625";  // 984.375 -> 985 -> 1000
    auto d = decide(h);
    CHECK(d.width == 1000);
    CHECK(std::string(d.vary_header) ==
          "Accept, Sec-CH-Width, Width, Sec-CH-Viewport-Width, Viewport-Width, Sec-CH-DPR, DPR, Save-Data, ECT");
    CHECK(d.hints_used == (EK_VARY_VIEWPORT_WIDTH | EK_VARY_DPR));
    ek::negotiate_policy p;
    p.width_step = 0;
    CHECK(decide(h, 4000, p).width == 985);
  }
  SECTION("Sec-CH spellings") {
    h.sec_ch_viewport_width = "400";
    h.sec_ch_dpr = "3";
    h.dpr = "1";
    h.viewport_width = "100";
    auto d = decide(h);
    CHECK(d.width == 1200);
    CHECK(std::string(d.vary_header) ==
          "Accept, Sec-CH-Width, Width, Sec-CH-Viewport-Width, Sec-CH-DPR, Save-Data, ECT");
  }
  SECTION("DPR clamped to [1, max_dpr]; bad DPR is 1") {
    ek::negotiate_policy p;
    p.width_step = 0;
    h.viewport_width = "400";
    const struct {
      const char *dpr;
      std::uint32_t width;
    } cases[] = {{"5", 1200}, {"3", 1200}, {"0.5", 400}, {"abc", 400}, {"", 400},
                 {"-2", 400}, {"2e0", 400}, {"1.5", 600}, {"2.75", 1100}};
    for (const auto &c : cases) {
      INFO(c.dpr);
      h.dpr = c.dpr;
      CHECK(decide(h, 4000, p).width == c.width);
    }
    p.max_dpr = 2.0;
    h.dpr = "3";
    CHECK(decide(h, 4000, p).width == 800);
  }
  SECTION("an invalid Sec-CH-DPR falls back to DPR") {
    h.viewport_width = "400";
    h.sec_ch_dpr = "x";
    h.dpr = "2";
    CHECK(decide(h).width == 800);
  }
  SECTION("bad widths are ignored") {
    for (const char *w : {"0", "-5", "400px", "", " ", "1e3", "4.5"}) {
      INFO(w);
      h.width = w;
      CHECK(decide(h, 1234).width == 1234);  // no usable hint: the source width
    }
  }
  SECTION("no upscaling") {
    h.width = "2000";
    CHECK(decide(h, 1000).width == 1000);
    h.width = "401";
    CHECK(decide(h, 450).width == 450);  // the step would overshoot the source
    CHECK(decide(h, 4000).width == 500);
    h.width = "99999999999999";
    CHECK(decide(h, 3000).width == 3000);
  }
  SECTION("breakpoints") {
    static const std::uint32_t bp[] = {320, 640, 960, 1280};
    ek::negotiate_policy p;
    p.breakpoints = bp;
    p.breakpoint_count = 4;
    p.max_width = 1600;
    const struct {
      const char *w;
      std::uint32_t source, out;
    } cases[] = {{"1", 4000, 320},     {"320", 4000, 320},  {"321", 4000, 640}, {"500", 4000, 640},
                 {"1280", 4000, 1280}, {"1300", 4000, 1600}, {"1300", 1500, 1500}, {"500", 600, 600},
                 {"100", 200, 200}};
    for (const auto &c : cases) {
      INFO(c.w << " source " << c.source);
      h.width = c.w;
      CHECK(decide(h, c.source, p).width == c.out);
    }
  }
  SECTION("min and max width") {
    ek::negotiate_policy p;
    p.min_width = 200;
    p.max_width = 1000;
    p.width_step = 0;
    h.width = "50";
    CHECK(decide(h, 4000, p).width == 200);
    CHECK(decide(h, 150, p).width == 150);  // min_width never upscales
    h.width = "3000";
    CHECK(decide(h, 4000, p).width == 1000);
    h.width = "";
    CHECK(decide(h, 4000, p).width == 1000);
    CHECK(decide(h, 0, p).width == 1000);  // unknown source
    // min_width >= source: no hint can change the width, so none is in Vary.
    h.width = "50";
    CHECK(std::string(decide(h, 150, p).vary_header) == "Accept, Save-Data, ECT");
  }
  SECTION("width hints off") {
    ek::negotiate_policy p;
    p.width_hints = false;
    h.width = "300";
    h.viewport_width = "300";
    const auto d = decide(h, 2000, p);
    CHECK(d.width == 2000);
    CHECK(std::string(d.vary_header) == "Accept, Save-Data, ECT");
    CHECK(std::string(d.accept_ch_header) == "ECT");
  }
}

TEST_CASE("negotiate: quality, Save-Data, ECT and max-age", "[negotiate]") {
  const struct {
    const char *save_data, *ect;
    std::uint32_t quality;
  } cases[] = {
      {"", "", 80},          {"on", "", 50},         {"ON", "", 50},      {"on; foo=bar", "", 50},
      {" on ", "", 50},      {"off", "", 80},        {"1", "", 80},       {"onx", "", 80},
      {"", "4g", 80},        {"", "3g", 60},         {"", "2g", 40},      {"", "slow-2g", 40},
      {"", "SLOW-2G", 40},   {"", "\"3g\"", 60},     {"", "5g", 80},      {"", "garbage", 80},
      {"on", "3g", 50},      {"on", "2g", 40},       {"on", "4g", 50},
  };
  for (const auto &c : cases) {
    INFO("Save-Data '" << c.save_data << "' ECT '" << c.ect << "'");
    ek::client_hints h;
    h.save_data = c.save_data;
    h.ect = c.ect;
    const auto d = decide(h);
    CHECK(d.quality == c.quality);
    CHECK(d.max_age == (c.quality < 80 ? 86400u : 2592000u));
  }
  SECTION("quality hints off") {
    ek::client_hints h;
    h.save_data = "on";
    h.ect = "2g";
    ek::negotiate_policy p;
    p.quality_hints = false;
    const auto d = decide(h, 4000, p);
    CHECK(d.quality == 80);
    CHECK(std::string(d.vary_header) == "Accept, Sec-CH-Width, Width, Sec-CH-Viewport-Width, Viewport-Width");
    CHECK(std::string(d.accept_ch_header) ==
          "Sec-CH-DPR, Sec-CH-Width, Sec-CH-Viewport-Width, DPR, Width, Viewport-Width");
  }
  SECTION("a base quality already below every degraded one: nothing to vary on") {
    ek::negotiate_policy p;
    p.quality = 30;
    p.accept_ch = false;
    ek::client_hints h;
    h.save_data = "on";
    const auto d = decide(h, 4000, p);
    CHECK(d.quality == 30);
    CHECK(d.max_age == 2592000u);
    CHECK(std::string(d.vary_header) == "Accept, Sec-CH-Width, Width, Sec-CH-Viewport-Width, Viewport-Width");
    CHECK(std::string(d.accept_ch_header).empty());
  }
  SECTION("Save-Data at the floor: ECT cannot lower it further") {
    ek::negotiate_policy p;
    p.save_data_quality = 30;
    ek::client_hints h;
    h.save_data = "on";
    h.sec_ch_width = "100";
    CHECK(std::string(decide(h, 4000, p).vary_header) == "Accept, Sec-CH-Width, Save-Data");
    h.save_data = "";
    CHECK(std::string(decide(h, 4000, p).vary_header) == "Accept, Sec-CH-Width, Save-Data, ECT");
  }
}

TEST_CASE("negotiate: format policy and alpha", "[negotiate]") {
  const char *chrome = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8";
  CHECK(format_for(chrome, false, EK_NEGOTIATE_JPEG | EK_NEGOTIATE_PNG | EK_NEGOTIATE_WEBP) == WEBP);
  CHECK(format_for(chrome, true, EK_NEGOTIATE_JPEG | EK_NEGOTIATE_PNG) == PNG);
  CHECK(format_for("*/*", true, EK_NEGOTIATE_JPEG | EK_NEGOTIATE_AVIF) == JPEG);  // PNG not allowed
  CHECK(format_for("*/*", false, EK_NEGOTIATE_PNG | EK_NEGOTIATE_AVIF) == PNG);   // JPEG not allowed
  // Only JPEG/PNG possible: Accept cannot matter and is not in Vary.
  ek::negotiate_policy p;
  p.formats = EK_NEGOTIATE_JPEG;
  ek::client_hints h;
  h.accept = chrome;
  h.width = "640";
  const auto d = decide(h, 4000, p);
  CHECK(d.format == JPEG);
  CHECK(std::string(d.vary_header) == "Sec-CH-Width, Width, Save-Data, ECT");
  CHECK(ek::negotiate_format_name(AVIF) == std::string("avif"));
  CHECK(ek::negotiate_format_name(WEBP) == std::string("webp"));
  CHECK(ek::negotiate_format_name(JPEG) == std::string("jpeg"));
  CHECK(ek::negotiate_format_name(PNG) == std::string("png"));
  CHECK(ek::negotiate_format_name(3) == nullptr);
  CHECK(ek::negotiate_format_name(0) == nullptr);
}

TEST_CASE("negotiate: policy validation", "[negotiate]") {
  ek::negotiate_policy ok;
  CHECK(ek::validate(ok) == EK_OK);
  auto bad = [](auto change) {
    ek::negotiate_policy p;
    change(p);
    ek::negotiation d;
    std::memset(&d, 0x5a, sizeof d);
    const ek::negotiation before = d;
    const ek_status s = ek::negotiate(ek::client_hints(), p, ek::negotiate_source(), d);
    CHECK(std::memcmp(&d, &before, sizeof d) == 0);  // untouched on error
    return s;
  };
  CHECK(bad([](ek::negotiate_policy &p) { p.formats = EK_NEGOTIATE_AVIF | EK_NEGOTIATE_WEBP; }) == EK_ERR_ARG);
  CHECK(bad([](ek::negotiate_policy &p) { p.formats = 0; }) == EK_ERR_ARG);
  CHECK(bad([](ek::negotiate_policy &p) { p.formats = 16 | EK_NEGOTIATE_JPEG; }) == EK_ERR_ARG);
  CHECK(bad([](ek::negotiate_policy &p) { p.min_width = 0; }) == EK_ERR_ARG);
  CHECK(bad([](ek::negotiate_policy &p) { p.min_width = 500, p.max_width = 400; }) == EK_ERR_ARG);
  CHECK(bad([](ek::negotiate_policy &p) { p.max_width = 0x80000000u; }) == EK_ERR_ARG);
  CHECK(bad([](ek::negotiate_policy &p) { p.max_dpr = 0.5; }) == EK_ERR_ARG);
  CHECK(bad([](ek::negotiate_policy &p) { p.max_dpr = 17; }) == EK_ERR_ARG);
  CHECK(bad([](ek::negotiate_policy &p) { p.max_dpr = std::nan(""); }) == EK_ERR_ARG);
  CHECK(bad([](ek::negotiate_policy &p) { p.quality = 0; }) == EK_ERR_ARG);
  CHECK(bad([](ek::negotiate_policy &p) { p.quality = 101; }) == EK_ERR_ARG);
  CHECK(bad([](ek::negotiate_policy &p) { p.save_data_quality = 0; }) == EK_ERR_ARG);
  CHECK(bad([](ek::negotiate_policy &p) { p.ect_3g_quality = 200; }) == EK_ERR_ARG);
  CHECK(bad([](ek::negotiate_policy &p) { p.ect_2g_quality = 0; }) == EK_ERR_ARG);
  static const std::uint32_t unsorted[] = {640, 320}, dup[] = {320, 320}, zero[] = {0, 320};
  CHECK(bad([](ek::negotiate_policy &p) { p.breakpoints = unsorted, p.breakpoint_count = 2; }) == EK_ERR_ARG);
  CHECK(bad([](ek::negotiate_policy &p) { p.breakpoints = dup, p.breakpoint_count = 2; }) == EK_ERR_ARG);
  CHECK(bad([](ek::negotiate_policy &p) { p.breakpoints = zero, p.breakpoint_count = 2; }) == EK_ERR_ARG);
  CHECK(bad([](ek::negotiate_policy &p) { p.breakpoints = nullptr, p.breakpoint_count = 2; }) == EK_ERR_ARG);
  CHECK(bad([](ek::negotiate_policy &p) { p.breakpoint_count = EK_NEGOTIATE_MAX_BREAKPOINTS + 1, p.breakpoints = unsorted; }) == EK_ERR_ARG);
}

TEST_CASE("negotiate: huge and hostile headers", "[negotiate]") {
  std::string big;
  while (big.size() + 11 < EK_NEGOTIATE_MAX_HEADER_BYTES - 12) big += "image/png, ";
  big += "image/avif";
  REQUIRE(big.size() <= EK_NEGOTIATE_MAX_HEADER_BYTES);
  ek::client_hints h;
  h.accept = big;
  CHECK(decide(h).format == AVIF);
  big.append(EK_NEGOTIATE_MAX_HEADER_BYTES + 1 - big.size(), ' ');
  h.accept = big;
  ek::negotiation d;
  CHECK(ek::negotiate(h, ek::negotiate_policy(), ek::negotiate_source(), d) == EK_ERR_LIMIT);
  h = ek::client_hints();
  h.ect = big;
  CHECK(ek::negotiate(h, ek::negotiate_policy(), ek::negotiate_source(), d) == EK_ERR_LIMIT);

  // Pathological shapes at the limit: all separators, one unterminated quote, all backslashes.
  for (char c : {',', ';', '"', '\\', '=', ' ', '\0', '\xff'}) {
    std::string s(EK_NEGOTIATE_MAX_HEADER_BYTES, c);
    h = ek::client_hints();
    h.accept = h.width = h.dpr = h.viewport_width = h.save_data = h.ect = s;
    CHECK(decide(h, 777).format == JPEG);
    CHECK(decide(h, 777).width == 777);
  }
  std::string quoted = "image/webp;a=\"" + std::string(EK_NEGOTIATE_MAX_HEADER_BYTES - 20, 'x');
  CHECK(accepted_formats(quoted) == WEBP);
  const std::string many_q = "image/avif" + std::string(EK_NEGOTIATE_MAX_HEADER_BYTES - 20, ';') + "q=0";
  CHECK(accepted_formats(many_q) == 0);
}

namespace {

// Reference Accept reading for headers without quotes: split, trim, compare, take q.
unsigned reference_accepted(const std::string &accept) {
  unsigned yes = 0, no = 0;
  auto trim = [](std::string s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
    std::size_t b = 0;
    while (b < s.size() && (s[b] == ' ' || s[b] == '\t')) ++b;
    return s.substr(b);
  };
  auto parts = [](const std::string &s, char sep) {
    std::vector<std::string> out(1);
    for (char c : s) {
      if (c == sep) out.emplace_back();
      else out.back() += c;
    }
    return out;
  };
  for (const std::string &el : parts(accept, ',')) {
    const auto ps = parts(el, ';');
    std::string type = trim(ps[0]);
    for (char &c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const unsigned t = type == "image/avif" ? unsigned(AVIF) : type == "image/webp" ? unsigned(WEBP) : 0u;
    if (!t) continue;
    double q = 1;
    bool bad = false;
    for (std::size_t i = 1; i < ps.size(); ++i) {
      const auto eq = ps[i].find('=');
      if (eq == std::string::npos) continue;
      const std::string name = trim(ps[i].substr(0, eq));
      if (name != "q" && name != "Q") continue;
      const std::string v = trim(ps[i].substr(eq + 1));
      // RFC 9110 qvalue, extra decimals tolerated.
      bool okv = !v.empty() && (v[0] == '0' || v[0] == '1') && (v.size() == 1 || v[1] == '.');
      for (std::size_t k = 2; okv && k < v.size(); ++k) okv = std::isdigit(static_cast<unsigned char>(v[k])) != 0;
      if (!okv) {
        bad = true;
        continue;
      }
      q = std::atof(v.substr(0, 5).c_str());
      if (q > 1) bad = true;
    }
    if (bad) continue;
    if (q > 0) yes |= t;
    else no |= t;
  }
  return yes & ~no;
}

}  // namespace

TEST_CASE("negotiate: random Accept headers against a reference reader", "[negotiate]") {
  static const char *const pieces[] = {"image/avif", "image/webp", "IMAGE/WEBP", "image/*", "*/*", "image/png",
                                       ";q=0", ";q=0.5", ";q=1", ";q=1.5", ";q=0.000", ";q=x", ";Q=0",
                                       ";level=2", ",", ", ", " ", "\t", ";", "=", "image/av", "if", "/"};
  rng r{42};
  for (int it = 0; it < 20000; ++it) {
    std::string a;
    const std::size_t n = r.below(12);
    for (std::size_t i = 0; i < n; ++i) a += pieces[r.below(sizeof pieces / sizeof *pieces)];
    INFO("Accept: '" << a << "'");
    REQUIRE(accepted_formats(a) == reference_accepted(a));
  }
}

TEST_CASE("negotiate: Vary is sufficient (requests agreeing on Vary get the same variant)", "[negotiate]") {
  static const char *const accepts[] = {"", "*/*", "image/avif,image/webp,*/*", "image/webp,*/*",
                                        "image/avif;q=0,image/webp", "image/png"};
  static const char *const widths[] = {"", "50", "320", "401", "999", "3000", "abc", "0"};
  static const char *const dprs[] = {"", "1", "2", "2.625", "4", "x", "0.5"};
  static const char *const saves[] = {"", "on", "off"};
  static const char *const ects[] = {"", "4g", "3g", "2g", "slow-2g", "zz"};
  static const std::uint32_t bp[] = {200, 400, 800, 1600};
  rng r{7};
  auto pick = [&](const char *const *v, std::size_t n) { return std::string_view(v[r.below(n)]); };
#define EK_PICK(arr) pick(arr, sizeof arr / sizeof *arr)
  auto random_hints = [&]() {
    ek::client_hints h;
    h.accept = EK_PICK(accepts);
    h.width = EK_PICK(widths);
    h.sec_ch_width = EK_PICK(widths);
    h.viewport_width = EK_PICK(widths);
    h.sec_ch_viewport_width = EK_PICK(widths);
    h.dpr = EK_PICK(dprs);
    h.sec_ch_dpr = EK_PICK(dprs);
    h.save_data = EK_PICK(saves);
    h.ect = EK_PICK(ects);
    // Most clients send few hints.
    if (r.below(2)) h.sec_ch_width = {};
    if (r.below(2)) h.width = {};
    if (r.below(2)) h.sec_ch_viewport_width = {};
    if (r.below(2)) h.sec_ch_dpr = {};
    return h;
  };
  for (int it = 0; it < 20000; ++it) {
    ek::negotiate_policy p;
    p.width_hints = r.below(5) != 0;
    p.quality_hints = r.below(5) != 0;
    p.width_is_css = r.below(4) == 0;
    p.min_width = r.below(3) ? 1 : 300;
    p.width_step = static_cast<std::uint32_t>(r.below(3) * 100);
    if (r.below(3) == 0) p.breakpoints = bp, p.breakpoint_count = 4;
    if (r.below(3) == 0) p.formats = EK_NEGOTIATE_JPEG | EK_NEGOTIATE_PNG;
    if (r.below(4) == 0) p.quality = 45;
    const std::uint32_t source = static_cast<std::uint32_t>(r.below(3) == 0 ? 250 : 2000);
    const ek::client_hints a = random_hints();
    ek::client_hints b = random_hints();
    const ek::negotiation da = decide(a, source, p);
    const unsigned v = da.vary;
    if (v & EK_VARY_ACCEPT) b.accept = a.accept;
    if (v & EK_VARY_SEC_CH_WIDTH) b.sec_ch_width = a.sec_ch_width;
    if (v & EK_VARY_WIDTH) b.width = a.width;
    if (v & EK_VARY_SEC_CH_VIEWPORT_WIDTH) b.sec_ch_viewport_width = a.sec_ch_viewport_width;
    if (v & EK_VARY_VIEWPORT_WIDTH) b.viewport_width = a.viewport_width;
    if (v & EK_VARY_SEC_CH_DPR) b.sec_ch_dpr = a.sec_ch_dpr;
    if (v & EK_VARY_DPR) b.dpr = a.dpr;
    if (v & EK_VARY_SAVE_DATA) b.save_data = a.save_data;
    if (v & EK_VARY_ECT) b.ect = a.ect;
    const ek::negotiation db = decide(b, source, p);
    INFO("iteration " << it << " vary " << da.vary_header);
    REQUIRE(db.format == da.format);
    REQUIRE(db.width == da.width);
    REQUIRE(db.quality == da.quality);
    REQUIRE(db.max_age == da.max_age);
    REQUIRE(db.width <= source);
    REQUIRE(db.width >= 1);
  }
#undef EK_PICK
}

TEST_CASE("negotiate: C ABI", "[negotiate]") {
  ek_negotiate_policy p;
  REQUIRE(ek_negotiate_policy_init(&p) == EK_OK);
  CHECK(ek_negotiate_policy_init(nullptr) == EK_ERR_NULL);
  CHECK(p.formats == EK_NEGOTIATE_ALL_FORMATS);
  CHECK(p.min_width == 1);
  CHECK(p.max_width == 4096);
  CHECK(p.width_step == 100);
  CHECK(p.max_dpr == 3.0);
  CHECK(p.quality == 80);
  CHECK(p.accept_ch == 1);
  ek_client_hints h;
  std::memset(&h, 0, sizeof h);
  const char *accept = "image/avif,image/webp,*/*";
  h.accept = accept;
  h.accept_len = std::strlen(accept);
  h.viewport_width = "400";
  h.viewport_width_len = 3;
  h.dpr = "2";
  h.dpr_len = 1;
  h.width = nullptr;
  h.width_len = 12345;  // NULL pointer: absent, whatever the length
  ek_negotiate_source s{1000, 0};
  ek_negotiation out;
  REQUIRE(ek_negotiate(&h, &p, &s, &out) == EK_OK);
  CHECK(out.format == EK_NEGOTIATE_AVIF);
  CHECK(out.width == 800);
  CHECK(out.quality == 80);
  CHECK(out.max_age == 2592000u);
  CHECK(std::string(out.vary_header) ==
        "Accept, Sec-CH-Width, Width, Sec-CH-Viewport-Width, Viewport-Width, Sec-CH-DPR, DPR, Save-Data, ECT");
  CHECK(std::strlen(out.vary_header) < EK_NEGOTIATE_HEADER_MAX);
  CHECK(std::strlen(out.accept_ch_header) < EK_NEGOTIATE_HEADER_MAX);
  CHECK(std::string(ek_negotiate_format_name(out.format)) == "avif");
  CHECK(ek_negotiate_format_name(99) == nullptr);
  // Lengths are honoured: only the first 10 bytes ("image/avif") are the header.
  h.accept_len = 10;
  h.viewport_width_len = 2;  // "40"
  REQUIRE(ek_negotiate(&h, &p, &s, &out) == EK_OK);
  CHECK(out.width == 100);
  CHECK(out.format == EK_NEGOTIATE_AVIF);

  CHECK(ek_negotiate(nullptr, &p, &s, &out) == EK_ERR_NULL);
  CHECK(ek_negotiate(&h, nullptr, &s, &out) == EK_ERR_NULL);
  CHECK(ek_negotiate(&h, &p, nullptr, &out) == EK_ERR_NULL);
  CHECK(ek_negotiate(&h, &p, &s, nullptr) == EK_ERR_NULL);
  ek_negotiate_policy bad = p;
  bad.quality = 0;
  CHECK(ek_negotiate(&h, &bad, &s, &out) == EK_ERR_ARG);
  bad = p;
  bad.breakpoint_count = 3;  // NULL breakpoints
  CHECK(ek_negotiate(&h, &bad, &s, &out) == EK_ERR_ARG);
  bad = p;
  bad.formats = EK_NEGOTIATE_WEBP;
  CHECK(ek_negotiate(&h, &bad, &s, &out) == EK_ERR_ARG);
  h.ect = accept;
  h.ect_len = EK_NEGOTIATE_MAX_HEADER_BYTES + 1;  // never read: the length alone is over the limit
  CHECK(ek_negotiate(&h, &p, &s, &out) == EK_ERR_LIMIT);
}
