// C ABI for the filter module: validate, then forward to the C++ functions.
//
// Check order: n == 0 (EK_OK, nothing touched), null pointers (EK_ERR_NULL), argument domain
// (EK_ERR_ARG: lo > hi, NaN bound, partial overlap), size (EK_ERR_OVERFLOW) before overlap.
#include <cstdint>

#include "edgekernels/edgekernels.h"
#include "edgekernels/filter/filter.hpp"

namespace {

// True if [a, a + na) and [b, b + nb) share a byte but do not start at the same address, the
// one overlap the kernels cannot handle. Compared as integers: relational operators on
// pointers into different objects are unspecified.
bool partial_overlap(const void *a, std::size_t na, const void *b, std::size_t nb) noexcept {
  const auto x = reinterpret_cast<std::uintptr_t>(a);
  const auto y = reinterpret_cast<std::uintptr_t>(b);
  if (x == y) return false;
  return x < y ? y - x < na : x - y < nb;
}

template <class T>
ek_status check_map(const T *in, const T *out, std::size_t n) noexcept {
  if (in == nullptr || out == nullptr) return EK_ERR_NULL;
  if (n > SIZE_MAX / sizeof(T)) return EK_ERR_OVERFLOW;  // cannot be a real buffer
  if (partial_overlap(in, n * sizeof(T), out, n * sizeof(T))) return EK_ERR_ARG;
  return EK_OK;
}

}  // namespace

extern "C" {

ek_status ek_filter_threshold_u8(const uint8_t *in, uint8_t *out, size_t n, uint8_t threshold) {
  if (n == 0) return EK_OK;
  if (const ek_status s = check_map(in, out, n)) return s;
  ek::threshold(in, out, n, threshold);
  return EK_OK;
}

ek_status ek_filter_clamp_u8(const uint8_t *in, uint8_t *out, size_t n, uint8_t lo, uint8_t hi) {
  if (n == 0) return EK_OK;
  if (const ek_status s = check_map(in, out, n)) return s;
  if (lo > hi) return EK_ERR_ARG;
  ek::clamp(in, out, n, lo, hi);
  return EK_OK;
}

ek_status ek_filter_clamp_i32(const int32_t *in, int32_t *out, size_t n, int32_t lo, int32_t hi) {
  if (n == 0) return EK_OK;
  if (const ek_status s = check_map(in, out, n)) return s;
  if (lo > hi) return EK_ERR_ARG;
  ek::clamp(in, out, n, lo, hi);
  return EK_OK;
}

ek_status ek_filter_clamp_f32(const float *in, float *out, size_t n, float lo, float hi) {
  if (n == 0) return EK_OK;
  if (const ek_status s = check_map(in, out, n)) return s;
  // !(lo <= hi) is also true when either bound is NaN.
  if (!(lo <= hi)) return EK_ERR_ARG;
  ek::clamp(in, out, n, lo, hi);
  return EK_OK;
}

ek_status ek_filter_select_above_u8(const uint8_t *in, size_t n, uint8_t threshold,
                                    uint32_t *indices, size_t cap, size_t *count) {
  if (n == 0) {
    if (count != nullptr) *count = 0;
    return EK_OK;
  }
  // indices may be null when cap == 0: a pure count, e.g. to size the buffer.
  if (in == nullptr || count == nullptr || (indices == nullptr && cap != 0)) return EK_ERR_NULL;
#if SIZE_MAX > UINT32_MAX
  if (n > ek::select_above_max_n) return EK_ERR_OVERFLOW;
#endif
  // Only the part of indices that can be written matters: min(cap, n) entries.
  const std::size_t span = cap < n ? cap : n;
  if (span != 0 && (indices == static_cast<const void *>(in) ||
                    partial_overlap(in, n, indices, span * sizeof(uint32_t))))
    return EK_ERR_ARG;
  const std::size_t total = ek::select_above(in, n, threshold, indices, cap);
  *count = total;
  return total > cap ? EK_ERR_LIMIT : EK_OK;
}

}  // extern "C"
