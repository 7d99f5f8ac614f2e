// edgekernels — images in memory: views (borrowed pixels) and an owning image.
//
// 8 bits per channel, interleaved, 1..4 channels (gray, gray+alpha, RGB, RGBA), rows top to
// bottom, `stride` bytes apart (>= width * channels; a crop is a view with the parent's stride).
// The owning ek::image allocates once through an ek_allocator; views never allocate.
#ifndef EDGEKERNELS_IMAGE_IMAGE_HPP
#define EDGEKERNELS_IMAGE_IMAGE_HPP

#include <cstddef>
#include <cstdint>

#include "edgekernels/detail/memory.hpp"
#include "edgekernels/image/image.h"
#include "edgekernels/image/probe.hpp"
#include "edgekernels/types.h"

namespace ek {

using rect = ek_rect;
using filter = ek_filter;
using fit = ek_fit;
using crop_mode = ek_crop_mode;

// Read-only pixels.
struct image_view {
  const std::uint8_t *data = nullptr;
  std::uint32_t width = 0, height = 0, channels = 0;
  std::size_t stride = 0;

  const std::uint8_t *row(std::uint32_t y) const noexcept { return data + y * stride; }
  // A non-empty view with 1..4 channels and a stride that holds a row.
  bool valid() const noexcept {
    return data && width > 0 && height > 0 && channels >= 1 && channels <= 4 &&
           stride / channels >= width;
  }
};

// Writable pixels.
struct image_span {
  std::uint8_t *data = nullptr;
  std::uint32_t width = 0, height = 0, channels = 0;
  std::size_t stride = 0;

  std::uint8_t *row(std::uint32_t y) const noexcept { return data + y * stride; }
  bool valid() const noexcept { return image_view{data, width, height, channels, stride}.valid(); }
  operator image_view() const noexcept { return {data, width, height, channels, stride}; }
};

// Owns its pixels (stride = width * channels). Move-only.
class image {
 public:
  // EK_ERR_ARG: zero size or channels outside 1..4; EK_ERR_OVERFLOW: bytes do not fit size_t;
  // EK_ERR_NOMEM. Pixels are uninitialised. On failure the image is empty.
  ek_status allocate(const ek_allocator *a, std::uint32_t width, std::uint32_t height,
                     std::uint32_t channels) noexcept {
    reset();
    if (width == 0 || height == 0 || channels < 1 || channels > 4) return EK_ERR_ARG;
    const std::uint64_t row = std::uint64_t(width) * channels;
    if (row > SIZE_MAX / height) return EK_ERR_OVERFLOW;
    const ek_status st = px_.allocate(a, std::size_t(row) * height);
    if (st != EK_OK) return st;
    width_ = width, height_ = height, channels_ = channels;
    return EK_OK;
  }
  void reset() noexcept {
    px_.reset();
    width_ = height_ = channels_ = 0;
  }

  std::uint32_t width() const noexcept { return width_; }
  std::uint32_t height() const noexcept { return height_; }
  std::uint32_t channels() const noexcept { return channels_; }
  std::size_t stride() const noexcept { return std::size_t(width_) * channels_; }
  std::size_t bytes() const noexcept { return px_.size(); }
  std::uint8_t *data() noexcept { return px_.data(); }
  const std::uint8_t *data() const noexcept { return px_.data(); }
  image_view view() const noexcept { return {px_.data(), width_, height_, channels_, stride()}; }
  image_span span() noexcept { return {px_.data(), width_, height_, channels_, stride()}; }
  const ek_allocator *allocator() const noexcept { return px_.allocator(); }

 private:
  detail::array<std::uint8_t> px_;
  std::uint32_t width_ = 0, height_ = 0, channels_ = 0;
};

}  // namespace ek

#endif
