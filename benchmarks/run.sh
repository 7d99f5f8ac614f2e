#!/usr/bin/env bash
# Runs every benchmark binary of a build (default build/release, from `cmake --preset release`)
# pinned to one CPU, three repetitions each, and prints the Markdown ratio tables of RESULTS.md
# (medians; each table compares implementations measured in the same run).
#   bash benchmarks/run.sh [BUILD_DIR] [extra google-benchmark flags...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build/release}
shift || true
out="$build/bench-results"
mkdir -p "$out"
pin=()
if command -v taskset >/dev/null && [ "$(nproc)" -gt 1 ]; then pin=(taskset -c "$(($(nproc) - 1))"); fi
for b in "$build"/benchmarks/bench_*; do
  [ -x "$b" ] || continue
  name=$(basename "$b")
  echo "running $name" >&2
  "${pin[@]}" "$b" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
    --benchmark_out="$out/$name.json" --benchmark_out_format=json "$@" >/dev/null
done
python3 "$here/report.py" "$out"/bench_*.json
