/* Plain C use of the edgekernels C ABI. Build against an installed copy:
 *   cc main.c $(pkg-config --cflags --libs edgekernels) -o ek_c_example
 * Exits non-zero if any result is wrong, so it doubles as a test. */
#include <stdio.h>
#include <string.h>

#include <edgekernels/edgekernels.h>

int main(void) {
  const char *msg = "123456789";
  const uint32_t whole = ek_crc32(0, msg, 9);
  /* zlib convention: continue a CRC across chunks, or combine two independent ones */
  const uint32_t chunked = ek_crc32(ek_crc32(0, msg, 4), msg + 4, 5);
  const uint32_t combined = ek_crc32_combine(ek_crc32(0, msg, 4), ek_crc32(0, msg + 4, 5), 5);

  const float x[] = {1.0f, 2.0f, 3.0f, 4.0f};
  float sum = 0.0f, var = 0.0f;
  ek_status st = ek_sum_f32(x, 4, &sum);
  if (st == EK_OK) st = ek_variance_f32(x, 4, 1, &var);

  float empty_min;
  const ek_status bad = ek_min_f32(x, 0, &empty_min); /* empty input is an error, not a crash */
  const ek_status null = ek_sum_f32(NULL, 4, &sum);

  /* Keyed sliding windows: the last 3 readings per sensor, with min/max in O(1) per event. */
  ek_window_config wc;
  ek_window *w = NULL;
  ek_window_agg agg;
  ek_status wst = ek_window_config_init(&wc);
  wc.size = 3;
  if (wst == EK_OK) wst = ek_window_new(&wc, NULL, &w); /* NULL allocator: malloc/free */
  {
    const double temps[] = {20.5, 21.0, 35.5, 21.5, 22.0};
    for (int i = 0; wst == EK_OK && i < 5; ++i) wst = ek_window_push(w, "gw-01:temperature", 17, i, temps[i]);
  }
  if (wst == EK_OK) wst = ek_window_get(w, "gw-01:temperature", 17, &agg); /* {35.5, 21.5, 22.0} */
  ek_window_free(w);

  /* A z-score detector: the previous 4 values, warning at |z| >= 2, critical at 3. */
  ek_zscore_config zc;
  ek_zscore *z = NULL;
  ek_zscore_result zr;
  ek_status zst = ek_zscore_config_init(&zc);
  zc.window = 4;
  if (zst == EK_OK) zst = ek_zscore_new(&zc, NULL, &z);
  {
    const double r[] = {21.5, 22.0, 22.5, 23.0, 40.5};
    for (int i = 0; zst == EK_OK && i < 5; ++i) zst = ek_zscore_push(z, r[i], &zr);
  }
  ek_zscore_free(z);

  /* Images: a 64x48 gradient, encoded as PNG, then one call to a 32-wide WebP (or JPEG when this
   * build has no WebP encoder). Without the codecs every codec call says EK_ERR_UNSUPPORTED. */
  int img_ok = 1;
  if (ek_image_encoders() & EK_IMAGE_PNG) {
    ek_image *im = NULL;
    ek_image_desc d;
    uint8_t *png = NULL, *out = NULL;
    size_t png_len = 0, out_len = 0;
    ek_encode_options eo;
    ek_transform_options to;
    ek_transform_result tr;
    img_ok = ek_image_new(64, 48, 3, NULL, &im) == EK_OK && ek_image_describe(im, &d) == EK_OK;
    for (uint32_t y = 0; img_ok && y < d.height; ++y)
      for (uint32_t x = 0; x < d.width * 3; ++x) d.pixels[y * d.stride + x] = (uint8_t)(x + 4 * y);
    ek_encode_options_init(&eo);
    eo.format = EK_IMAGE_PNG;
    img_ok = img_ok && ek_image_encode(im, &eo, NULL, &png, &png_len) == EK_OK;
    ek_transform_options_init(&to);
    to.width = 32;
    to.encode.format = (ek_image_encoders() & EK_IMAGE_WEBP) ? EK_IMAGE_WEBP : EK_IMAGE_JPEG;
    img_ok = img_ok && ek_image_transform(png, png_len, &to, &out, &out_len, &tr) == EK_OK &&
             tr.width == 32 && tr.height == 24;
    printf("image: png %zu bytes -> %s %ux%u, %zu bytes\n", png_len, ek_image_format_name(tr.format),
           (unsigned)tr.width, (unsigned)tr.height, out_len);
    ek_free(out);
    ek_free(png);
    ek_image_free(im);
  }

  printf("window: count=%llu max=%g mean=%g; z-score level %d\n", (unsigned long long)agg.count, agg.max,
         agg.mean, zr.level);
  printf("edgekernels %s: crc32=%08x crc32c=%08x sum=%g var=%g empty-min: %s, null: %s\n", ek_version(),
         (unsigned)whole, (unsigned)ek_crc32c(0, msg, 9), sum, var, ek_status_str(bad), ek_status_str(null));
  return (whole == 0xCBF43926u && chunked == whole && combined == whole && st == EK_OK && sum == 10.0f &&
          var > 1.6666f && var < 1.6667f && bad == EK_ERR_ARG && null == EK_ERR_NULL &&
          ek_version_number() == EK_VERSION_NUMBER && wst == EK_OK && agg.count == 3 && agg.max == 35.5 &&
          agg.min == 21.5 && zst == EK_OK && zr.level == 2 && img_ok)
             ? 0
             : 1;
}
