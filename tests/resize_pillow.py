"""ek::resize against Pillow (Debian python3-pil 9.4) through the shared C library.

Usage: resize_pillow.py LIBEDGEKERNELS_C [--verbose]

Every filter Pillow shares (nearest, box, bilinear, bicubic, lanczos3), down and up, 1-4
channels, on scipy's photographs and synthetic patterns: per-channel max abs diff <= 2 and
PSNR >= 45 dB (2 and 4 channels compared premultiplied, as Pillow filters them; the straight-alpha
difference is reported too); nearest must be identical. Mitchell (not in Pillow) and linear-light
mode are compared with numpy float64 references of the same separable weights.
"""
import ctypes
import math
import sys
import warnings

import numpy as np
from PIL import Image

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import scipy.misc

    FACE = scipy.misc.face()
    ASCENT = scipy.misc.ascent().astype(np.uint8)


class Desc(ctypes.Structure):
    _fields_ = [("width", ctypes.c_uint32), ("height", ctypes.c_uint32), ("channels", ctypes.c_uint32),
                ("stride", ctypes.c_size_t), ("pixels", ctypes.POINTER(ctypes.c_uint8))]


class Opts(ctypes.Structure):
    _fields_ = [("filter", ctypes.c_int), ("linear", ctypes.c_int)]


lib = ctypes.CDLL(sys.argv[1])
VERBOSE = "--verbose" in sys.argv
lib.ek_image_new.argtypes = [ctypes.c_uint32, ctypes.c_uint32, ctypes.c_uint32, ctypes.c_void_p,
                             ctypes.POINTER(ctypes.c_void_p)]
lib.ek_image_describe.argtypes = [ctypes.c_void_p, ctypes.POINTER(Desc)]
lib.ek_image_resize.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_uint32, ctypes.POINTER(Opts),
                                ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p)]
lib.ek_image_free.argtypes = [ctypes.c_void_p]

FILTERS = {"nearest": 0, "box": 1, "bilinear": 2, "bicubic": 3, "mitchell": 4, "lanczos3": 5}
PIL_FILTERS = {"nearest": Image.NEAREST, "box": Image.BOX, "bilinear": Image.BILINEAR,
               "bicubic": Image.BICUBIC, "lanczos3": Image.LANCZOS}
MODES = {1: "L", 2: "LA", 3: "RGB", 4: "RGBA"}


def as_array(img):
    d = Desc()
    assert lib.ek_image_describe(img, ctypes.byref(d)) == 0
    buf = np.ctypeslib.as_array(d.pixels, shape=(d.height * d.stride,))
    return buf.reshape(d.height, d.stride)[:, : d.width * d.channels].reshape(d.height, d.width, d.channels).copy()


def ek_resize(a, w, h, filt, linear=False):
    a = np.ascontiguousarray(a.reshape(a.shape[0], a.shape[1], -1))
    img = ctypes.c_void_p()
    assert lib.ek_image_new(a.shape[1], a.shape[0], a.shape[2], None, ctypes.byref(img)) == 0
    d = Desc()
    lib.ek_image_describe(img, ctypes.byref(d))
    dst = np.ctypeslib.as_array(d.pixels, shape=(d.height * d.stride,)).reshape(d.height, d.stride)
    dst[:, : a.shape[1] * a.shape[2]] = a.reshape(a.shape[0], -1)
    out = ctypes.c_void_p()
    st = lib.ek_image_resize(img, w, h, ctypes.byref(Opts(FILTERS[filt], int(linear))), None, ctypes.byref(out))
    lib.ek_image_free(img)
    assert st == 0, st
    r = as_array(out)
    lib.ek_image_free(out)
    return r


def pil_resize(a, w, h, filt):
    c = a.shape[2]
    im = Image.fromarray(a if c > 1 else a[:, :, 0], MODES[c])
    return np.asarray(im.resize((w, h), PIL_FILTERS[filt])).reshape(h, w, c)


def premultiplied(a):
    c = a.shape[2]
    if c not in (2, 4):
        return a
    im = Image.fromarray(a, MODES[c]).convert("La" if c == 2 else "RGBa")
    p = np.asarray(im)
    return p.reshape(a.shape[0], a.shape[1], -1)


def psnr(a, b):
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return math.inf if mse == 0 else 10 * math.log10(255.0 ** 2 / mse)


rng = np.random.default_rng(4)


def synthetic():
    h, w = 157, 211
    y, x = np.mgrid[0:h, 0:w]
    pats = {}
    pats["checker1"] = (((x + y) % 2) * 255).astype(np.uint8)
    pats["checker7"] = ((((x // 7) + (y // 7)) % 2) * 255).astype(np.uint8)
    pats["stripes"] = ((x % 3 == 0) * 255).astype(np.uint8)
    pats["noise"] = rng.integers(0, 256, (h, w), dtype=np.uint8)
    pats["gradient"] = ((x * 255) // (w - 1)).astype(np.uint8)
    lines = np.zeros((h, w), np.uint8)
    lines[::17, :] = 255
    lines[:, ::13] = 255
    pats["lines"] = lines
    return {k: v for k, v in pats.items()}


def with_channels(gray_or_rgb, c, seed):
    r = np.random.default_rng(seed)
    g = gray_or_rgb
    if g.ndim == 2:
        g = np.stack([g, np.roll(g, 3, axis=1), 255 - g], axis=2)
    h, w = g.shape[:2]
    if c == 1:
        return g[:, :, :1].copy()
    y, x = np.mgrid[0:h, 0:w]
    alpha = ((x * 255) // max(w - 1, 1)).astype(np.uint8)
    alpha[(y // 9) % 3 == 0] = 0
    alpha[(y // 9) % 3 == 1] = np.where(r.random((h, w)) < 0.5, 255, alpha)[(y // 9) % 3 == 1]
    if c == 2:
        return np.stack([g[:, :, 0], alpha], axis=2)
    if c == 3:
        return g[:, :, :3].copy()
    return np.concatenate([g[:, :, :3], alpha[:, :, None]], axis=2)


failures = []
worst = {}


def check(name, a, w, h, filt):
    got = ek_resize(a, w, h, filt)
    ref = pil_resize(a, w, h, filt)
    if filt == "nearest":
        if not np.array_equal(got, ref):
            failures.append(f"{name} {filt} {a.shape}->{w}x{h}: nearest differs at "
                            f"{np.argwhere(got != ref)[:3].tolist()}")
        return
    gp, rp = premultiplied(got).astype(int), premultiplied(ref).astype(int)
    d = int(np.abs(gp - rp).max())
    p = psnr(gp, rp)
    straight = int(np.abs(got.astype(int) - ref.astype(int)).max())
    key = (filt, a.shape[2])
    prev = worst.get(key, (0, math.inf, 0))
    worst[key] = (max(prev[0], d), min(prev[1], p), max(prev[2], straight))
    if VERBOSE:
        print(f"{name:10s} {filt:9s} c={a.shape[2]} {a.shape[1]}x{a.shape[0]}->{w}x{h} max {d} psnr {p:.1f} straight {straight}")
    if d > 2 or p < 45.0:
        failures.append(f"{name} {filt} c={a.shape[2]} {a.shape[1]}x{a.shape[0]}->{w}x{h}: max {d}, PSNR {p:.1f}")


face_small = FACE[::2, ::2]  # 512x384, keeps the run short
sources = {"face": face_small, "ascent": ASCENT}
sources.update(synthetic())
for name, src in sources.items():
    for c in (1, 2, 3, 4):
        a = with_channels(src, c, len(name))
        H, W = a.shape[:2]
        sizes = [(W // 3 + 1, H // 3 + 2), (W * 2 // 5, H * 3 // 7), (W - 1, H + 1), (W * 2 + 3, H * 3 // 2),
                 (W, H // 2), (W // 2, H), (1, 1), (W * 5, 7)]
        if name not in ("face", "checker1", "noise") and c in (1, 2):
            sizes = sizes[:3]
        for filt in PIL_FILTERS:
            for (w, h) in sizes:
                check(name, a, w, h, filt)

# Upscales and odd ratios of small crops (nearest's accumulated coordinates included).
crop = FACE[300:347, 500:561]
for filt in PIL_FILTERS:
    for (w, h) in [(203, 157), (61 * 7, 47 * 3), (97, 13), (3, 200), (1000, 1)]:
        for c in (3, 4):
            check("crop", with_channels(crop, c, 9), w, h, filt)
# Extreme ratios.
for filt in PIL_FILTERS:
    check("line", rng.integers(0, 256, (1, 10000, 3), dtype=np.uint8), 1, 1, filt)
    check("column", rng.integers(0, 256, (3000, 1, 4), dtype=np.uint8), 1, 7, filt)


# ---- Mitchell and linear light: numpy float64 references of the same separable weights ----
def mitchell(x):
    B = C = 1.0 / 3.0
    x = np.abs(x)
    return np.where(x < 1, ((12 - 9 * B - 6 * C) * x ** 3 + (-18 + 12 * B + 6 * C) * x ** 2 + (6 - 2 * B)) / 6,
                    np.where(x < 2, ((-B - 6 * C) * x ** 3 + (6 * B + 30 * C) * x ** 2 + (-12 * B - 48 * C) * x
                                     + (8 * B + 24 * C)) / 6, 0.0))


def lanczos3(x):
    return np.where(np.abs(x) < 3, np.sinc(x) * np.sinc(x / 3), 0.0)


def matrix(n_in, n_out, fn, support):
    scale = n_in / n_out
    fs = max(scale, 1.0)
    sup = support * fs
    m = np.zeros((n_out, n_in))
    for i in range(n_out):
        center = (i + 0.5) * scale
        lo = max(int(center - sup + 0.5), 0)
        hi = min(int(center + sup + 0.5), n_in)
        xs = np.arange(lo, hi)
        w = fn((xs - center + 0.5) / fs)
        if w.sum() != 0:
            w = w / w.sum()
        m[i, lo:hi] = w
    return m


def mitchell_ref(a, w, h):
    H, W, c = a.shape
    mh, mv = matrix(W, w, mitchell, 2.0), matrix(H, h, mitchell, 2.0)
    t = np.einsum("xw,hwc->hxc", mh, a.astype(np.float64))
    t = np.clip(np.floor(t + 0.5), 0, 255)  # Pillow-style 8-bit intermediate
    return np.clip(np.floor(np.einsum("yh,hxc->yxc", mv, t) + 0.5), 0, 255)


for name in ("face", "checker7", "noise", "lines"):
    a = with_channels(sources[name], 3, 1)
    H, W = a.shape[:2]
    for (w, h) in [(W // 3 + 1, H // 3 + 2), (W * 2 + 3, H * 3 // 2)]:
        got = ek_resize(a, w, h, "mitchell").astype(int)
        ref = mitchell_ref(a, w, h)
        d = int(np.abs(got - ref).max())
        worst[("mitchell", 3)] = (max(worst.get(("mitchell", 3), (0,))[0], d), min(psnr(got, ref), worst.get(("mitchell", 3), (0, math.inf))[1]), 0)
        if d > 2 or psnr(got, ref) < 45:
            failures.append(f"mitchell {name} -> {w}x{h}: max {d}")


def to_lin(u8):
    c = u8 / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def to_srgb(l):
    l = np.clip(l, 0, 1)
    return np.where(l <= 0.0031308, 12.92 * l, 1.055 * l ** (1 / 2.4) - 0.055)


def linear_ref(a, w, h):
    H, W, c = a.shape
    mh, mv = matrix(W, w, lanczos3, 3.0), matrix(H, h, lanczos3, 3.0)
    alpha = c in (2, 4)
    col = c - 1 if alpha else c
    f = np.empty(a.shape)
    al = a[:, :, -1] / 255.0 if alpha else np.ones((H, W))
    f[:, :, :col] = to_lin(a[:, :, :col]) * al[:, :, None]
    if alpha:
        f[:, :, -1] = al
    t = np.einsum("yh,hwc->ywc", mv, np.einsum("xw,hwc->hxc", mh, f))
    out = np.empty(t.shape)
    if alpha:
        ao = np.clip(t[:, :, -1], 0, 1)
        out[:, :, -1] = np.floor(ao * 255 + 0.5)
        safe = np.where(ao > 0, ao, 1)
        lin = np.where(ao[:, :, None] > 0, t[:, :, :col] / safe[:, :, None], 0)
    else:
        lin = t
    out[:, :, :col] = np.floor(to_srgb(lin) * 255 + 0.5)
    return out


# Linear light: ek keeps float32 sums (no 8-bit intermediate), the reference float64; a value
# near a rounding boundary may land one step apart (the sRGB curve is steep near black, where
# 1 ulp of float32 in linear light is up to ~1e-3 code values), so the tolerance is 1.
for c in (1, 3, 4):
    for name in ("face", "checker7", "noise"):
        a = with_channels(sources[name], c, 2)
        H, W = a.shape[:2]
        for (w, h) in [(W // 3 + 1, H // 3 + 2), (W * 3 // 2, H + 5)]:
            got = ek_resize(a, w, h, "lanczos3", linear=True).astype(int)
            ref = linear_ref(a, w, h)
            if c == 4:  # straight colour is meaningless where alpha is 0
                got[got[:, :, 3] == 0, :3] = 0
                ref[ref[:, :, 3] == 0, :3] = 0
            d = int(np.abs(got - ref).max())
            worst[("linear", c)] = (max(worst.get(("linear", c), (0,))[0], d), 0, 0)
            if d > 1:
                bad = np.argwhere(np.abs(got - ref) > 1)[:3].tolist()
                failures.append(f"linear {name} c={c} -> {w}x{h}: max {d} at {bad}")

for k in sorted(worst):
    print(f"{k[0]:9s} c={k[1]}: max |diff| {worst[k][0]} (premultiplied for c=2/4), min PSNR {worst[k][1]:.1f} dB, "
          f"straight-alpha max {worst[k][2]}")
if failures:
    print(f"{len(failures)} FAILURES")
    for f in failures[:40]:
        print("  " + f)
    sys.exit(1)
print("ok")
