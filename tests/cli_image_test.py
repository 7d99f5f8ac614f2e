"""End-to-end test of `ek image`, with Pillow (Debian's python3-pil) as the independent judge.

- Geometry: every --fit mode with both sizes, one size alone (aspect kept), no size (same size),
  upscales; the output's size read back by Pillow (AVIF, which Pillow 9.4 cannot read, by
  `ek probe`).
- Pixels: PNG in -> PNG out with each Pillow filter equals Pillow's own resize of the same image
  within the resize contract (max abs diff <= 2; nearest exact); --fit fill pads with the
  background; --fit cover keeps the middle (centre crop), and --smart-crop finds an object
  placed off centre.
- Formats: by OUT's extension or --format; JPEG/WebP quality changes the size; alpha survives
  PNG and WebP; EXIF orientation is applied (a 6-oriented JPEG comes out rotated).
- Errors: exit status 1 with "ek image: ..." on stderr and no output file for garbage, a
  truncated file, a pixel bomb (--max-pixels), unknown options/extensions, bad numbers.

usage: cli_image_test.py EK_BINARY [EMULATOR [EMULATOR_ARGS...]]
"""
import io
import os
import random
import subprocess
import sys
import tempfile

import numpy as np
from PIL import Image  # a missing Pillow is a failure, not a skip

EK, EMULATOR = sys.argv[1], sys.argv[2:]
failures = []
TMP = tempfile.mkdtemp(prefix="ek-image-")


def check(name, cond, detail=""):
    if not cond:
        failures.append(f"{name}: {detail}")
        print(f"FAIL {name} {detail}")


def ek(*args):
    return subprocess.run([*EMULATOR, EK, *args], capture_output=True, timeout=120)


def path(name):
    return os.path.join(TMP, name)


def save(im, name, **kw):
    p = path(name)
    im.save(p, **kw)
    return p


def photo(w, h, mode="RGB", seed=1):
    """A smooth photo-like image with texture (so that filters differ) and, for RGBA, a varying
    alpha with fully transparent and fully opaque areas."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    r = 128 + 100 * np.sin(x / 7.0) * np.cos(y / 11.0)
    g = 255 * x / max(w - 1, 1)
    b = 128 + 60 * np.sin((x + y) / 3.0) + rng.normal(0, 10, (h, w))
    chans = [r, g, b]
    if mode == "RGBA":
        chans.append(np.clip(300 * np.sin(x / 13.0) ** 2 - 20, 0, 255))
    a = np.clip(np.stack(chans, axis=-1), 0, 255).astype(np.uint8)
    return Image.fromarray(a, mode)


def premultiplied(im):
    a = np.asarray(im).astype(np.int64)
    if im.mode != "RGBA":
        return a
    out = a.copy()
    for c in range(3):
        out[..., c] = (a[..., c] * a[..., 3] + 127) // 255
    return out


# ---- geometry --------------------------------------------------------------------------
src = save(photo(300, 200), "src.png")
cases = [
    (["--width", "150"], (150, 100)),
    (["--height", "50"], (75, 50)),
    (["--width", "100", "--height", "100"], (100, 67)),  # contain (default)
    (["--width", "100", "--height", "100", "--fit", "contain"], (100, 67)),
    (["--width", "100", "--height", "100", "--fit", "cover"], (100, 100)),
    (["--width", "100", "--height", "100", "--fit", "fill"], (100, 100)),
    (["--width", "100", "--height", "100", "--fit", "exact"], (100, 100)),
    (["--width", "120", "--height", "30", "--fit", "exact"], (120, 30)),
    (["--width", "600"], (600, 400)),  # upscale
    ([], (300, 200)),
    (["--width", "1"], (1, 1)),
]
for args, size in cases:
    out = path("geo.png")
    r = ek("image", src, "-o", out, *args)
    check(f"geometry {args} exit", r.returncode == 0, r.stderr.decode())
    if r.returncode == 0:
        check(f"geometry {args} size", Image.open(out).size == size, f"{Image.open(out).size} != {size}")

# ---- pixels against Pillow --------------------------------------------------------------
filters = {"nearest": Image.NEAREST, "box": Image.BOX, "bilinear": Image.BILINEAR,
           "bicubic": Image.BICUBIC, "lanczos3": Image.LANCZOS}
for mode in ("RGB", "RGBA", "L"):
    im = photo(257, 193, "RGB" if mode == "L" else mode, seed=7)
    if mode == "L":
        im = im.convert("L")
    p = save(im, f"px_{mode}.png")
    for name, f in filters.items():
        for size in ((100, 75), (400, 301)):
            out = path(f"px_{mode}_{name}.png")
            r = ek("image", p, "-o", out, "--width", str(size[0]), "--height", str(size[1]),
                   "--fit", "exact", "--filter", name)
            check(f"pixels {mode} {name} {size} exit", r.returncode == 0, r.stderr.decode())
            if r.returncode != 0:
                continue
            got = Image.open(out)
            check(f"pixels {mode} {name} {size} mode", got.mode == mode, got.mode)
            want = im.resize(size, f)
            d = np.abs(premultiplied(got) - premultiplied(want))
            limit = 0 if name == "nearest" else 2
            check(f"pixels {mode} {name} {size}", d.max() <= limit, f"max abs diff {d.max()}")

# --fit fill: the padding is the background (white, transparent for PNG of RGB input).
r = ek("image", src, "-o", path("fill.png"), "--width", "100", "--height", "100", "--fit", "fill")
if r.returncode == 0:
    a = np.asarray(Image.open(path("fill.png")).convert("RGBA"))
    check("fill pads top row transparent", (a[0, :, 3] == 0).all(), str(a[0, :4]))
    check("fill keeps the middle opaque", (a[50, :, 3] == 255).all(), str(a[50, :4]))
r = ek("image", src, "-o", path("fill.jpg"), "--width", "100", "--height", "100", "--fit", "fill")
if r.returncode == 0:
    a = np.asarray(Image.open(path("fill.jpg")).convert("RGB")).astype(int)
    check("fill pads JPEG white", a[0:10].min() >= 240, str(a[0:10].min()))

# --fit cover: the centre; --smart-crop: the object, wherever it is.
scene = np.full((200, 600, 3), 120, np.uint8)
rng = np.random.default_rng(3)
scene[60:140, 470:550] = rng.integers(0, 255, (80, 80, 3), dtype=np.uint8)  # texture at the right
p = save(Image.fromarray(scene), "scene.png")
r = ek("image", p, "-o", path("cover.png"), "--width", "200", "--height", "200", "--fit", "cover")
check("cover exit", r.returncode == 0, r.stderr.decode())
if r.returncode == 0:
    a = np.asarray(Image.open(path("cover.png"))).astype(int)
    check("cover is the centre (flat there)", a.std() < 3, f"std {a.std()}")
r = ek("image", p, "-o", path("smart.png"), "--width", "200", "--height", "200", "--smart-crop")
check("smart-crop exit", r.returncode == 0, r.stderr.decode())
if r.returncode == 0:
    a = np.asarray(Image.open(path("smart.png"))).astype(int)
    # No resize happens (cover of 600x200 into 200x200 is scale 1): the 80x80 patch is either in
    # the window, whole, or not.
    textured = int(np.count_nonzero(np.any(a != 120, axis=-1)))
    check("smart-crop finds the texture", textured >= 6000, f"{textured} textured pixels")
    check("smart-crop size", a.shape[:2] == (200, 200), str(a.shape))

# ---- formats -------------------------------------------------------------------------------
big = save(photo(640, 480, seed=5), "big.png")
sizes = {}
for fmt in ("jpg", "jpeg", "png", "webp"):
    out = path(f"out.{fmt}")
    r = ek("image", big, "-o", out, "--width", "320")
    check(f"format {fmt} exit", r.returncode == 0, r.stderr.decode())
    if r.returncode == 0:
        got = Image.open(out)
        want = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}[fmt]
        check(f"format {fmt}", got.format == want and got.size == (320, 240), f"{got.format} {got.size}")
r = ek("image", big, "-o", path("forced.bin"), "--format", "webp", "--width", "320")
check("--format overrides the extension", r.returncode == 0 and Image.open(path("forced.bin")).format == "WEBP")
for q in (30, 90):
    for fmt in ("jpg", "webp"):
        out = path(f"q{q}.{fmt}")
        r = ek("image", big, "-o", out, "--quality", str(q))
        if r.returncode == 0:
            sizes[(fmt, q)] = os.path.getsize(out)
for fmt in ("jpg", "webp"):
    if (fmt, 30) in sizes and (fmt, 90) in sizes:
        check(f"{fmt} quality matters", sizes[(fmt, 30)] < sizes[(fmt, 90)], str(sizes))
r = ek("image", big, "-o", path("out.avif"), "--width", "160", "--speed", "10")
if r.returncode == 0:
    pr = ek("probe", path("out.avif"))
    check("avif probe", pr.stdout.decode().split() == ["avif", "160", "120", "3"], pr.stdout.decode())
else:
    check("avif output (or a clear unsupported message)", b"unsupported" in r.stderr.lower(), r.stderr.decode())

alpha = save(photo(120, 80, "RGBA", seed=9), "alpha.png")
for fmt in ("png", "webp"):
    out = path(f"alpha_out.{fmt}")
    r = ek("image", alpha, "-o", out, "--width", "60", *(["--lossless"] if fmt == "webp" else []))
    check(f"alpha {fmt} exit", r.returncode == 0, r.stderr.decode())
    if r.returncode == 0:
        got = Image.open(out)
        check(f"alpha {fmt} kept", got.mode == "RGBA", got.mode)

# EXIF orientation 6 (rotate 90 clockwise to display): a 60x40 stored image comes out 40x60.
exif = Image.Exif()
exif[0x0112] = 6
oriented = save(photo(60, 40, seed=11), "oriented.jpg", exif=exif.tobytes(), quality=95)
r = ek("image", oriented, "-o", path("oriented.png"))
check("orientation exit", r.returncode == 0, r.stderr.decode())
if r.returncode == 0:
    check("orientation applied", Image.open(path("oriented.png")).size == (40, 60), str(Image.open(path("oriented.png")).size))
r = ek("image", oriented, "-o", path("raw.png"), "--no-orient")
if r.returncode == 0:
    check("--no-orient keeps the stored layout", Image.open(path("raw.png")).size == (60, 40))

# ---- errors --------------------------------------------------------------------------------
random.seed(4)
garbage = path("garbage.png")
with open(garbage, "wb") as f:
    f.write(bytes(random.getrandbits(8) for _ in range(5000)))
data = open(big, "rb").read()
trunc = path("trunc.png")
with open(trunc, "wb") as f:
    f.write(data[: len(data) // 2])
bad = [
    ("garbage", [garbage, "-o", path("e1.png")]),
    ("truncated", [trunc, "-o", path("e2.png")]),
    ("missing file", [path("nope.png"), "-o", path("e3.png")]),
    ("pixel limit", [big, "-o", path("e4.png"), "--max-pixels", "1000"]),
    ("no -o", [big]),
    ("unknown extension", [big, "-o", path("e5.xyz")]),
    ("bad width", [big, "-o", path("e6.png"), "--width", "0"]),
    ("bad quality", [big, "-o", path("e7.jpg"), "--quality", "101"]),
    ("bad fit", [big, "-o", path("e8.png"), "--fit", "stretch"]),
    ("bad filter", [big, "-o", path("e9.png"), "--filter", "gauss"]),
    ("unknown option", [big, "-o", path("e10.png"), "--colour", "red"]),
    ("upscale bomb", [big, "-o", path("e11.png"), "--width", "60000", "--height", "60000", "--fit", "exact"]),
]
for name, args in bad:
    r = ek("image", *args)
    check(f"error {name} exit 1", r.returncode == 1, f"{r.returncode} {r.stderr.decode()}")
    check(f"error {name} message", r.stderr.startswith(b"ek image: "), r.stderr.decode())
for name, args in bad:
    if "-o" in args:
        out = args[args.index("-o") + 1]
        check(f"error {name} leaves no output", not os.path.exists(out), out)

if failures:
    print(f"{len(failures)} failures")
    sys.exit(1)
print("cli image: ok")
