// C ABI: image negotiation. Validation only; ek::negotiate defines the results.
#include "edgekernels/edgekernels.h"
#include "edgekernels/image/negotiate.hpp"

namespace {

// A NULL pointer is an absent header whatever the length says.
std::string_view view(const char *p, size_t n) { return p ? std::string_view(p, n) : std::string_view(); }

}  // namespace

extern "C" {

ek_status ek_negotiate_policy_init(ek_negotiate_policy *policy) {
  if (!policy) return EK_ERR_NULL;
  const ek::negotiate_policy d;
  policy->formats = d.formats;
  policy->min_width = d.min_width;
  policy->max_width = d.max_width;
  policy->width_step = d.width_step;
  policy->breakpoints = d.breakpoints;
  policy->breakpoint_count = d.breakpoint_count;
  policy->max_dpr = d.max_dpr;
  policy->quality = d.quality;
  policy->save_data_quality = d.save_data_quality;
  policy->ect_3g_quality = d.ect_3g_quality;
  policy->ect_2g_quality = d.ect_2g_quality;
  policy->max_age = d.max_age;
  policy->reduced_max_age = d.reduced_max_age;
  policy->width_hints = d.width_hints;
  policy->quality_hints = d.quality_hints;
  policy->width_is_css = d.width_is_css;
  policy->accept_ch = d.accept_ch;
  return EK_OK;
}

ek_status ek_negotiate(const ek_client_hints *hints, const ek_negotiate_policy *policy,
                       const ek_negotiate_source *source, ek_negotiation *out) {
  if (!hints || !policy || !source || !out) return EK_ERR_NULL;
  ek::client_hints h;
  h.accept = view(hints->accept, hints->accept_len);
  h.dpr = view(hints->dpr, hints->dpr_len);
  h.sec_ch_dpr = view(hints->sec_ch_dpr, hints->sec_ch_dpr_len);
  h.width = view(hints->width, hints->width_len);
  h.sec_ch_width = view(hints->sec_ch_width, hints->sec_ch_width_len);
  h.viewport_width = view(hints->viewport_width, hints->viewport_width_len);
  h.sec_ch_viewport_width = view(hints->sec_ch_viewport_width, hints->sec_ch_viewport_width_len);
  h.save_data = view(hints->save_data, hints->save_data_len);
  h.ect = view(hints->ect, hints->ect_len);
  ek::negotiate_policy p;
  p.formats = policy->formats;
  p.min_width = policy->min_width;
  p.max_width = policy->max_width;
  p.width_step = policy->width_step;
  p.breakpoints = policy->breakpoints;
  p.breakpoint_count = policy->breakpoint_count;
  p.max_dpr = policy->max_dpr;
  p.quality = policy->quality;
  p.save_data_quality = policy->save_data_quality;
  p.ect_3g_quality = policy->ect_3g_quality;
  p.ect_2g_quality = policy->ect_2g_quality;
  p.max_age = policy->max_age;
  p.reduced_max_age = policy->reduced_max_age;
  p.width_hints = policy->width_hints != 0;
  p.quality_hints = policy->quality_hints != 0;
  p.width_is_css = policy->width_is_css != 0;
  p.accept_ch = policy->accept_ch != 0;
  ek::negotiate_source s;
  s.width = source->width;
  s.keep_alpha = source->keep_alpha != 0;
  return ek::negotiate(h, p, s, *out);
}

const char *ek_negotiate_format_name(int format) { return ek::negotiate_format_name(format); }

}  // extern "C"
