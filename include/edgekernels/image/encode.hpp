// edgekernels — image encoding: JPEG and PNG (stb_image_write), WebP (libwebp), AVIF (libavif).
#ifndef EDGEKERNELS_IMAGE_ENCODE_HPP
#define EDGEKERNELS_IMAGE_ENCODE_HPP

#include "edgekernels/image/image.hpp"

namespace ek {

struct encode_options {
  image_format format = EK_IMAGE_JPEG;
  int quality = 0;  // 1..100, 0 = the format's default
  bool lossless = false;
  int speed = 8;    // AVIF 0..10
};

unsigned image_encoders() noexcept;

// *out is allocated from `a` (detail::free_bytes(a, *out) releases it).
ek_status encode(image_view in, const encode_options &options, std::uint8_t **out,
                 std::size_t *out_len, const ek_allocator *a = nullptr) noexcept;

}  // namespace ek

#endif
