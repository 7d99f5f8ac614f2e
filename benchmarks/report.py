"""Turns Google Benchmark JSON files into the Markdown tables of RESULTS.md.

Benchmark names follow `<kernel>/<implementation>/<case...>`. For every kernel and case, the
table lists each implementation's throughput from the same run (GB/s for byte kernels, millions
of items per second for the streaming analytics), and the ratio of ours (the implementation
named `ours` or `ek`, i.e. the public dispatched entry point) to each peer. A benchmark's
bytes_per_key counter (memory per key of the keyed windows) is listed after its table.

usage: report.py RESULT.json...   (from --benchmark_out=RESULT.json --benchmark_out_format=json)
"""
import json
import re
import sys
from collections import OrderedDict

OURS = ("ours", "ek")
# Our own variants pinned one by one: shown, but not peers to compare against.
VARIANTS = ("avx512", "avx2", "sse42", "portable", "neon")


def load(path):
    with open(path) as f:
        doc = json.load(f)
    rows = []
    for b in doc["benchmarks"]:
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        name = re.sub(r"/(min_time|repeats):[^/]*", "", b["run_name"] if "run_name" in b else b["name"])
        parts = name.split("/")
        if len(parts) < 3:
            continue
        if "bytes_per_second" in b:
            rate, unit = b["bytes_per_second"] / 1e9, "GB/s"
        elif "items_per_second" in b:
            rate, unit = b["items_per_second"] / 1e6, "M/s"
        else:
            continue
        rows.append((parts[0], parts[1], "/".join(parts[2:]), rate, unit, b.get("bytes_per_key")))
    return doc.get("context", {}), rows


def table(kernel, rows):
    impls = list(OrderedDict.fromkeys(r[1] for r in rows))
    ours = next((i for i in impls if i in OURS), None)
    peers = [i for i in impls if i != ours and i not in VARIANTS
             and not i.startswith((ours or "-") + ":") and not i.startswith((ours or "-") + "-")]
    cases = list(OrderedDict.fromkeys(r[2] for r in rows))
    val = {(r[1], r[2]): r[3] for r in rows}
    unit = rows[0][4]
    head = ["case"] + [f"{i} {unit}" for i in impls] + [f"ours / {p}" for p in peers if ours]
    out = [f"#### {kernel}", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for c in cases:
        cells = [c] + [f"{val[(i, c)]:.2f}" if (i, c) in val else "" for i in impls]
        if ours:
            for p in peers:
                if (ours, c) in val and (p, c) in val and val[(p, c)] > 0:
                    cells.append(f"**{val[(ours, c)] / val[(p, c)]:.2f}x**")
                else:
                    cells.append("")
        out.append("| " + " | ".join(cells) + " |")
    mem = [f"{r[1]}/{r[2]}: {r[5]:.0f} B" for r in rows if r[5] is not None]
    if mem:
        out += ["", "Memory per key: " + "; ".join(mem) + "."]
    return "\n".join(out) + "\n"


def main():
    for path in sys.argv[1:]:
        ctx, rows = load(path)
        print(f"### {path.rsplit('/', 1)[-1]}\n")
        print(f"{ctx.get('num_cpus')} CPUs at {ctx.get('mhz_per_cpu')} MHz (as Google Benchmark reads it), "
              f"run {ctx.get('date')}\n")
        for kernel in OrderedDict.fromkeys(r[0] for r in rows):
            print(table(kernel, [r for r in rows if r[0] == kernel]))


if __name__ == "__main__":
    main()
