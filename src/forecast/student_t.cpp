// Student's t distribution: CDF through the regularized incomplete beta function, quantile by
// safeguarded Newton iteration. libm only (log, log1p, exp, sqrt, lgamma_r).
#include <math.h>  // lgamma_r (POSIX; std::lgamma writes the global signgam)

#include <cmath>
#include <limits>

#include "edgekernels/forecast/forecast.hpp"

namespace ek {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kLogSqrtPi = 0.57236494292470008707171367567652935;  // log(sqrt(pi))

double lgamma_safe(double x) noexcept {
  int sign = 0;
  return ::lgamma_r(x, &sign);
}

// log Gamma(a + 1/2) - log Gamma(a), a > 0, with absolute error ~1e-16 even for huge a (where
// the two lgamma values are ~1e7 and their difference would lose everything but ~1e-9).
double lgamma_half_diff(double a) noexcept {
  if (a < 20) return lgamma_safe(a + 0.5) - lgamma_safe(a);
  // Stirling: lgamma(z) = (z-1/2)log z - z + log(2 pi)/2 + sum B_2k / (2k(2k-1) z^(2k-1)).
  // The leading terms combine into a*log1p(1/(2a)) + log(a)/2 - 1/2 without cancellation of
  // large numbers; the remaining series is small.
  const double b = a + 0.5;
  auto series = [](double z) {
    const double r = 1 / z, r2 = r * r;
    return r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680 -
                r2 * (1.0 / 1188 - r2 * (691.0 / 360360))))));
  };
  const double lead = (a * std::log1p(0.5 / a) - 0.5) + 0.5 * std::log(a);
  return lead + (series(b) - series(a));
}

// Continued fraction of I_x(a, b) (modified Lentz); converges fast for x < (a+1)/(a+b+2).
double betacf(double a, double b, double x) noexcept {
  constexpr double tiny = 1e-300, eps = 1e-16;
  const double qab = a + b, qap = a + 1, qam = a - 1;
  double c = 1, d = 1 - qab * x / qap;
  if (std::fabs(d) < tiny) d = tiny;
  d = 1 / d;
  double h = d;
  // Worst case O(sqrt(max(a, b))) terms; the cap only guards against a non-converging input.
  const double cap = 200 + 20 * std::sqrt(a > b ? a : b);
  for (double m = 1; m <= cap; ++m) {
    const double m2 = 2 * m;
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1 / d;
    const double del = d * c;
    h *= del;
    if (std::fabs(del - 1) <= eps) break;
  }
  return h;
}

// For s = |t| >= 0: tail = P(T > s) and centre = P(0 < T <= s) = 1/2 - tail, each accurate
// relative to itself where it is the one computed directly (tail for large s, centre for small).
struct t_mass {
  double tail, centre;
};
t_mass t_split(double s, double v) noexcept {
  if (s == 0) return {0.5, 0.0};
  if (s == kInf) return {0.0, 0.5};
  const double a = 0.5 * v;
  const double s2v = (s / std::sqrt(v)) * (s / std::sqrt(v));  // t^2/v without overflow first
  // x = v/(v+t^2) and y = 1-x = t^2/(v+t^2), with their logs, all without cancellation.
  const double logx = -std::log1p(s2v);
  const double x = 1 / (1 + s2v);
  const double y = s2v / (1 + s2v);
  const double logy = std::log(s2v) + logx;
  const double lbeta = kLogSqrtPi - lgamma_half_diff(a);  // log B(a, 1/2)
  if (x < (a + 1) / (a + 2.5)) {
    // tail = I_x(a, 1/2) / 2
    const double front = std::exp(a * logx + 0.5 * logy - lbeta);
    const double tail = 0.5 * front * betacf(a, 0.5, x) / a;
    return {tail, 0.5 - tail};
  }
  // centre = I_y(1/2, a) / 2
  const double front = std::exp(0.5 * logy + a * logx - lbeta);
  const double centre = 0.5 * front * betacf(0.5, a, y) / 0.5;
  return {0.5 - centre, centre};
}

// Density of t(v) at s.
double t_pdf(double s, double v) noexcept {
  const double lbeta = kLogSqrtPi - lgamma_half_diff(0.5 * v);
  const double s2v = (s / std::sqrt(v)) * (s / std::sqrt(v));
  return std::exp(-lbeta - 0.5 * std::log(v) - 0.5 * (v + 1) * std::log1p(s2v));
}

// Standard normal quantile for 0 < p <= 1/2 (Acklam's rational approximation, ~1e-9): only a
// starting point for the Newton iteration.
double normal_quantile_lower(double p) noexcept {
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                             1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01, -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549671348283682e+00, 4.374664141464968e+00, 2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                             3.754408661907416e+00};
  if (p < 0.02425) {
    const double q = std::sqrt(-2 * std::log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const double q = p - 0.5, r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

}  // namespace

double t_cdf(double t, double dof) noexcept {
  if (std::isnan(t) || std::isnan(dof) || !(dof > 0) || dof == kInf) return kNaN;
  const t_mass m = t_split(std::fabs(t), dof);
  return t < 0 ? m.tail : 0.5 + m.centre;
}

double t_quantile(double p, double dof) noexcept {
  if (std::isnan(p) || std::isnan(dof) || !(dof > 0) || dof == kInf || p < 0 || p > 1) return kNaN;
  if (p == 0) return -kInf;
  if (p == 1) return kInf;
  if (p == 0.5) return 0;
  const double v = dof;
  const double q = p < 0.5 ? p : 1 - p;  // exact for p >= 1/2
  // Solve for s = |t| > 0 in u = log s, where the target behaves almost linearly: the tail ~
  // C s^-v far out, the centre ~ f(0) s near 0. The centre is the better-conditioned unknown
  // for q near 1/2 (0.5 - q is exact there).
  const bool use_tail = q < 0.25;
  const double target = use_tail ? q : 0.5 - q;
  const double log_target = std::log(target);
  // Starting points: Cornish-Fisher from the normal quantile (good for large v or moderate q),
  // and the power-law tail (good for small v far out); keep the one with the smaller residual.
  const double z = -normal_quantile_lower(q);
  const double z2 = z * z;
  double s_cf = z + z * (z2 + 1) / (4 * v) + z * ((5 * z2 + 16) * z2 + 3) / (96 * v * v);
  if (!(s_cf > 0)) s_cf = z > 0 ? z : 1e-3;
  const double lbeta = kLogSqrtPi - lgamma_half_diff(0.5 * v);
  // P(T > s) ~ v^(v/2 - 1/2) s^-v / B(v/2, 1/2)  =>  log s = (log(v)*(v-1)/2 - lbeta - log q)/v
  const double s_tail = std::exp(((v - 1) * 0.5 * std::log(v) - lbeta - std::log(q)) / v);
  auto resid = [&](double s, double *deriv) {
    const t_mass m = t_split(s, v);
    const double val = use_tail ? m.tail : m.centre;
    if (!(val > 0)) {
      *deriv = kNaN;
      return -kInf;
    }
    // d log(val) / d log(s) = -+ s f(s) / val
    const double dl = s * t_pdf(s, v) / val;
    *deriv = use_tail ? -dl : dl;
    return std::log(val) - log_target;
  };
  double d_cf = 0, d_tail = 0;
  const double r_cf = resid(s_cf, &d_cf);
  double s = s_cf, r = r_cf, d = d_cf;
  if (std::isfinite(s_tail) && s_tail > 0) {
    const double r_tail = resid(s_tail, &d_tail);
    if (std::fabs(r_tail) < std::fabs(r_cf)) s = s_tail, r = r_tail, d = d_tail;
  }
  // Bracket [lo, hi] on s: the residual decreases with s for the tail, increases for the centre.
  double lo = 0, hi = kInf;
  for (int it = 0; it < 200 && r != 0; ++it) {
    const bool too_small = use_tail ? r > 0 : r < 0;
    if (too_small) lo = s; else hi = s;
    const double du = -r / d;  // Newton step in log s, applied multiplicatively
    double sn = s * std::exp(du);
    bool newton = sn > lo && sn < hi;
    if (!newton) {
      if (lo > 0 && hi < kInf) sn = std::sqrt(lo) * std::sqrt(hi);
      else sn = lo > 0 ? lo * 8 : hi / 8;  // widen an open bracket
      if (!(sn > lo && sn < hi)) break;     // bracket down to adjacent doubles
    }
    s = sn;
    if (newton && std::fabs(du) <= 1e-14) break;  // the next correction would be ~du^2
    r = resid(s, &d);
  }
  // The last Newton correction was below 1e-14 relative: the next would be ~1e-28.
  return p < 0.5 ? -s : s;
}

}  // namespace ek
