// C ABI: image pipeline. Validation and handle bookkeeping only; the ek:: functions in
// edgekernels/image/*.hpp define the results.
#include <cstring>

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

// A C caller may store any int in an enum field. In C++ an enum object holding a value outside
// its enumerators' range is undefined to read as the enum, so fields are read as the int they
// are (C enums have int's size on every ABI we build for) and checked before conversion.
template <class E>
int as_int(const E &e) {
  static_assert(sizeof(E) == sizeof(int), "C enums are int-sized");
  int v;
  std::memcpy(&v, &e, sizeof v);
  return v;
}
template <class E>
bool in_range(const E &e, int lo, int hi, E *out) {
  const int v = as_int(e);
  if (v < lo || v > hi) return false;
  *out = static_cast<E>(v);
  return true;
}

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
    if (!in_range(options->filter, EK_FILTER_NEAREST, EK_FILTER_LANCZOS3, &o.filter)) return EK_ERR_ARG;
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
  ek_crop_mode m;
  if (!in_range(mode, EK_CROP_CENTRE, EK_CROP_ENTROPY, &m)) return EK_ERR_ARG;
  return ek::smartcrop(image->obj.view(), width, height, m, out, image->alloc);
}

}  // extern "C"

// ---- codecs: only with EK_WITH_IMAGE; otherwise every call says EK_ERR_UNSUPPORTED ----------
namespace {

#if EK_WITH_IMAGE
ek_status decode_to_cpp(const ek_decode_options &c, ek::decode_options &o) {
  o.limits.max_width = c.limits.max_width;
  o.limits.max_height = c.limits.max_height;
  o.limits.max_pixels = c.limits.max_pixels;
  o.limits.max_input_bytes = c.limits.max_input_bytes;
  if (c.channels > 4) return EK_ERR_ARG;
  o.channels = c.channels;
  o.apply_orientation = c.apply_orientation != 0;
  o.min_width = c.min_width;
  o.min_height = c.min_height;
  return EK_OK;
}

ek_status encode_to_cpp(const ek_encode_options &c, ek::encode_options &o) {
  // Within the enum's value range (6 bits) it converts safely; ek::encode rejects what it does
  // not know among those.
  const int f = as_int(c.format);
  if (f < 0 || f > 63) return EK_ERR_ARG;
  o.format = static_cast<ek_image_format>(f);
  o.quality = c.quality;
  o.lossless = c.lossless != 0;
  o.speed = c.speed;
  return EK_OK;
}
#endif

void decode_defaults(ek_decode_options *o) {
  ek_image_limits_init(&o->limits);
  o->channels = 0;
  o->apply_orientation = 1;
  o->min_width = o->min_height = 0;
}

void encode_defaults(ek_encode_options *o) {
  o->format = EK_IMAGE_JPEG;
  o->quality = 0;
  o->lossless = 0;
  o->speed = 8;
}

}  // namespace

extern "C" {

ek_status ek_decode_options_init(ek_decode_options *options) {
  if (!options) return EK_ERR_NULL;
  decode_defaults(options);
  return EK_OK;
}

ek_status ek_encode_options_init(ek_encode_options *options) {
  if (!options) return EK_ERR_NULL;
  encode_defaults(options);
  return EK_OK;
}

ek_status ek_transform_options_init(ek_transform_options *options) {
  if (!options) return EK_ERR_NULL;
  decode_defaults(&options->decode);
  options->width = options->height = 0;
  options->fit = EK_FIT_CONTAIN;
  ek_resize_options_init(&options->resize);
  options->crop = EK_CROP_CENTRE;
  options->background[0] = options->background[1] = options->background[2] = 255;
  options->background[3] = 0;
  encode_defaults(&options->encode);
  options->encode.format = EK_IMAGE_UNKNOWN;
  options->shrink_on_load = 1;
  return EK_OK;
}

ek_status ek_image_decode(const void *data, size_t len, const ek_decode_options *options,
                          const ek_allocator *alloc, ek_image **out, ek_image_info *info) {
  if (!out) return EK_ERR_NULL;
  *out = nullptr;
  if ((!data && len > 0) || !allocator_ok(alloc)) return EK_ERR_NULL;
#if EK_WITH_IMAGE
  ek::decode_options o;
  if (options) {
    const ek_status st = decode_to_cpp(*options, o);
    if (st != EK_OK) return st;
  }
  ek::image img;
  const ek_status st = ek::decode(data, len, o, &img, info, alloc);
  if (st != EK_OK) return st;
  return wrap(static_cast<ek::image &&>(img), alloc, out);
#else
  (void)options, (void)info;
  return EK_ERR_UNSUPPORTED;
#endif
}

ek_status ek_image_encode(const ek_image *image, const ek_encode_options *options,
                          const ek_allocator *alloc, uint8_t **out, size_t *out_len) {
  if (!out || !out_len) return EK_ERR_NULL;
  *out = nullptr;
  *out_len = 0;
  if (!image || !allocator_ok(alloc)) return EK_ERR_NULL;
#if EK_WITH_IMAGE
  ek::encode_options o;
  if (options) {
    const ek_status st = encode_to_cpp(*options, o);
    if (st != EK_OK) return st;
  }
  return ek::encode(image->obj.view(), o, out, out_len, alloc);
#else
  (void)options;
  return EK_ERR_UNSUPPORTED;
#endif
}

ek_status ek_image_transform(const void *data, size_t len, const ek_transform_options *options,
                             uint8_t **out, size_t *out_len, ek_transform_result *result) {
  if (!out || !out_len) return EK_ERR_NULL;
  *out = nullptr;
  *out_len = 0;
  if (!data && len > 0) return EK_ERR_NULL;
#if EK_WITH_IMAGE
  ek::transform_options o;
  if (options) {
    ek_status st = decode_to_cpp(options->decode, o.decode);
    if (st == EK_OK) st = encode_to_cpp(options->encode, o.encode);
    if (st != EK_OK) return st;
    if (!in_range(options->fit, EK_FIT_CONTAIN, EK_FIT_EXACT, &o.fit_mode) ||
        !in_range(options->crop, EK_CROP_CENTRE, EK_CROP_ENTROPY, &o.crop) ||
        !in_range(options->resize.filter, EK_FILTER_NEAREST, EK_FILTER_LANCZOS3, &o.resize.filter))
      return EK_ERR_ARG;
    o.width = options->width;
    o.height = options->height;
    o.resize.linear = options->resize.linear != 0;
    for (int i = 0; i < 4; ++i) o.background[i] = options->background[i];
    o.shrink_on_load = options->shrink_on_load != 0;
  }
  return ek::transform(data, len, o, out, out_len, result, nullptr);
#else
  (void)options, (void)result;
  return EK_ERR_UNSUPPORTED;
#endif
}

}  // extern "C"
