#!/usr/bin/python3
"""ek_image_decode (C ABI, through ctypes) against Pillow: files Pillow writes in memory, every
EXIF orientation against ImageOps.exif_transpose, forced channel counts against Image.convert,
and the ABI's argument/limit checks.

usage: decode_reference.py path/to/libedgekernels_c.so
"""
import ctypes as C
import io
import sys
import warnings

import numpy as np
from PIL import Image, ImageOps

warnings.simplefilter("ignore")
import scipy.misc  # noqa: E402

lib = C.CDLL(sys.argv[1])


class Limits(C.Structure):
    _fields_ = [("max_width", C.c_uint32), ("max_height", C.c_uint32),
                ("max_pixels", C.c_uint64), ("max_input_bytes", C.c_uint64)]


class Options(C.Structure):
    _fields_ = [("limits", Limits), ("channels", C.c_uint32), ("apply_orientation", C.c_int),
                ("min_width", C.c_uint32), ("min_height", C.c_uint32)]


class Info(C.Structure):
    _fields_ = [("format", C.c_int), ("width", C.c_uint32), ("height", C.c_uint32),
                ("channels", C.c_uint32), ("orientation", C.c_uint32)]


class Desc(C.Structure):
    _fields_ = [("width", C.c_uint32), ("height", C.c_uint32), ("channels", C.c_uint32),
                ("stride", C.c_size_t), ("pixels", C.POINTER(C.c_uint8))]


lib.ek_image_decode.argtypes = [C.c_void_p, C.c_size_t, C.POINTER(Options), C.c_void_p,
                                C.POINTER(C.c_void_p), C.POINTER(Info)]
lib.ek_image_decode.restype = C.c_int
lib.ek_image_describe.argtypes = [C.c_void_p, C.POINTER(Desc)]
lib.ek_image_free.argtypes = [C.c_void_p]
lib.ek_image_decoders.restype = C.c_uint
EK_IMAGE_WEBP = 4
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def decode(data, channels=0, orient=1, limits=None):
    o = Options()
    check(lib.ek_decode_options_init(C.byref(o)) == 0, "options_init")
    o.channels, o.apply_orientation = channels, orient
    if limits:
        for k, v in limits.items():
            setattr(o.limits, k, v)
    h, info = C.c_void_p(), Info()
    buf = C.create_string_buffer(data, len(data))
    st = lib.ek_image_decode(buf, len(data), C.byref(o), None, C.byref(h), C.byref(info))
    if st != 0:
        return st, None, info
    d = Desc()
    lib.ek_image_describe(h, C.byref(d))
    rows = np.ctypeslib.as_array(d.pixels, (d.height * d.stride,)).reshape(d.height, d.stride)
    a = rows[:, : d.width * d.channels].reshape(d.height, d.width, d.channels).copy()
    lib.ek_image_free(h)
    return st, a, info


def arr(im):
    a = np.asarray(im)
    return a[:, :, None] if a.ndim == 2 else a


def psnr(a, b):
    se = np.mean((a.astype(float) - b.astype(float)) ** 2)
    return 99.0 if se == 0 else 10 * np.log10(255.0 ** 2 / se)


def encoded(im, fmt, **kw):
    b = io.BytesIO()
    im.save(b, fmt, **kw)
    return b.getvalue()


face = Image.fromarray(scipy.misc.face()[200:331, 400:577])  # 177 x 131
webp = lib.ek_image_decoders() & EK_IMAGE_WEBP
formats = [("PNG", {}, True), ("JPEG", {"quality": 95}, False)]
if webp:
    formats.append(("WEBP", {"lossless": True}, True))

# Every EXIF orientation, three containers, against Pillow's exif_transpose.
for o in range(1, 9):
    ex = Image.Exif()
    ex[0x0112] = o
    for fmt, kw, exact in formats:
        data = encoded(face, fmt, exif=ex.tobytes(), **kw)
        want = arr(ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert("RGB"))
        st, got, info = decode(data)
        check(st == 0, f"{fmt} orientation {o}: status {st}")
        if st:
            continue
        check(info.orientation == o, f"{fmt} {o}: info.orientation {info.orientation}")
        check(got.shape == want.shape, f"{fmt} {o}: shape {got.shape} vs {want.shape}")
        if got.shape == want.shape:
            ok = np.array_equal(got, want) if exact else psnr(got, want) >= 30
            check(ok, f"{fmt} {o}: pixels differ (PSNR {psnr(got, want):.1f})")
        st, stored, _ = decode(data, orient=0)
        check(st == 0 and stored.shape[:2] == (131, 177), f"{fmt} {o}: not applied when asked")

# Forced channel counts against Pillow's convert, from each stored mode (PNG: exact).
rgba = face.convert("RGBA")
rgba.putalpha(Image.fromarray((np.arange(131 * 177) % 251).astype(np.uint8).reshape(131, 177)))
for src in [face.convert("L"), face.convert("L").convert("LA"), face, rgba]:
    data = encoded(src, "PNG")
    for ch, mode in [(1, "L"), (2, "LA"), (3, "RGB"), (4, "RGBA")]:
        st, got, _ = decode(data, channels=ch)
        want = arr(src.convert(mode))
        check(st == 0 and np.array_equal(got, want), f"PNG {src.mode} -> {mode}")

# Every 1/16th prefix is EK_ERR_FORMAT (-5); limits at the boundary; argument checks.
for fmt, kw, _ in formats + [("GIF", {}, True), ("BMP", {}, True)]:
    data = encoded(face, fmt, **kw)
    for k in range(16):
        st, _, _ = decode(data[: len(data) * k // 16])
        check(st == -5, f"{fmt} prefix {k}/16: status {st}")
    n = len(data)
    check(decode(data, limits={"max_input_bytes": n - 1})[0] == -6, f"{fmt} max_input_bytes n-1")
    check(decode(data, limits={"max_input_bytes": n})[0] == 0, f"{fmt} max_input_bytes n")
    check(decode(data, limits={"max_pixels": 177 * 131 - 1})[0] == -6, f"{fmt} max_pixels -1")
    check(decode(data, limits={"max_pixels": 177 * 131})[0] == 0, f"{fmt} max_pixels")
o = Options()
lib.ek_decode_options_init(C.byref(o))
o.channels = 5
h = C.c_void_p()
check(lib.ek_image_decode(b"x", 1, C.byref(o), None, C.byref(h), None) == -2, "channels 5")
check(lib.ek_image_decode(None, 1, None, None, C.byref(h), None) == -1, "NULL data")
check(lib.ek_image_decode(b"x", 1, None, None, None, None) == -1, "NULL out")

if failures:
    print("\n".join(failures[:50]))
    sys.exit(1)
print("decode_reference: ok")
