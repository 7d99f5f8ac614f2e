// edgekernels — image probe: format, size, channels and EXIF orientation from the header alone.
// The per-format rules are documented once, in edgekernels/image/probe.h; this is the same
// function with C++ types.
//
// Pure: no allocation, no I/O, no global state; reentrant and safe from any number of threads.
// Cost is bounded by the header walk (at most linear in len; typically a few hundred bytes).
#ifndef EDGEKERNELS_IMAGE_PROBE_HPP
#define EDGEKERNELS_IMAGE_PROBE_HPP

#include <cstddef>
#include <cstdint>

#include "edgekernels/image/probe.h"
#include "edgekernels/types.h"

namespace ek {

using image_format = ek_image_format;
using image_info = ek_image_info;

// Same fields and defaults as ek_image_limits (see probe.h).
struct image_limits {
  std::uint32_t max_width = 16777216;
  std::uint32_t max_height = 16777216;
  std::uint64_t max_pixels = 100000000;
  std::uint64_t max_input_bytes = 268435456;
};

// EK_OK, EK_ERR_NULL (out, or data with len > 0), EK_ERR_FORMAT, EK_ERR_LIMIT,
// EK_ERR_UNSUPPORTED. `*out` is written only on EK_OK.
ek_status probe(const void *data, std::size_t len, const image_limits &limits, image_info *out) noexcept;
inline ek_status probe(const void *data, std::size_t len, image_info *out) noexcept {
  return probe(data, len, image_limits{}, out);
}

// "jpeg", "png", "webp", "avif", "gif", "bmp"; nullptr for anything else.
const char *image_format_name(int format) noexcept;

// The EXIF orientation in a TIFF structure ("II*\0" or "MM\0*" first, as in an Exif APP1
// segment after its "Exif\0\0"); 1 if absent, malformed or out of 1..8. Exposed for tests.
std::uint32_t exif_orientation(const unsigned char *tiff, std::size_t len) noexcept;

}  // namespace ek

#endif
