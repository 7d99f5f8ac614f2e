// C ABI: image negotiation. Validation only; ek::negotiate defines the results.
#include "edgekernels/edgekernels.h"
#include "edgekernels/image/negotiate.hpp"

namespace {

// A NULL pointer is an absent header whatever the length says.
std::string_view view(const char *p, size_t n) { return p ? std::string_view(p, n) : std::string_view(); }

}  // namespace

// The fields ek_negotiate_policy and ek::negotiate_policy share, by name (the C ints become
// bools: any non-zero value is true).
#define EK_NEGOTIATE_POLICY_FIELDS(X)                                                      \
  X(formats) X(min_width) X(max_width) X(width_step) X(breakpoints) X(breakpoint_count)     \
  X(max_dpr) X(quality) X(save_data_quality) X(ect_3g_quality) X(ect_2g_quality) X(max_age) \
  X(reduced_max_age) X(width_hints) X(quality_hints) X(width_is_css) X(accept_ch)

extern "C" {

ek_status ek_negotiate_policy_init(ek_negotiate_policy *policy) {
  if (!policy) return EK_ERR_NULL;
  const ek::negotiate_policy d;
#define EK_COPY(f) policy->f = d.f;
  EK_NEGOTIATE_POLICY_FIELDS(EK_COPY)
#undef EK_COPY
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
#define EK_COPY(f) p.f = policy->f;
  EK_NEGOTIATE_POLICY_FIELDS(EK_COPY)
#undef EK_COPY
  ek::negotiate_source s;
  s.width = source->width;
  s.keep_alpha = source->keep_alpha != 0;
  return ek::negotiate(h, p, s, *out);
}

const char *ek_negotiate_format_name(int format) { return ek::negotiate_format_name(format); }

}  // extern "C"
