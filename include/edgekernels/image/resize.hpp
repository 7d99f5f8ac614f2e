// edgekernels — image resize: separable convolution, Pillow's filters and geometry.
//
// (The resize helper documents the contract here: filters, premultiplied alpha, linear light,
// arithmetic, memory, paths.)
#ifndef EDGEKERNELS_IMAGE_RESIZE_HPP
#define EDGEKERNELS_IMAGE_RESIZE_HPP

#include "edgekernels/image/image.hpp"

namespace ek {

struct resize_options {
  ek_filter filter = EK_FILTER_LANCZOS3;
  bool linear = false;
};

// Resamples `in` into `out` (its width/height are the target; channels must match).
// EK_ERR_NULL / EK_ERR_ARG for invalid views or channel mismatch; EK_ERR_NOMEM for scratch.
// Scratch memory (coefficient tables, a few rows) comes from `a`.
ek_status resize(image_view in, image_span out, const resize_options &options,
                 const ek_allocator *a = nullptr) noexcept;

}  // namespace ek

#endif
