"""forecast: the shared library (ctypes) against numpy and scipy, computed at test time.

Usage: forecast_reference.py <path to libedgekernels_c shared library>
  * ek_trend (rolling OLS line) against np.polyfit(range(N), window, 1) on every full window of
    series with offsets up to 1e9, windows 2..200; the prediction interval against one built from
    np.polyfit residuals and scipy.stats.t.ppf.
  * ek_polyfit, degrees 0..8, default and given x, against np.polyfit.
  * ek_t_cdf / ek_t_quantile against scipy.stats.t (dof 1..1e6, p 1e-10..1-1e-10), exact closed
    forms for dof 1 and 2, and an exact 60-digit series for even dof (scipy's ppf is itself only
    good to ~1e-9, and its cdf to ~1e-11 at dof >= 1e5, so those get looser bounds).
Agreement is "scale-aware relative": an error is divided by the magnitude of the quantity's
contribution to the fitted values (e.g. slope error * (N-1) over max |y|), so coefficients that
cancel are not held to a relative bound they cannot meet. Prints the largest error per check.
"""
import ctypes
import sys
from decimal import Decimal, getcontext

import numpy as np
from scipy import stats

lib = ctypes.CDLL(sys.argv[1])
D = ctypes.POINTER(ctypes.c_double)


class TrendConfig(ctypes.Structure):
    _fields_ = [("window", ctypes.c_size_t), ("level", ctypes.c_double)]


class TrendResult(ctypes.Structure):
    _fields_ = [("full", ctypes.c_int), ("slope", ctypes.c_double), ("intercept", ctypes.c_double),
                ("forecast", ctypes.c_double), ("lo", ctypes.c_double), ("hi", ctypes.c_double),
                ("residual_std", ctypes.c_double)]


lib.ek_trend_config_init.argtypes = [ctypes.POINTER(TrendConfig)]
lib.ek_trend_new.argtypes = [ctypes.POINTER(TrendConfig), ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p)]
lib.ek_trend_push.argtypes = [ctypes.c_void_p, ctypes.c_double, ctypes.POINTER(ctypes.c_int)]
lib.ek_trend_get.argtypes = [ctypes.c_void_p, ctypes.c_double, ctypes.POINTER(TrendResult)]
lib.ek_trend_free.argtypes = [ctypes.c_void_p]
lib.ek_trend_free.restype = None
lib.ek_polyfit.argtypes = [D, D, ctypes.c_size_t, ctypes.c_uint, D, D]
for f in ("ek_t_quantile", "ek_t_cdf"):
    getattr(lib, f).argtypes = [ctypes.c_double, ctypes.c_double, D]

failures = 0
worst = {}
shown = {}


def check(what, err, tol, detail=""):
    global failures
    worst[what] = max(worst.get(what, 0.0), err)
    if not err <= tol:
        failures += 1
        shown[what] = shown.get(what, 0) + 1
        if shown[what] <= 5:
            print("FAIL %s: err %.3g > tol %.3g %s" % (what, err, tol, detail))


def t_quantile(p, v):
    o = ctypes.c_double()
    assert lib.ek_t_quantile(p, v, ctypes.byref(o)) == 0
    return o.value


def t_cdf(t, v):
    o = ctypes.c_double()
    assert lib.ek_t_cdf(t, v, ctypes.byref(o)) == 0
    return o.value


# ---- rolling line ------------------------------------------------------------------------------
def trend_series(rng, n, offset, noise):
    i = np.arange(n)
    return offset + 0.05 * i + 3 * np.sin(i / 7.0) + noise * rng.standard_normal(n)


def run_trend(y, window, horizon, level):
    cfg = TrendConfig()
    lib.ek_trend_config_init(ctypes.byref(cfg))
    cfg.window, cfg.level = window, level
    h = ctypes.c_void_p()
    assert lib.ek_trend_new(ctypes.byref(cfg), None, ctypes.byref(h)) == 0
    out = []
    r = TrendResult()
    for v in y:
        lib.ek_trend_push(h, float(v), None)
        assert lib.ek_trend_get(h, horizon, ctypes.byref(r)) == 0
        out.append((r.full, r.slope, r.intercept, r.forecast, r.lo, r.hi, r.residual_std))
    lib.ek_trend_free(h)
    return out


rng = np.random.default_rng(20240611)
for offset in (0.0, 1e3, -2.5e6, 1e9):
    for noise in (0.0, 1.0):
        y = trend_series(rng, 1500, offset, noise)
        for window in (2, 3, 10, 57, 200):
            horizon = 5.0
            got = run_trend(y, window, horizon, 0.95)
            tq = stats.t.ppf(0.975, window - 2) if window > 2 else np.nan
            xs = np.arange(window)
            sxx = window * (window * window - 1) / 12.0
            for k in range(len(y)):
                full, slope, icpt, fc, lo, hi, s = got[k]
                if k + 1 < window:
                    check("trend not full before N rows", 0.0 if (full == 0 and np.isnan(slope)) else 1.0, 0)
                    continue
                w = y[k + 1 - window:k + 1]
                ref = np.polyfit(xs, w, 1)
                scale = np.max(np.abs(w))
                check("trend slope", abs(slope - ref[0]) * (window - 1) / scale, 1e-9)
                check("trend intercept", abs(icpt - ref[1]) / scale, 1e-9)
                ref_fc = ref[1] + ref[0] * (window - 1 + horizon)
                check("trend forecast", abs(fc - ref_fc) / scale, 1e-9)
                if window > 2 and k % 7 == 0:
                    # residuals of the window shifted by its first value (exact for close values),
                    # so the reference itself is not limited by ulp(offset)
                    wc = w - w[0]
                    res = wc - np.polyval(np.polyfit(xs, wc, 1), xs)
                    s_ref = np.sqrt(np.sum(res * res) / (window - 2))
                    spread = np.ptp(w) + 1e-300
                    # s is a difference of sums of squares: absolute accuracy ~sqrt(eps) * spread
                    check("trend residual std", abs(s - s_ref) / spread, 1e-7)
                    x0 = window - 1 + horizon
                    half = tq * s_ref * np.sqrt(1 + 1.0 / window + (x0 - (window - 1) / 2.0) ** 2 / sxx)
                    check("trend interval half-width", abs((hi - lo) / 2 - half) / (spread * tq), 1e-7)

# ---- polyfit -----------------------------------------------------------------------------------
def ek_polyfit(x, y, deg):
    c = np.zeros(deg + 1)
    s = ctypes.c_double()
    xp = None if x is None else np.ascontiguousarray(x, dtype=np.float64).ctypes.data_as(D)
    yy = np.ascontiguousarray(y, dtype=np.float64)
    st = lib.ek_polyfit(xp, yy.ctypes.data_as(D), y.size, deg, c.ctypes.data_as(D), ctypes.byref(s))
    return st, c, s.value


for n in (9, 50, 1000):
    for deg in range(0, 9):
        if n <= deg:
            continue
        for given_x in (False, True):
            x = np.sort(rng.uniform(-3, 5, n)) if given_x else None
            xv = x if given_x else np.arange(n, dtype=np.float64)
            for offset in (0.0, 1e6):
                y = offset + np.cos(xv / (np.ptp(xv) + 1) * 5) + 0.1 * rng.standard_normal(n)
                st, c, s = ek_polyfit(x, y, deg)
                check("polyfit status", float(st != 0), 0)
                ref = np.polyfit(xv, y, deg)
                xm = np.max(np.abs(xv))
                powers = xm ** np.arange(deg, -1, -1)
                scale = np.max(np.abs(y)) + np.sum(np.abs(ref) * powers)
                # numpy's own solution of a badly conditioned Vandermonde system (default x up to
                # 999, degree 8) moves by more than 1e-9; there compare fitted values only.
                cond = np.linalg.cond(np.vander(xv / xm, deg + 1))
                err_c = np.max(np.abs(c - ref) * powers) / scale
                err_v = np.max(np.abs(np.polyval(c, xv) - np.polyval(ref, xv))) / (np.max(np.abs(y)))
                if cond < 1e4:
                    check("polyfit coefficients (well-conditioned)", err_c, 1e-9)
                check("polyfit fitted values", err_v, 1e-9 * max(1.0, cond / 1e4))
                if n > deg + 1:
                    r = y - np.polyval(ref, xv)
                    s_ref = np.sqrt(np.sum(r * r) / (n - deg - 1))
                    check("polyfit residual std", abs(s - s_ref) / s_ref, 1e-7 * max(1.0, cond / 1e4))

# ---- Student's t -------------------------------------------------------------------------------
getcontext().prec = 60


def cdf_even_exact(t, v):
    """A&S 26.7.3, even dof: 1/2 + sin(th)/2 * sum_{j<v/2} prod_{i<=j} (2i-1)/(2i) cos^2(th)^j."""
    t, vd = Decimal(t), Decimal(int(v))
    c2 = vd / (vd + t * t)
    sin = t / (vd + t * t).sqrt()
    term, total = Decimal(1), Decimal(1)
    for j in range(1, int(v) // 2):
        term = term * c2 * (2 * j - 1) / (2 * j)
        total += term
        if term < total * Decimal(10) ** -50:
            break
    return Decimal(1) / 2 + sin / 2 * total


ps = np.concatenate([np.logspace(-10, np.log10(0.5), 25), [0.3, 0.45, 0.4999, 0.5001, 0.55, 0.7]])
ps = np.concatenate([ps, 1 - np.logspace(-10, -1, 10)])
for v in (1, 2, 3, 4.5, 7, 10, 30, 100, 1000, 1e4, 1e5, 1e6):
    for p in ps:
        q = t_quantile(p, v)
        if p == 0.5:
            check("t quantile(0.5) = 0", abs(q), 0)
            continue
        qs = stats.t.ppf(p, v)
        check("t quantile vs scipy ppf", abs(q - qs) / abs(qs) if qs != 0 else abs(q), 1e-8)
        if v <= 1e4:
            # the inverse through scipy's cdf, in the small tail (relative)
            tail = stats.t.cdf(q, v) if p < 0.5 else stats.t.sf(q, v)
            ptail = p if p < 0.5 else 1 - p
            check("t quantile: scipy cdf(q) = p", abs(tail - ptail) / ptail, 1e-12, "dof %g p %r" % (v, p))
        if v == 1:
            # tan(pi (p - 1/2)), written so that no argument near pi/2 is rounded
            if 0.25 <= p <= 0.75:
                exact = np.tan(np.pi * (p - 0.5))
            else:
                exact = -1 / np.tan(np.pi * p) if p < 0.5 else 1 / np.tan(np.pi * (1 - p))
            check("t quantile dof 1 vs -1/tan(pi p)", abs(q - exact) / abs(exact), 1e-13)
        if v == 2:
            exact = (2 * p - 1) / np.sqrt(2 * p * (1 - p))
            check("t quantile dof 2 closed form", abs(q - exact) / abs(exact), 1e-13)
    for t in np.concatenate([-np.logspace(-3, 9, 40), np.logspace(-3, 2, 10)]):
        if v >= 100 and t < -60:
            continue  # below 1e-300
        ours, ref = t_cdf(t, v), stats.t.cdf(t, v)
        if ref < 1e-300:
            continue
        # scipy's cdf is good to ~1e-15 up to dof 1e4 and ~1e-10 beyond (checked below exactly)
        check("t cdf vs scipy" + (" (dof >= 1e5)" if v >= 1e5 else ""), abs(ours - ref) / ref,
              1e-12 if v < 1e5 else 1e-9)

for v in (4, 10, 1000, 100000, 1000000):
    for t in (-40.0, -6.36, -4.75, -3.09, -1.96, -0.7, 0.3, 2.5):
        exact = cdf_even_exact(t, v)
        if exact < Decimal(10) ** -35:
            continue  # the 60-digit series cancels below that
        # the continued fraction loses a little over its O(sqrt(dof)) terms at huge dof
        check("t cdf vs exact series (even dof)", float(abs(Decimal(t_cdf(t, v)) - exact) / exact),
              1e-13 if v < 1e5 else 1e-10, "dof %g t %g" % (v, t))
    for p in (1e-10, 1e-6, 0.025, 0.3):
        q = t_quantile(p, v)
        check("t quantile vs exact series (even dof)", float(abs(cdf_even_exact(q, v) - Decimal(p)) / Decimal(p)),
              1e-12 if v < 1e5 else 1e-10, "dof %g p %g" % (v, p))

for k in sorted(worst):
    print("max error %-45s %.3g" % (k, worst[k]))
print("forecast_reference: %d failure(s)" % failures)
sys.exit(1 if failures else 0)
