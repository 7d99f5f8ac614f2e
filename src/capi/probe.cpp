// C ABI: image probe. Validation only; ek::probe defines the results.
#include "edgekernels/edgekernels.h"
#include "edgekernels/image/probe.hpp"

extern "C" {

ek_status ek_image_limits_init(ek_image_limits *limits) {
  if (!limits) return EK_ERR_NULL;
  const ek::image_limits d;
  limits->max_width = d.max_width;
  limits->max_height = d.max_height;
  limits->max_pixels = d.max_pixels;
  limits->max_input_bytes = d.max_input_bytes;
  return EK_OK;
}

ek_status ek_probe(const void *data, size_t len, const ek_image_limits *limits, ek_image_info *out) {
  if (!out) return EK_ERR_NULL;
  ek::image_limits l;
  if (limits) {
    l.max_width = limits->max_width;
    l.max_height = limits->max_height;
    l.max_pixels = limits->max_pixels;
    l.max_input_bytes = limits->max_input_bytes;
  }
  return ek::probe(data, len, l, out);
}

const char *ek_image_format_name(int format) { return ek::image_format_name(format); }

}  // extern "C"
