/* edgekernels — C ABI.
 *
 * One thin, stable C interface over the C++ kernels, the same natively and in wasm32.
 * Every function validates its arguments and either returns an ek_status or, where the
 * signature is fixed by convention (the CRC functions follow zlib), documents what it does
 * with bad input. Nothing here aborts, throws, prints or allocates behind your back.
 *
 * Thread safety: every function is safe to call concurrently. ek_cpu_disable() changes which
 * kernel variant later calls pick; calls already running finish on the variant they started.
 *
 * Link with -ledgekernels_c (pkg-config: edgekernels), or CMake target edgekernels::c.
 */
#ifndef EDGEKERNELS_H
#define EDGEKERNELS_H

#include <stddef.h>
#include <stdint.h>

#include "version.h"

#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A short, static, English description of a status ("ok", "null pointer", ...). Never NULL;
 * unknown values give "unknown status". */
EK_API const char *ek_status_str(int status);

/* "MAJOR.MINOR.PATCH" of the library actually linked. */
EK_API const char *ek_version(void);
/* MAJOR*10000 + MINOR*100 + PATCH, to compare with EK_VERSION_NUMBER from version.h. */
EK_API int ek_version_number(void);

/* ---- CPU features and kernel dispatch ------------------------------------------------------ */

/* Feature bits. Each kernel family picks, once, the best variant these features allow. */
#define EK_CPU_SSE42      (UINT64_C(1) << 0)
#define EK_CPU_PCLMULQDQ  (UINT64_C(1) << 1)
#define EK_CPU_AVX2       (UINT64_C(1) << 2)  /* AVX2 + FMA + BMI2, with OS support for YMM state */
#define EK_CPU_AVX512     (UINT64_C(1) << 3)  /* AVX-512 F/BW/DQ/VL/CD, with OS support for ZMM state */
#define EK_CPU_VPCLMULQDQ (UINT64_C(1) << 4)
#define EK_CPU_NEON       (UINT64_C(1) << 16)
#define EK_CPU_ARM_CRC32  (UINT64_C(1) << 17)
#define EK_CPU_ARM_PMULL  (UINT64_C(1) << 18)
#define EK_CPU_ARM_SHA3   (UINT64_C(1) << 19) /* EOR3, three-way XOR used by CRC folding */
#define EK_CPU_WASM_SIMD128 (UINT64_C(1) << 24)
#define EK_CPU_ALL        (~UINT64_C(0))

/* Features detected on this CPU and not disabled. */
EK_API uint64_t ek_cpu_features(void);
/* Features detected on this CPU, whatever is disabled. */
EK_API uint64_t ek_cpu_detected(void);
/* Pretend the features in `mask` are absent from now on (EK_CPU_ALL: portable code only; 0: use
 * everything detected). Replaces any earlier mask. The environment variable EK_CPU_DISABLE,
 * read once at first use, sets the initial mask: a comma list of feature names as printed by
 * ek_cpu_feature_name ("avx512,vpclmulqdq"), or "all". Meant for tests and incident response. */
EK_API void ek_cpu_disable(uint64_t mask);
/* Lower-case name of one feature bit ("avx2"), or NULL if `bit` is not exactly one known bit. */
EK_API const char *ek_cpu_feature_name(uint64_t bit);

/* Kernel families, for asking which variant runs. */
typedef enum ek_kernel {
  EK_KERNEL_CRC32 = 0,
  EK_KERNEL_CRC32C = 1,
  EK_KERNEL_REDUCE_F32 = 2,
  EK_KERNEL_REDUCE_F64 = 3,
  EK_KERNEL_FILTER = 4,
  EK_KERNEL_RESIZE = 5,
  EK_KERNEL_COUNT_ = 6
} ek_kernel;

/* Name of the variant kernel family `k` uses now ("vpclmul-avx512", "avx2", "portable", ...),
 * or NULL for an unknown family. */
EK_API const char *ek_kernel_path(int k);

/* ---- checksum ------------------------------------------------------------------------------ */

/* CRC-32 (ISO-HDLC / zlib / gzip / PNG: reflected polynomial 0xEDB88320, init and xorout
 * 0xFFFFFFFF) with zlib's convention: pass 0 to start, pass the previous result to continue;
 * ek_crc32(ek_crc32(0, a, n), b, m) == CRC of a||b. ek_crc32(0, "123456789", 9) == 0xCBF43926.
 * data == NULL returns `crc` unchanged, whatever `len` is. */
EK_API uint32_t ek_crc32(uint32_t crc, const void *data, size_t len);
/* CRC-32C (Castagnoli, reflected 0x82F63B78), same conventions. Check value 0xE3069283. */
EK_API uint32_t ek_crc32c(uint32_t crc, const void *data, size_t len);
/* CRC of A||B from crc1 = CRC(A), crc2 = CRC(B) and len2 = length of B, in O(log len2). */
EK_API uint32_t ek_crc32_combine(uint32_t crc1, uint32_t crc2, uint64_t len2);
EK_API uint32_t ek_crc32c_combine(uint32_t crc1, uint32_t crc2, uint64_t len2);

/* ---- reduce -------------------------------------------------------------------------------- */
/* Reductions over float/double arrays, SIMD, with compensated summation (error bound in
 * include/edgekernels/reduce/reduce.hpp). x == NULL or out == NULL gives EK_ERR_NULL (x may be
 * NULL when n == 0). NaN policy: any NaN in the input makes sum, mean, variance, dot, sumsq,
 * min and max NaN (as numpy does); Inf follows IEEE arithmetic. */

EK_API ek_status ek_sum_f32(const float *x, size_t n, float *out);   /* n == 0: 0 */
EK_API ek_status ek_sum_f64(const double *x, size_t n, double *out);
EK_API ek_status ek_sumsq_f32(const float *x, size_t n, float *out); /* sum of x[i]^2 */
EK_API ek_status ek_sumsq_f64(const double *x, size_t n, double *out);
EK_API ek_status ek_dot_f32(const float *x, const float *y, size_t n, float *out);
EK_API ek_status ek_dot_f64(const double *x, const double *y, size_t n, double *out);
EK_API ek_status ek_min_f32(const float *x, size_t n, float *out);   /* n == 0: EK_ERR_ARG */
EK_API ek_status ek_min_f64(const double *x, size_t n, double *out);
EK_API ek_status ek_max_f32(const float *x, size_t n, float *out);   /* n == 0: EK_ERR_ARG */
EK_API ek_status ek_max_f64(const double *x, size_t n, double *out);
EK_API ek_status ek_mean_f32(const float *x, size_t n, float *out);  /* n == 0: EK_ERR_ARG */
EK_API ek_status ek_mean_f64(const double *x, size_t n, double *out);
/* Variance with `ddof` delta degrees of freedom (0: population, 1: sample); n <= ddof: EK_ERR_ARG. */
EK_API ek_status ek_variance_f32(const float *x, size_t n, unsigned ddof, float *out);
EK_API ek_status ek_variance_f64(const double *x, size_t n, unsigned ddof, double *out);

/* ---- filter -------------------------------------------------------------------------------- */
/* Byte and array filters. Any length and alignment; `out` may equal `in` (in place) but must not
 * otherwise overlap it. n == 0 is EK_OK and touches nothing (pointers may then be NULL). */

/* out[i] = in[i] > threshold ? in[i] : 0 */
EK_API ek_status ek_filter_threshold_u8(const uint8_t *in, uint8_t *out, size_t n, uint8_t threshold);
/* out[i] = min(max(in[i], lo), hi); lo > hi gives EK_ERR_ARG. For floats a NaN stays NaN, and a
 * NaN bound gives EK_ERR_ARG. */
EK_API ek_status ek_filter_clamp_u8(const uint8_t *in, uint8_t *out, size_t n, uint8_t lo, uint8_t hi);
EK_API ek_status ek_filter_clamp_i32(const int32_t *in, int32_t *out, size_t n, int32_t lo, int32_t hi);
EK_API ek_status ek_filter_clamp_f32(const float *in, float *out, size_t n, float lo, float hi);
/* Writes, in increasing order, the indices i with in[i] > threshold into indices[0..cap) and
 * sets *count to how many there are in all. If that exceeds cap, the first cap are written and
 * EK_ERR_LIMIT is returned (with *count still the full total). Entries of indices between the
 * total and min(cap, n) are scratch (may be overwritten); nothing at or past min(cap, n) is
 * touched. indices may be NULL when cap == 0: a pure count, e.g. to size the buffer. indices
 * overlapping in gives EK_ERR_ARG. n > UINT32_MAX: EK_ERR_OVERFLOW (indices are 32-bit; split
 * larger inputs and add the offset). */
EK_API ek_status ek_filter_select_above_u8(const uint8_t *in, size_t n, uint8_t threshold,
                                           uint32_t *indices, size_t cap, size_t *count);

#ifdef __cplusplus
} /* extern "C" */
#endif

/* ---- streaming analytics: stats/anomaly, forecast, window (each in its own header) -------- */
#include "stats/stats.h"
#include "forecast/forecast.h"
#include "window/window.h"
#include "image/negotiate.h"
#include "image/probe.h"
#include "image/image.h"

#endif /* EDGEKERNELS_H */
