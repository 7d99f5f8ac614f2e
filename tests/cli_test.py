"""End-to-end tests of the `ek` tool against independent references from Python's standard
library: zlib.crc32, a bitwise CRC-32C, math.fsum and the exact rational arithmetic of the
statistics module.

usage: cli_test.py EK_BINARY EXAMPLES_DATA_DIR [EMULATOR [EMULATOR_ARGS...]]

EMULATOR runs EK_BINARY when it was cross compiled (e.g. qemu-aarch64-static -cpu max -L SYSROOT).
"""
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import zlib

EK, DATA, EMULATOR = sys.argv[1], sys.argv[2], sys.argv[3:]
failures = []


def run(*args, stdin=None, env=None):
    e = dict(os.environ)
    e.pop("EK_CPU_DISABLE", None)
    e.update(env or {})
    return subprocess.run([*EMULATOR, EK, *args], input=stdin, capture_output=True, env=e)


def check(name, cond, detail=""):
    if not cond:
        failures.append(f"{name}: {detail}")
        print(f"FAIL {name} {detail}")


def crc32c_ref(data, crc=0):
    crc ^= 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 & -(crc & 1))
    return crc ^ 0xFFFFFFFF


tmp = tempfile.mkdtemp(prefix="ek-cli-")
check_txt = os.path.join(DATA, "check.txt")
temps = os.path.join(DATA, "temperature.txt")

# --- crc32 -------------------------------------------------------------------------------------
r = run("crc32", check_txt)
check("crc32 check value", r.returncode == 0 and r.stdout.decode() == f"cbf43926  {check_txt}\n", r)
r = run("crc32", "--castagnoli", check_txt)
check("crc32c check value", r.stdout.decode() == f"e3069283  {check_txt}\n", r)

rng = random.Random(7)
files = []
for n in (0, 1, 63, 64, 65, 4095, 1 << 20, (1 << 20) + 13):
    p = os.path.join(tmp, f"f{n}.bin")
    with open(p, "wb") as f:
        f.write(rng.randbytes(n))
    files.append(p)
r = run("crc32", *files, temps)
want = "".join(f"{zlib.crc32(open(p, 'rb').read()):08x}  {p}\n" for p in files + [temps])
check("crc32 many files vs zlib", r.returncode == 0 and r.stdout.decode() == want, r.stderr)
small = files[:6]
r = run("crc32", "-c", *small)
want = "".join(f"{crc32c_ref(open(p, 'rb').read()):08x}  {p}\n" for p in small)
check("crc32c vs bitwise reference", r.stdout.decode() == want, r.stdout)

# Larger than any buffer the tool uses, so streaming across reads is exercised.
big = os.path.join(tmp, "big.bin")
blob = rng.randbytes(1 << 20) * 70 + b"tail"
with open(big, "wb") as f:
    f.write(blob)
r = run("crc32", big)
check("crc32 70 MiB file", r.stdout.decode() == f"{zlib.crc32(blob):08x}  {big}\n", r.stderr)
r = run("crc32", "-", stdin=blob[: 3 << 20])
check("crc32 stdin", r.stdout.decode() == f"{zlib.crc32(blob[:3 << 20]):08x}  -\n", r.stderr)
os.remove(big)

r = run("crc32", os.path.join(tmp, "missing"))
check("crc32 missing file", r.returncode != 0 and r.stdout == b"" and b"missing" in r.stderr, r)
r = run("crc32", check_txt, os.path.join(tmp, "missing"))
check("crc32 one good one missing",
      r.returncode != 0 and r.stdout.decode() == f"cbf43926  {check_txt}\n" and r.stderr, r)
r = run("crc32", "--bogus", check_txt)
check("crc32 unknown option", r.returncode != 0 and r.stdout == b"", r)
r = run("crc32", check_txt, env={"EK_CPU_DISABLE": "all"})
check("crc32 portable path", r.stdout.decode() == f"cbf43926  {check_txt}\n", r)

# --- stats -------------------------------------------------------------------------------------


def parse_stats(out):
    kv = dict(line.split() for line in out.decode().splitlines())
    return {k: (int(v) if k == "count" else float(v)) for k, v in kv.items()}


def check_stats(name, path, xs):
    r = run("stats", path)
    if r.returncode != 0:
        check(name, False, r.stderr)
        return
    got = parse_stats(r.stdout)
    want = {"count": len(xs), "sum": math.fsum(xs), "mean": statistics.fmean(xs), "min": min(xs),
            "max": max(xs), "stddev": statistics.stdev(xs)}
    check(name + " keys", list(got) == list(want), list(got))
    for k, w in want.items():
        g = got.get(k)
        check(f"{name} {k}", g is not None and math.isclose(g, w, rel_tol=1e-12, abs_tol=1e-12),
              f"got {g} want {w}")


xs = [float(line) for line in open(temps) if line.strip()]
check_stats("stats temperature.txt", temps, xs)

# Many chunks, a large offset (catastrophic for the textbook sum-of-squares formula), CRLF,
# blank lines and comments.
xs = [1e9 + rng.gauss(0, 1) for _ in range(150_000)]
p = os.path.join(tmp, "offset.txt")
with open(p, "w", newline="") as f:
    f.write("# sensor dump\r\n")
    for i, x in enumerate(xs):
        f.write(repr(x) + ("\r\n" if i % 3 else "\n"))
        if i % 50_000 == 0:
            f.write("\n")
check_stats("stats 150k offset values", p, xs)

p = os.path.join(tmp, "one.txt")
with open(p, "w") as f:
    f.write("42.5")  # no trailing newline
r = run("stats", p)
got = parse_stats(r.stdout) if r.returncode == 0 else {}
check("stats single value", got.get("count") == 1 and got.get("mean") == 42.5 and math.isnan(got["stddev"]), r)

for bad, why in (("1\n2\nx\n", "x"), ("1\nnan\n", "nan"), ("1\n1e999\n", "overflow"), ("", "empty")):
    p = os.path.join(tmp, "bad.txt")
    with open(p, "w") as f:
        f.write(bad)
    r = run("stats", p)
    check(f"stats rejects {why}", r.returncode != 0 and r.stdout == b"" and r.stderr, r)
r = run("stats", "-", stdin=b"1\n2\n3\n")
check("stats stdin", r.returncode == 0 and parse_stats(r.stdout)["mean"] == 2.0, r)

# --- misc --------------------------------------------------------------------------------------
r = run("--help")
check("help", r.returncode == 0 and b"crc32" in r.stdout and b"stats" in r.stdout, r)
r = run("--version")
check("version", r.returncode == 0 and r.stdout.startswith(b"ek (edgekernels) "), r)
r = run()
check("no args", r.returncode != 0 and r.stdout == b"", r)
r = run("frobnicate")
check("unknown command", r.returncode != 0 and r.stdout == b"", r)
r = run("cpu")
check("cpu", r.returncode == 0 and b"crc32 " in r.stdout and b"filter " in r.stdout, r)
r = run("cpu", env={"EK_CPU_DISABLE": "all"})
paths = [line.split()[1] for line in r.stdout.decode().splitlines()[1:]]
check("cpu portable", r.returncode == 0 and paths and all(p == "portable" for p in paths), r.stdout)

print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
