// The one-call pipeline: probe -> decode (oriented, shrunk on load when that cannot change the
// result beyond the resize tolerance) -> resize to the fit plan -> crop or pad -> encode.
//
// Peak memory is the decoded image plus the resized one (the decoded image is released as soon
// as the resize is done) plus the encoder's output; a cover crop is a view, not a copy.
#include "edgekernels/image/transform.hpp"

#include "edgekernels/image/crop.hpp"

namespace ek {
namespace {

// round(a * b / c) for a, b < 2^32, c >= 1, halves up; never below 1.
std::uint32_t scaled(std::uint32_t a, std::uint32_t b, std::uint32_t c) noexcept {
  const std::uint64_t v = (2 * std::uint64_t(a) * b + c) / (2 * std::uint64_t(c));
  return v == 0 ? 1 : v > 0xFFFFFFFFu ? 0xFFFFFFFFu : std::uint32_t(v);
}

bool has_alpha(std::uint32_t channels) noexcept { return channels == 2 || channels == 4; }

// The output format when the caller leaves it open: keep alpha where the input had it.
image_format auto_format(const image_info &in, std::uint32_t channels) noexcept {
  if (has_alpha(channels) && in.format != EK_IMAGE_JPEG && in.format != EK_IMAGE_BMP)
    return EK_IMAGE_PNG;
  return EK_IMAGE_JPEG;
}

// The canvas of EK_FIT_FILL: the resized image over the background. An opaque image gains an
// alpha channel only when the background is not opaque and the output format keeps alpha.
ek_status pad(image_view in, const fit_plan &p, const std::uint8_t bg[4], bool keep_alpha,
              image *out, const ek_allocator *a) noexcept {
  std::uint32_t c = in.channels;
  if (bg[3] != 255 && keep_alpha && !has_alpha(c)) c += 1;
  if (!keep_alpha && has_alpha(c)) c -= 1;  // JPEG: composited over the background below
  ek_status st = out->allocate(a, p.out_width, p.out_height, c);
  if (st != EK_OK) return st;
  // Rec. 601 luma of the background for gray canvases.
  const std::uint8_t grey = std::uint8_t((299u * bg[0] + 587u * bg[1] + 114u * bg[2] + 500u) / 1000u);
  std::uint8_t fill[4];
  if (c <= 2) {
    fill[0] = grey, fill[1] = bg[3];
  } else {
    fill[0] = bg[0], fill[1] = bg[1], fill[2] = bg[2], fill[3] = bg[3];
  }
  image_span o = out->span();
  for (std::uint32_t y = 0; y < o.height; ++y) {
    std::uint8_t *d = o.row(y);
    for (std::uint32_t x = 0; x < o.width; ++x)
      for (std::uint32_t k = 0; k < c; ++k) d[std::size_t(x) * c + k] = fill[k];
  }
  const std::uint32_t ic = in.channels;
  for (std::uint32_t y = 0; y < in.height; ++y) {
    const std::uint8_t *s = in.row(y);
    std::uint8_t *d = o.row(y + p.offset_y) + std::size_t(p.offset_x) * c;
    for (std::uint32_t x = 0; x < in.width; ++x, s += ic, d += c) {
      const std::uint32_t colour = has_alpha(ic) ? ic - 1 : ic;
      const std::uint32_t alpha = has_alpha(ic) ? s[ic - 1] : 255;
      if (has_alpha(c)) {
        // Straight alpha over straight alpha ("over" operator), in 8 bits.
        const std::uint32_t ba = fill[c - 1];
        const std::uint32_t oa = alpha + (ba * (255 - alpha) + 127) / 255;
        for (std::uint32_t k = 0; k + 1 < c; ++k) {
          const std::uint32_t sv = s[colour == 1 ? 0 : k];
          const std::uint32_t num = sv * alpha * 255 + fill[k] * ba * (255 - alpha);
          d[k] = std::uint8_t(oa ? (num / 255 + oa / 2) / oa : 0u);
        }
        d[c - 1] = std::uint8_t(oa);
      } else {
        for (std::uint32_t k = 0; k < c; ++k) {
          const std::uint32_t sv = s[colour == 1 ? 0 : k];
          d[k] = std::uint8_t((sv * alpha + fill[k] * (255 - alpha) + 127) / 255);
        }
      }
    }
  }
  return EK_OK;
}

}  // namespace

ek_status plan_fit(std::uint32_t in_w, std::uint32_t in_h, std::uint32_t width,
                   std::uint32_t height, fit mode, fit_plan *out) noexcept {
  if (!out) return EK_ERR_NULL;
  if (in_w == 0 || in_h == 0 || mode < EK_FIT_CONTAIN || mode > EK_FIT_EXACT) return EK_ERR_ARG;
  fit_plan p{in_w, in_h, in_w, in_h, 0, 0};
  if (width && !height) {
    p.resize_width = width, p.resize_height = scaled(in_h, width, in_w);
  } else if (height && !width) {
    p.resize_height = height, p.resize_width = scaled(in_w, height, in_h);
  } else if (width && height) {
    // Which side binds: compare width/in_w with height/in_h without division.
    const bool width_binds = std::uint64_t(width) * in_h <= std::uint64_t(height) * in_w;
    if (mode == EK_FIT_EXACT) {
      p.resize_width = width, p.resize_height = height;
    } else if (mode == EK_FIT_COVER) {
      if (width_binds) {
        p.resize_height = height, p.resize_width = scaled(in_w, height, in_h);
        if (p.resize_width < width) p.resize_width = width;
      } else {
        p.resize_width = width, p.resize_height = scaled(in_h, width, in_w);
        if (p.resize_height < height) p.resize_height = height;
      }
    } else {
      if (width_binds) {
        p.resize_width = width, p.resize_height = scaled(in_h, width, in_w);
        if (p.resize_height > height) p.resize_height = height;
      } else {
        p.resize_height = height, p.resize_width = scaled(in_w, height, in_h);
        if (p.resize_width > width) p.resize_width = width;
      }
    }
  }
  p.out_width = p.resize_width, p.out_height = p.resize_height;
  if (width && height && (mode == EK_FIT_COVER || mode == EK_FIT_FILL)) {
    p.out_width = width, p.out_height = height;
    if (mode == EK_FIT_FILL) {
      p.offset_x = (width - p.resize_width) / 2;
      p.offset_y = (height - p.resize_height) / 2;
    }
  }
  *out = p;
  return EK_OK;
}

ek_status transform(const void *data, std::size_t len, const transform_options &o,
                    std::uint8_t **out, std::size_t *out_len, transform_result *result,
                    const ek_allocator *a) noexcept {
  if (!out || !out_len) return EK_ERR_NULL;
  *out = nullptr, *out_len = 0;
  if (!data && len > 0) return EK_ERR_NULL;
  const image_limits &lim = o.decode.limits;
  if (len > lim.max_input_bytes) return EK_ERR_LIMIT;

  image_info info;
  ek_status st = probe(data, len, lim, &info);
  if (st != EK_OK) return st;
  const bool swap = o.decode.apply_orientation && info.orientation >= 5 && info.orientation <= 8;
  const std::uint32_t in_w = swap ? info.height : info.width;
  const std::uint32_t in_h = swap ? info.width : info.height;
  fit_plan plan;
  st = plan_fit(in_w, in_h, o.width, o.height, o.fit_mode, &plan);
  if (st != EK_OK) return st;
  // The output obeys the same limits as the input: an upscale cannot become a pixel bomb.
  const auto within = [&lim](std::uint32_t w, std::uint32_t h) {
    return w <= lim.max_width && h <= lim.max_height && w <= lim.max_pixels / h;
  };
  if (!within(plan.resize_width, plan.resize_height) || !within(plan.out_width, plan.out_height))
    return EK_ERR_LIMIT;

  decode_options dopt = o.decode;
  if (o.shrink_on_load && (plan.resize_width < in_w || plan.resize_height < in_h)) {
    // Leave at least a factor of 2 for the resize filter, so that the decoder's cheap
    // reduction (DCT scaling, a box) never decides the result's sharpness on its own.
    const std::uint64_t mw = std::uint64_t(plan.resize_width) * 2, mh = std::uint64_t(plan.resize_height) * 2;
    const std::uint32_t sw = mw < in_w ? std::uint32_t(mw) : in_w;
    const std::uint32_t sh = mh < in_h ? std::uint32_t(mh) : in_h;
    dopt.min_width = swap ? sh : sw;
    dopt.min_height = swap ? sw : sh;
  }
  image decoded;
  st = decode(data, len, dopt, &decoded, nullptr, a);
  if (st != EK_OK) return st;

  image resized;
  image_view cur = decoded.view();
  if (cur.width != plan.resize_width || cur.height != plan.resize_height) {
    st = resized.allocate(a, plan.resize_width, plan.resize_height, cur.channels);
    if (st == EK_OK) st = resize(cur, resized.span(), o.resize, a);
    if (st != EK_OK) return st;
    decoded.reset();
    cur = resized.view();
  }

  encode_options eopt = o.encode;
  if (eopt.format == EK_IMAGE_UNKNOWN) eopt.format = auto_format(info, cur.channels);
  rect kept{0, 0, cur.width, cur.height};
  image canvas;
  if (o.width && o.height && o.fit_mode == EK_FIT_COVER &&
      (cur.width != plan.out_width || cur.height != plan.out_height)) {
    if (o.crop == EK_CROP_CENTRE)
      kept = crop_centre(cur.width, cur.height, plan.out_width, plan.out_height);
    else
      st = smartcrop(cur, plan.out_width, plan.out_height, o.crop, &kept, a);
    if (st == EK_OK) st = crop(cur, kept, &cur);
    if (st != EK_OK) return st;
  } else if (o.width && o.height && o.fit_mode == EK_FIT_FILL &&
             (cur.width != plan.out_width || cur.height != plan.out_height)) {
    st = pad(cur, plan, o.background, eopt.format != EK_IMAGE_JPEG, &canvas, a);
    if (st != EK_OK) return st;
    resized.reset();
    decoded.reset();
    cur = canvas.view();
    kept = rect{plan.offset_x, plan.offset_y, plan.resize_width, plan.resize_height};
  }

  st = encode(cur, eopt, out, out_len, a);
  if (st != EK_OK) return st;
  if (result) {
    result->input = info;
    result->width = cur.width;
    result->height = cur.height;
    result->format = eopt.format;
    result->crop = kept;
  }
  return EK_OK;
}

}  // namespace ek
