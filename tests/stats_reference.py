"""stats: the C ABI's detectors and accumulators against numpy, scipy and `statistics`.

Usage: stats_reference.py <libedgekernels_c shared library> <directory with temperature.txt>
References are computed here, independently of the library:
  z-score  numpy mean / std(ddof=1) of the previous N accepted values, in long double, about
           the window's first value
  robust   numpy median and scipy.stats.median_abs_deviation(scale='normal')
  Welford  statistics.mean / statistics.variance / pvariance (exact rational arithmetic)
  EWMA     numpy weighted average with the explicit weights of the adjust=False recursion
Agreement: 1e-9 relative, with an absolute floor of 1e-12 times the data's spread (and 1e-12 for
z-scores, which are already in units of spread) where the reference is ~0. Fails, never skips, if
numpy or scipy is missing.
"""
import ctypes
import math
import os
import statistics
import sys

import numpy as np
import scipy.stats

lib = ctypes.CDLL(sys.argv[1])
DATA = sys.argv[2]
REL = 1e-9
failures = 0
checks = 0

c_size, c_double, c_int, c_u64 = ctypes.c_size_t, ctypes.c_double, ctypes.c_int, ctypes.c_uint64
P = ctypes.POINTER
WARMUP_WINDOW = (1 << (8 * ctypes.sizeof(c_size))) - 1


class Welford(ctypes.Structure):
    _fields_ = [("count", c_u64), ("rejected", c_u64), ("mean", c_double), ("mean_err", c_double),
                ("m2", c_double), ("min", c_double), ("max", c_double)]


class EwmaConfig(ctypes.Structure):
    _fields_ = [("alpha", c_double), ("half_life", c_double)]


class ZConfig(ctypes.Structure):
    _fields_ = [("window", c_size), ("warmup", c_size), ("warn", c_double), ("crit", c_double)]


class ZResult(ctypes.Structure):
    _fields_ = [("mean", c_double), ("stddev", c_double), ("z", c_double), ("level", c_int),
                ("accepted", c_int)]


class RConfig(ctypes.Structure):
    _fields_ = [("window", c_size), ("warmup", c_size), ("warn", c_double), ("crit", c_double),
                ("scale", c_double)]


class RResult(ctypes.Structure):
    _fields_ = [("median", c_double), ("mad", c_double), ("z", c_double), ("replacement", c_double),
                ("level", c_int), ("accepted", c_int)]


vp = ctypes.c_void_p
for name, args in {
    "ek_welford_init": [P(Welford)], "ek_welford_push": [P(Welford), c_double],
    "ek_welford_push_n": [P(Welford), P(c_double), c_size],
    "ek_welford_merge": [P(Welford), P(Welford)],
    "ek_welford_mean": [P(Welford), P(c_double)],
    "ek_welford_variance": [P(Welford), ctypes.c_uint, P(c_double)],
    "ek_ewma_config_init": [P(EwmaConfig)], "ek_ewma_new": [P(EwmaConfig), vp, P(vp)],
    "ek_ewma_push": [vp, c_double], "ek_ewma_get": [vp, P(c_double), P(c_double)],
    "ek_zscore_config_init": [P(ZConfig)], "ek_zscore_new": [P(ZConfig), vp, P(vp)],
    "ek_zscore_push": [vp, c_double, P(ZResult)],
    "ek_robust_config_init": [P(RConfig)], "ek_robust_new": [P(RConfig), vp, P(vp)],
    "ek_robust_push": [vp, c_double, P(RResult)],
}.items():
    getattr(lib, name).argtypes = args
    getattr(lib, name).restype = c_int
for name in ("ek_ewma_free", "ek_zscore_free", "ek_robust_free"):
    getattr(lib, name).argtypes = [vp]
    getattr(lib, name).restype = None


def check(what, got, ref, floor):
    global failures, checks
    checks += 1
    if (math.isnan(ref) and math.isnan(got)) or got == ref:
        return
    if math.isnan(ref) or math.isnan(got) or not abs(got - ref) <= REL * abs(ref) + floor:
        failures += 1
        if failures <= 30:
            print("FAIL %s: got %r ref %r" % (what, got, ref))


def ok(st, what):
    if st != 0:
        raise SystemExit("%s returned %d" % (what, st))


def series():
    """Named test series: random, offset, random walk, constant runs, NaN/Inf holes, real data."""
    rng = np.random.default_rng(20240611)
    out = {}
    out["normal"] = rng.normal(0, 1, 3000)
    out["offset 1e9"] = 1e9 + rng.normal(0, 1, 3000)
    out["offset -1e9 small noise"] = -1e9 + rng.normal(0, 1e-3, 3000)
    out["random walk"] = np.cumsum(rng.normal(0, 1, 3000)) + 1e4
    x = 1e9 + np.round(rng.normal(0, 3, 3000))
    x[500:620] = x[500]  # a constant run longer than most windows
    x[rng.integers(0, 3000, 40)] = np.nan
    x[rng.integers(0, 3000, 5)] = np.inf
    x[rng.integers(0, 3000, 5)] = -np.inf
    out["integers, constant run, NaN/Inf"] = x
    spikes = 20 + 2 * np.sin(np.arange(3000) * 2 * np.pi / 288) + rng.normal(0, 0.2, 3000)
    spikes[rng.integers(0, 3000, 30)] += rng.choice([-15, 15], 30)
    out["daily cycle with spikes"] = spikes
    with open(os.path.join(DATA, "temperature.txt")) as f:
        real = np.array([float(v) for v in f.read().split()])
    if real.size < 100:
        raise SystemExit("temperature.txt: too few values")
    out["temperature.txt"] = real
    out["temperature.txt + 1e9"] = real + 1e9
    return out


def spread(x):
    f = x[np.isfinite(x)]
    return float(np.std(f)) if f.size > 1 else 1.0


def test_zscore(name, x):
    for window, warmup in ((1, WARMUP_WINDOW), (2, 0), (10, WARMUP_WINDOW), (60, 5),
                           (200, WARMUP_WINDOW), (7, 30)):
        cfg = ZConfig()
        ok(lib.ek_zscore_config_init(ctypes.byref(cfg)), "zscore_config_init")
        cfg.window, cfg.warmup, cfg.warn, cfg.crit = window, warmup, 2.0, 3.0
        h = vp()
        ok(lib.ek_zscore_new(ctypes.byref(cfg), None, ctypes.byref(h)), "zscore_new")
        need = max(window if warmup == WARMUP_WINDOW else warmup, 2)
        acc = []
        sp = spread(x)
        r = ZResult()
        tag = "zscore %s N=%d W=%d" % (name, window, need)
        for i, v in enumerate(x):
            ok(lib.ek_zscore_push(h, float(v), ctypes.byref(r)), "zscore_push")
            # Shifted by the window's first value so a 1e9 offset costs the reference nothing.
            prev = np.array(acc[-window:], dtype=np.longdouble)
            n = prev.size
            shift = prev[0] if n else np.longdouble(0)
            dev = prev - shift
            dmean = np.mean(dev) if n else np.longdouble(math.nan)
            mean = float(shift + dmean)
            sd_l = np.std(dev, ddof=1) if n >= 2 else np.longdouble(math.nan)
            sd = float(sd_l)
            if not math.isfinite(v):
                if r.accepted != 0 or r.level != 0:
                    check(tag + " rejected[%d]" % i, 1.0, 0.0, 0)
                continue
            z = 0.0
            if len(acc) >= need and n >= 2 and sd != 0:
                z = float(((np.longdouble(v) - shift) - dmean) / sd_l)
            level = 2 if abs(z) >= 3 else 1 if abs(z) >= 2 else 0
            check(tag + " mean[%d]" % i, r.mean, mean, 1e-12 * sp)
            check(tag + " stddev[%d]" % i, r.stddev, sd, 1e-12 * sp)
            check(tag + " z[%d]" % i, r.z, z, 1e-12)
            if abs(abs(z) - 2) > 1e-6 and abs(abs(z) - 3) > 1e-6:
                check(tag + " level[%d]" % i, float(r.level), float(level), 0)
            acc.append(float(v))
        lib.ek_zscore_free(h)


def test_robust(name, x):
    scale = 1.0 / scipy.stats.norm.ppf(0.75)  # scipy's scale='normal'
    for window in (1, 2, 15, 16, 101):
        cfg = RConfig()
        ok(lib.ek_robust_config_init(ctypes.byref(cfg)), "robust_config_init")
        cfg.window, cfg.scale = window, scale
        h = vp()
        ok(lib.ek_robust_new(ctypes.byref(cfg), None, ctypes.byref(h)), "robust_new")
        need = max(window, 2)
        acc = []
        sp = spread(x)
        r = RResult()
        tag = "robust %s N=%d" % (name, window)
        for i, v in enumerate(x):
            ok(lib.ek_robust_push(h, float(v), ctypes.byref(r)), "robust_push")
            prev = np.array(acc[-window:])
            if prev.size:
                med = float(np.median(prev))
                madn = float(scipy.stats.median_abs_deviation(prev, scale="normal"))
            else:
                med = madn = math.nan
            if not math.isfinite(v):
                check(tag + " replacement(NaN)[%d]" % i, r.replacement, med, 0)
                continue
            check(tag + " median[%d]" % i, r.median, med, 1e-12 * sp)
            check(tag + " mad*scale[%d]" % i, r.mad * scale, madn, 1e-12 * sp)
            z = (v - med) / madn if len(acc) >= need and madn > 0 else 0.0
            check(tag + " z[%d]" % i, r.z, z, 1e-12)
            if abs(abs(z) - 3) > 1e-6:
                check(tag + " replacement[%d]" % i, r.replacement, med if abs(z) >= 3 else v, 0)
            acc.append(float(v))
        lib.ek_robust_free(h)


def test_welford(name, x):
    f = [float(v) for v in x if math.isfinite(v)]
    sp = spread(x)
    w = Welford()
    ok(lib.ek_welford_init(ctypes.byref(w)), "welford_init")
    # In three chunks merged together, to go through merge as well.
    k1, k2 = len(x) // 3, 2 * len(x) // 3
    parts = []
    for a, b in ((0, k1), (k1, k2), (k2, len(x))):
        p = Welford()
        lib.ek_welford_init(ctypes.byref(p))
        chunk = np.ascontiguousarray(x[a:b], dtype=np.float64)
        ok(lib.ek_welford_push_n(ctypes.byref(p), chunk.ctypes.data_as(P(c_double)), chunk.size),
           "welford_push_n")
        parts.append(p)
    single = Welford()
    lib.ek_welford_init(ctypes.byref(single))
    for v in x:
        lib.ek_welford_push(ctypes.byref(single), float(v))
    for p in parts:
        ok(lib.ek_welford_merge(ctypes.byref(w), ctypes.byref(p)), "welford_merge")
    for label, st in (("merged", w), ("single", single)):
        tag = "welford %s %s" % (name, label)
        out = c_double()
        check(tag + " count", float(st.count), float(len(f)), 0)
        check(tag + " rejected", float(st.rejected), float(len(x) - len(f)), 0)
        lib.ek_welford_mean(ctypes.byref(st), ctypes.byref(out))
        check(tag + " mean", out.value, float(statistics.mean(f)), 1e-12 * sp)
        lib.ek_welford_variance(ctypes.byref(st), 1, ctypes.byref(out))
        check(tag + " variance", out.value, float(statistics.variance(f)), 1e-12 * sp * sp)
        lib.ek_welford_variance(ctypes.byref(st), 0, ctypes.byref(out))
        check(tag + " pvariance", out.value, float(statistics.pvariance(f)), 1e-12 * sp * sp)
        check(tag + " min", st.min, min(f), 0)
        check(tag + " max", st.max, max(f), 0)


def test_ewma(name, x):
    for alpha, half_life in ((1.0, 0.0), (0.3, 0.0), (0.02, 0.0), (0.5, 20.0)):
        cfg = EwmaConfig(alpha, half_life)
        a = alpha if half_life == 0 else 1 - 2 ** (-1 / half_life)
        h = vp()
        ok(lib.ek_ewma_new(ctypes.byref(cfg), None, ctypes.byref(h)), "ewma_new")
        f = []
        m, var = c_double(), c_double()
        sp = spread(x)
        tag = "ewma %s alpha=%g" % (name, a)
        for i, v in enumerate(x[:800]):
            ok(lib.ek_ewma_push(h, float(v)), "ewma_push")
            if not math.isfinite(v):
                continue
            f.append(float(v))
            if i % 7:
                continue
            n = len(f)
            # adjust=False weights: (1-a)^(n-1) for the first value, a(1-a)^(n-1-i) after.
            wts = a * (1 - a) ** np.arange(n - 1, -1, -1, dtype=np.longdouble)
            wts[0] = (1 - a) ** (n - 1)
            arr = np.array(f, dtype=np.longdouble)
            mean = np.sum(wts * arr) / np.sum(wts)
            v_ref = np.sum(wts * (arr - mean) ** 2) / np.sum(wts)
            ok(lib.ek_ewma_get(h, ctypes.byref(m), ctypes.byref(var)), "ewma_get")
            check(tag + " mean[%d]" % i, m.value, float(mean), 1e-12 * sp)
            check(tag + " variance[%d]" % i, var.value, float(v_ref), 1e-10 * sp * sp)
        lib.ek_ewma_free(h)


data = series()
for name, x in data.items():
    test_welford(name, x)
    test_ewma(name, x)
    test_robust(name, x)
    test_zscore(name, x)
print("stats_reference: %d checks on %d series, %d failures" % (checks, len(data), failures))
sys.exit(1 if failures else 0)
