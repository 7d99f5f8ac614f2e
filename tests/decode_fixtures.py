#!/usr/bin/python3
"""Writes the files test_decode reads: images encoded by Pillow (an independent encoder) and
Pillow's own decode of each as the reference.

usage: decode_fixtures.py OUTDIR

OUTDIR/manifest.txt, one line per case:
    FILE REF KIND CHANNELS ORIENT MINW MINH
FILE is decoded by edgekernels with channels=CHANNELS (0: as stored), apply_orientation when
ORIENT is 1, and the shrink hint MINW x MINH; REF is Pillow's pixels (.raw: little-endian u32
width, height, channels, then the rows); KIND is exact, lossy (PSNR >= 30 dB), scaled (WebP shrink-on-load:
size exact, PSNR >= 25 dB against Pillow's box reduction) or jscaled (the same for JPEG, checked
only in EK_WITH_LIBJPEG builds). Where Pillow and stb legitimately differ the reference follows
the documented behaviour: a grey-palette BMP is RGB (probe.h), and a GIF's fully transparent
pixels are (0, 0, 0, 0).
"""
import os
import struct
import sys
import warnings

import numpy as np
from PIL import Image, ImageOps

warnings.simplefilter("ignore")
import scipy.misc  # noqa: E402

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
lines = []


def raw(img, name):
    a = np.asarray(img)
    if a.ndim == 2:
        a = a[:, :, None]
    h, w, c = a.shape
    with open(os.path.join(out, name), "wb") as f:
        f.write(struct.pack("<III", w, h, c))
        f.write(np.ascontiguousarray(a, dtype=np.uint8).tobytes())
    return name


CANON = {"L": "L", "LA": "LA", "RGB": "RGB", "RGBA": "RGBA", "1": "L", "P": "RGB", "I;16": "L"}


def canonical(im):
    if im.mode == "P":
        return im.convert("RGBA" if "transparency" in im.info else "RGB")
    return im.convert(CANON[im.mode]) if im.mode != CANON[im.mode] else im


def case(img, name, fmt, kind, conversions=(), **save):
    path = os.path.join(out, name)
    img.save(path, fmt, **save)
    ref = canonical(Image.open(path))
    ref.load()
    if fmt == "BMP" and ref.mode == "L":  # a palette, even a grey one, is RGB (probe.h)
        ref = ref.convert("RGB")
    if fmt == "GIF" and ref.mode == "RGBA":
        # stb leaves a GIF's transparent pixels (0, 0, 0, 0); Pillow keeps the palette colour
        # under alpha 0. Invisible either way; the reference takes stb's.
        a = np.array(ref)
        a[a[:, :, 3] == 0] = 0
        ref = Image.fromarray(a, "RGBA")
    lines.append(f"{name} {raw(ref, name + '.raw')} {kind} 0 1 0 0")
    for mode, ch in conversions:
        lines.append(f"{name} {raw(ref.convert(mode), f'{name}.{ch}.raw')} {kind} {ch} 1 0 0")


rng = np.random.default_rng(7)
face = scipy.misc.face()[100:293, 300:557]  # 257 x 193, a real photograph, odd sizes
ascent = scipy.misc.ascent().astype(np.uint8)[50:201, 60:239]
yy, xx = np.mgrid[0:61, 0:67]
alpha = ((xx * 4 + yy * 3) % 256).astype(np.uint8)
alpha[::7, :] = 0
alpha[:, ::5] = 255
rgb = Image.fromarray(face)
gray = Image.fromarray(ascent)
rgba = Image.fromarray(np.dstack([face[:61, :67], alpha]))
la = Image.fromarray(np.dstack([ascent[:61, :67], alpha]), "LA")
noise = Image.fromarray(rng.integers(0, 256, (13, 11, 3), dtype=np.uint8))
conv = [("L", 1), ("LA", 2), ("RGB", 3), ("RGBA", 4)]

# PNG: every colour type, exact (also every forced channel count).
for im, n in [(gray, "gray"), (la, "la"), (rgb, "rgb"), (rgba, "rgba"), (noise, "noise")]:
    case(im, f"{n}.png", "PNG", "exact", conv)
case(rgb.quantize(64), "pal.png", "PNG", "exact", conv)
pal_t = rgb.quantize(32)
case(pal_t, "palt.png", "PNG", "exact", conv, transparency=3)
case(rgb.convert("1"), "bilevel.png", "PNG", "exact")
for w, h in [(1, 1), (1, 9), (9, 1)]:
    for m in ["L", "LA", "RGB", "RGBA"]:
        a = rng.integers(0, 256, (h, w, len(m)), dtype=np.uint8)
        im = Image.fromarray(a[:, :, 0] if m == "L" else a, m)
        case(im, f"tiny{w}x{h}{m}.png", "PNG", "exact")
# JPEG: gray and colour, baseline and progressive, 4:2:0 and 4:4:4; different IDCT -> lossy.
case(gray, "gray.jpg", "JPEG", "lossy", conv, quality=90)
case(rgb, "rgb.jpg", "JPEG", "lossy", conv, quality=90)
case(rgb, "rgb444.jpg", "JPEG", "lossy", quality=95, subsampling=0)
case(rgb, "prog.jpg", "JPEG", "lossy", quality=85, progressive=True)
case(Image.new("RGB", (1, 1), (200, 30, 90)), "one.jpg", "JPEG", "lossy", quality=95)
# BMP: 24-bit, 8-bit palette (gray palette too), 1-bit; exact.
case(rgb, "rgb.bmp", "BMP", "exact", conv)
case(rgb.quantize(200), "pal.bmp", "BMP", "exact")
case(gray, "gray.bmp", "BMP", "exact")
case(rgb.convert("1"), "bilevel.bmp", "BMP", "exact")
case(Image.new("RGB", (1, 1), (1, 2, 3)), "one.bmp", "BMP", "exact")
# GIF: first frame, with and without transparency; exact.
case(rgb.quantize(128), "pal.gif", "GIF", "exact", conv)
case(rgb.quantize(64), "palt.gif", "GIF", "exact", conv, transparency=5)
frames = [rgb.quantize(64), Image.fromarray(255 - face).quantize(64)]
frames[0].save(os.path.join(out, "anim.gif"), save_all=True, append_images=frames[1:])
lines.append(f"anim.gif {raw(canonical(Image.open(os.path.join(out, 'anim.gif'))), 'anim.gif.raw')} exact 0 1 0 0")
# WebP: lossless exact, lossy within tolerance (both libwebp, usually identical).
case(rgb, "rgb_ll.webp", "WEBP", "exact", conv, lossless=True)
case(rgba, "rgba_ll.webp", "WEBP", "exact", conv, lossless=True)
case(rgb, "rgb.webp", "WEBP", "lossy", quality=90)
case(rgba, "rgba.webp", "WEBP", "lossy", quality=90)
case(Image.new("RGB", (1, 1), (9, 99, 199)), "one.webp", "WEBP", "exact", lossless=True)
# Shrink-on-load hint: WebP scaled decoding, smallest size >= the hint with the aspect ratio.
big = Image.fromarray(scipy.misc.face())  # 1024 x 768
big.save(os.path.join(out, "big.webp"), "WEBP", quality=90)
for mw, mh, w, h in [(256, 0, 256, 192), (0, 100, 133, 100), (300, 300, 400, 300), (2000, 0, 1024, 768)]:
    ref = Image.open(os.path.join(out, "big.webp")).convert("RGB").resize((w, h), Image.BOX)
    lines.append(f"big.webp {raw(ref, f'big_{mw}_{mh}.raw')} scaled 0 1 {mw} {mh}")
# JPEG DCT scaling (libjpeg-turbo builds only): the smallest M/8 scale >= the hint.
big.save(os.path.join(out, "big.jpg"), "JPEG", quality=90)
for mw, mh, w, h in [(256, 0, 256, 192), (0, 100, 256, 192), (300, 300, 512, 384), (2000, 0, 1024, 768)]:
    ref = Image.open(os.path.join(out, "big.jpg")).convert("RGB").resize((w, h), Image.BOX)
    lines.append(f"big.jpg {raw(ref, f'bigjpg_{mw}_{mh}.raw')} jscaled 0 1 {mw} {mh}")

# EXIF orientation 1..8: Pillow's exif_transpose is the reference; also the stored pixels.
base = Image.fromarray(rng.integers(0, 256, (5, 7, 3), dtype=np.uint8))
photo = Image.fromarray(face[:40, :56])
for o in range(1, 9):
    ex = Image.Exif()
    ex[0x0112] = o
    for im, ext, fmt, kind, kw in [(base, "png", "PNG", "exact", {}),
                                   (photo, "jpg", "JPEG", "lossy", {"quality": 95}),
                                   (base, "webp", "WEBP", "exact", {"lossless": True})]:
        name = f"orient{o}.{ext}"
        path = os.path.join(out, name)
        im.save(path, fmt, exif=ex.tobytes(), **kw)
        src = Image.open(path)
        up = ImageOps.exif_transpose(src)
        lines.append(f"{name} {raw(canonical(up), name + '.raw')} {kind} 0 1 0 0")
        src = Image.open(path)
        src.load()
        lines.append(f"{name} {raw(canonical(src), name + '.stored.raw')} {kind} 0 0 0 0")

with open(os.path.join(out, "manifest.txt"), "w") as f:
    f.write("\n".join(lines) + "\n")
