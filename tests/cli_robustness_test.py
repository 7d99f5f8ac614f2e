"""Hostile input for the `ek` analytics commands: random bytes and random CSV with huge, tiny,
non-finite and malformed numbers, quoted and unterminated fields, empty keys, through every
command with and without --skip-bad. Each run must end with exit status 0 or 1 (never a crash or
a signal) and, in the sanitizer builds, without a sanitizer report.

usage: cli_robustness_test.py EK_BINARY [EMULATOR [EMULATOR_ARGS...]]
"""
import random
import subprocess
import sys

EK, EMULATOR = sys.argv[1], sys.argv[2:]
rnd = random.Random(11)
alphabet = b'0123456789.,-+e"\n\r nanif#ab\t'
commands = [
    ["zscore", "--window", "3"],
    ["zscore", "--window", "1", "--warmup", "0"],
    ["forecast", "--window", "2", "--horizon", "3"],
    ["forecast", "--window", "3", "--horizon", "0", "--level", "0.9"],
    ["holtwinters", "--alpha", "0.5", "--beta", "0.2", "--gamma", "0.3", "--period", "2"],
    ["holtwinters", "--alpha", "0.5", "--beta", "false", "--gamma", "false"],
    ["window", "--size", "2", "--key", "1", "--value", "2", "--max-keys", "3"],
]
numbers = ["0", "-0", "1e308", "-1e308", "5e-324", "1e309", "nan", "inf", "x", "", "1,5", '"7"', "0x10"]
failures = 0
for it in range(80):
    if it % 2:
        data = bytes(rnd.choice(alphabet) for _ in range(rnd.randint(0, 400)))
    else:
        rows = []
        for i in range(rnd.randint(0, 60)):
            key = rnd.choice(["a", "b", '"c,d"', '"e""f"', "", '"open', str(i)])
            value = str(rnd.gauss(0, 1e3)) if rnd.random() < 0.6 else rnd.choice(numbers)
            rows.append(f"{key},{value}")
        data = "\n".join(rows).encode()
    for c in commands:
        args = c + (["--skip-bad"] if rnd.random() < 0.5 else []) + ["-"]
        r = subprocess.run([*EMULATOR, EK, *args], input=data, capture_output=True)
        if r.returncode not in (0, 1) or b"Sanitizer" in r.stderr or b"runtime error" in r.stderr:
            failures += 1
            print("FAIL", args, "exit", r.returncode, "input", data[:200], r.stderr[:400].decode(errors="replace"))
if failures:
    sys.exit(1)
print("cli robustness: all runs ended cleanly")
