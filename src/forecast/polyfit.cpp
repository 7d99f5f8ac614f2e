// One-shot polynomial least squares: x mapped to [-1, 1], each row of the design matrix [X | y]
// rotated into a fixed (k+1)x(k+1) upper triangle by Givens rotations (Eigen's JacobiRotation:
// a QR of the design one row at a time, in O(k) memory whatever n is), then back substitution.
// The normal equations would square the condition number. The last diagonal entry of the
// augmented triangle is the residual norm.
// Only rotations of row pairs are taken from Eigen: its Householder, product and triangular
// solve kernels keep a heap fallback for large temporaries (operator new under clang, calloc
// and guarded statics in the blocked QR), which this library must not link; the two k <= 9
// substitutions below are plain loops.
#define EIGEN_NO_DEBUG 1  // no assert(): the library links no __assert_fail
#include <Eigen/Core>
#include <Eigen/Jacobi>

#include <cmath>
#include <limits>

#include "edgekernels/forecast/forecast.hpp"

namespace ek {
namespace {

constexpr int kMax = static_cast<int>(polyfit_max_degree) + 1;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// The triangle so far (k+1 rows) and the incoming row (last row).
using work_t = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor, kMax + 2, kMax + 1>;

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

  work_t w = work_t::Zero(k + 2, k + 1);
  const int in = k + 1;  // the incoming row
  Eigen::JacobiRotation<double> g;
  for (std::size_t i = 0; i < n; ++i) {
    const double xi = x ? x[i] : static_cast<double>(i);
    const double z = (xi - center) / half;
    double p = 1;
    for (int j = 0; j < k; ++j, p *= z) w(in, j) = p;
    w(in, k) = y[i] - ybar;
    // Zero the new row against the triangle, column by column: rotation j mixes rows j and in.
    for (int j = 0; j <= k; ++j) {
      if (w(in, j) == 0) continue;
      g.makeGivens(w(j, j), w(in, j));
      w.rightCols(k + 1 - j).applyOnTheLeft(j, in, g.adjoint());
      w(in, j) = 0;  // exactly, not a rounding residue
    }
  }
  // What no polynomial can explain: the last diagonal entry of the augmented triangle.
  const double rss = w(k, k) * w(k, k);
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
