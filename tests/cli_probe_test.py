"""End-to-end test of `ek probe`: real files written by Pillow (PNG, JPEG, GIF, BMP, WebP in
several modes, sizes and options) must print "FORMAT WIDTH HEIGHT CHANNELS" matching what Pillow
reads back (size; channels from its mode and transparency); truncations at every 1/16th of each
file print the same line or fail cleanly (exit 1, nothing on stdout); missing files, random bytes
and usage errors exit 1. Pillow is required: without it this test fails.

usage: cli_probe_test.py EK_BINARY [EMULATOR [EMULATOR_ARGS...]]
"""
import io
import os
import random
import subprocess
import sys
import tempfile

from PIL import Image  # a missing Pillow is a failure, not a skip

EK, EMULATOR = sys.argv[1], sys.argv[2:]
failures = []


def check(name, cond, detail=""):
    if not cond:
        failures.append(f"{name}: {detail}")
        print(f"FAIL {name} {detail}")


def run(*args):
    return subprocess.run([*EMULATOR, EK, "probe", *args], capture_output=True, timeout=60)


def channels(im):
    """Channels of the decoded image, from Pillow's view of the file."""
    fmt, mode, transparent = im.format, im.mode, "transparency" in im.info
    if fmt == "GIF":
        return 4 if transparent else 3
    if mode in ("1", "L", "I", "I;16", "F"):
        return 2 if transparent else 1
    if mode == "LA":
        return 2
    if mode in ("RGB", "P", "CMYK", "YCbCr"):
        return 4 if transparent else 3
    if mode in ("RGBA", "PA"):
        return 4
    raise ValueError(f"unexpected mode {mode}")


def make(mode, size, seed):
    rnd = random.Random(seed)
    if mode == "1":
        return make("L", size, seed).convert("1")
    per = {"L": 1, "P": 1, "LA": 2, "RGB": 3, "RGBA": 4, "CMYK": 4, "I;16": 2}[mode]
    im = Image.frombytes(mode, size, rnd.randbytes(size[0] * size[1] * per))
    if mode == "P":
        im.putpalette(list(rnd.randbytes(768)))
    return im


cases = []  # (name, bytes)
sizes = [(1, 1), (17, 5), (640, 480), (3, 1000)]
for i, size in enumerate(sizes):
    for mode, kwargs in [("RGB", {}), ("RGBA", {}), ("L", {}), ("LA", {}), ("P", {}), ("1", {}),
                         ("RGB", {"transparency": (1, 2, 3)}), ("L", {"transparency": 7}),
                         ("P", {"transparency": 3}), ("RGB", {"interlace": 1}), ("I;16", {})]:
        buf = io.BytesIO()
        make(mode, size, i).save(buf, "PNG", **kwargs)
        cases.append((f"png {mode} {size} {kwargs}", buf.getvalue()))
    for mode, kwargs in [("RGB", {"quality": 90}), ("L", {}), ("CMYK", {}), ("RGB", {"progressive": True}),
                         ("RGB", {"exif": b"Exif\0\0MM\0*\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0\x06\0\0\0\0\0\0"})]:
        buf = io.BytesIO()
        make(mode, size, i).save(buf, "JPEG", **kwargs)
        cases.append((f"jpeg {mode} {size} {list(kwargs)}", buf.getvalue()))
    for mode, kwargs in [("P", {}), ("P", {"transparency": 5}), ("RGB", {}), ("L", {})]:
        buf = io.BytesIO()
        make(mode, size, i).save(buf, "GIF", **kwargs)
        cases.append((f"gif {mode} {size} {kwargs}", buf.getvalue()))
    for mode in ["RGB", "RGBA", "P"]:
        buf = io.BytesIO()
        make(mode, size, i).save(buf, "BMP")
        cases.append((f"bmp {mode} {size}", buf.getvalue()))
    for mode, kwargs in [("RGB", {"quality": 80}), ("RGBA", {"quality": 80}), ("RGB", {"lossless": True}),
                         ("RGBA", {"lossless": True}), ("RGB", {"exif": b"Exif\0\0II*\0\x08\0\0\0\0\0"})]:
        buf = io.BytesIO()
        make(mode, size, i).save(buf, "WEBP", **kwargs)
        cases.append((f"webp {mode} {size} {list(kwargs)}", buf.getvalue()))

# Truncations at every 1/16th natively; an emulated run (ek.wasm under Node starts a process per
# call, ~0.1 s) may take every STEP-th, since the probe code is the same and the JSON vectors
# check its truncated inputs in every JS runtime.
step = int(os.environ.get("EK_PROBE_TRUNCATION_STEP", "1"))
rnd = random.Random(1)
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "img")
    for name, data in cases:
        with open(path, "wb") as f:
            f.write(data)
        with Image.open(path) as im:
            want = f"{im.format.lower()} {im.size[0]} {im.size[1]} {channels(im)}"
        r = run(path)
        got = r.stdout.decode().strip()
        check(name, r.returncode == 0 and got == want, f"got {got!r} rc={r.returncode} {r.stderr!r}, want {want!r}")
        # Truncated at every 1/16th: the same line, or exit 1 with nothing on stdout.
        for k in range(0, 16, step):
            with open(path, "wb") as f:
                f.write(data[: len(data) * k // 16])
            r = run(path)
            out = r.stdout.decode().strip()
            ok = (r.returncode == 0 and out == want) or (r.returncode == 1 and out == "" and r.stderr)
            check(f"{name} truncated {k}/16", ok, f"rc={r.returncode} out={out!r} err={r.stderr!r}")
    # stdin
    r = subprocess.run([*EMULATOR, EK, "probe", "-"], input=cases[0][1], capture_output=True, timeout=60)
    check("stdin", r.returncode == 0 and r.stdout.decode().startswith("png "), repr(r))
    # Random bytes, a missing file, usage errors.
    for i in range(50):
        with open(path, "wb") as f:
            f.write(bytes(rnd.randrange(256) for _ in range(rnd.randrange(200))))
        r = run(path)
        check(f"random {i}", r.returncode == 1 and r.stdout == b"", repr(r))
    for args in [[os.path.join(tmp, "missing")], [], [path, path], ["--bogus", path]]:
        r = run(*args)
        check(f"error {args}", r.returncode == 1 and r.stdout == b"" and r.stderr, repr(r))

print(f"{len(cases)} files, {len(failures)} failures")
sys.exit(1 if failures else 0)
