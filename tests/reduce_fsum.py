"""reduce: ill-conditioned data against math.fsum (exact, correctly rounded) and numpy.

Usage: reduce_fsum.py <path to libedgekernels_c shared library>
Runs every reduce variant runnable on this CPU (pinned through ek_cpu_disable) and checks the
bounds documented in include/edgekernels/reduce/reduce.hpp:
  sum:  |s^ - s| <= u|s| + 7u sum|x|      dot: |d^ - d| <= u|d| + 9u sum|x y|
"""
import ctypes
import math
import sys
from fractions import Fraction

import numpy as np

lib = ctypes.CDLL(sys.argv[1])
P = ctypes.POINTER
f32p, f64p = P(ctypes.c_float), P(ctypes.c_double)
for name, T, TP in (("f32", ctypes.c_float, f32p), ("f64", ctypes.c_double, f64p)):
    for fn in ("sum", "sumsq", "mean"):
        getattr(lib, "ek_%s_%s" % (fn, name)).argtypes = [TP, ctypes.c_size_t, TP]
    getattr(lib, "ek_dot_" + name).argtypes = [TP, TP, ctypes.c_size_t, TP]
    getattr(lib, "ek_variance_" + name).argtypes = [TP, ctypes.c_size_t, ctypes.c_uint, TP]
lib.ek_cpu_disable.argtypes = [ctypes.c_uint64]
lib.ek_cpu_detected.restype = ctypes.c_uint64
lib.ek_kernel_path.restype = ctypes.c_char_p

AVX512, AVX2, SSE42, ALL = 1 << 3, 1 << 2, 1 << 0, (1 << 64) - 1
failures = 0


def call(fn, dtype, *arrays, extra=()):
    ct, cp = (ctypes.c_float, f32p) if dtype == np.float32 else (ctypes.c_double, f64p)
    out = ct()
    ptrs = [a.ctypes.data_as(cp) for a in arrays]
    st = getattr(lib, "ek_%s_%s" % (fn, "f32" if dtype == np.float32 else "f64"))(
        *ptrs, ctypes.c_size_t(arrays[0].size), *extra, ctypes.byref(out))
    assert st == 0, (fn, st)
    return float(out.value)


def check(what, got, exact, tol):
    global failures
    err = abs(got - exact)
    if not err <= tol:
        failures += 1
        print("FAIL %s: got %r exact %r err %.3g tol %.3g" % (what, got, exact, err, tol))


def arrays(rng, dtype):
    """Seeded ill-conditioned inputs: cancelling pairs over a wide exponent range, plus noise."""
    out = []
    for n in (1, 17, 1000, 12345, 300001):
        k = max(n // 2, 1)
        big = rng.uniform(-1, 1, k) * 2.0 ** rng.integers(-40 if dtype == np.float64 else -20, 40 if dtype == np.float64 else 20, k)
        x = np.concatenate([big, -big * (1 + rng.uniform(-1e-6, 1e-6, k)), rng.normal(0, 1, n - k)])[:n]
        rng.shuffle(x)
        out.append(x.astype(dtype))
    out.append(np.full(10 ** 7, 0.1, dtype=dtype))
    out.append((1e6 + rng.normal(0, 1, 200003)).astype(dtype))
    return out


def cases():
    """Data and exact references, computed once and shared by every variant."""
    rng = np.random.default_rng(20240607)
    out = []
    for dtype, u in ((np.float32, 2.0 ** -24), (np.float64, 2.0 ** -53)):
        for x in arrays(rng, dtype):
            xs = x.astype(np.float64).tolist()
            n = x.size
            c = dict(x=x, dtype=dtype, u=u, n=n, s=math.fsum(xs), a=math.fsum(abs(v) for v in xs))
            y = rng.uniform(-1, 1, n).astype(dtype)
            c["y"] = y
            # Products of floats are exact in double; for doubles use exact rationals where
            # affordable, else fsum of the rounded products plus their rounding (u|x y| each).
            if dtype == np.float32:
                prods = (x.astype(np.float64) * y.astype(np.float64)).tolist()
                c["d"], c["slack"] = math.fsum(prods), 0.0
            else:
                prods = (x * y).tolist()
                if n <= 20000:
                    c["d"] = float(sum(Fraction(p) * Fraction(q) for p, q in zip(xs, y.tolist())))
                    c["slack"] = 0.0
                else:
                    c["d"] = math.fsum(prods)
                    c["slack"] = u * math.fsum(abs(p) for p in prods)
            c["ad"] = math.fsum(abs(p) for p in prods)
            if n > 1:
                c["var"] = float(np.var(x.astype(np.longdouble), ddof=1))
                c["absmean"] = abs(float(np.mean(x.astype(np.longdouble))))
                c["npvar"] = float(np.var(x, ddof=1))  # numpy in the data's own precision
            out.append(c)
    return out


def run(label, data):
    for c in data:
        x, dtype, u, n, s, a = c["x"], c["dtype"], c["u"], c["n"], c["s"], c["a"]
        tag = "%s %s n=%d" % (label, np.dtype(dtype).name, n)
        check(tag + " sum", call("sum", dtype, x), s, u * abs(s) * (1 + 2 ** -29) + 7.01 * u * a + 1e-300)
        if n == 10 ** 7 and dtype == np.float32:
            # correctly rounded: 10^7 * 0.1f = 1000000.0149... -> 1000000.0f
            check(tag + " sum exact", call("sum", dtype, x), float(np.float32(s)), 0)
        check(tag + " mean", call("mean", dtype, x), s / n, 2 * u * abs(s / n) + 7.01 * u * a / n + 1e-300)
        d, ad = c["d"], c["ad"]
        check(tag + " dot", call("dot", dtype, x, c["y"]), d,
              u * abs(d) + 9.01 * u * ad * (1 + 1e-9) + c["slack"] + 1e-300)
        if n > 1:
            ref, m = c["var"], c["absmean"]
            v = call("variance", dtype, x, extra=(ctypes.c_uint(1),))
            kappa2 = 1 + m * m / ref if ref > 0 else 1
            tol = (13 * u + 81 * u * u * kappa2) * ref + 1e-300
            if dtype == np.float64:
                tol += 1e-12 * ref  # the longdouble reference itself (64-bit mantissa)
            check(tag + " variance", v, ref, tol)
            if label.startswith("dispatched") and n == 200003:
                print("%s variance: ours %.17g numpy %.17g ref %.17g" % (tag, v, c["npvar"], ref))


data = cases()
masks = [(0, "dispatched")]
det = lib.ek_cpu_detected()
for m, name in ((AVX512, "avx2"), (AVX512 | AVX2, "sse42"), (ALL, "portable")):
    masks.append((m, name))
for mask, name in masks:
    lib.ek_cpu_disable(mask)
    path = lib.ek_kernel_path(2).decode()
    if name != "dispatched" and path != name:
        continue  # this variant is not runnable (or not built) here
    run(name + "(" + path + ")", data)
lib.ek_cpu_disable(0)
print("reduce_fsum: %d failure(s)" % failures)
sys.exit(1 if failures else 0)
