// C ABI: image pipeline. Validation and handle bookkeeping only; the ek:: functions in
// edgekernels/image/*.hpp define the results.
#include "capi/handle.hpp"
#include "edgekernels/edgekernels.h"
#include "edgekernels/image/crop.hpp"
#include "edgekernels/image/resize.hpp"
#if EK_WITH_IMAGE
#include "edgekernels/image/decode.hpp"
#include "edgekernels/image/encode.hpp"
#include "edgekernels/image/transform.hpp"
#endif

struct ek_image {
  ek::image obj;
  const ek_allocator *alloc;
};

namespace {

bool allocator_ok(const ek_allocator *a) { return !a || (a->alloc && a->free); }

// A handle around an image already built (moved in).
ek_status wrap(ek::image &&img, const ek_allocator *a, ek_image **out) {
  ek_image *h = ek::detail::create<ek_image>(a);
  if (!h) return EK_ERR_NOMEM;
  h->obj = static_cast<ek::image &&>(img);
  h->alloc = a;
  *out = h;
  return EK_OK;
}

ek_status new_image(std::uint32_t w, std::uint32_t h, std::uint32_t c, const ek_allocator *a,
                    ek_image **out) {
  ek::image img;
  const ek_status st = img.allocate(a, w, h, c);
  if (st != EK_OK) return st;
  return wrap(static_cast<ek::image &&>(img), a, out);
}

bool filter_ok(int f) { return f >= EK_FILTER_NEAREST && f <= EK_FILTER_LANCZOS3; }

}  // namespace

extern "C" {

unsigned ek_image_decoders(void) {
#if EK_WITH_IMAGE
  return ek::image_decoders();
#else
  return 0;
#endif
}

unsigned ek_image_encoders(void) {
#if EK_WITH_IMAGE
  return ek::image_encoders();
#else
  return 0;
#endif
}

ek_status ek_image_new(uint32_t width, uint32_t height, uint32_t channels,
                       const ek_allocator *alloc, ek_image **out) {
  if (!out) return EK_ERR_NULL;
  *out = nullptr;
  if (!allocator_ok(alloc)) return EK_ERR_NULL;
  ek_image *h = nullptr;
  const ek_status st = new_image(width, height, channels, alloc, &h);
  if (st != EK_OK) return st;
  for (std::size_t i = 0; i < h->obj.bytes(); ++i) h->obj.data()[i] = 0;
  *out = h;
  return EK_OK;
}

ek_status ek_image_describe(const ek_image *image, ek_image_desc *out) {
  if (!image || !out) return EK_ERR_NULL;
  out->width = image->obj.width();
  out->height = image->obj.height();
  out->channels = image->obj.channels();
  out->stride = image->obj.stride();
  out->pixels = const_cast<std::uint8_t *>(image->obj.data());
  return EK_OK;
}

void ek_image_free(ek_image *image) {
  if (image) ek::detail::destroy(image->alloc, image);
}

void ek_free(void *bytes) {
  if (bytes) ek::detail::free_bytes(nullptr, bytes);
}

ek_status ek_resize_options_init(ek_resize_options *options) {
  if (!options) return EK_ERR_NULL;
  const ek::resize_options d;
  options->filter = d.filter;
  options->linear = d.linear ? 1 : 0;
  return EK_OK;
}

ek_status ek_image_resize(const ek_image *image, uint32_t width, uint32_t height,
                          const ek_resize_options *options, const ek_allocator *alloc,
                          ek_image **out) {
  if (!out) return EK_ERR_NULL;
  *out = nullptr;
  if (!image || !allocator_ok(alloc)) return EK_ERR_NULL;
  ek::resize_options o;
  if (options) {
    if (!filter_ok(options->filter)) return EK_ERR_ARG;
    o.filter = options->filter;
    o.linear = options->linear != 0;
  }
  ek::image img;
  ek_status st = img.allocate(alloc, width, height, image->obj.channels());
  if (st != EK_OK) return st;
  st = ek::resize(image->obj.view(), img.span(), o, alloc);
  if (st != EK_OK) return st;
  return wrap(static_cast<ek::image &&>(img), alloc, out);
}

ek_status ek_image_crop(const ek_image *image, ek_rect rect, const ek_allocator *alloc,
                        ek_image **out) {
  if (!out) return EK_ERR_NULL;
  *out = nullptr;
  if (!image || !allocator_ok(alloc)) return EK_ERR_NULL;
  ek::image_view v;
  ek_status st = ek::crop(image->obj.view(), rect, &v);
  if (st != EK_OK) return st;
  ek::image img;
  st = img.allocate(alloc, v.width, v.height, v.channels);
  if (st != EK_OK) return st;
  const std::size_t row = std::size_t(v.width) * v.channels;
  for (std::uint32_t y = 0; y < v.height; ++y) {
    const std::uint8_t *s = v.row(y);
    std::uint8_t *d = img.span().row(y);
    for (std::size_t i = 0; i < row; ++i) d[i] = s[i];
  }
  return wrap(static_cast<ek::image &&>(img), alloc, out);
}

ek_status ek_image_smartcrop(const ek_image *image, uint32_t width, uint32_t height,
                             ek_crop_mode mode, ek_rect *out) {
  if (!image || !out) return EK_ERR_NULL;
  if (mode < EK_CROP_CENTRE || mode > EK_CROP_ENTROPY) return EK_ERR_ARG;
  return ek::smartcrop(image->obj.view(), width, height, mode, out, image->alloc);
}

}  // extern "C"
