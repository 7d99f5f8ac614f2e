// edgekernels — image negotiation: which variant of an image to serve for a request's Accept
// header and client hints. The rules (format, width, quality, max-age, Vary) are documented once,
// in edgekernels/image/negotiate.h; this is the same function with C++ types.
//
// Pure: no allocation, no I/O, no global state; reentrant and safe to call from any number of
// threads. Cost is linear in the header lengths. Header values are string views of what the
// server received (without the header name); an empty view means "absent".
#ifndef EDGEKERNELS_IMAGE_NEGOTIATE_HPP
#define EDGEKERNELS_IMAGE_NEGOTIATE_HPP

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "edgekernels/image/negotiate.h"
#include "edgekernels/types.h"

namespace ek {

struct client_hints {
  std::string_view accept;
  std::string_view dpr, sec_ch_dpr;
  std::string_view width, sec_ch_width;
  std::string_view viewport_width, sec_ch_viewport_width;
  std::string_view save_data;
  std::string_view ect;
};

// Same fields and defaults as ek_negotiate_policy (see negotiate.h).
struct negotiate_policy {
  unsigned formats = EK_NEGOTIATE_ALL_FORMATS;
  std::uint32_t min_width = 1;
  std::uint32_t max_width = 4096;
  std::uint32_t width_step = 100;
  const std::uint32_t *breakpoints = nullptr;  // strictly ascending; replaces width_step
  std::size_t breakpoint_count = 0;
  double max_dpr = 3.0;
  std::uint32_t quality = 80;
  std::uint32_t save_data_quality = 50;
  std::uint32_t ect_3g_quality = 60;
  std::uint32_t ect_2g_quality = 40;
  std::uint32_t max_age = 2592000;
  std::uint32_t reduced_max_age = 86400;
  bool width_hints = true;
  bool quality_hints = true;
  bool width_is_css = false;
  bool accept_ch = true;
};

struct negotiate_source {
  std::uint32_t width = 0;  // 0: unknown
  bool keep_alpha = false;
};

// The decision; the C struct, so that the C ABI hands it through without a copy.
using negotiation = ek_negotiation;

// EK_OK, or EK_ERR_ARG for a policy out of range, EK_ERR_LIMIT for a header value longer than
// EK_NEGOTIATE_MAX_HEADER_BYTES. `out` is written only on EK_OK. Bad header values are ignored.
ek_status negotiate(const client_hints &hints, const negotiate_policy &policy,
                    const negotiate_source &source, negotiation &out) noexcept;

// EK_OK or EK_ERR_ARG, with the same checks negotiate() makes.
ek_status validate(const negotiate_policy &policy) noexcept;

// "jpeg", "png", "webp", "avif"; nullptr for anything else.
const char *negotiate_format_name(int format) noexcept;

// The pieces, exposed for tests and for servers that want one of them alone.
namespace negotiate_detail {
// Accept: EK_NEGOTIATE_AVIF / EK_NEGOTIATE_WEBP bits of the types named with q > 0 (and no q = 0).
unsigned accepted_formats(std::string_view accept) noexcept;
// q-value in thousandths, or -1 if malformed ("1", "0.8", "0.125", "1.000"; not "1.5", "abc").
int parse_qvalue(std::string_view v) noexcept;
// A positive decimal integer (blanks around allowed); 0 when malformed or zero. Saturates at
// 2^31 - 1.
std::uint32_t parse_width(std::string_view v) noexcept;
// A positive decimal in thousandths ("2.625" -> 2625); 0 when malformed or zero. Saturates.
std::uint32_t parse_dpr_milli(std::string_view v) noexcept;
}  // namespace negotiate_detail

}  // namespace ek

#endif
