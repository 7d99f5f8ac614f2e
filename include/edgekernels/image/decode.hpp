// edgekernels — image decoding (stb_image, libwebp, libavif) with limits and EXIF orientation.
#ifndef EDGEKERNELS_IMAGE_DECODE_HPP
#define EDGEKERNELS_IMAGE_DECODE_HPP

#include "edgekernels/image/image.hpp"

namespace ek {

struct decode_options {
  image_limits limits;
  std::uint32_t channels = 0;  // 0: as stored; 1..4: converted
  bool apply_orientation = true;
  std::uint32_t min_width = 0, min_height = 0;  // shrink-on-load hint (0 = full size)
};

// Bit sets of EK_IMAGE_* formats compiled in.
unsigned image_decoders() noexcept;

// Decodes into *out (allocated from `a`). info (may be nullptr) gets the probed header.
ek_status decode(const void *data, std::size_t len, const decode_options &options, image *out,
                 image_info *info = nullptr, const ek_allocator *a = nullptr) noexcept;

// Rotates/flips `in` by EXIF orientation 1..8 into *out (allocated from `a`).
ek_status orient(image_view in, std::uint32_t orientation, image *out,
                 const ek_allocator *a = nullptr) noexcept;

}  // namespace ek

#endif
