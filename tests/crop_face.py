"""Smart crop on a real photograph: scipy's raccoon face (1024x768 RGB), through the shared C
library (ctypes). The raccoon's eyes and nose (located by eye on the photo: left eye about
(576, 307), right eye (720, 327), nose (620, 450)) lie in the box x 560..740, y 290..470; a
300x300 (and 400x300) attention or entropy crop must hold it, for RGB, opaque RGBA and gray;
with the left half of the photo transparent (random colours), the crop must lie in the opaque
half and hold the eyes. The crop's pixels (ek_image_crop) must be the
photo's own. Usage: crop_face.py LIBEDGEKERNELS_C"""
import ctypes
import sys
import warnings

import numpy as np

warnings.simplefilter("ignore")  # scipy.misc's DeprecationWarning
import scipy.misc  # noqa: E402

CENTRE, ATTENTION, ENTROPY = 0, 1, 2
BOX = (560, 290, 740, 470)  # x0, y0, x1, y1: eyes and nose
EYES = (560, 290, 740, 340)


class Rect(ctypes.Structure):
    _fields_ = [("x", ctypes.c_uint32), ("y", ctypes.c_uint32),
                ("width", ctypes.c_uint32), ("height", ctypes.c_uint32)]


class Desc(ctypes.Structure):
    _fields_ = [("width", ctypes.c_uint32), ("height", ctypes.c_uint32),
                ("channels", ctypes.c_uint32), ("stride", ctypes.c_size_t),
                ("pixels", ctypes.c_void_p)]


lib = ctypes.CDLL(sys.argv[1])
lib.ek_image_new.argtypes = [ctypes.c_uint32, ctypes.c_uint32, ctypes.c_uint32, ctypes.c_void_p,
                             ctypes.POINTER(ctypes.c_void_p)]
lib.ek_image_describe.argtypes = [ctypes.c_void_p, ctypes.POINTER(Desc)]
lib.ek_image_free.argtypes = [ctypes.c_void_p]
lib.ek_image_smartcrop.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_uint32, ctypes.c_int,
                                   ctypes.POINTER(Rect)]
lib.ek_image_crop.argtypes = [ctypes.c_void_p, Rect, ctypes.c_void_p,
                              ctypes.POINTER(ctypes.c_void_p)]

failures = 0


def check(cond, what):
    global failures
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures += 1


def pixels(img):
    d = Desc()
    assert lib.ek_image_describe(img, ctypes.byref(d)) == 0
    buf = (ctypes.c_uint8 * (d.stride * d.height)).from_address(d.pixels)
    a = np.frombuffer(buf, dtype=np.uint8).reshape(d.height, d.stride)
    return a[:, :d.width * d.channels].reshape(d.height, d.width, d.channels)


def make(arr):
    h, w, c = arr.shape
    img = ctypes.c_void_p()
    assert lib.ek_image_new(w, h, c, None, ctypes.byref(img)) == 0
    pixels(img)[:] = arr
    return img


def smartcrop(img, w, h, mode):
    r = Rect()
    st = lib.ek_image_smartcrop(img, w, h, mode, ctypes.byref(r))
    assert st == 0, st
    return r


face = scipy.misc.face()
assert face.shape == (768, 1024, 3)
gray = np.round(face.astype(np.float64) @ [0.299, 0.587, 0.114]).astype(np.uint8)[:, :, None]
rgba = np.concatenate([face, np.full((768, 1024, 1), 255, np.uint8)], axis=2)
half = rgba.copy()
half[:, :512, 3] = 0  # the left half transparent: its colours must not matter
half[:, :512, :3] = np.random.default_rng(1).integers(0, 256, (768, 512, 3), dtype=np.uint8)

results = {}
for name, arr in (("rgb", face), ("rgba", rgba), ("rgba-half-transparent", half), ("gray", gray)):
    img = make(arr)
    for mode in (ATTENTION, ENTROPY):
        for (w, h) in ((300, 300), (400, 300)):
            r = smartcrop(img, w, h, mode)
            results[(name, mode, w, h)] = (r.x, r.y)
            desc = f"{name} mode {mode} {w}x{h} -> ({r.x}, {r.y})"
            check(r.width == w and r.height == h and r.x + w <= 1024 and r.y + h <= 768,
                  desc + ": size and bounds")
            # With the left half gone, the face sits at the edge of what is left, and the crop
            # may trade the tip of the nose for the fur above the eyes: only the eyes are required.
            box, what = (EYES, "eyes") if name == "rgba-half-transparent" else (BOX, "eyes and nose")
            check(r.x <= box[0] and r.y <= box[1] and r.x + w >= box[2] and r.y + h >= box[3],
                  desc + ": holds the " + what)
            if name == "rgba-half-transparent":
                check(r.x >= 512, desc + ": in the opaque half")
            if name == "rgb" and mode == ATTENTION and w == 300:
                out = ctypes.c_void_p()
                assert lib.ek_image_crop(img, r, None, ctypes.byref(out)) == 0
                check(np.array_equal(pixels(out), face[r.y:r.y + h, r.x:r.x + w]),
                      desc + ": ek_image_crop gives the photo's pixels")
                lib.ek_image_free(out)
    r = smartcrop(img, 2000, 100, CENTRE)
    check((r.x, r.y, r.width, r.height) == (0, 334, 1024, 100), f"{name} centre clamped")
    lib.ek_image_free(img)

# Opaque alpha changes nothing.
for mode in (ATTENTION, ENTROPY):
    check(results[("rgb", mode, 300, 300)] == results[("rgba", mode, 300, 300)],
          f"mode {mode}: opaque RGBA chooses as RGB")

print(f"{failures} failure(s)")
sys.exit(1 if failures else 0)
