#!/usr/bin/env bash
# An edge library lives inside someone else's server: it must export only its own prefixed C
# symbols and must not reach for process-killing or printing functions.
# Args: shared-library static-library
set -euo pipefail
so=$1 a=$2
bad=$(nm -D --defined-only "$so" | awk '$2 ~ /^[TDRBVW]$/ {print $3}' | grep -v '^ek_' || true)
if [ -n "$bad" ]; then echo "exported symbols without the ek_ prefix:"; echo "$bad"; exit 1; fi
nm -D --defined-only "$so" | grep -q ' T ek_crc32$' || { echo "ek_crc32 not exported"; exit 1; }
# Sanitizer builds legitimately pull in their runtimes; check the library code only.
forbidden='^(abort|exit|_exit|printf|fprintf|vfprintf|puts|fputs|putchar|perror|stderr|stdout|__cxa_throw|_ZSt9terminatev)$'
used=$(nm -u "$a" | awk '{print $NF}' | sed 's/@.*//' | grep -E "$forbidden" | sort -u || true)
if [ -n "$used" ]; then echo "library references forbidden symbols:"; echo "$used"; exit 1; fi
echo "symbols: ok ($(nm -D --defined-only "$so" | grep -c ' T ek_') exported functions)"
