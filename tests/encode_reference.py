"""ek_image_encode round trips, decoded by Pillow (an independent decoder): PNG and lossless WebP
bit-exact for every channel count and odd sizes, JPEG and lossy WebP PSNR on a real photograph
(scipy's raccoon) that grows with quality, alpha kept by PNG/WebP, JPEG alpha composited over
white. AVIF is checked in test_encode (Pillow 9.4 cannot read it).

usage: encode_reference.py LIBEDGEKERNELS_C
"""
import ctypes
import io
import sys
import warnings

import numpy as np
from PIL import Image

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import scipy.misc

lib = ctypes.CDLL(sys.argv[1])
P = ctypes.POINTER
JPEG, PNG, WEBP, AVIF = 1, 2, 4, 8


class Desc(ctypes.Structure):
    _fields_ = [("width", ctypes.c_uint32), ("height", ctypes.c_uint32),
                ("channels", ctypes.c_uint32), ("stride", ctypes.c_size_t),
                ("pixels", P(ctypes.c_uint8))]


class Options(ctypes.Structure):
    _fields_ = [("format", ctypes.c_int), ("quality", ctypes.c_int), ("lossless", ctypes.c_int),
                ("speed", ctypes.c_int)]


lib.ek_image_new.argtypes = [ctypes.c_uint32] * 3 + [ctypes.c_void_p, P(ctypes.c_void_p)]
lib.ek_image_describe.argtypes = [ctypes.c_void_p, P(Desc)]
lib.ek_image_free.argtypes = [ctypes.c_void_p]
lib.ek_image_encoders.restype = ctypes.c_uint
lib.ek_encode_options_init.argtypes = [P(Options)]
lib.ek_image_encode.argtypes = [ctypes.c_void_p, P(Options), ctypes.c_void_p,
                                P(P(ctypes.c_uint8)), P(ctypes.c_size_t)]
lib.ek_free.argtypes = [ctypes.c_void_p]

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def encode(arr, fmt, quality=0, lossless=0):
    arr = np.ascontiguousarray(arr, dtype=np.uint8)
    if arr.ndim == 2:
        arr = arr[:, :, None]
    h, w, c = arr.shape
    img = ctypes.c_void_p()
    assert lib.ek_image_new(w, h, c, None, ctypes.byref(img)) == 0
    try:
        d = Desc()
        assert lib.ek_image_describe(img, ctypes.byref(d)) == 0
        assert d.stride == w * c
        ctypes.memmove(d.pixels, arr.ctypes.data, arr.nbytes)
        o = Options()
        assert lib.ek_encode_options_init(ctypes.byref(o)) == 0
        o.format, o.quality, o.lossless = fmt, quality, lossless
        out, n = P(ctypes.c_uint8)(), ctypes.c_size_t()
        st = lib.ek_image_encode(img, ctypes.byref(o), None, ctypes.byref(out), ctypes.byref(n))
        if st != 0:
            raise RuntimeError(f"ek_image_encode({fmt}, q{quality}) = {st}")
        data = ctypes.string_at(out, n.value)
        lib.ek_free(out)
        return data
    finally:
        lib.ek_image_free(img)


def decode(data, fmt_name):
    im = Image.open(io.BytesIO(data))
    check(im.format == fmt_name, f"format {im.format} != {fmt_name}")
    im.load()
    return im


MODES = {1: "L", 2: "LA", 3: "RGB", 4: "RGBA"}


def psnr(a, b):
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return 99.0 if mse == 0 else 10 * np.log10(255.0 ** 2 / mse)


rng = np.random.default_rng(4)


def patterns(h, w, c):
    yield rng.integers(0, 256, (h, w, c), dtype=np.uint8)
    yy, xx = np.mgrid[0:h, 0:w]
    g = np.stack([(xx * 255 // max(w - 1, 1) + k * 40 + (yy * 7)) % 256 for k in range(c)], -1)
    yield g.astype(np.uint8)


encoders = lib.ek_image_encoders()
check(encoders & (JPEG | PNG) == JPEG | PNG, f"encoders {encoders:#x} lack JPEG/PNG")
HAVE_WEBP = bool(encoders & WEBP)
if not HAVE_WEBP:
    print("built without WebP (EK_WITH_WEBP=OFF): WebP checks skipped")

# ---- PNG: exact for every channel count and awkward sizes ----
SIZES = [(1, 1), (1, 9), (9, 1), (13, 17), (31, 64), (100, 3)]
for c in (1, 2, 3, 4):
    for h, w in SIZES:
        for arr in patterns(h, w, c):
            im = decode(encode(arr, PNG), "PNG")
            check(im.mode == MODES[c] and im.size == (w, h), f"PNG c{c} {w}x{h}: {im.mode} {im.size}")
            got = np.asarray(im).reshape(h, w, c)
            check(np.array_equal(got, arr), f"PNG c{c} {w}x{h} not exact")

# ---- WebP lossless: exact, also the colour under transparent pixels ----
for c in ((3, 4) if HAVE_WEBP else ()):
    for h, w in SIZES:
        for arr in patterns(h, w, c):
            if c == 4:
                arr[::3, ::2, 3] = 0
            im = decode(encode(arr, WEBP, 0, 1), "WEBP")
            im = im.convert(MODES[c])
            got = np.asarray(im)
            check(got.shape == arr.shape and np.array_equal(got, arr),
                  f"WebP lossless c{c} {w}x{h} not exact")
for c in ((1, 2) if HAVE_WEBP else ()):  # gray is expanded to RGB(A): every colour channel equals the gray value
    arr = next(patterns(21, 19, c))
    got = np.asarray(decode(encode(arr, WEBP, 0, 1), "WEBP").convert("RGBA"))
    check(all(np.array_equal(got[:, :, k], arr[:, :, 0]) for k in range(3)),
          f"WebP lossless gray c{c}")
    if c == 2:
        check(np.array_equal(got[:, :, 3], arr[:, :, 1]), "WebP lossless gray alpha")

# ---- lossy on a real photograph: PSNR grows with quality, so does the size ----
face = scipy.misc.face()  # 768x1024 RGB
JPEG_MIN = {30: 32.0, 50: 34.0, 82: 44.0, 90: 46.5, 95: 49.0}
WEBP_MIN = {30: 31.5, 50: 33.0, 80: 36.5, 90: 40.0, 95: 43.0}
LOSSY = [(JPEG, "JPEG", JPEG_MIN)] + ([(WEBP, "WEBP", WEBP_MIN)] if HAVE_WEBP else [])
for fmt, name, table in LOSSY:
    prev = None
    for q, floor in sorted(table.items()):
        data = encode(face, fmt, q)
        got = np.asarray(decode(data, name).convert("RGB"))
        check(got.shape == face.shape, f"{name} q{q} shape {got.shape}")
        p = psnr(got, face)
        print(f"{name} q{q}: {len(data)} bytes, PSNR {p:.2f} dB (floor {floor})")
        check(p >= floor, f"{name} q{q} PSNR {p:.2f} < {floor}")
        if prev:
            check(len(data) > prev[0] and p > prev[1], f"{name} q{q} not above the previous quality")
        prev = (len(data), p)
    # quality 0 is the documented default
    default_q = 82 if fmt == JPEG else 80
    check(encode(face, fmt, 0) == encode(face, fmt, default_q), f"{name} quality 0 != {default_q}")

# The same pixels through Pillow's own libjpeg at the same quality: stb uses the IJG quality
# scale, so the PSNR should be close (stb has no trellis/optimised Huffman, so size may differ).
buf = io.BytesIO()
Image.fromarray(face).save(buf, "JPEG", quality=82)
ref = psnr(np.asarray(Image.open(buf).convert("RGB")), face)
ours = psnr(np.asarray(decode(encode(face, JPEG, 82), "JPEG").convert("RGB")), face)
print(f"JPEG q82 PSNR: ours {ours:.2f} dB, Pillow/libjpeg {ref:.2f} dB")
check(abs(ours - ref) < 1.0, "JPEG q82 PSNR far from libjpeg's at the same quality")

# gray JPEG
gray = np.asarray(Image.fromarray(face).convert("L"))
got = np.asarray(decode(encode(gray, JPEG, 90), "JPEG").convert("L"))
p = psnr(got, gray)
print(f"JPEG gray q90 PSNR {p:.2f}")
check(p >= 35.0, f"JPEG gray q90 PSNR {p:.2f}")

# ---- alpha ----
if HAVE_WEBP:
    rgba = np.dstack([face[:256, :256], np.tile(np.arange(256, dtype=np.uint8), (256, 1))])
    got = np.asarray(decode(encode(rgba, WEBP, 80), "WEBP").convert("RGBA"))
    check(np.array_equal(got[:, :, 3], rgba[:, :, 3]), "lossy WebP alpha not kept exactly")
# JPEG: composited over white; a transparent pixel comes out white, an opaque one as itself.
for c in (2, 4):
    arr = np.zeros((32, 48, c), np.uint8)
    arr[:, :, : c - 1] = 30
    arr[:, 24:, c - 1] = 255   # right half opaque dark
    arr[:, :24, c - 1] = 0     # left half fully transparent
    got = np.asarray(decode(encode(arr, JPEG, 95), "JPEG").convert("RGB")).astype(int)
    check(got[:, :16].min() >= 250, f"JPEG c{c}: transparent not white ({got[:, :16].min()})")
    check(np.abs(got[:, 32:] - 30).max() <= 3, f"JPEG c{c}: opaque pixels changed")
    half = arr.copy()
    half[:, :, c - 1] = 128
    got = np.asarray(decode(encode(half, JPEG, 95), "JPEG").convert("RGB")).astype(int)
    expect = (30 * 128 + 255 * 127) / 255
    check(np.abs(got - expect).max() <= 3, f"JPEG c{c}: half alpha over white {got.mean():.1f}")

# ---- 1x1, 1xN, Nx1 in every lossy format ----
for fmt, name, _ in LOSSY:
    for h, w in ((1, 1), (1, 37), (37, 1)):
        for c in (1, 2, 3, 4):
            arr = np.full((h, w, c), 200, np.uint8)
            if fmt == JPEG and c in (2, 4):
                arr[:, :, c - 1] = 255  # opaque: no compositing
            im = decode(encode(arr, fmt, 90), name)
            check(im.size == (w, h), f"{name} c{c} {w}x{h}: size {im.size}")
            got = np.asarray(im.convert("RGBA" if fmt == WEBP else "RGB"))
            check(np.abs(got[:, :, :3].astype(int) - 200).max() <= 3, f"{name} c{c} {w}x{h}: flat 200")

if failures:
    print(f"{len(failures)} failure(s)")
    sys.exit(1)
print("encode_reference: all checks passed")
