"""Pillow's side of bench_pipeline: the same 6000x4000 JPEG (written by bench_pipeline
--write-input) to a 1200-wide WebP at quality 80, in-process, as a Pillow user writes it:
with JPEG draft mode (libjpeg DCT scaling, Pillow's shrink-on-load, as Image.thumbnail uses) and
without. Prints the minimum of N runs and, per variant, the peak RSS of a fresh process that
runs it once minus one that only reads the file.

usage: /usr/bin/python3 benchmarks/pipeline_pillow.py BENCH_PIPELINE_BINARY [RUNS]
"""
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

from PIL import Image


def pipeline(data, draft):
    im = Image.open(io.BytesIO(data))
    w, h = 1200, round(im.height * 1200 / im.width)
    if draft:
        im.draft("RGB", (w * 2, h * 2))  # at least 2x the target, as ek's shrink-on-load
    im = im.convert("RGB").resize((w, h), Image.LANCZOS)
    out = io.BytesIO()
    im.save(out, "WEBP", quality=80)
    return len(out.getvalue())


def child(path, mode):
    data = open(path, "rb").read()
    if mode != "none":
        pipeline(data, mode == "draft")
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


if __name__ == "__main__":
    if sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
        sys.exit(0)
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "in.jpg")
        subprocess.run([sys.argv[1], "--write-input", path], check=True)
        data = open(path, "rb").read()
        rss = lambda mode: int(subprocess.run([sys.executable, __file__, "--child", path, mode],
                                              capture_output=True, check=True).stdout)
        base = rss("none")
        rows = []
        for name, draft in (("pipeline/pillow/jpeg6000_webp1200", True),
                            ("pipeline/pillow/jpeg6000_webp1200_no_shrink", False)):
            best = float("inf")
            for _ in range(runs):
                t = time.perf_counter()
                n = pipeline(data, draft)
                best = min(best, time.perf_counter() - t)
            peak = (rss("draft" if draft else "full") - base) / 1024
            rows.append({"name": name, "ms": best * 1e3, "out_bytes": n, "rss_peak_MiB": peak})
            print(f"{name:48s} {best * 1e3:8.1f} ms  out {n} B  rss_peak {peak:.1f} MiB")
    print(json.dumps(rows))
