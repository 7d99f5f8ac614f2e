// One-shot polynomial least squares: x mapped to [-1, 1], the design matrix [X | y] reduced block
// by block with Householder QR into a fixed (k+1)x(k+1) upper triangle (each block of 256 rows
// is stacked under the triangle so far, so memory is O(k) whatever n is), then back
// substitution. The normal equations would square the condition number. The last diagonal
// entry of the augmented triangle is the residual norm.
// From Eigen: fixed-maximum-size storage, the reflector (makeHouseholderInPlace) and vectorised
// dot/axpy on column segments. Not its QR drivers, products or triangular solves: those keep a
// heap fallback for large temporaries (operator new under clang, calloc and guarded statics in
// the blocked QR), which this library must not link; the two k <= 9 substitutions are loops.
#define EIGEN_NO_DEBUG 1  // no assert(): the library links no __assert_fail
#include <Eigen/Core>
#include <Eigen/Householder>

#include <cmath>
#include <limits>

#include "edgekernels/forecast/forecast.hpp"

namespace ek {
namespace {

constexpr int kMax = static_cast<int>(polyfit_max_degree) + 1;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kBlock = 256;
// [R | Q'y] (k+1 rows) stacked over up to kBlock new rows of [X | y].
using block_t = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor,
                              kMax + 1 + kBlock, kMax + 1>;
using tri_t = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor, kMax + 1, kMax + 1>;

// Householder QR in place: m becomes R on and above the diagonal (below it: scratch).
void householder_qr(block_t &m) noexcept {
  const int rows = static_cast<int>(m.rows()), cols = static_cast<int>(m.cols());
  for (int j = 0; j < cols && j < rows - 1; ++j) {
    const int len = rows - j;
    double tau, beta;
    m.col(j).segment(j, len).makeHouseholderInPlace(tau, beta);
    m(j, j) = beta;
    if (tau == 0) continue;
    // H = I - tau v v', v = [1; essential], applied to the columns right of j.
    const auto ess = m.col(j).segment(j + 1, len - 1);
    for (int c = j + 1; c < cols; ++c) {
      const double t = tau * (m(j, c) + ess.dot(m.col(c).segment(j + 1, len - 1)));
      m(j, c) -= t;
      m.col(c).segment(j + 1, len - 1) -= t * ess;
    }
  }
}

// Solves the upper-triangular u * out = rhs (k x k, u(i, j) at u[i * ld + j]).
void back_substitute(const double *u, int ld, int k, const double *rhs, double *out) noexcept {
  for (int i = k - 1; i >= 0; --i) {
    double acc = rhs[i];
    for (int j = i + 1; j < k; ++j) acc -= u[i * ld + j] * out[j];
    out[i] = acc / u[i * ld + i];
  }
}
// Solves u' * out = rhs for the same upper-triangular u (forward substitution).
void forward_substitute_transposed(const double *u, int ld, int k, const double *rhs, double *out) noexcept {
  for (int i = 0; i < k; ++i) {
    double acc = rhs[i];
    for (int j = 0; j < i; ++j) acc -= u[j * ld + i] * out[j];
    out[i] = acc / u[i * ld + i];
  }
}

}  // namespace

ek_status polyfit(const double *x, const double *y, std::size_t n, unsigned degree,
                  polyfit_result *out) noexcept {
  if (!y || !out) return EK_ERR_NULL;
  if (degree > polyfit_max_degree || n <= degree) return EK_ERR_ARG;
  const int k = static_cast<int>(degree) + 1;
  // The affine map of [min x, max x] onto [-1, 1].
  double lo = 0, hi = static_cast<double>(n - 1);
  for (std::size_t i = 0; i < n; ++i)
    if (!std::isfinite(y[i])) return EK_ERR_ARG;
  if (x) {
    lo = hi = x[0];
    for (std::size_t i = 0; i < n; ++i) {
      if (!std::isfinite(x[i])) return EK_ERR_ARG;
      lo = x[i] < lo ? x[i] : lo;
      hi = x[i] > hi ? x[i] : hi;
    }
  }
  const double center = 0.5 * lo + 0.5 * hi;
  double half = 0.5 * hi - 0.5 * lo;
  if (!(half > 0)) {
    if (degree > 0) return EK_ERR_ARG;  // one distinct x fits only a constant
    half = 1;
  }

  // Fit y - ybar: an offset common to all y (1e9 + noise) then never enters the rotations,
  // which would otherwise carry its rounding (~1e-7 at 1e9) into every coefficient.
  double ysum = 0, yc = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double t = ysum + y[i], z = t - ysum;
    yc += (ysum - (t - z)) + (y[i] - z);
    ysum = t;
  }
  const double ybar = (ysum + yc) / static_cast<double>(n);

  tri_t w = tri_t::Zero(k + 1, k + 1);
  int carried = 0;  // rows of w holding the triangle so far
  block_t m;
  for (std::size_t i0 = 0; i0 < n; i0 += kBlock) {
    const int b = static_cast<int>(n - i0 < kBlock ? n - i0 : kBlock);
    m.resize(carried + b, k + 1);
    m.topRows(carried) = w.topRows(carried);
    for (int r = 0; r < b; ++r) {
      const std::size_t i = i0 + static_cast<std::size_t>(r);
      const double xi = x ? x[i] : static_cast<double>(i);
      const double z = (xi - center) / half;
      double p = 1;
      for (int j = 0; j < k; ++j, p *= z) m(carried + r, j) = p;
      m(carried + r, k) = y[i] - ybar;
    }
    householder_qr(m);
    carried = carried + b < k + 1 ? carried + b : k + 1;
    w.setZero();
    for (int i = 0; i < carried; ++i)
      for (int j = i; j <= k; ++j) w(i, j) = m(i, j);
  }
  // What no polynomial can explain: the last diagonal entry of the augmented triangle.
  const double rss = carried > k ? w(k, k) * w(k, k) : 0.0;
  // Rank: each column of the scaled design has norm <= sqrt(n) = |R_00|.
  const double r00 = std::fabs(w(0, 0));
  for (int j = 0; j < k; ++j)
    if (!(std::fabs(w(j, j)) > 1e-12 * r00)) return EK_ERR_ARG;

  polyfit_result &f = *out;
  f = polyfit_result{};
  f.degree = degree;
  f.n = n;
  f.center = center;
  f.half_width = half;
  f.rss = rss;
  f.residual_std = n > static_cast<std::size_t>(k) ? std::sqrt(rss / static_cast<double>(n - k)) : kNaN;
  for (int i = 0; i < k; ++i)
    for (int j = 0; j < k; ++j) f.r[i * kMax + j] = w(i, j);
  double qty[kMax], zc[kMax];
  for (int j = 0; j < k; ++j) qty[j] = w(j, k);
  back_substitute(f.r, kMax, k, qty, zc);
  for (int j = 0; j < k; ++j) f.zcoef[j] = zc[j];
  f.zcoef[0] += ybar;

  // To the caller's x: p(x) = sum_j zc_j ((x - c)/h)^j. First b_j = zc_j / h^j, then expand
  // sum_j b_j (x - c)^j by Horner in (x - c), low power first in `acc`.
  double b[kMax], acc[kMax] = {};
  double hp = 1;
  for (int j = 0; j < k; ++j, hp *= half) b[j] = zc[j] / hp;
  acc[0] = b[k - 1];
  for (int j = k - 2, len = 1; j >= 0; --j, ++len) {
    for (int i = len; i > 0; --i) acc[i] = acc[i - 1] - center * acc[i];
    acc[0] = b[j] - center * acc[0];
  }
  acc[0] += ybar;
  for (int j = 0; j < k; ++j) f.coef[j] = acc[k - 1 - j];
  return EK_OK;
}

double polyfit_result::predict(double x0) const noexcept {
  if (n == 0) return kNaN;
  const double z = (x0 - center) / half_width;
  double v = 0;
  for (int j = static_cast<int>(degree); j >= 0; --j) v = v * z + zcoef[j];
  return v;
}

void polyfit_result::interval(double x0, double level, double *lo, double *hi) const noexcept {
  const int k = static_cast<int>(degree) + 1;
  double half = kNaN;
  if (n > static_cast<std::size_t>(k) && level > 0 && level < 1) {
    // x0' (X'X)^-1 x0 = |R^-T v|^2 with v the scaled monomials at x0 (basis-independent).
    const double z = (x0 - center) / half_width;
    double v[kMax], u[kMax];
    double p = 1;
    for (int j = 0; j < k; ++j, p *= z) v[j] = p;
    forward_substitute_transposed(r, kMax, k, v, u);
    double uu = 0;
    for (int j = 0; j < k; ++j) uu += u[j] * u[j];
    const double tq = t_quantile(0.5 * (1 + level), static_cast<double>(n - k));
    half = tq * residual_std * std::sqrt(1 + uu);
  }
  const double yhat = predict(x0);
  if (lo) *lo = yhat - half;
  if (hi) *hi = yhat + half;
}

}  // namespace ek
