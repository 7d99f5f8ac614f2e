"""Pillow's Image.resize timed in-process on the cases of bench_resize.cpp (min of N runs).

Usage: /usr/bin/python3 benchmarks/resize_pillow.py [RUNS]

RGB8 and RGBA8 4928x3279 -> 852x567 for every Pillow filter, and 852x567 -> 4928x3279 Lanczos3
RGB. The input is the same kind of photo-like image as the C++ benchmark (gradients + noise).
Pillow filters RGBA premultiplied (its resize converts to RGBa and back), so the RGBA times
include that, as ek's do.
"""
import sys
import time

import numpy as np
from PIL import Image

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
W, H, OW, OH = 4928, 3279, 852, 567


def make(w, h, c):
    rng = np.random.default_rng(12345)
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    fx, fy = x / w, y / h
    blob = (((x // 97) + (y // 61)) % 5) * 20.0
    planes = [40 + 150 * fx + blob, 30 + 180 * fy, 200 - 120 * fx * fy + blob / 2, 255 - 200 * fy * fx][:c]
    a = np.stack(planes, axis=2) + rng.integers(-8, 8, (h, w, 1))
    return np.clip(a, 0, 255).astype(np.uint8)


FILTERS = [("nearest", Image.NEAREST), ("box", Image.BOX), ("bilinear", Image.BILINEAR),
           ("bicubic", Image.BICUBIC), ("lanczos3", Image.LANCZOS)]


def best(im, size, f):
    t = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        im.resize(size, f)
        t.append(time.perf_counter() - t0)
    return min(t) * 1e3


print(f"Pillow {Image.__version__}, min of {RUNS} runs, ms")
print(f"{'case':28s} {'ms':>9s}")
for c, mode in ((3, "RGB"), (4, "RGBA")):
    im = Image.fromarray(make(W, H, c), mode)
    for name, f in FILTERS:
        print(f"{'resize/pillow/' + name + ('_rgb' if c == 3 else '_rgba'):28s} {best(im, (OW, OH), f):9.2f}")
small = Image.fromarray(make(OW, OH, 3), "RGB")
print(f"{'resize/pillow/lanczos3_up_rgb':28s} {best(small, (W, H), Image.LANCZOS):9.2f}")
