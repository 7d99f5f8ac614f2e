#!/usr/bin/python3
"""Writes the JSON test vectors (tests/vectors/*.json) that the native suite (check_native.py)
and every JS runtime (wasm-bindings/test/vectors.mjs) evaluate.

usage: generate.py LIBEDGEKERNELS_C_SO [OUTDIR]

Inputs are derived deterministically (splitmix64 from fixed seeds, Pillow-written images).
Expected values come from independent references where they exist:
  crc32            zlib.crc32
  crc32c           a bitwise CRC-32C written here (reflected 0x82F63B78)
  reduce           math.fsum and exact rational arithmetic (fractions), IEEE rules for NaN/Inf
  filter           numpy
  zscore           mean / sample stddev of the previous window recomputed here (fractions)
  holtwinters      R's stats::HoltWinters (Rscript, Debian r-base-core)
  window           a plain recomputation here of each documented window kind
  probe            the header fields Pillow wrote (format, size, mode, EXIF orientation)
  negotiate        the output format from the Accept rules documented in negotiate.h
  transform        output size and format from the documented fit rules
and from the native library (ctypes) for what only our kernels define: negotiated
widths/quality/Vary, the hashes of resized pixels and encoded bytes,
errors for truncated/garbage input. Where a reference legitimately differs in the last bits
(compensated sums vs fsum), the vector has a `tolerance` for those fields and ALSO `native`, the
library's exact result, which the wasm build must equal bit for bit. The native values are taken
with the portable kernels (ek_cpu_disable(ALL)), the algorithm the wasm module runs; the SIMD
variants of native x86 agree with them within the tolerance.
"""
import base64
import io
import json
import math
import os
import statistics
import struct
import sys
import zlib
from fractions import Fraction

import numpy as np
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import eklib  # noqa: E402
from eklib import b64, dec, enc, pack  # noqa: E402

LIB = eklib.load(sys.argv[1])
LIB.ek_cpu_disable.argtypes = [eklib.U64]
LIB.ek_cpu_disable.restype = None
LIB.ek_cpu_disable((1 << 64) - 1)
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.dirname(os.path.abspath(__file__))


# ---- deterministic inputs -------------------------------------------------------------------------
class Rng:
    """splitmix64: fixed across Python versions (random.Random's helpers are not promised to be)."""

    def __init__(self, seed):
        self.s = seed & (2 ** 64 - 1)

    def u64(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & (2 ** 64 - 1)
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & (2 ** 64 - 1)
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & (2 ** 64 - 1)
        return z ^ (z >> 31)

    def bytes(self, n):
        return bytes(self.u64() & 0xFF for _ in range(n))

    def uniform(self, lo=0.0, hi=1.0):
        return lo + (hi - lo) * ((self.u64() >> 11) / 2.0 ** 53)

    def normal(self):
        # Box-Muller on two uniforms; deterministic, no library randomness
        u1 = max(self.uniform(), 2.0 ** -53)
        return math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * self.uniform())


def vec(name, kind, inp, expected, source, tolerance=None, native=None):
    v = {"name": name, "kind": kind, "input": inp, "expected": expected, "source": source}
    got = eklib.evaluate(LIB, v)
    if tolerance:
        v["tolerance"] = tolerance
        v["native"] = got
        if not eklib.close(got, expected, tolerance):
            raise SystemExit("%s: native %r not within %r of the reference %r" % (name, got, tolerance, expected))
    elif not eklib.same(got, expected):
        raise SystemExit("%s: native %r != reference %r" % (name, got, expected))
    return v


def native(name, kind, inp, source="native library"):
    v = {"name": name, "kind": kind, "input": inp, "expected": None, "source": source}
    v["expected"] = eklib.evaluate(LIB, v)
    return v


def write(fname, description, vectors):
    names = [v["name"] for v in vectors]
    assert len(names) == len(set(names)), fname
    doc = {"description": description, "generator": "tests/vectors/generate.py", "vectors": vectors}
    with open(os.path.join(OUT, fname), "w") as f:
        json.dump(doc, f, indent=1, sort_keys=False, allow_nan=False)
        f.write("\n")
    print("%-18s %4d vectors" % (fname, len(vectors)))
    return len(vectors)


# ---- checksums --------------------------------------------------------------------------------------
def crc32c_ref(data, crc=0):
    crc ^= 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def crc_vectors():
    out = []
    rng = Rng(1)
    refs = {"crc32": (zlib.crc32, "zlib.crc32"), "crc32c": (crc32c_ref, "bitwise CRC-32C (generate.py)")}
    big = rng.bytes(4099)
    for kind, (ref, src) in refs.items():
        def add(name, data, seed=None, chunks=None):
            inp = {"data": b64(data)}
            if seed is not None:
                inp["seed"] = seed
            if chunks is not None:
                inp["chunks"] = chunks
            out.append(vec("%s/%s" % (kind, name), kind, inp, {"crc": ref(data, seed or 0)}, src))
        add("empty", b"")
        add("empty seeded", b"", seed=0xDEADBEEF)
        add("one byte 00", b"\x00")
        add("one byte ff", b"\xff")
        add("one byte a", b"a")
        add("check value 123456789", b"123456789")
        add("zeros 32", bytes(32))
        add("ones 33", b"\xff" * 33)
        add("ascii sentence", b"The quick brown fox jumps over the lazy dog")
        for n in list(range(2, 34)) + [47, 63, 64, 65, 127, 128, 129, 255, 256, 257, 511, 512, 513,
                                       1023, 1024, 1025, 2047, 4096, 4099]:
            add("random len %d" % n, big[:n])
        for n in (1, 7, 64, 100):  # odd alignment: a suffix of the buffer
            add("unaligned start +3 len %d" % n, big[3:3 + n])
        for seed in (1, 0x12345678, 0xFFFFFFFF, ref(b"hello")):
            add("seed 0x%08x len 77" % seed, big[100:177], seed=seed)
        add("continue after hello", b" world", seed=ref(b"hello"))
        add("chunks 1+2+3+4+1000", big[:1010], chunks=[1, 2, 3, 4, 1000])
        add("chunks 0+513+0+10", big[:523], chunks=[0, 513, 0, 10])
    # combine: CRC(A||B) from CRC(A), CRC(B), len(B), against the reference CRC of A||B
    for kind, (ref, src) in refs.items():
        ck = kind + "_combine"
        for la, lb in ((0, 0), (5, 0), (0, 5), (1, 1), (9, 17), (100, 1000), (3000, 1099)):
            a, b = big[:la], big[la:la + lb]
            out.append(vec("%s/len %d + %d" % (ck, la, lb), ck,
                           {"crc1": ref(a), "crc2": ref(b), "len2": lb}, {"crc": ref(a + b)}, src))
        zeros = bytes(1 << 20)
        out.append(vec("%s/len 10 + 1 MiB zeros" % ck, ck,
                       {"crc1": ref(big[:10]), "crc2": ref(zeros) if kind == "crc32" else crc32c_zeros_1m(),
                        "len2": 1 << 20},
                       {"crc": zlib.crc32(zeros, zlib.crc32(big[:10])) if kind == "crc32"
                        else crc32c_ref_continue(big[:10], 1 << 20)}, src))
    return out


_C_ZEROS = {}


def crc32c_zeros_1m():
    if "z" not in _C_ZEROS:
        _C_ZEROS["z"] = crc32c_table(bytes(1 << 20))
    return _C_ZEROS["z"]


def crc32c_ref_continue(prefix, nzeros):
    return crc32c_table(bytes(nzeros), crc32c_table(prefix))


_T = []


def crc32c_table(data, crc=0):
    """Table-driven CRC-32C (same polynomial as crc32c_ref, which checks it below); the bitwise
    one is too slow in Python for a MiB."""
    if not _T:
        for i in range(256):
            c = i
            for _ in range(8):
                c = (c >> 1) ^ (0x82F63B78 if c & 1 else 0)
            _T.append(c)
        assert crc32c_table(b"123456789") == crc32c_ref(b"123456789") == 0xE3069283
    crc ^= 0xFFFFFFFF
    for b in data:
        crc = _T[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


# ---- reductions -------------------------------------------------------------------------------------
U = {"f32": 2.0 ** -24, "f64": 2.0 ** -53}


def specials(xs):
    nan = any(math.isnan(x) for x in xs)
    pinf = any(x == math.inf for x in xs)
    ninf = any(x == -math.inf for x in xs)
    return nan, pinf, ninf


def ffloat(fr):
    """A Fraction to the nearest double, +-Inf beyond the range."""
    try:
        return float(fr)
    except OverflowError:
        return math.inf if fr > 0 else -math.inf


def rnd(t, x):
    return eklib.f32(x) if t == "f32" else x


def reduce_ref(op, t, xs, ys, ddof):
    """(expected, tolerance) for one reduction, from exact arithmetic and the documented rules."""
    n = len(xs)
    u = U[t]
    nan, pinf, ninf = specials(xs + (ys or []))
    if op in ("min", "max", "mean") and n == 0:
        return {"error": "EK_ERR_ARG"}, None
    if op == "variance" and n <= ddof:
        return {"error": "EK_ERR_ARG"}, None
    if op in ("min", "max"):
        if nan:
            return {"value": "NaN"}, None
        v = min(xs) if op == "min" else max(xs)
        return {"value": enc(v)}, None
    if nan:
        return {"value": "NaN"}, None
    if op == "sum":
        if pinf and ninf:
            return {"value": "NaN"}, None
        if pinf or ninf:
            return {"value": enc(math.inf if pinf else -math.inf)}, None
        if n == 0:  # +0.0, as reduce.hpp documents and numpy gives
            return {"value": 0}, None
        if all(x == 0 for x in xs):  # documented: only -0.0 gives -0.0
            neg = all(math.copysign(1, x) < 0 for x in xs)
            return {"value": "-0" if neg else 0}, None
        s = math.fsum(xs)
        tol = {"value": {"rel": 2 * u, "abs": 8 * u * math.fsum(abs(x) for x in xs)}}
        return {"value": enc(rnd(t, s))}, tol
    if op in ("sumsq", "dot"):
        ys2 = xs if op == "sumsq" else ys
        if pinf or ninf:
            prods = [x * y for x, y in zip(xs, ys2)]
            if any(math.isnan(p) for p in prods):
                return {"value": "NaN"}, None
            pi, ni = any(p == math.inf for p in prods), any(p == -math.inf for p in prods)
            return {"value": "NaN" if pi and ni else enc(math.inf if pi else -math.inf)}, None
        if n == 0:  # +0.0 as for sum
            return {"value": 0}, None
        s = sum(Fraction(x) * Fraction(y) for x, y in zip(xs, ys2))
        mag = ffloat(sum(abs(Fraction(x) * Fraction(y)) for x, y in zip(xs, ys2)))
        return {"value": enc(rnd(t, ffloat(s)))}, {"value": {"rel": 2 * u, "abs": 11 * u * mag}}
    if op == "mean":
        if pinf and ninf:
            return {"value": "NaN"}, None
        if pinf or ninf:
            return {"value": enc(math.inf if pinf else -math.inf)}, None
        m = sum(Fraction(x) for x in xs) / n
        mag = math.fsum(abs(x) for x in xs) / n
        return {"value": enc(rnd(t, ffloat(m)))}, {"value": {"rel": 3 * u, "abs": 8 * u * mag}}
    if op == "variance":
        if pinf or ninf:
            return {"value": "NaN"}, None
        fx = [Fraction(x) for x in xs]
        m = sum(fx) / n
        v = sum((x - m) ** 2 for x in fx) / (n - ddof)
        vf = ffloat(v)
        kappa2 = 1 + (float(m) ** 2 / vf if 0 < vf < math.inf else 0)
        return {"value": enc(rnd(t, vf))}, {"value": {"rel": 16 * u + 1000 * (9 * u) ** 2 * kappa2,
                                                      "abs": 0 if vf else 64 * u * float(abs(m)) ** 2}}
    raise ValueError(op)


def reduce_at(op, t, raw, offset):
    """The library's reduction of raw (little-endian f32/f64) placed `offset` bytes past a
    64-byte boundary."""
    import ctypes
    ct, size = (ctypes.c_float, 4) if t == "f32" else (ctypes.c_double, 8)
    buf = ctypes.create_string_buffer(len(raw) + 128)
    addr = ctypes.addressof(buf)
    ptr = addr + (-addr) % 64 + offset
    ctypes.memmove(ptr, raw, len(raw))
    out = ct()
    fn = getattr(LIB, "ek_%s_%s" % (op, t))
    if op == "variance":
        eklib.ok(fn(ctypes.c_void_p(ptr), len(raw) // size, 1, ctypes.byref(out)))
    else:
        eklib.ok(fn(ctypes.c_void_p(ptr), len(raw) // size, ctypes.byref(out)))
    return struct.pack("<d", out.value)


def sensitive_pattern(t, op):
    """A 97-element pattern, tiled past 64 KiB, whose `op` differs at an 8-byte offset from the
    aligned result (the first such pattern of a fixed seed sequence)."""
    fmt, size = ("f", 4) if t == "f32" else ("d", 8)
    reps = 65536 // (97 * size) + 1
    for seed in range(1000):
        rng = Rng(1000 + seed)
        pat = [rnd(t, 0.3 + 5 * rng.normal()) for _ in range(97)]
        raw = struct.pack("<%d%s" % (len(pat), fmt), *pat) * reps
        if reduce_at(op, t, raw, 0) != reduce_at(op, t, raw, 8):
            return pat, reps
    raise SystemExit("no alignment-sensitive pattern for %s %s" % (op, t))


def reduce_vectors():
    out = []
    rng = Rng(2)
    nan, inf = math.nan, math.inf

    def norm(t, n, scale=1.0, offset=0.0):
        return [rnd(t, offset + scale * rng.normal()) for _ in range(n)]

    def add(name, t, op, xs, ys=None, ddof=None, repeat=None):
        fmt = "f" if t == "f32" else "d"
        inp = {"op": op, "type": t, "x": pack(fmt, xs)}
        if repeat:
            inp["x"] = {"b64": inp["x"], "repeat": repeat}
        full_x = xs * (repeat or 1)
        full_y = None
        if ys is not None:
            inp["y"] = pack(fmt, ys)
            if repeat:
                inp["y"] = {"b64": inp["y"], "repeat": repeat}
            full_y = ys * (repeat or 1)
        if ddof is not None:
            inp["ddof"] = ddof
        expected, tol = reduce_ref(op, t, full_x, full_y, ddof or 0)
        out.append(vec("reduce/%s %s/%s" % (op, t, name), "reduce", inp, expected,
                       "math.fsum / fractions / IEEE rules", tol))

    ops = ["sum", "sumsq", "dot", "min", "max", "mean", "variance"]
    for t in ("f32", "f64"):
        def addop(op, name, xs, ys=None, repeat=None):
            if op == "dot":
                add(name, t, op, xs, ys if ys is not None else [rnd(t, 0.5 + 0.25 * ((i * 7) % 5)) for i in range(len(xs))],
                    repeat=repeat)
            elif op == "variance":
                add(name + " ddof 0", t, op, xs, ddof=0, repeat=repeat)
                add(name + " ddof 1", t, op, xs, ddof=1, repeat=repeat)
            else:
                add(name, t, op, xs, repeat=repeat)

        for op in ops:
            addop(op, "empty", [])
            addop(op, "one element", [rnd(t, 1.25)])
            addop(op, "one negative element", [rnd(t, -3.5)])
            for n in (2, 3, 5, 7, 9, 15, 17, 31, 33, 65):
                addop(op, "normal n %d" % n, norm(t, n, 10.0, 1.0))
            if op in ("sum", "dot", "variance"):
                for n in (129, 257):
                    addop(op, "normal n %d" % n, norm(t, n, 10.0, 1.0))
                if op != "dot":
                    addop(op, "n 1031 (odd tail past a block)", norm(t, 1031, 3.0, -2.0))
            addop(op, "NaN first", [nan] + norm(t, 8))
            addop(op, "NaN in tail n 19", norm(t, 18) + [nan])
            addop(op, "NaN middle n 100", norm(t, 50) + [nan] + norm(t, 49))
            addop(op, "+Inf", norm(t, 6) + [inf] + norm(t, 3))
            addop(op, "-Inf", norm(t, 4) + [-inf])
            addop(op, "+Inf and -Inf", [inf, 1.0, -inf])
            addop(op, "only -0", [-0.0] * 11)
            addop(op, "-0 and +0", [-0.0, 0.0, -0.0])
            addop(op, "ints 1..100", [float(i) for i in range(1, 101)])
        big = 1e300 if t == "f64" else 1e30
        tiny = 5e-324 if t == "f64" else eklib.f32(1.4e-45)
        sub = [tiny * (i + 1) for i in range(40)]
        for op in ("sum", "mean", "min", "max", "variance"):
            addop(op, "huge magnitudes", [rnd(t, big), rnd(t, 1.0), rnd(t, -big), rnd(t, 3.0)])
            addop(op, "cancellation", [rnd(t, 1e16 if t == "f64" else 1e8), 1.0, rnd(t, -1e16 if t == "f64" else -1e8)] * 5)
            addop(op, "subnormals", sub)
            addop(op, "large offset", norm(t, 200, 1.0, 1e9 if t == "f64" else 1e4))
        # tiles of a pattern: several blocks, and past the 64-block fold into the double total
        pat = norm(t, 251, 2.0, 0.5)
        for op in ("sum", "dot", "mean", "variance", "max"):
            addop(op, "pattern x300 (75300 elements)", pat, repeat=300)
        addop("sum", "0.1 x 4096", [rnd(t, 0.1)], repeat=4096)
        # Inputs beyond the package's 64 KiB scratch buffer (copied into ek_malloc'd memory)
        # whose last bit depends on the address modulo 64 (head_len): the runners catch a
        # package that does not align such inputs.
        for op in (("mean",) if t == "f32" else ("sum", "variance")):
            pat, reps = sensitive_pattern(t, op)
            addop(op, "alignment-sensitive 97 x %d (over 64 KiB)" % reps, pat, repeat=reps)
        addop("max", "huge finite", [rnd(t, big), rnd(t, -big)])
    return out


# ---- filters --------------------------------------------------------------------------------------
def filter_vectors():
    out = []
    rng = Rng(3)
    for n in (0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 1000):
        d = rng.bytes(n)
        a = np.frombuffer(d, dtype=np.uint8)
        for th in (0, 127, 254):
            if n not in (0, 17, 100, 1000) and th != 127:
                continue
            out.append(vec("filter/threshold_u8 n %d t %d" % (n, th), "filter",
                           {"op": "threshold_u8", "data": b64(d), "threshold": th},
                           {"out": b64(np.where(a > th, a, 0).astype(np.uint8).tobytes())}, "numpy"))
            idx = np.nonzero(a > th)[0].tolist()
            out.append(vec("filter/select_above_u8 n %d t %d" % (n, th), "filter",
                           {"op": "select_above_u8", "data": b64(d), "threshold": th},
                           {"indices": idx, "count": len(idx)}, "numpy.nonzero"))
        out.append(vec("filter/clamp_u8 n %d" % n, "filter", {"op": "clamp_u8", "data": b64(d), "lo": 40, "hi": 200},
                       {"out": b64(np.clip(a, 40, 200).astype(np.uint8).tobytes())}, "numpy.clip"))
        ai = np.array([(rng.u64() & 0xFFFFFFFF) - 2 ** 31 for _ in range(n)], dtype="<i4")
        for lo, hi in ((-1000, 1000), (-2 ** 31, 2 ** 31 - 1), (5, 5)):
            if n not in (0, 33, 100) and (lo, hi) != (-1000, 1000):
                continue
            out.append(vec("filter/clamp_i32 n %d [%d, %d]" % (n, lo, hi), "filter",
                           {"op": "clamp_i32", "data": b64(ai.tobytes()), "lo": lo, "hi": hi},
                           {"out": b64(np.clip(ai, lo, hi).astype("<i4").tobytes())}, "numpy.clip"))
        af = np.array([rng.normal() * 3 for _ in range(n)], dtype="<f4")
        out.append(vec("filter/clamp_f32 n %d" % n, "filter",
                       {"op": "clamp_f32", "data": b64(af.tobytes()), "lo": -1.5, "hi": 2},
                       {"out": b64(np.clip(af, np.float32(-1.5), np.float32(2)).astype("<f4").tobytes())},
                       "numpy.clip"))
    sp = np.array([np.nan, -np.inf, np.inf, -0.0, 0.5, -7, 7, np.nan, 1e-45, -3e38] * 3, dtype="<f4")
    out.append(vec("filter/clamp_f32 specials", "filter",
                   {"op": "clamp_f32", "data": b64(sp.tobytes()), "lo": -1, "hi": 1},
                   {"out": b64(np.clip(sp, np.float32(-1), np.float32(1)).astype("<f4").tobytes())},
                   "numpy.clip (NaN stays NaN)"))
    d = bytes(range(10))
    out.append(vec("filter/clamp_u8 lo > hi", "filter", {"op": "clamp_u8", "data": b64(d), "lo": 9, "hi": 3},
                   {"error": "EK_ERR_ARG"}, "filter.h"))
    out.append(vec("filter/clamp_i32 lo > hi", "filter",
                   {"op": "clamp_i32", "data": pack("i", [1, 2]), "lo": 1, "hi": 0},
                   {"error": "EK_ERR_ARG"}, "filter.h"))
    out.append(vec("filter/clamp_f32 NaN bound", "filter",
                   {"op": "clamp_f32", "data": pack("f", [1, 2]), "lo": "NaN", "hi": 1},
                   {"error": "EK_ERR_ARG"}, "filter.h"))
    return out


# ---- z-score detector ---------------------------------------------------------------------------------
def zscore_ref(values, window, warmup, warn, crit):
    start = max(window if warmup is None else warmup, 2)
    acc = []
    rows = []
    for x in values:
        prev = acc[-window:]
        k = len(prev)
        mean = float(sum(Fraction(v) for v in prev) / k) if k else math.nan
        if k >= 2:
            m = sum(Fraction(v) for v in prev) / k
            var = sum((Fraction(v) - m) ** 2 for v in prev) / (k - 1)
            sd = math.sqrt(float(var)) if var else 0.0
        else:
            sd = math.nan
        if not math.isfinite(x):
            rows.append({"mean": enc(mean), "stddev": enc(sd), "z": 0, "level": 0, "accepted": False})
            continue
        if len(acc) < start or k < 2 or sd == 0:
            z = 0.0
        else:
            z = float((Fraction(x) - sum(Fraction(v) for v in prev) / k)) / sd
        a = abs(z)
        level = 2 if a >= crit else 1 if a >= warn else 0
        rows.append({"mean": enc(mean), "stddev": enc(sd), "z": enc(z), "level": level, "accepted": True})
        acc.append(x)
    return {"results": rows}


def zscore_vectors():
    out = []
    rng = Rng(4)
    nan, inf = math.nan, math.inf

    def add(name, values, window=30, warmup=None, warn=2.0, crit=3.0):
        cfg = {"window": window, "warmup": warmup, "warn": warn, "crit": crit}
        tol = {"mean": {"rel": 1e-12, "abs": 1e-12}, "stddev": {"rel": 1e-11, "abs": 1e-12},
               "z": {"rel": 1e-10, "abs": 1e-10}}
        exp = zscore_ref(values, window, warmup, warn, crit)
        out.append(vec("zscore/" + name, "zscore", {"config": cfg, "values": [enc(v) for v in values]},
                       exp, "fractions recomputation of the previous window (zscore.hpp)", tol))

    base = [20 + rng.normal() for _ in range(60)]
    spiky = base[:]
    spiky[35] += 9
    spiky[47] -= 6
    add("window 10 spikes", spiky, window=10)
    add("window 10 NaN and Inf rejected", base[:20] + [nan] + base[20:30] + [inf, -inf] + [base[30] + 8] + base[31:40],
        window=10)
    add("window 5 warmup 3", [rng.normal() for _ in range(30)] + [6.0], window=5, warmup=3)
    add("window 8 warmup 20", [rng.normal() for _ in range(30)], window=8, warmup=20)
    add("constant then step", [5.0] * 12 + [5.5, 5.0, 5.0], window=6)
    add("window 1", [1.0, 2.0, 3.0, 10.0], window=1)
    add("large offset 1e9", [1e9 + rng.normal() for _ in range(40)] + [1e9 + 7], window=12)
    add("warn 1 crit 1.5", [rng.normal() for _ in range(40)], window=15, warn=1.0, crit=1.5)
    add("leading NaN", [nan, nan] + [float(i % 3) for i in range(12)], window=4)
    return out


# ---- Holt-Winters --------------------------------------------------------------------------------------
HW_TOL = {k: {"rel": 1e-9, "abs": 1e-9} for k in ("fitted", "forecast", "a", "b", "s")}
HW_TOL["sse"] = {"rel": 1e-8, "abs": 1e-9}

R_HW = r"""
a <- commandArgs(trailingOnly = TRUE)
x <- scan(a[1], quiet = TRUE)
cfg <- as.numeric(strsplit(a[2], ",")[[1]])  # alpha, beta, gamma, period, trend, seasonal, horizon
P <- if (cfg[6] == 1) cfg[4] else 1
beta <- if (cfg[5] == 1) cfg[2] else FALSE
gamma <- if (cfg[6] == 1) cfg[3] else FALSE
hw <- HoltWinters(ts(x, frequency = P), alpha = cfg[1], beta = beta, gamma = gamma, seasonal = "additive")
f <- fitted(hw)
g <- function(v) paste(sprintf("%.17g", as.numeric(v)), collapse = ",")
cf <- hw$coefficients
cat("first", length(x) - nrow(f), "\n")
cat("xhat", g(f[, "xhat"]), "\n")
cat("pred", g(predict(hw, cfg[7])), "\n")
cat("a", g(cf[["a"]]), "\n")
cat("b", g(if (cfg[5] == 1) cf[["b"]] else 0), "\n")
cat("s", if (cfg[6] == 1) g(cf[grep("^s[0-9]+$", names(cf))]) else "", "\n")
cat("sse", g(hw$SSE), "\n")
"""


def holtwinters_r(values, cfg, horizon):
    """R's HoltWinters on the accepted (finite) values, in the vector's output shape."""
    import subprocess
    import tempfile
    xs = [v for v in values if math.isfinite(v)]
    c = {"alpha": 0.3, "beta": 0.1, "gamma": 0.1, "period": 12, "trend": True, "seasonal": True}
    c.update(cfg)
    with tempfile.TemporaryDirectory() as d:
        xf, rf = os.path.join(d, "x.txt"), os.path.join(d, "hw.R")
        with open(xf, "w") as f:
            f.write("\n".join("%.17g" % v for v in xs))
        with open(rf, "w") as f:
            f.write(R_HW)
        args = ",".join(str(float(v)) for v in (c["alpha"], c["beta"], c["gamma"], c["period"],
                                                int(c["trend"]), int(c["seasonal"]), horizon))
        r = subprocess.run(["Rscript", rf, xf, args], capture_output=True, text=True, check=True)
    got = {}
    for line in r.stdout.splitlines():
        k, _, v = line.strip().partition(" ")
        got[k] = [float(t) for t in v.strip().split(",") if t.strip()] if k != "first" else int(v)
    res = {"fitted": [None] * got["first"] + [enc(v) for v in got["xhat"]],
           "forecast": [enc(v) for v in got["pred"]], "a": enc(got["a"][0]), "b": enc(got["b"][0]),
           "sse": enc(got["sse"][0])}
    if c["seasonal"]:
        res["s"] = [enc(v) for v in got["s"]]
    return res


def holtwinters_vectors():
    out = []
    rng = Rng(5)
    season = [3, -1, 4, -6]
    s4 = [10 + 0.3 * i + season[i % 4] + 0.2 * rng.normal() for i in range(28)]
    s12 = [100 + 0.8 * i + 12 * math.sin(2 * math.pi * i / 12) + rng.normal() for i in range(48)]
    trend = [5 + 0.7 * i + 0.1 * rng.normal() for i in range(20)]
    level = [50 + rng.normal() for _ in range(25)]

    def add(name, values, cfg, horizon=6):
        inp = {"config": cfg, "values": [enc(v) for v in values], "horizon": horizon}
        exp = holtwinters_r(values, cfg, horizon)
        out.append(vec("holtwinters/" + name, "holtwinters", inp, exp,
                       "R stats::HoltWinters (fitted, predict, coefficients, SSE)", HW_TOL))

    add("seasonal period 4", s4, {"alpha": 0.4, "beta": 0.1, "gamma": 0.3, "period": 4, "trend": True, "seasonal": True})
    add("seasonal period 12 defaults", s12, {"period": 12}, horizon=14)
    add("seasonal period 4 with NaN", s4[:13] + [math.nan] + s4[13:], {"alpha": 0.5, "beta": 0.2, "gamma": 0.1,
                                                                       "period": 4, "trend": True, "seasonal": True})
    add("holt (no season)", trend, {"alpha": 0.6, "beta": 0.3, "trend": True, "seasonal": False})
    add("simple exponential smoothing", level, {"alpha": 0.2, "trend": False, "seasonal": False}, horizon=3)
    add("seasonal without trend", s4, {"alpha": 0.3, "gamma": 0.5, "period": 4, "trend": False, "seasonal": True})
    return out


# ---- keyed windows ------------------------------------------------------------------------------------
def agg_ref(vals, mask_names):
    """vals in first..last order."""
    d = {}
    n = len(vals)
    for name in mask_names:
        if name == "count":
            d[name] = n
        elif name == "sum":
            d[name] = enc(math.fsum(vals)) if n else 0
        elif name == "mean":
            d[name] = enc(math.fsum(vals) / n) if n else "NaN"
        elif name == "min":
            d[name] = enc(min(vals)) if n else "NaN"
        elif name == "max":
            d[name] = enc(max(vals)) if n else "NaN"
        elif name == "variance":
            d[name] = enc(statistics.variance(vals)) if n >= 2 else "NaN"
        elif name == "first":
            d[name] = enc(vals[0]) if n else "NaN"
        elif name == "last":
            d[name] = enc(vals[-1]) if n else "NaN"
    return d


WTOL = {"sum": {"rel": 1e-12, "abs": 1e-12}, "mean": {"rel": 1e-12, "abs": 1e-12},
        "variance": {"rel": 1e-9, "abs": 1e-12}}


def window_count_ref(cfg, events, gets):
    size = cfg["size"]
    per = {}
    st = []
    rejected = 0
    for key, ts, v in events:
        v = dec(v)
        if not math.isfinite(v):
            st.append("EK_ERR_ARG")
            rejected += 1
            continue
        per.setdefault(key, []).append(v)
        st.append("EK_OK")
    names = cfg.get("aggregates", eklib.AGGS)
    return {"statuses": st, "get": {k: agg_ref(per.get(k, [])[-size:], names) for k in gets}, "events": [],
            "counters": {"keys": len(per), "evictions": 0, "rejected": rejected, "late": 0, "overflow": 0}}


def window_sliding_ref(cfg, events, gets):
    size, late_allow = cfg["size"], cfg.get("lateness", 0)
    per, wm = {}, {}
    st = []
    rejected = late = 0
    for key, ts, v in events:
        v = dec(v)
        if not math.isfinite(v):
            st.append("EK_ERR_ARG")
            rejected += 1
            continue
        if key in wm and ts < wm[key] - late_allow:
            st.append("EK_ERR_LIMIT")
            late += 1
            continue
        per.setdefault(key, []).append((ts, len(per.get(key, [])), v))
        wm[key] = max(wm.get(key, ts), ts)
        st.append("EK_OK")
    names = cfg.get("aggregates", eklib.AGGS)
    got = {}
    for k in gets:
        if k not in per:
            got[k] = agg_ref([], names)
            continue
        w = wm[k]
        vals = [v for ts, i, v in sorted(per[k]) if w - size < ts <= w]
        got[k] = agg_ref(vals, names)
    return {"statuses": st, "get": got, "events": [],
            "counters": {"keys": len(per), "evictions": 0, "rejected": rejected, "late": late, "overflow": 0}}


def window_tumbling_ref(cfg, events, gets, flush):
    size, origin = cfg["size"], cfg.get("origin", 0)
    names = cfg.get("aggregates", eklib.AGGS)
    per, wm, closed_upto = {}, {}, {}
    st, emitted = [], []
    rejected = late = 0
    keys_order = []
    for key, ts, v in events:
        v = dec(v)
        if not math.isfinite(v):
            st.append("EK_ERR_ARG")
            rejected += 1
            continue
        if key in wm and ts < wm[key]:  # lateness 0: older than the watermark is late
            st.append("EK_ERR_LIMIT")
            late += 1
            continue
        if key not in per:
            keys_order.append(key)
        start = origin + ((ts - origin) // size) * size
        per.setdefault(key, {}).setdefault(start, []).append((ts, len(emitted) + len(st), v))
        wm[key] = max(wm.get(key, ts), ts)
        st.append("EK_OK")
        for s in sorted(per[key]):
            if s + size <= wm[key] and s not in closed_upto.setdefault(key, set()):
                closed_upto[key].add(s)
                vals = [x for _, _, x in sorted(per[key][s])]
                emitted.append({"kind": "closed", "evicted": False, "key": key, "start": s, "end": s + size,
                                "agg": agg_ref(vals, names)})
    got = {}
    for k in gets:
        if k not in per:
            got[k] = agg_ref([], names)
            continue
        cur = origin + ((wm[k] - origin) // size) * size
        vals = [x for _, _, x in sorted(per[k].get(cur, []))] if cur not in closed_upto.get(k, set()) else []
        got[k] = agg_ref(vals, names)
    if flush:
        for key in keys_order:
            for s in sorted(per[key]):
                if s not in closed_upto.setdefault(key, set()):
                    closed_upto[key].add(s)
                    vals = [x for _, _, x in sorted(per[key][s])]
                    emitted.append({"kind": "closed", "evicted": False, "key": key, "start": s, "end": s + size,
                                    "agg": agg_ref(vals, names)})
    return {"statuses": st, "get": got, "events": emitted,
            "counters": {"keys": len(per), "evictions": 0, "rejected": rejected, "late": late, "overflow": 0}}


def window_vectors():
    out = []
    rng = Rng(6)

    def add(name, cfg, events, gets, flush=False, ref=None):
        inp = {"config": cfg, "events": [[k, ts, enc(v)] for k, ts, v in events], "get": gets}
        if flush:
            inp["flush"] = True
        exp = ref(cfg, inp["events"], gets, flush) if ref is window_tumbling_ref else ref(cfg, inp["events"], gets)
        out.append(vec("window/" + name, "window", inp, exp, "plain recomputation (window.h rules)", WTOL))

    ev = [(("a", "b", "c")[i % 3], i, round(rng.normal() * 10, 3)) for i in range(40)]
    add("count size 4 three keys", {"kind": "count", "size": 4}, ev, ["a", "b", "c", "zz"], ref=window_count_ref)
    ev2 = ev[:10] + [("a", 10, math.nan), ("b", 11, math.inf)] + ev[10:]
    add("count size 7 with NaN/Inf", {"kind": "count", "size": 7, "aggregates": ["count", "sum", "mean", "last"]}, ev2,
        ["a", "b"], ref=window_count_ref)
    evs = [("k%d" % (i % 2), t, rng.normal() + 5) for i, t in enumerate([1, 2, 3, 5, 4, 8, 13, 9, 21, 22, 30, 29, 31, 40])]
    add("sliding size 10 out of order", {"kind": "sliding", "size": 10, "lateness": 20}, evs, ["k0", "k1"],
        ref=window_sliding_ref)
    evl = [("s", t, float(t)) for t in [100, 105, 103, 90, 110, 95, 111, 112]]
    add("sliding size 8 late rejected", {"kind": "sliding", "size": 8, "lateness": 5}, evl, ["s", "t"],
        ref=window_sliding_ref)
    evt = [("x" if i % 3 else "y", t, round(rng.normal(), 4)) for i, t in enumerate(range(0, 95, 4))]
    add("tumbling size 10 flush", {"kind": "tumbling", "size": 10}, evt, ["x", "y"], flush=True,
        ref=window_tumbling_ref)
    add("tumbling size 25 origin 3 no flush", {"kind": "tumbling", "size": 25, "origin": 3}, evt, ["x", "y"],
        ref=window_tumbling_ref)
    return out


# ---- probe -----------------------------------------------------------------------------------------------
def pil_bytes(img, fmt, **kw):
    b = io.BytesIO()
    img.save(b, fmt, **kw)
    return b.getvalue()


def gradient(w, h, mode):
    a = np.zeros((h, w, 4), np.uint8)
    a[..., 0] = (np.arange(w)[None, :] * 255 // max(w - 1, 1))
    a[..., 1] = (np.arange(h)[:, None] * 255 // max(h - 1, 1))
    a[..., 2] = ((np.arange(w)[None, :] + np.arange(h)[:, None]) * 7) % 256
    a[..., 3] = 255 - ((np.arange(w)[None, :] * 3 + np.arange(h)[:, None] * 5) % 200)
    return Image.fromarray(a, "RGBA").convert(mode)


MODE_CHANNELS = {"1": 1, "L": 1, "I;16": 1, "I": 1, "LA": 2, "RGB": 3, "RGBA": 4, "CMYK": 3, "YCbCr": 3}


def pil_info(data):
    im = Image.open(io.BytesIO(data))
    fmt = {"JPEG": "jpeg", "PNG": "png", "GIF": "gif", "WEBP": "webp", "BMP": "bmp"}[im.format]
    mode = im.mode
    if mode == "P":
        ch = 4 if "transparency" in im.info else 3
    elif mode in ("L", "RGB") and "transparency" in im.info and fmt == "png":
        ch = MODE_CHANNELS[mode] + 1
    elif fmt == "webp":
        ch = 4 if mode == "RGBA" else 3
    else:
        ch = MODE_CHANNELS[mode]
    orient = im.getexif().get(0x0112, 1)
    return {"format": fmt, "width": im.width, "height": im.height, "channels": ch, "orientation": orient}


def probe_vectors():
    out = []
    files = {}

    def add(name, data, expected=None, source="Pillow (what it wrote)"):
        files[name] = data
        exp = expected if expected is not None else pil_info(data)
        out.append(vec("probe/" + name, "probe", {"data": b64(data)}, exp, source))

    exif6 = Image.Exif()
    exif6[0x0112] = 6
    exif3 = Image.Exif()
    exif3[0x0112] = 3
    add("png rgb 37x21", pil_bytes(gradient(37, 21, "RGB"), "PNG"))
    add("png rgba 16x9", pil_bytes(gradient(16, 9, "RGBA"), "PNG"))
    add("png gray 5x300", pil_bytes(gradient(5, 300, "L"), "PNG"))
    add("png gray+alpha 7x7", pil_bytes(gradient(7, 7, "LA"), "PNG"))
    add("png palette 33x12", pil_bytes(gradient(33, 12, "RGB").convert("P"), "PNG"))
    add("png palette with tRNS", pil_bytes(gradient(10, 10, "RGB").convert("P"), "PNG", transparency=0))
    add("png rgb with tRNS", pil_bytes(gradient(10, 4, "RGB"), "PNG", transparency=(0, 0, 0)))
    add("png 16-bit gray", pil_bytes(gradient(9, 8, "L").convert("I;16"), "PNG"))
    add("png 1-bit", pil_bytes(gradient(20, 3, "L").convert("1"), "PNG"))
    add("png exif orientation 6", pil_bytes(gradient(12, 8, "RGB"), "PNG", exif=exif6))
    add("jpeg rgb 64x48", pil_bytes(gradient(64, 48, "RGB"), "JPEG", quality=90))
    add("jpeg gray 17x3", pil_bytes(gradient(17, 3, "L"), "JPEG"))
    add("jpeg cmyk 8x8", pil_bytes(gradient(8, 8, "RGB").convert("CMYK"), "JPEG"))
    add("jpeg progressive 40x30", pil_bytes(gradient(40, 30, "RGB"), "JPEG", progressive=True))
    add("jpeg exif orientation 6", pil_bytes(gradient(30, 20, "RGB"), "JPEG", exif=exif6))
    add("jpeg exif orientation 3", pil_bytes(gradient(30, 20, "RGB"), "JPEG", exif=exif3))
    add("gif 25x14", pil_bytes(gradient(25, 14, "RGB").convert("P"), "GIF"))
    add("gif transparent", pil_bytes(gradient(25, 14, "RGB").convert("P"), "GIF", transparency=3, optimize=False))
    add("webp lossy 50x40", pil_bytes(gradient(50, 40, "RGB"), "WEBP", quality=80))
    add("webp lossless rgba 19x23", pil_bytes(gradient(19, 23, "RGBA"), "WEBP", lossless=True))
    add("webp lossy rgba (VP8X)", pil_bytes(gradient(19, 23, "RGBA"), "WEBP", quality=70))
    add("bmp rgb 13x7", pil_bytes(gradient(13, 7, "RGB"), "BMP"))
    add("bmp gray 6x6", pil_bytes(gradient(6, 6, "L"), "BMP"), {"format": "bmp", "width": 6, "height": 6,
                                                                 "channels": 3, "orientation": 1},
        "probe.h: BMP palettes decode to RGB (Pillow reads mode L)")
    add("bmp rgba 9x5", pil_bytes(gradient(9, 5, "RGBA"), "BMP"))
    # truncated and garbage input: the documented errors
    fmt_err = {"error": "EK_ERR_FORMAT"}
    png = files["png rgb 37x21"]
    jpg = files["jpeg rgb 64x48"]
    gif = files["gif 25x14"]
    for n in (0, 1, 7, 8, 16, 24, 33, 40):
        add("png truncated to %d" % n, png[:n], fmt_err, "probe.h: walk must reach the first IDAT header")
    add("png signature only + garbage", png[:8] + b"\x00" * 30, fmt_err, "probe.h")
    add("png width 0", png[:16] + b"\x00\x00\x00\x00" + png[20:], fmt_err, "probe.h: width 0")
    for n in (2, 4, 20, 100):
        add("jpeg truncated to %d" % n, jpg[:n], fmt_err, "probe.h: no SOF within the bytes")
    for n in (6, 10, 13):
        add("gif truncated to %d" % n, gif[:n], fmt_err, "probe.h: walk must reach the image descriptor")
    for n in (12, 20, 29):
        add("webp truncated to %d" % n, files["webp lossy 50x40"][:n], fmt_err, "probe.h")
    add("bmp truncated to 20", files["bmp rgb 13x7"][:20], fmt_err, "probe.h")
    rng = Rng(7)
    add("garbage 64 bytes", rng.bytes(64), fmt_err, "probe.h: unknown format")
    add("text", b"hello, this is not an image", fmt_err, "probe.h")
    add("RIFF but not WEBP", b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(24), fmt_err, "probe.h")
    add("GIF magic only", b"GIF89a", fmt_err, "probe.h")
    add("single zero byte", b"\x00", fmt_err, "probe.h")
    return out, files


# ---- negotiate ---------------------------------------------------------------------------------------------
def accept_format(accept, keep_alpha):
    """negotiate.h's format rule for the default policy: explicit image/avif, then image/webp
    (q > 0; any q=0 for the type wins; wildcards never count), else PNG for alpha, else JPEG."""
    q = {}
    for el in _split_outside_quotes(accept or ""):
        parts = [p.strip() for p in _split_outside_quotes(el, ";")]
        mt = parts[0].lower()
        if not mt:
            continue
        qv = 1.0
        bad = False
        for p in parts[1:]:
            if "=" in p:
                k, v = p.split("=", 1)
                if k.strip().lower() == "q":
                    v = v.strip()
                    try:
                        qv = float(v) if all(c in "0123456789." for c in v) and v else None
                    except ValueError:
                        qv = None
                    if qv is None or not (0 <= qv <= 1):
                        bad = True
        if bad:
            continue
        q.setdefault(mt, []).append(qv)
    ok = {t: (t in q and all(v > 0 for v in q[t])) for t in ("image/avif", "image/webp")}
    if ok["image/avif"]:
        return "avif"
    if ok["image/webp"]:
        return "webp"
    return "png" if keep_alpha else "jpeg"


def _split_outside_quotes(s, sep=","):
    out, cur, quoted = [], "", False
    for ch in s:
        if ch == '"':
            quoted = not quoted
        if ch == sep and not quoted:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    out.append(cur)
    return out


def _pos_int(v):
    v = (v or "").strip(" \t")
    return int(v) if v.isdigit() and int(v) > 0 else None


def _pos_dec(v):
    v = (v or "").strip(" \t")
    if not v or not all(c in "0123456789." for c in v) or v.count(".") > 1 or v in (".",):
        return None
    whole, _, frac = v.partition(".")
    milli = int(whole or "0") * 1000 + int((frac + "000")[:3])
    return milli if milli > 0 else None


def negotiate_rules(headers, source):
    """negotiate.h's width, quality and max-age rules for the default policy (width_step 100,
    min 1, max 4096, max_dpr 3, quality 80, Save-Data 50, 3g 60, 2g 40, 30 days / 1 day)."""
    h = {k.lower(): v for k, v in headers.items()}
    src = source.get("width", 0)
    dpr_m = _pos_dec(h.get("sec-ch-dpr"))
    if dpr_m is None:
        dpr_m = _pos_dec(h.get("dpr"))
    dpr_m = min(max(dpr_m or 1000, 1000), 3000)
    w = _pos_int(h.get("sec-ch-width"))
    if w is None:
        w = _pos_int(h.get("width"))
    if w is None:
        vw = _pos_int(h.get("sec-ch-viewport-width"))
        if vw is None:
            vw = _pos_int(h.get("viewport-width"))
        if vw is not None:
            w = -(-vw * dpr_m // 1000)
    if w is None:
        w = src or 4096
    if src:
        w = min(w, src)
    w = -(-w // 100) * 100
    if src and w > src:
        w = src
    w = max(min(w, 4096), 1)
    q = 80
    if (h.get("save-data") or "").strip().lower() == "on":
        q = min(q, 50)
    ect = (h.get("ect") or "").strip().lower()
    q = min(q, {"slow-2g": 40, "2g": 40, "3g": 60}.get(ect, 80))
    return w, q, 2592000 if q == 80 else 86400


def negotiate_vectors():
    out = []
    chrome = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8"
    cases = [
        ("chrome", {"accept": chrome}, {}),
        ("chrome source 1200", {"accept": chrome}, {"width": 1200}),
        ("firefox webp era", {"accept": "image/webp,*/*"}, {"width": 3000}),
        ("safari old", {"accept": "image/png,image/svg+xml,image/*;q=0.8,video/*;q=0.8,*/*;q=0.5"}, {"width": 800}),
        ("curl", {"accept": "*/*"}, {"width": 1234}),
        ("no headers", {}, {}),
        ("webp refused", {"accept": "image/webp;q=0, image/*"}, {"width": 500}),
        ("avif q=0 webp ok", {"accept": "image/avif;q=0,image/webp;q=0.5"}, {"width": 500}),
        ("avif twice one q=0", {"accept": "image/avif, image/avif;q=0, image/webp"}, {}),
        ("upper case", {"accept": "IMAGE/AVIF;Q=0.9"}, {}),
        ("malformed q ignored", {"accept": "image/avif;q=abc, image/webp;q=1.5, image/jpeg"}, {"width": 640}),
        ("quoted comma", {"accept": 'image/png;x="a,image/avif", text/html'}, {}),
        ("blanks and empties", {"accept": " , ,image/webp ; q=0.1 ,,"}, {"width": 90}),
        ("wildcards only", {"accept": "image/*,*/*"}, {"width": 700}),
        ("alpha curl", {"accept": "*/*"}, {"width": 300, "keep_alpha": True}),
        ("alpha chrome", {"accept": chrome}, {"width": 300, "keep_alpha": True}),
        ("dpr 2 width 400", {"accept": "image/avif,image/webp,*/*", "dpr": "2", "width": "400"}, {}),
        ("viewport x dpr", {"accept": chrome, "dpr": "2.625", "viewport-width": "412"}, {"width": 3000}),
        ("sec-ch spellings", {"accept": chrome, "sec-ch-width": "640", "width": "100", "sec-ch-dpr": "3"}, {}),
        ("bad width ignored", {"accept": chrome, "width": "400px", "viewport-width": "-1"}, {"width": 2000}),
        ("save-data", {"accept": chrome, "save-data": "on"}, {"width": 1000}),
        ("ect 2g", {"accept": "image/webp", "ect": "2g"}, {"width": 1000}),
        ("ect 3g and save-data", {"accept": "*/*", "ect": "3g", "save-data": "on"}, {"width": 1000}),
        ("ect slow-2g", {"ect": "slow-2g"}, {}),
        ("huge dpr clamped", {"dpr": "10", "viewport-width": "500"}, {"width": 5000}),
        ("min source", {"accept": chrome, "width": "10"}, {"width": 1}),
    ]
    for name, headers, source in cases:
        v = native("negotiate/" + name, "negotiate", {"headers": headers, "source": source},
                   "format, width, quality, max_age: negotiate.h's rules (generate.py); Vary, Accept-CH: native library")
        ref = accept_format(headers.get("accept"), source.get("keep_alpha", False))
        if v["expected"]["format"] != ref:
            raise SystemExit("negotiate %s: native %s, Accept rules %s" % (name, v["expected"]["format"], ref))
        e = v["expected"]
        rules = negotiate_rules(headers, source)
        if (e["width"], e["quality"], e["max_age"]) != rules:
            raise SystemExit("negotiate %s: native width/quality/max_age %r, rules %r" % (
                name, (e["width"], e["quality"], e["max_age"]), rules))
        out.append(v)
    # pad_accept: the runner appends that many "x" to Accept (keeps the file small)
    out.append(native("negotiate/accept over 64 KiB", "negotiate",
                      {"headers": {"accept": "image/webp,"}, "pad_accept": 65536, "source": {}},
                      "negotiate.h: EK_ERR_LIMIT"))
    assert out[-1]["expected"] == {"error": "EK_ERR_LIMIT"}
    return out


# ---- transform ---------------------------------------------------------------------------------------------
def fit_size(sw, sh, w, h, fit):
    """Output size by the documented fit rules (image.h), rounding to nearest, at least 1."""
    if w == 0 and h == 0:
        return sw, sh
    if w == 0:
        return max(1, round(sw * h / sh)), h
    if h == 0:
        return w, max(1, round(sh * w / sw))
    if fit in ("cover", "fill", "exact"):
        return w, h
    s = min(w / sw, h / sh)
    return max(1, round(sw * s)), max(1, round(sh * s))


def transform_vectors():
    out = []
    rgb = pil_bytes(gradient(64, 48, "RGB"), "PNG")
    rgba = pil_bytes(gradient(50, 50, "RGBA"), "PNG")
    gray = pil_bytes(gradient(30, 70, "L"), "PNG")
    cases = [
        ("png rgb 64x48 -> w 32 png", rgb, (64, 48), {"width": 32, "format": "png"}),
        ("png rgb 64x48 -> 20x20 cover png", rgb, (64, 48), {"width": 20, "height": 20, "fit": "cover", "format": "png"}),
        ("png rgb 64x48 -> 40x40 fill png", rgb, (64, 48), {"width": 40, "height": 40, "fit": "fill", "format": "png",
                                                            "background": [255, 0, 0, 255]}),
        ("png rgb 64x48 -> 25x25 exact bilinear png", rgb, (64, 48), {"width": 25, "height": 25, "fit": "exact",
                                                                      "filter": "bilinear", "format": "png"}),
        ("png rgb 64x48 -> h 100 (enlarge) bicubic png", rgb, (64, 48), {"height": 100, "filter": "bicubic", "format": "png"}),
        ("png rgba 50x50 -> 17 wide png", rgba, (50, 50), {"width": 17, "format": "png"}),
        ("png rgba 50x50 -> 30x10 contain default format", rgba, (50, 50), {"width": 30, "height": 10}),
        ("png rgba 50x50 -> nearest 23 png", rgba, (50, 50), {"width": 23, "filter": "nearest", "format": "png"}),
        ("png gray 30x70 -> mitchell h 35 png", gray, (30, 70), {"height": 35, "filter": "mitchell", "format": "png"}),
        ("png rgb 64x48 -> w 16 box webp", rgb, (64, 48), {"width": 16, "filter": "box", "format": "webp"}),
        ("png rgb keep size png", rgb, (64, 48), {"format": "png"}),
    ]
    for name, data, (sw, sh), opt in cases:
        v = native("transform/" + name, "transform", {"data": b64(data), "options": opt},
                   "size/format: image.h fit rules; hashes: native library")
        w, h = fit_size(sw, sh, opt.get("width", 0), opt.get("height", 0), opt.get("fit", "contain"))
        fmt = opt.get("format", "png" if data is rgba else "jpeg")
        e = v["expected"]
        if (e["width"], e["height"], e["format"]) != (w, h, fmt):
            raise SystemExit("transform %s: native %r, rules %r" % (name, (e["width"], e["height"], e["format"]), (w, h, fmt)))
        out.append(v)
    # JPEG: native decodes/encodes with libjpeg-turbo, wasm with stb, so their pixels differ by a
    # few levels: these vectors compare decoded pixels within a bound against a reference (no
    # `native`, and no bit-exact claim for wasm). Bounds: the largest difference measured between
    # the two builds, with margin.
    jpg = pil_bytes(gradient(64, 48, "RGB"), "JPEG", quality=90)

    def pixels_vec(name, data, opt, ref_px, max_abs, source):
        inp = {"data": b64(data), "options": opt, "pixels": True}
        v = native("transform/" + name, "transform", inp)
        if ref_px is not None:
            v["expected"] = dict(v["expected"], pixels=b64(ref_px))
        v["tolerance"] = {"pixels": {"max_abs": max_abs}}
        v["source"] = source
        if not eklib.close(eklib.evaluate(LIB, v), v["expected"], v["tolerance"]):
            raise SystemExit("transform %s: native not within %d of the reference" % (name, max_abs))
        out.append(v)

    pixels_vec("jpeg 64x48 -> png (decode)", jpg, {"format": "png"},
               np.asarray(Image.open(io.BytesIO(jpg)).convert("RGB")).tobytes(), 4,
               "Pillow's decode of the JPEG (libjpeg-turbo); wasm decodes with stb")
    pixels_vec("jpeg 64x48 -> w 32 png", jpg, {"width": 32, "format": "png"}, None, 4,
               "native library (libjpeg-turbo decode); wasm decodes with stb")
    # JPEG output: different encoders, so only what the fit rules define (and that it decodes)
    for name, data, opt in (("png 64x48 -> w 32 jpeg q 90", rgb, {"width": 32, "format": "jpeg", "quality": 90}),
                            ("jpeg 64x48 -> 20x20 cover jpeg", jpg, {"width": 20, "height": 20, "fit": "cover",
                                                                    "format": "jpeg"})):
        w, h = fit_size(64, 48, opt["width"], opt.get("height", 0), opt.get("fit", "contain"))
        out.append(vec("transform/" + name, "transform", {"data": b64(data), "options": opt, "summary": True},
                       {"format": "jpeg", "width": w, "height": h, "channels": 3}, "image.h fit rules"))
    out.append(native("transform/garbage input", "transform",
                      {"data": b64(b"definitely not an image"), "options": {"width": 10}}))
    assert out[-1]["expected"] == {"error": "EK_ERR_FORMAT"}, out[-1]["expected"]
    out.append(native("transform/truncated png", "transform", {"data": b64(rgb[:60]), "options": {"width": 10}}))
    assert "error" in out[-1]["expected"]
    return out


def main():
    total = 0
    total += write("checksum.json", "CRC-32 and CRC-32C (zlib conventions: seed = previous result), and combine",
                   crc_vectors())
    total += write("reduce.json", "f32/f64 reductions (sum, sumsq, dot, min, max, mean, variance)", reduce_vectors())
    total += write("filter.json", "byte and array filters", filter_vectors())
    total += write("zscore.json", "rolling z-score detector streams", zscore_vectors())
    total += write("holtwinters.json", "additive Holt-Winters fits and forecasts", holtwinters_vectors())
    total += write("window.json", "keyed count/sliding/tumbling windows", window_vectors())
    pv, _ = probe_vectors()
    total += write("probe.json", "image header probe", pv)
    total += write("negotiate.json", "format/width/quality negotiation from request headers", negotiate_vectors())
    total += write("transform.json", "decode -> resize -> encode", transform_vectors())
    print("total %d vectors" % total)


if __name__ == "__main__":
    main()
