"""End-to-end tests of the streaming-analytics commands of the `ek` tool (zscore, forecast,
holtwinters, window) against independent references computed here: numpy (rolling statistics,
np.polyfit), plain Python (per-key windows) and R's stats::HoltWinters run through Rscript.
Also the CSV contract: header rows, column selection, quoting, stdin, malformed rows (an error
naming the line, or --skip-bad).

usage: cli_analytics_test.py EK_BINARY EXAMPLES_DATA_DIR [EMULATOR [EMULATOR_ARGS...]]
"""
import csv
import io
from fractions import Fraction
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile

import numpy as np

EK, DATA, EMULATOR = sys.argv[1], sys.argv[2], sys.argv[3:]
failures = []
tmp = tempfile.mkdtemp(prefix="ek-analytics-")


def run(*args, stdin=None):
    return subprocess.run([*EMULATOR, EK, *args], input=stdin, capture_output=True)


def check(name, cond, detail=""):
    if not cond:
        failures.append(f"{name}: {detail}")
        print(f"FAIL {name} {detail}")


def write(name, text):
    p = os.path.join(tmp, name)
    with open(p, "w") as f:
        f.write(text)
    return p


def table(out):
    rows = list(csv.reader(io.StringIO(out.decode())))
    return rows[0], rows[1:]


def close(a, b, rel, scale):
    """a (text from ek) equals b (reference float) to rel, relative to max(|b|, scale)."""
    if a == "" or b is None:
        return a == "" and b is None
    x = float(a)
    if math.isnan(b):
        return math.isnan(x)
    return abs(x - b) <= rel * max(abs(b), scale)


# --- zscore -------------------------------------------------------------------------------------
# numpy is the reference, except on data with a large offset (1e9 + noise): there numpy's own
# rounded mean (ulp 1.2e-7) makes x - mean, and so z, uncertain at 1e-8 — worse than what the
# library computes — so those cases use exact rational arithmetic instead.
def exact_mean_sd(prev):
    fr = [Fraction(v) for v in prev]
    m = sum(fr) / len(fr)
    var = sum((v - m) ** 2 for v in fr) / (len(fr) - 1) if len(fr) >= 2 else None
    return m, var


def zscore_ref(xs, n, warmup, warn, crit, exact=False):
    out = []
    for i, x in enumerate(xs):
        prev = np.array(xs[max(0, i - n):i], dtype=float)
        mean = prev.mean() if len(prev) else math.nan
        sd = prev.std(ddof=1) if len(prev) >= 2 else math.nan
        z = 0.0
        if exact and len(prev):
            m, var = exact_mean_sd(xs[max(0, i - n):i])
            mean = float(m)
            sd = math.sqrt(var) if var is not None else math.nan
            if len(prev) >= max(warmup, 2) and var > 0:
                z = float((Fraction(x) - m) / Fraction(sd))
        elif len(prev) >= max(warmup, 2) and sd > 0:
            z = (x - mean) / sd
        level = 2 if abs(z) >= crit else 1 if abs(z) >= warn else 0
        out.append((mean, sd, z, level))
    return out


def check_zscore(name, ts, xs, n, warmup=None, warn=2.0, crit=3.0, extra=(), exact=False):
    p = write(name + ".csv", "timestamp,value\n" + "".join(f"{t},{x!r}\n" for t, x in zip(ts, xs)))
    args = ["zscore", "--window", str(n), *extra]
    if warmup is not None:
        args += ["--warmup", str(warmup)]
    r = run(*args, p)
    check(name + " exit", r.returncode == 0, r.stderr.decode())
    if r.returncode:
        return
    head, rows = table(r.stdout)
    check(name + " header", head == ["timestamp", "value", "mean", "stddev", "z", "level"], head)
    ref = zscore_ref(xs, n, n if warmup is None else warmup, warn, crit, exact)
    check(name + " rows", len(rows) == len(xs), f"{len(rows)} != {len(xs)}")
    spread = float(np.std(xs)) or 1.0
    bad = 0
    for row, t, x, (m, sd, z, lv) in zip(rows, ts, xs, ref):
        ok = row[0] == str(t) and float(row[1]) == x
        ok = ok and close(row[2], m, 1e-9, spread * 1e-6) and close(row[3], sd, 1e-9, spread * 1e-6)
        ok = ok and close(row[4], z, 1e-9, 1e-9)
        # The level is compared exactly except where z sits on a threshold within rounding.
        near = min(abs(abs(z) - warn), abs(abs(z) - crit)) < 1e-9 * max(1, abs(z))
        ok = ok and (near or int(row[5]) == lv)
        if not ok:
            bad += 1
            if bad <= 3:
                print("  zscore mismatch", row, (t, x, m, sd, z, lv))
    check(name + " values", bad == 0, f"{bad} rows differ")


rnd = random.Random(3)
xs = [20 + rnd.gauss(0, 1) + (15 if 300 <= i < 305 else 0) for i in range(1000)]
check_zscore("zscore gauss", range(1000), xs, 50)
check_zscore("zscore warmup", range(1000), xs, 50, warmup=5, warn=1.5, crit=2.5,
             extra=["--warn", "1.5", "--crit", "2.5"])
check_zscore("zscore window 1", range(50), xs[:50], 1)
big = [1e9 + rnd.choice([4.0, 7.0, 13.0, 16.0]) + rnd.random() for _ in range(3000)]
check_zscore("zscore 1e9 offset", range(3000), big, 7, exact=True)
flat = [5.0] * 20 + [5.0, 6.0, 5.0] + [5.0] * 10
check_zscore("zscore constant runs", range(len(flat)), flat, 4, warmup=2)

# Sample data: the heater spike at minutes 900-911 must be flagged critical.
r = run("zscore", "--window", "60", os.path.join(DATA, "sensor.csv"))
check("zscore sensor.csv exit", r.returncode == 0, r.stderr.decode())
if r.returncode == 0:
    _, rows = table(r.stdout)
    crit_rows = [i for i, row in enumerate(rows) if row[5] == "2"]
    check("zscore sensor.csv spike", 900 in crit_rows, crit_rows[:10])

# --- forecast -----------------------------------------------------------------------------------
def exact_line(ys):
    """Slope and intercept of the least-squares line through (i, ys[i]), in exact arithmetic."""
    n = len(ys)
    fy = [Fraction(v) for v in ys]
    xbar = Fraction(n - 1, 2)
    ybar = sum(fy) / n
    sxx = sum((i - xbar) ** 2 for i in range(n))
    slope = sum((i - xbar) * (y - ybar) for i, y in enumerate(fy)) / sxx
    return slope, ybar - slope * xbar


def check_forecast(name, xs, n, h, exact=False):
    p = write(name + ".csv", "".join(f"{i},{x!r}\n" for i, x in enumerate(xs)))  # no header
    r = run("forecast", "--window", str(n), "--horizon", str(h), p)
    check(name + " exit", r.returncode == 0, r.stderr.decode())
    if r.returncode:
        return
    head, rows = table(r.stdout)
    check(name + " header", head == ["timestamp", "value", "slope", "intercept", "forecast"], head)
    check(name + " rows", len(rows) == len(xs) - n + 1, f"{len(rows)} rows for {len(xs)} inputs")
    spread = float(np.std(xs)) or 1.0
    bad = 0
    for k, row in enumerate(rows):
        i = k + n - 1
        if exact:  # as for zscore: numpy's own rounding dominates at a 1e9 offset
            fs, fi = exact_line(xs[i - n + 1:i + 1])
            slope, icpt, fc = float(fs), float(fi), float(fi + fs * (n - 1 + h))
        else:
            slope, icpt = np.polyfit(np.arange(n), np.array(xs[i - n + 1:i + 1]), 1)
            fc = icpt + slope * (n - 1 + h)
        ok = row[0] == str(i) and close(row[2], slope, 1e-9, spread * 1e-9 / n)
        ok = ok and close(row[3], icpt, 1e-9, spread * 1e-9) and close(row[4], fc, 1e-9, spread * 1e-9)
        if not ok:
            bad += 1
            if bad <= 3:
                print("  forecast mismatch", row, (i, slope, icpt, fc))
    check(name + " values", bad == 0, f"{bad} rows differ")


trend = [0.5 * i + 3 * math.sin(i / 5) + rnd.gauss(0, 0.3) for i in range(600)]
check_forecast("forecast trend", trend, 24, 6)
check_forecast("forecast window 2", trend[:40], 2, 1)
check_forecast("forecast 1e9 offset", [1e9 + v for v in trend], 50, 10, exact=True)
check_forecast("forecast exact reference", trend[:200], 24, 6, exact=True)

# --- holtwinters vs R ---------------------------------------------------------------------------
RSCRIPT = shutil.which("Rscript")
check("Rscript available", RSCRIPT is not None, "install r-base-core")


def hw_reference(xs, period, alpha, beta, gamma):
    src = write("hw_in.txt", "\n".join(repr(x) for x in xs) + "\n")
    out = os.path.join(tmp, "hw_ref.csv")
    code = (f"x <- ts(scan('{src}', quiet=TRUE), frequency={period});"
            f"h <- HoltWinters(x, alpha={alpha}, beta={beta}, gamma={gamma}, seasonal='additive');"
            f"f <- fitted(h); write.csv(data.frame(xhat=f[,'xhat'], level=f[,'level'], trend=f[,'trend'],"
            f" season=f[,'season']), '{out}', row.names=FALSE)")
    r = subprocess.run([RSCRIPT, "-e", code], capture_output=True)
    if r.returncode:
        print(r.stderr.decode())
        return None
    with open(out) as f:
        rows = list(csv.reader(f))[1:]
    return [tuple(float(v) for v in row) for row in rows]


def check_hw(name, labels, xs, period, alpha, beta, gamma):
    if not RSCRIPT:
        return
    ref = hw_reference(xs, period, alpha, beta, gamma)
    check(name + " R ran", ref is not None)
    if ref is None:
        return
    p = write(name + ".csv", "t,v\n" + "".join(f"{t},{x!r}\n" for t, x in zip(labels, xs)))
    r = run("holtwinters", "--alpha", str(alpha), "--beta", str(beta), "--gamma", str(gamma),
            "--period", str(period), p)
    check(name + " exit", r.returncode == 0, r.stderr.decode())
    if r.returncode:
        return
    head, rows = table(r.stdout)
    check(name + " header", head == ["timestamp", "value", "level", "trend", "season", "fitted"], head)
    check(name + " rows", len(rows) == len(xs), f"{len(rows)} != {len(xs)}")
    start = len(xs) - len(ref)  # R's fitted() starts after the start-up rows
    check(name + " start-up rows", start == period, f"{start}")
    scale = float(np.std(xs))
    bad = 0
    for i, row in enumerate(rows):
        if i < start:
            ok = row[2:] == ["", "", "", ""]
        else:
            xhat, level, tr, season = ref[i - start]
            ok = (close(row[5], xhat, 1e-6, scale * 1e-6) and close(row[2], level, 1e-6, scale * 1e-6)
                  and close(row[3], tr, 1e-6, scale * 1e-6) and close(row[4], season, 1e-6, scale * 1e-6))
        ok = ok and row[0] == str(labels[i])
        if not ok:
            bad += 1
            if bad <= 3:
                print("  holtwinters mismatch", i, row, None if i < start else ref[i - start])
    check(name + " values", bad == 0, f"{bad} rows differ")


with open(os.path.join(DATA, "co2.csv")) as f:
    co2 = list(csv.reader(f))[1:]
check_hw("holtwinters co2", [r[0] for r in co2], [float(r[1]) for r in co2], 12, 0.5, 0.01, 0.3)
check_hw("holtwinters co2 b", [r[0] for r in co2], [float(r[1]) for r in co2], 12, 0.9, 0.2, 0.05)
season7 = [10 + 0.1 * i + 4 * math.sin(2 * math.pi * i / 7) + rnd.gauss(0, 0.5) for i in range(140)]
check_hw("holtwinters odd period", list(range(140)), season7, 7, 0.3, 0.1, 0.4)
season4 = [100 + (i % 4) * 3 - 0.2 * i + rnd.gauss(0, 1) for i in range(41)]
check_hw("holtwinters period 4", list(range(41)), season4, 4, 0.2, 0.3, 0.5)

# --- window -------------------------------------------------------------------------------------
def check_window(name, path, size, key_col, value_col, keys, values):
    r = run("window", "--size", str(size), "--key", key_col, "--value", value_col, path)
    check(name + " exit", r.returncode == 0, r.stderr.decode())
    if r.returncode:
        return
    head, rows = table(r.stdout)
    check(name + " header", head == ["key", "count", "sum", "mean", "min", "max"], head)
    check(name + " rows", len(rows) == len(keys), f"{len(rows)} != {len(keys)}")
    wins, bad = {}, 0
    for row, k, v in zip(rows, keys, values):
        w = wins.setdefault(k, [])
        w.append(v)
        del w[:-size]
        s = math.fsum(w)
        ref = [k, str(len(w))]
        ok = row[:2] == ref and close(row[2], s, 1e-12, 1e-9) and close(row[3], s / len(w), 1e-12, 1e-9)
        ok = ok and float(row[4]) == min(w) and float(row[5]) == max(w)
        if not ok:
            bad += 1
            if bad <= 3:
                print("  window mismatch", row, ref, s, min(w), max(w))
    check(name + " values", bad == 0, f"{bad} rows differ")


with open(os.path.join(DATA, "events.csv")) as f:
    ev = list(csv.reader(f))[1:]
check_window("window events.csv", os.path.join(DATA, "events.csv"), 10, "key", "value",
             [e[3] for e in ev], [float(e[4]) for e in ev])
check_window("window by number", os.path.join(DATA, "events.csv"), 3, "4", "5",
             [e[3] for e in ev], [float(e[4]) for e in ev])
# Keys with commas and quotes survive the round trip; huge offsets keep their small variations.
keys = [rnd.choice(['a,b', 'q"t', 'plain']) for _ in range(500)]
vals = [1e9 + rnd.randint(0, 20) for _ in keys]
lines = "".join('"' + k.replace('"', '""') + f'",{v!r}\n' for k, v in zip(keys, vals))
check_window("window quoted keys", write("quoted.csv", "k,v\n" + lines), 5, "k", "v", keys, vals)

# --- the CSV contract ---------------------------------------------------------------------------
good = "t,v\n1,1.5\n2,2.5\n3,oops\n4,4.5\n"
r = run("zscore", "--window", "3", write("bad.csv", good))
check("malformed row fails", r.returncode != 0 and b":4:" in r.stderr, r.stderr.decode())
check("malformed row: no partial line", not r.stdout or r.stdout.endswith(b"\n"))
r = run("zscore", "--window", "3", "--skip-bad", write("bad.csv", good))
check("--skip-bad", r.returncode == 0 and len(table(r.stdout)[1]) == 3 and b"skipped 1" in r.stderr,
      r.stderr.decode())
r = run("forecast", "--window", "2", "--horizon", "1", "-", stdin=b"1,1\n2,3\n3,5\n")
check("stdin", r.returncode == 0 and table(r.stdout)[1][-1] == ["3", "5", "2", "3", "7"], r.stdout)
r = run("window", "--size", "2", "--key", "nope", "--value", "value", os.path.join(DATA, "events.csv"))
check("missing column", r.returncode != 0 and b"nope" in r.stderr, r.stderr.decode())
r = run("zscore", "--window", "0", os.path.join(DATA, "sensor.csv"))
check("window 0 rejected", r.returncode != 0, r.stdout)
r = run("zscore", "--window", "3", "--frobnicate", os.path.join(DATA, "sensor.csv"))
check("unknown option rejected", r.returncode != 0)
r = run("holtwinters", "--alpha", "0.5", "--beta", "0.1", "--gamma", "0.1", "--period", "12",
        write("short.csv", "".join(f"{i},{i}\n" for i in range(23))))
check("holtwinters needs two periods", r.returncode != 0 and b"period" in r.stderr, r.stderr.decode())
r = run("holtwinters", "--alpha", "1.5", "--beta", "0.1", "--gamma", "0.1", "--period", "12",
        os.path.join(DATA, "co2.csv"))
check("holtwinters alpha out of range", r.returncode != 0)
r = run("zscore", "--window", "3", write("long.csv", "1," + "1" * (2 << 20) + "\n"))
check("over-long line", r.returncode != 0 and b"too long" in r.stderr, r.stderr.decode())

shutil.rmtree(tmp, ignore_errors=True)
if failures:
    print(f"{len(failures)} failure(s)")
    sys.exit(1)
print("cli analytics: all checks passed")
