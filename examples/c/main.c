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

  printf("edgekernels %s: crc32=%08x crc32c=%08x sum=%g var=%g empty-min: %s, null: %s\n", ek_version(),
         (unsigned)whole, (unsigned)ek_crc32c(0, msg, 9), sum, var, ek_status_str(bad), ek_status_str(null));
  return (whole == 0xCBF43926u && chunked == whole && combined == whole && st == EK_OK && sum == 10.0f &&
          var > 1.6666f && var < 1.6667f && bad == EK_ERR_ARG && null == EK_ERR_NULL &&
          ek_version_number() == EK_VERSION_NUMBER)
             ? 0
             : 1;
}
