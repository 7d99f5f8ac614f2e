#!/usr/bin/python3
"""Runs the committed JSON test vectors (tests/vectors/*.json) against the native shared library
through ctypes and fails on any difference, so that the vectors the JS runtimes check stay true
to the native build.

usage: check_native.py LIBEDGEKERNELS_C_SO [--portable] [VECTOR_DIR]

Every output must equal `expected` exactly, except the fields a vector gives a `tolerance` for
(a reference that legitimately differs in the last bits, e.g. math.fsum against compensated
sums): those must be within the tolerance of `expected`, and the whole result must also equal
`native` bit for bit when the library runs the portable kernels (--portable: ek_cpu_disable(ALL),
the algorithm the wasm modules run). Without --portable the best SIMD variant for this CPU runs,
whose float sums may differ from the portable ones in the last bits, so only the tolerance is
checked there.
"""
import glob
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import eklib  # noqa: E402

args = [a for a in sys.argv[1:] if not a.startswith("--")]
portable = "--portable" in sys.argv
lib = eklib.load(args[0])
lib.ek_cpu_disable.argtypes = [eklib.U64]
lib.ek_cpu_disable.restype = None
if portable:
    lib.ek_cpu_disable((1 << 64) - 1)
vdir = args[1] if len(args) > 1 else os.path.dirname(os.path.abspath(__file__))

files = sorted(glob.glob(os.path.join(vdir, "*.json")))
if not files:
    raise SystemExit("no vectors in " + vdir)
total = failed = 0
kinds = {}
for path in files:
    with open(path) as f:
        doc = json.load(f)
    for v in doc["vectors"]:
        total += 1
        kinds[v["kind"]] = kinds.get(v["kind"], 0) + 1
        got = eklib.evaluate(lib, v)
        tol = v.get("tolerance")
        if tol and "native" not in v:  # wasm may differ (other codecs): the tolerance only
            ok = eklib.close(got, v["expected"], tol)
        elif tol:
            ok = eklib.close(got, v["expected"], tol) and eklib.close(v["native"], v["expected"], tol)
            if portable:
                ok = ok and eklib.same(got, v["native"])
        else:
            ok = eklib.same(got, v["expected"])
        if not ok:
            failed += 1
            print("FAIL %s (%s)\n  got      %s\n  expected %s%s" % (
                v["name"], os.path.basename(path), json.dumps(got)[:400], json.dumps(v["expected"])[:400],
                "\n  native   " + json.dumps(v["native"])[:400] if "native" in v else ""))
print("%d vectors (%s), %d failed; kernels: %s" % (
    total, ", ".join("%s %d" % kv for kv in sorted(kinds.items())), failed,
    "portable" if portable else "best for this CPU"))
sys.exit(1 if failed else 0)
