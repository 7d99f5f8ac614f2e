"""End-to-end test of `ek negotiate`: one JSON object per run, checked field by field with the
json module, for several requests (browsers, bots, client hints, Save-Data/ECT, alpha), plus the
usage errors (unknown option, bad number) that must exit non-zero with nothing on stdout.

usage: cli_negotiate_test.py EK_BINARY [EMULATOR [EMULATOR_ARGS...]]
"""
import json
import subprocess
import sys

EK, EMULATOR = sys.argv[1], sys.argv[2:]
failures = []

CHROME = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8"
ALL_WIDTH = "Sec-CH-Width, Width, Sec-CH-Viewport-Width, Viewport-Width"
ACCEPT_CH = "Sec-CH-DPR, Sec-CH-Width, Sec-CH-Viewport-Width, DPR, Width, Viewport-Width, ECT"


def run(*args):
    return subprocess.run([*EMULATOR, EK, "negotiate", *args], capture_output=True, timeout=60)


def check(name, cond, detail=""):
    if not cond:
        failures.append(f"{name}: {detail}")
        print(f"FAIL {name} {detail}")


cases = [
    # (name, args, expected fields)
    ("issue example", ["--accept", "image/avif,image/webp,*/*", "--dpr", "2", "--width", "400"],
     dict(format="avif", width=800, quality=80, max_age=2592000)),
    ("width as the Width header (device pixels)", ["--accept", "image/avif,image/webp,*/*", "--dpr", "2",
                                                  "--width", "400", "--width-is-physical"],
     dict(format="avif", width=400, quality=80, max_age=2592000,
          vary="Accept, Sec-CH-Width, Width, Save-Data, ECT", accept_ch=ACCEPT_CH)),
    ("viewport x dpr", ["--accept", CHROME, "--dpr", "2.625", "--viewport-width", "412", "--source-width", "3000"],
     dict(format="avif", width=1100, quality=80,
          vary=f"Accept, {ALL_WIDTH}, Sec-CH-DPR, DPR, Save-Data, ECT")),
    ("sec-ch spelling", ["--accept", CHROME, "--sec-ch-width", "640", "--width", "100"],
     dict(width=700, vary="Accept, Sec-CH-Width, Sec-CH-DPR, DPR, Save-Data, ECT")),
    ("firefox webp era", ["--accept", "image/webp,*/*"], dict(format="webp", width=4096)),
    ("curl", ["--accept", "*/*", "--source-width", "1234"],
     dict(format="jpeg", width=1234, vary=f"Accept, {ALL_WIDTH}, Save-Data, ECT")),
    ("no headers", [], dict(format="jpeg", width=4096, quality=80)),
    ("webp refused", ["--accept", "image/webp;q=0, image/*", "--source-width", "500"],
     dict(format="jpeg", width=500)),
    ("alpha without modern formats", ["--accept", "*/*", "--alpha", "--source-width", "300"],
     dict(format="png", width=300)),
    ("alpha with avif", ["--accept", CHROME, "--alpha"], dict(format="avif")),
    ("save-data", ["--accept", CHROME, "--save-data", "on"], dict(quality=50, max_age=86400)),
    ("slow ect", ["--accept", CHROME, "--ect", "slow-2g"], dict(quality=40, max_age=86400)),
    ("3g", ["--accept", CHROME, "--ect", "3g"], dict(quality=60, max_age=86400)),
    ("4g", ["--accept", CHROME, "--ect", "4g"], dict(quality=80, max_age=2592000)),
    ("no upscaling", ["--width", "5000", "--source-width", "800"], dict(width=800)),
    ("max width", ["--width", "5000", "--source-width", "8000", "--max-width", "2000"], dict(width=2000)),
    ("no step", ["--width", "333", "--step", "0"], dict(width=333)),
    ("bad hint values are ignored", ["--width", "abc", "--dpr", "x", "--ect", "9g", "--save-data", "maybe",
                                      "--source-width", "640"],
     dict(format="jpeg", width=640, quality=80)),
    ("huge accept", ["--accept", "image/png," * 6000 + "image/webp"], dict(format="webp")),
]
for name, args, want in cases:
    r = run(*args)
    if r.returncode != 0:
        check(name, False, f"exit {r.returncode}: {r.stderr.decode(errors='replace')}")
        continue
    try:
        got = json.loads(r.stdout)
    except ValueError as e:
        check(name, False, f"not JSON ({e}): {r.stdout!r}")
        continue
    check(name, set(got) == {"format", "width", "quality", "max_age", "vary", "accept_ch"}, f"keys {sorted(got)}")
    check(name, r.stdout.decode().count("\n") == 1, "one line")
    for k, v in want.items():
        check(name, got.get(k) == v, f"{k}: got {got.get(k)!r}, want {v!r}")

too_long = run("--accept", "a" * (64 * 1024 + 1))
check("over 64 KiB", too_long.returncode == 1 and too_long.stdout == b"", f"exit {too_long.returncode}")
for bad in (["--bogus"], ["--width"], ["--source-width", "0"], ["--source-width", "-3"], ["--step", "x"],
            ["positional"]):
    r = run(*bad)
    check(f"usage {bad}", r.returncode != 0 and r.stdout == b"" and b"negotiate" in r.stderr,
          f"exit {r.returncode} stdout {r.stdout!r}")

if failures:
    print(f"{len(failures)} failure(s)")
    sys.exit(1)
print(f"cli_negotiate: {len(cases)} requests ok")
