// Image negotiation (rules in include/edgekernels/image/negotiate.h). Everything works on the
// caller's bytes in place, one pass per header, integer arithmetic only: DPR is carried in
// thousandths so that "2.625" x 375 is exact and no libm or locale is involved.
#include "edgekernels/image/negotiate.hpp"

#include <cstring>

namespace ek {
namespace {

using sv = std::string_view;

constexpr std::uint32_t width_limit = 0x7fffffffu;

bool is_blank(char c) { return c == ' ' || c == '\t'; }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

sv trim(sv s) {
  std::size_t b = 0, e = s.size();
  while (b < e && is_blank(s[b])) ++b;
  while (e > b && is_blank(s[e - 1])) --e;
  return sv(s.data() + b, e - b);
}

// Surrounding double quotes removed (quoted-string values of parameters and structured fields).
sv unquote(sv s) {
  if (s.size() >= 2 && s[0] == '"' && s[s.size() - 1] == '"') return sv(s.data() + 1, s.size() - 2);
  return s;
}

bool iequals(sv a, const char *lit) {
  const std::size_t n = std::strlen(lit);
  if (a.size() != n) return false;
  for (std::size_t i = 0; i < n; ++i)
    if (lower(a[i]) != lit[i]) return false;
  return true;
}

// Splits at `sep` outside double-quoted strings (with backslash escapes). Calls f(part) for each
// part, including empty ones. One pass, so a 64 KiB header costs 64 Ki character steps.
template <class F>
void split(sv s, char sep, F f) {
  std::size_t start = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (quoted) {
      if (c == '\\') ++i;
      else if (c == '"') quoted = false;
    } else if (c == '"') {
      quoted = true;
    } else if (c == sep) {
      f(sv(s.data() + start, i - start));
      start = i + 1;
    }
  }
  if (start <= s.size()) f(sv(s.data() + start, s.size() - start));
}

// Index of the first `c` in s, or s.size(). (std::string_view::find would call memchr, which the
// library's symbol contract does not include.)
std::size_t index_of(sv s, char c) {
  std::size_t i = 0;
  while (i < s.size() && s[i] != c) ++i;
  return i;
}

}  // namespace

namespace negotiate_detail {

int parse_qvalue(sv v) noexcept {
  v = unquote(trim(v));
  if (v.empty() || (v[0] != '0' && v[0] != '1')) return -1;
  int milli = (v[0] - '0') * 1000;
  if (v.size() == 1) return milli;
  if (v[1] != '.') return -1;
  // RFC 9110 allows three decimals; more are tolerated and truncated.
  int scale = 100;
  for (std::size_t i = 2; i < v.size(); ++i) {
    if (!is_digit(v[i])) return -1;
    milli += (v[i] - '0') * scale;
    scale /= 10;
  }
  return milli > 1000 ? -1 : milli;
}

std::uint32_t parse_width(sv v) noexcept {
  v = unquote(trim(v));
  if (v.empty()) return 0;
  std::uint64_t w = 0;
  for (char c : v) {
    if (!is_digit(c)) return 0;
    w = w * 10 + static_cast<std::uint64_t>(c - '0');
    if (w > width_limit) w = width_limit;
  }
  return static_cast<std::uint32_t>(w);
}

std::uint32_t parse_dpr_milli(sv v) noexcept {
  v = unquote(trim(v));
  std::size_t i = 0;
  std::uint64_t milli = 0;
  bool digits = false;
  for (; i < v.size() && is_digit(v[i]); ++i) {
    milli = milli * 10 + static_cast<std::uint64_t>(v[i] - '0');
    if (milli > width_limit) milli = width_limit;
    digits = true;
  }
  milli *= 1000;
  if (i < v.size() && v[i] == '.') {
    std::uint64_t scale = 100;
    for (++i; i < v.size() && is_digit(v[i]); ++i) {
      milli += static_cast<std::uint64_t>(v[i] - '0') * scale;
      scale /= 10;
      digits = true;
    }
  }
  if (!digits || i != v.size()) return 0;
  return milli > width_limit ? width_limit : static_cast<std::uint32_t>(milli);
}

unsigned accepted_formats(sv accept) noexcept {
  unsigned yes = 0, no = 0;
  split(accept, ',', [&](sv element) {
    unsigned type = 0;
    int q = 1000;
    bool first = true, bad = false;
    split(element, ';', [&](sv part) {
      part = trim(part);
      if (first) {
        first = false;
        if (iequals(part, "image/avif")) type = EK_NEGOTIATE_AVIF;
        else if (iequals(part, "image/webp")) type = EK_NEGOTIATE_WEBP;
        return;
      }
      if (!type) return;
      const std::size_t eq = index_of(part, '=');
      if (eq == part.size()) return;
      if (iequals(trim(sv(part.data(), eq)), "q")) {
        q = parse_qvalue(sv(part.data() + eq + 1, part.size() - eq - 1));
        if (q < 0) bad = true;
      }
    });
    if (!type || bad) return;
    if (q > 0) yes |= type;
    else no |= type;
  });
  return yes & ~no;
}

}  // namespace negotiate_detail

namespace {

using negotiate_detail::parse_dpr_milli;
using negotiate_detail::parse_width;

// The final width for a desired width (monotone non-decreasing in `desired`).
std::uint32_t fit_width(std::uint64_t desired, const negotiate_policy &p, std::uint32_t source) {
  const std::uint64_t cap = source ? source : p.max_width;
  std::uint64_t w = desired < 1 ? 1 : desired;
  if (w > cap) w = cap;
  if (p.breakpoint_count) {
    std::size_t i = 0;
    while (i < p.breakpoint_count && p.breakpoints[i] < w) ++i;
    w = i < p.breakpoint_count ? p.breakpoints[i] : cap;
  } else if (p.width_step > 1) {
    w = (w + p.width_step - 1) / p.width_step * p.width_step;
  }
  if (w > cap) w = cap;
  if (w > p.max_width) w = p.max_width;
  if (w < p.min_width) w = p.min_width < cap ? p.min_width : cap;
  return static_cast<std::uint32_t>(w);
}

enum ect_class { ect_fast = 0, ect_3g = 1, ect_2g = 2 };

ect_class classify_ect(sv v) {
  v = unquote(trim(v));
  if (iequals(v, "slow-2g") || iequals(v, "2g")) return ect_2g;
  if (iequals(v, "3g")) return ect_3g;
  return ect_fast;
}

bool save_data_on(sv v) {
  // Save-Data = sd-token *( OWS ";" OWS [sd-params] ): only the token matters.
  return iequals(unquote(trim(sv(v.data(), index_of(v, ';')))), "on");
}

std::uint32_t quality_for(const negotiate_policy &p, bool save_data, ect_class e) {
  std::uint32_t q = p.quality;
  if (save_data && p.save_data_quality < q) q = p.save_data_quality;
  if (e == ect_3g && p.ect_3g_quality < q) q = p.ect_3g_quality;
  if (e == ect_2g && p.ect_2g_quality < q) q = p.ect_2g_quality;
  return q;
}

// Appends "name" to a comma-separated header value; the buffer is sized for every name at once.
void append(char *buf, std::size_t &len, const char *name) {
  const std::size_t n = std::strlen(name);
  if (len) {
    std::memcpy(buf + len, ", ", 2);
    len += 2;
  }
  std::memcpy(buf + len, name, n);
  len += n;
  buf[len] = '\0';
}

bool quality_in_range(std::uint32_t q) { return q >= 1 && q <= 100; }

}  // namespace

ek_status validate(const negotiate_policy &p) noexcept {
  if (!(p.formats & (EK_NEGOTIATE_JPEG | EK_NEGOTIATE_PNG))) return EK_ERR_ARG;
  if (p.formats & ~EK_NEGOTIATE_ALL_FORMATS) return EK_ERR_ARG;
  if (p.min_width < 1 || p.max_width < p.min_width || p.max_width > width_limit) return EK_ERR_ARG;
  if (p.breakpoint_count > EK_NEGOTIATE_MAX_BREAKPOINTS) return EK_ERR_ARG;
  if (p.breakpoint_count && !p.breakpoints) return EK_ERR_ARG;
  for (std::size_t i = 0; i < p.breakpoint_count; ++i)
    if (p.breakpoints[i] < 1 || (i && p.breakpoints[i] <= p.breakpoints[i - 1])) return EK_ERR_ARG;
  if (!(p.max_dpr >= 1.0 && p.max_dpr <= 16.0)) return EK_ERR_ARG;  // also rejects NaN
  if (!quality_in_range(p.quality) || !quality_in_range(p.save_data_quality) ||
      !quality_in_range(p.ect_3g_quality) || !quality_in_range(p.ect_2g_quality))
    return EK_ERR_ARG;
  return EK_OK;
}

const char *negotiate_format_name(int format) noexcept {
  switch (format) {
    case EK_NEGOTIATE_JPEG: return "jpeg";
    case EK_NEGOTIATE_PNG: return "png";
    case EK_NEGOTIATE_WEBP: return "webp";
    case EK_NEGOTIATE_AVIF: return "avif";
    default: return nullptr;
  }
}

ek_status negotiate(const client_hints &h, const negotiate_policy &p, const negotiate_source &src,
                    negotiation &out) noexcept {
  if (ek_status s = validate(p); s != EK_OK) return s;
  const sv all[] = {h.accept, h.dpr, h.sec_ch_dpr, h.width, h.sec_ch_width, h.viewport_width,
                    h.sec_ch_viewport_width, h.save_data, h.ect};
  for (const sv &v : all)
    if (v.size() > EK_NEGOTIATE_MAX_HEADER_BYTES) return EK_ERR_LIMIT;

  unsigned vary = 0, used = 0;

  // Format.
  const unsigned modern = p.formats & (EK_NEGOTIATE_AVIF | EK_NEGOTIATE_WEBP);
  unsigned accepted = 0;
  if (modern) {
    vary |= EK_VARY_ACCEPT;
    accepted = negotiate_detail::accepted_formats(h.accept) & modern;
    if (accepted) used |= EK_VARY_ACCEPT;
  }
  int format;
  if (accepted & EK_NEGOTIATE_AVIF) format = EK_NEGOTIATE_AVIF;
  else if (accepted & EK_NEGOTIATE_WEBP) format = EK_NEGOTIATE_WEBP;
  else if (src.keep_alpha) format = (p.formats & EK_NEGOTIATE_PNG) ? EK_NEGOTIATE_PNG : EK_NEGOTIATE_JPEG;
  else format = (p.formats & EK_NEGOTIATE_JPEG) ? EK_NEGOTIATE_JPEG : EK_NEGOTIATE_PNG;

  // Width: the fallback chain of negotiate.h; every header read goes into Vary.
  const std::uint32_t cap = src.width ? src.width : p.max_width;
  std::uint64_t desired = cap;
  if (p.width_hints && fit_width(1, p, src.width) != fit_width(width_limit, p, src.width)) {
    const std::uint64_t max_dpr_milli = static_cast<std::uint64_t>(p.max_dpr * 1000.0 + 0.5);
    auto read_dpr = [&]() -> std::uint64_t {
      std::uint32_t d = 0;
      vary |= EK_VARY_SEC_CH_DPR;
      if ((d = parse_dpr_milli(h.sec_ch_dpr)) != 0) {
        used |= EK_VARY_SEC_CH_DPR;
      } else {
        vary |= EK_VARY_DPR;
        if ((d = parse_dpr_milli(h.dpr)) != 0) used |= EK_VARY_DPR;
      }
      if (d < 1000) return 1000;  // absent, or a DPR below 1 (clamped)
      return d > max_dpr_milli ? max_dpr_milli : d;
    };
    // One hint of the chain: its Sec-CH- spelling first, then the legacy one.
    auto read_width = [&](sv sec, unsigned sec_bit, sv legacy, unsigned legacy_bit) -> std::uint32_t {
      vary |= sec_bit;
      if (std::uint32_t w = parse_width(sec)) {
        used |= sec_bit;
        return w;
      }
      vary |= legacy_bit;
      std::uint32_t w = parse_width(legacy);
      if (w) used |= legacy_bit;
      return w;
    };
    if (std::uint32_t w = read_width(h.sec_ch_width, EK_VARY_SEC_CH_WIDTH, h.width, EK_VARY_WIDTH)) {
      desired = p.width_is_css ? (std::uint64_t{w} * read_dpr() + 999) / 1000 : w;
    } else if (std::uint32_t vw = read_width(h.sec_ch_viewport_width, EK_VARY_SEC_CH_VIEWPORT_WIDTH,
                                             h.viewport_width, EK_VARY_VIEWPORT_WIDTH)) {
      desired = (std::uint64_t{vw} * read_dpr() + 999) / 1000;
    }
  }
  const std::uint32_t width = fit_width(desired, p, src.width);

  // Quality: Save-Data / ECT go into Vary when flipping them could change it.
  bool sd = false;
  ect_class ect = ect_fast;
  if (p.quality_hints) {
    sd = save_data_on(h.save_data);
    ect = classify_ect(h.ect);
    if (quality_for(p, true, ect) != quality_for(p, false, ect)) vary |= EK_VARY_SAVE_DATA;
    for (ect_class e : {ect_fast, ect_3g, ect_2g})
      if (quality_for(p, sd, e) != quality_for(p, sd, ect)) vary |= EK_VARY_ECT;
    if (sd && (vary & EK_VARY_SAVE_DATA)) used |= EK_VARY_SAVE_DATA;
    if (ect != ect_fast && (vary & EK_VARY_ECT)) used |= EK_VARY_ECT;
  }
  const std::uint32_t quality = quality_for(p, sd, ect);

  out.format = format;
  out.width = width;
  out.quality = quality;
  out.max_age = quality < p.quality ? p.reduced_max_age : p.max_age;
  out.vary = vary;
  out.hints_used = used;
  static const char *const names[] = {"Accept",         "Sec-CH-Width", "Width",     "Sec-CH-Viewport-Width",
                                      "Viewport-Width", "Sec-CH-DPR",   "DPR",       "Save-Data",
                                      "ECT"};
  std::size_t len = 0;
  out.vary_header[0] = '\0';
  for (unsigned b = 0; b < 9; ++b)
    if (vary & (1u << b)) append(out.vary_header, len, names[b]);
  len = 0;
  out.accept_ch_header[0] = '\0';
  if (p.accept_ch) {
    if (p.width_hints)
      for (const char *n : {"Sec-CH-DPR", "Sec-CH-Width", "Sec-CH-Viewport-Width", "DPR", "Width", "Viewport-Width"})
        append(out.accept_ch_header, len, n);
    if (p.quality_hints) append(out.accept_ch_header, len, "ECT");
  }
  return EK_OK;
}

}  // namespace ek
