"""Pictures and a chart for benchmarks/RESULTS.md (image section).

usage: /usr/bin/python3 benchmarks/image_figures.py EK_BINARY OUT_DIR [RESIZE_JSON...]

- Before/after: examples/data/raccoon.jpg (1024x768) to 256 wide with Lanczos3 by `ek image`
  and by Pillow, and their difference amplified 32x (grey = equal); a 256x256 cover crop by the
  centre and by the attention smart crop.
- Chart (resize.svg): milliseconds per case for every implementation found in the JSON files —
  Google Benchmark JSON (--benchmark_format=json; names "resize/<impl>/<case>") or the Pillow
  harness's JSON (a list of {"name": "resize/pillow/<case>", "ms": ...}).
"""
import json
import math
import os
import subprocess
import sys

import numpy as np
from PIL import Image

EK, OUT = sys.argv[1], sys.argv[2]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PHOTO = os.path.join(ROOT, "examples", "data", "raccoon.jpg")
os.makedirs(OUT, exist_ok=True)


def ek(*args):
    subprocess.run([EK, "image", *args], check=True, capture_output=True)


def thumbnails():
    # Compared losslessly (PNG out of ek), stored as JPEG q90 to keep the repository small.
    ours = os.path.join(OUT, "raccoon_ek_lanczos3.png")
    ek(PHOTO, "-o", ours, "--width", "256", "--filter", "lanczos3", "--no-shrink-on-load")
    src = Image.open(PHOTO).convert("RGB")
    theirs = src.resize((256, 192), Image.LANCZOS)
    a = np.asarray(Image.open(ours).convert("RGB")).astype(int)
    b = np.asarray(theirs).astype(int)
    Image.open(ours).convert("RGB").save(os.path.join(OUT, "raccoon_ek_lanczos3.jpg"), quality=90)
    theirs.save(os.path.join(OUT, "raccoon_pillow_lanczos3.jpg"), quality=90)
    os.remove(ours)
    diff = np.clip(128 + 32 * (a - b), 0, 255).astype(np.uint8)
    Image.fromarray(diff).save(os.path.join(OUT, "raccoon_diff_x32.png"))
    for mode in ("centre", "attention"):
        ek(PHOTO, "-o", os.path.join(OUT, f"raccoon_{mode}.jpg"), "--width", "256", "--height",
           "256", "--fit", "cover", "--crop", mode, "--quality", "90")
    d = np.abs(a - b)
    return {"max_abs_diff": int(d.max()), "mean_abs_diff": float(d.mean())}


def load(paths):
    rows = {}
    for p in paths:
        data = json.load(open(p))
        if isinstance(data, dict):
            unit = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}
            for b in data["benchmarks"]:
                if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
                    continue
                name = b["name"].replace("_median", "").replace("/real_time", "")
                rows[name] = b["real_time"] * unit[b.get("time_unit", "ns")]
        else:
            for b in data:
                rows[b["name"]] = b["ms"]
    return rows


def chart(rows, path):
    cases, impls = [], []
    for name in rows:
        parts = name.split("/")
        if len(parts) < 3 or parts[0] != "resize" or parts[1] == "vips_resize":
            continue
        if parts[2] not in cases:
            cases.append(parts[2])
        if parts[1] not in impls:
            impls.append(parts[1])
    colours = {"ek": "#1f77b4", "vips": "#ff7f0e", "stb": "#2ca02c", "pillow": "#d62728"}
    bar, gap, left, width = 12, 10, 150, 520
    top = 30
    vmax = max(rows.values()) if rows else 1
    h = top + len(cases) * (len(impls) * bar + gap) + 40
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 120}" height="{h}" '
           'font-family="sans-serif" font-size="11">',
           f'<text x="{left}" y="18" font-size="13">resize 4928x3279 -> 852x567 (up: the reverse), ms, log scale (shorter is faster)</text>']
    y = top
    for c in cases:
        out.append(f'<text x="{left - 6}" y="{y + len(impls) * bar / 2 + 4}" text-anchor="end">{c}</text>')
        for i in impls:
            v = rows.get(f"resize/{i}/{c}")
            if v is not None:
                w = max(1.0, width * math.log10(1 + v) / math.log10(1 + vmax))
                out.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar - 2}" fill="{colours.get(i, "#888")}"/>')
                out.append(f'<text x="{left + w + 4:.1f}" y="{y + bar - 3}">{i} {v:.1f}</text>')
            y += bar
        y += gap
    out.append("</svg>")
    open(path, "w").write("\n".join(out) + "\n")


if __name__ == "__main__":
    print(json.dumps(thumbnails()))
    if len(sys.argv) > 3:
        chart(load(sys.argv[3:]), os.path.join(OUT, "resize.svg"))
