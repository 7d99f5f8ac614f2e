// edgekernels — reductions over float and double arrays (C++ API).
//
// All functions take a pointer and a length, never throw, never allocate, and are safe to call
// concurrently. x may be nullptr when n == 0. Each call runs the best SIMD variant for this CPU
// (ek::cpu::kernel_path(ek::cpu::kernel::reduce_f32 / reduce_f64) names it); every variant
// implements the same algorithm with the same error bound, but results of different variants
// may differ in the last bits because the lane width changes the summation order.
//
// ---- Accuracy ---------------------------------------------------------------------------------
// u is the unit roundoff of the element type (2^-24 for float, 2^-53 for double).
//
// sum: elements are added in a pairwise tree over blocks of 128 SIMD vectors (tree depth D = 7;
//   one element per lane per leaf). Each block's partial vector is folded into a per-lane
//   running total with an error-free TwoSum, whose error terms are accumulated alongside; every
//   64 blocks the running total is moved, again with TwoSum, into a double-precision per-lane
//   total. Lanes are combined in double-double and rounded once. The result satisfies
//       |sum - s| <= u*|s| + (gamma_D + eps) * sum|x_i|,      gamma_k = k*u / (1 - k*u),
//   with D = 7 and eps <= 2^-12 * u for any n below 2^34: the first-order term does not grow
//   with n (naive summation: gamma_(n-1); numpy's pairwise: gamma_(log2 n)). Data whose
//   partial sums are exact (e.g. 10^7 copies of 0.1f, whose tree sums are exact doublings) is
//   summed correctly rounded. For float the final rounding is a double rounding (double, then
//   float), which adds at most 2^-29 * u * |s|.
// sumsq and dot: each leaf is a chain of 4 fused multiply-adds (a multiply then adds where the
//   CPU has no FMA: same bound), leaves are added in a pairwise tree of depth 5, and blocks are
//   folded as for sum. With the rounding of the products included,
//       |dot - d| <= u*|d| + (gamma_(4+5) + eps) * sum|x_i*y_i|.
//   sumsq is dot(x, x); its result is within (1 + gamma_10) relative of the exact value.
// mean: sum / n computed in double from the unrounded double-double sum, then rounded:
//   |mean - m| <= u*|m| + (gamma_D + eps) * sum|x_i| / n   (+ u*|m| once more for float).
// variance: corrected two-pass algorithm (Chan, Golub & LeVeque 1983): the mean, then
//   M2 = sum (x_i - m)^2 - (sum (x_i - m))^2 / n with both sums computed as dot/sum above;
//   the correction term cancels the rounding error of m. Relative error
//       |var - v| / v <= (gamma_(4+5+2) + eps) + O((9u)^2 * kappa^2),  kappa^2 = 1 + m^2 / v,
//   so a mean of 1e9 with unit-variance noise in double still gives ~12 correct digits, where
//   the textbook formula (sum x^2 - n*m^2) returns garbage or a negative number.
// Intermediate overflow (a partial sum beyond the largest finite value) gives +-Inf, as with
// any left-to-right summation.
//
// ---- Special values ---------------------------------------------------------------------------
// Any NaN in the input makes sum, sumsq, dot, mean, variance, min and max NaN (as numpy; x86
// min/max instructions would silently drop it, so NaN is tracked separately). Infinities follow
// IEEE arithmetic: +Inf and -Inf together give NaN in sums, mean and variance (variance of any
// input with an Inf is NaN); min/max return the infinity. The sum of an input made only of -0.0
// (or empty input) is -0.0 and +0.0 respectively; min/max of mixed signed zeros return a zero
// of unspecified sign. Subnormals are handled exactly as normal numbers (no flush to zero).
//
// ---- Empty input ------------------------------------------------------------------------------
// sum, sumsq, dot: 0. min: +Inf. max: -Inf. mean: NaN. variance with n <= ddof: NaN.
#ifndef EDGEKERNELS_REDUCE_REDUCE_HPP
#define EDGEKERNELS_REDUCE_REDUCE_HPP

#include <cstddef>
#include <cstdint>

namespace ek {

float sum(const float *x, std::size_t n) noexcept;
double sum(const double *x, std::size_t n) noexcept;
float sumsq(const float *x, std::size_t n) noexcept;
double sumsq(const double *x, std::size_t n) noexcept;
float dot(const float *x, const float *y, std::size_t n) noexcept;
double dot(const double *x, const double *y, std::size_t n) noexcept;
float min(const float *x, std::size_t n) noexcept;
double min(const double *x, std::size_t n) noexcept;
float max(const float *x, std::size_t n) noexcept;
double max(const double *x, std::size_t n) noexcept;
float mean(const float *x, std::size_t n) noexcept;
double mean(const double *x, std::size_t n) noexcept;
// Divides the sum of squared deviations by n - ddof (0: population, 1: sample variance).
float variance(const float *x, std::size_t n, unsigned ddof) noexcept;
double variance(const double *x, std::size_t n, unsigned ddof) noexcept;

// Summary of a data set, mergeable across chunks: sum of squared deviations from the mean
// (m2) instead of a variance, so that merging is exact algebra rather than re-derivation.
// Variance = m2 / (count - ddof); sample standard deviation = sqrt(m2 / (count - 1)).
// Empty: count 0, sum 0, mean NaN, m2 0, min +Inf, max -Inf (the identity of merge).
// mean_err is the rounding error of mean (the mean is mean + mean_err to about u^2): merge needs
// it because its delta of two means ~1e9 apart by ~1e-3 would otherwise be mostly rounding.
struct moments {
  std::uint64_t count;
  double sum, mean, m2, min, max;
  double mean_err;
};

// One chunk, two passes over x with the SIMD kernels (sum/min/max, then the corrected second
// pass), with the accuracy of sum and variance above. The float overload computes in float
// lanes (u = 2^-24 in the bounds) but returns the unrounded double results.
moments describe(const double *x, std::size_t n) noexcept;
moments describe(const float *x, std::size_t n) noexcept;

// Combines the moments of two disjoint data sets (Chan, Golub & LeVeque's pairwise update):
//   delta = b.mean - a.mean, mean = a.mean + delta * b.count / count,
//   m2 = a.m2 + b.m2 + delta^2 * a.count * b.count / count,
// with the means carried as mean + mean_err (double-double), so delta is accurate to about
// u*|delta| even when |mean| >> stddev (a 1e9 offset with unit noise, timestamps, ...). Each
// merge then adds O(u) relative error to mean, m2 and sum: merging k chunks left to right costs
// up to ~k*u relative (in a balanced tree ~log2(k)*u) on top of each chunk's own error.
// NaN in either propagates.
moments merge(const moments &a, const moments &b) noexcept;

}  // namespace ek

#endif
