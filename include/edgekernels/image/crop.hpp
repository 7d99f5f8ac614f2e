// edgekernels — crop rectangles: centre, aspect ratio, and smart crop (attention / entropy).
#ifndef EDGEKERNELS_IMAGE_CROP_HPP
#define EDGEKERNELS_IMAGE_CROP_HPP

#include "edgekernels/image/image.hpp"

namespace ek {

// The view of `r` inside `in`, sharing its pixels. EK_ERR_ARG if r is empty or not inside.
ek_status crop(image_view in, rect r, image_view *out) noexcept;

// The centred cw x ch rectangle (each clamped to the image's size).
rect crop_centre(std::uint32_t width, std::uint32_t height, std::uint32_t cw,
                 std::uint32_t ch) noexcept;
// The largest centred rectangle with aspect ratio aw:ah (both > 0).
rect crop_aspect(std::uint32_t width, std::uint32_t height, std::uint32_t aw,
                 std::uint32_t ah) noexcept;

// The cw x ch window (clamped to the image) that `mode` scores highest. Scratch from `a`.
ek_status smartcrop(image_view in, std::uint32_t cw, std::uint32_t ch, crop_mode mode, rect *out,
                    const ek_allocator *a = nullptr) noexcept;

}  // namespace ek

#endif
