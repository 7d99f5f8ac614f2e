// edgekernels — the one-call image pipeline: decode, orient, resize to fit, crop, encode.
// Needs the codecs (EK_WITH_IMAGE); see ek_image_transform in edgekernels/image/image.h for
// the options and their defaults.
#ifndef EDGEKERNELS_IMAGE_TRANSFORM_HPP
#define EDGEKERNELS_IMAGE_TRANSFORM_HPP

#include "edgekernels/image/decode.hpp"
#include "edgekernels/image/encode.hpp"
#include "edgekernels/image/resize.hpp"

namespace ek {

struct transform_options {
  decode_options decode;
  std::uint32_t width = 0, height = 0;
  fit fit_mode = EK_FIT_CONTAIN;
  resize_options resize;
  crop_mode crop = EK_CROP_CENTRE;
  std::uint8_t background[4] = {255, 255, 255, 0};
  encode_options encode{EK_IMAGE_UNKNOWN, 0, false, 8};
  bool shrink_on_load = true;
};

using transform_result = ek_transform_result;

// The output size and the crop for an input of in_w x in_h: the resize target (rw x rh) and the
// rectangle of it that is kept (EK_FIT_COVER), or where it is placed on the canvas
// (EK_FIT_FILL: canvas out_w x out_h). Pure geometry, exposed for tests and the CLI.
struct fit_plan {
  std::uint32_t resize_width, resize_height;  // what the image is resampled to
  std::uint32_t out_width, out_height;        // what is encoded
  std::uint32_t offset_x, offset_y;           // FILL: where the resized image sits on the canvas
};
ek_status plan_fit(std::uint32_t in_w, std::uint32_t in_h, std::uint32_t width,
                   std::uint32_t height, fit mode, fit_plan *out) noexcept;

// *out is allocated from `a` (free with detail::free_bytes(a, *out)).
ek_status transform(const void *data, std::size_t len, const transform_options &options,
                    std::uint8_t **out, std::size_t *out_len, transform_result *result = nullptr,
                    const ek_allocator *a = nullptr) noexcept;

}  // namespace ek

#endif
