"""forecast: Holt-Winters against R's stats::HoltWinters, computed at test time.

Usage: forecast_holtwinters.py <libedgekernels_c> <Rscript> <forecast_holtwinters.R>
Runs the R script (datasets co2, nottem, UKDriverDeaths, AirPassengers, Nile, LakeHuron and
synthetic series with P = 2, 4, 7; seasonal, Holt and simple smoothing), then feeds each series
through ek_holtwinters_* and compares every fitted() row (xhat, level, trend, season), the start-up
rows (no fit), SSE, the coefficients a, b, s and predict(hw, 24). Bound: 1e-6 relative (each value
against max(|R value|, 1e-9 * max|x|), so components that are ~0 are not held to a relative bound
on their rounding noise). Fails if Rscript is missing or fails.
"""
import ctypes
import os
import shutil
import subprocess
import sys
import tempfile

lib = ctypes.CDLL(sys.argv[1])
rscript, rfile = sys.argv[2], sys.argv[3]
if not (os.path.isfile(rscript) or shutil.which(rscript)):
    print("FAIL: Rscript not found (%s): the Holt-Winters reference cannot run" % rscript)
    sys.exit(1)


class Config(ctypes.Structure):
    _fields_ = [("alpha", ctypes.c_double), ("beta", ctypes.c_double), ("gamma", ctypes.c_double),
                ("period", ctypes.c_size_t), ("trend", ctypes.c_int), ("seasonal", ctypes.c_int)]


class Row(ctypes.Structure):
    _fields_ = [("index", ctypes.c_uint64), ("value", ctypes.c_double), ("has_fit", ctypes.c_int),
                ("fitted", ctypes.c_double), ("level", ctypes.c_double), ("trend", ctypes.c_double),
                ("season", ctypes.c_double)]


D = ctypes.POINTER(ctypes.c_double)
VP = ctypes.c_void_p
lib.ek_holtwinters_config_init.argtypes = [ctypes.POINTER(Config)]
lib.ek_holtwinters_new.argtypes = [ctypes.POINTER(Config), VP, ctypes.POINTER(VP)]
lib.ek_holtwinters_push.argtypes = [VP, ctypes.c_double, ctypes.POINTER(ctypes.c_size_t)]
lib.ek_holtwinters_get_row.argtypes = [VP, ctypes.c_size_t, ctypes.POINTER(Row)]
lib.ek_holtwinters_forecast.argtypes = [VP, ctypes.c_size_t, D]
lib.ek_holtwinters_state.argtypes = [VP, D, D, D, D]
lib.ek_holtwinters_free.argtypes = [VP]
lib.ek_holtwinters_free.restype = None

out = tempfile.mkdtemp(prefix="ek_hw_")
try:
    env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}  # sanitizer runtimes are for us
    r = subprocess.run([rscript, rfile, out], capture_output=True, text=True, timeout=120, env=env)
    if r.returncode != 0:
        print("FAIL: Rscript exited with %d\n%s%s" % (r.returncode, r.stdout, r.stderr))
        sys.exit(1)

    def read(name, suffix):
        with open(os.path.join(out, "%s_%s.csv" % (name, suffix))) as f:
            return [line.strip() for line in f if line.strip()]

    with open(os.path.join(out, "cases.txt")) as f:
        cases = [line.strip() for line in f if line.strip()]
    failures = 0
    overall = 0.0
    for name in cases:
        x = [float(v) for v in read(name, "x")]
        meta = [float(v) for v in read(name, "meta")[0].split(",")]
        alpha, beta, gamma, period, has_trend, has_season, sse_r, a_r, b_r = meta[:9]
        s_r = meta[9:]
        fit = [[float(v) for v in line.split(",")] for line in read(name, "fit")]
        pred = [float(v) for v in read(name, "pred")]
        cfg = Config()
        lib.ek_holtwinters_config_init(ctypes.byref(cfg))
        cfg.alpha, cfg.beta, cfg.gamma = alpha, beta, gamma
        cfg.period, cfg.trend, cfg.seasonal = int(period), int(has_trend), int(has_season)
        h = VP()
        st = lib.ek_holtwinters_new(ctypes.byref(cfg), None, ctypes.byref(h))
        if st != 0:
            print("FAIL %s: ek_holtwinters_new returned %d" % (name, st))
            failures += 1
            continue
        rows = []
        ready = ctypes.c_size_t()
        row = Row()
        for v in x:
            assert lib.ek_holtwinters_push(h, v, ctypes.byref(ready)) == 0
            for k in range(ready.value):
                assert lib.ek_holtwinters_get_row(h, k, ctypes.byref(row)) == 0
                rows.append((row.index, row.value, row.has_fit, row.fitted, row.level, row.trend, row.season))
        scale = 1e-9 * max(abs(v) for v in x)
        worst = [0.0]

        def cmp(what, ours, ref):
            global failures
            err = abs(ours - ref) / max(abs(ref), scale)
            worst[0] = max(worst[0], err)
            if not err <= 1e-6:
                failures += 1
                print("FAIL %s %s: ours %.17g R %.17g rel %.3g" % (name, what, ours, ref, err))

        if len(rows) != len(x) or [r_[0] for r_ in rows] != list(range(len(x))):
            print("FAIL %s: %d rows for %d values, or out of order" % (name, len(rows), len(x)))
            failures += 1
            lib.ek_holtwinters_free(h)
            continue
        first = int(fit[0][0]) - 1  # 0-based first fitted row
        for i in range(first):
            if rows[i][2] != 0:
                print("FAIL %s: start-up row %d has a fit" % (name, i))
                failures += 1
        for f_ in fit:
            i = int(f_[0]) - 1
            idx, val, has, fitted, level, trend, season = rows[i]
            if not has or val != x[i]:
                print("FAIL %s: row %d has no fit or the wrong value" % (name, i))
                failures += 1
                continue
            cmp("xhat[%d]" % i, fitted, f_[1])
            cmp("level[%d]" % i, level, f_[2])
            cmp("trend[%d]" % i, trend, f_[3])
            cmp("season[%d]" % i, season, f_[4])
        a, b, sse = ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
        s = (ctypes.c_double * max(1, int(period)))()
        assert lib.ek_holtwinters_state(h, ctypes.byref(a), ctypes.byref(b), s, ctypes.byref(sse)) == 0
        cmp("SSE", sse.value, sse_r)
        cmp("a", a.value, a_r)
        cmp("b", b.value, b_r)
        for j, sv in enumerate(s_r):
            cmp("s%d" % (j + 1), s[j], sv)
        fc = ctypes.c_double()
        for k, pv in enumerate(pred):
            assert lib.ek_holtwinters_forecast(h, k + 1, ctypes.byref(fc)) == 0
            cmp("predict[%d]" % (k + 1), fc.value, pv)
        lib.ek_holtwinters_free(h)
        overall = max(overall, worst[0])
        print("%-22s n=%4d P=%2d trend=%d season=%d  max rel error %.3g" %
              (name, len(x), int(period), int(has_trend), int(has_season), worst[0]))
    print("max relative error over all cases: %.3g" % overall)
    print("forecast_holtwinters: %d case(s), %d failure(s)" % (len(cases), failures))
    sys.exit(1 if failures or not cases else 0)
finally:
    shutil.rmtree(out, ignore_errors=True)
