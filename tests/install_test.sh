#!/usr/bin/env bash
# Install the build tree into a scratch prefix, then build and run the downstream examples
# against it exactly as a user would: a CMake project with find_package, and a plain C program
# with pkg-config. Args: cmake build-dir source-dir c-compiler cxx-compiler c-flags
set -euo pipefail
cmake=$1 build=$2 src=$3 cc=$4 cxx=$5 cflags=${6:-}
work="$build/install-test"
rm -rf "$work" && mkdir -p "$work"
prefix="$work/prefix"

"$cmake" --install "$build" --prefix "$prefix" >"$work/install.log"
for f in include/edgekernels/edgekernels.h include/edgekernels/edgekernels.hpp bin/ek; do
  [ -e "$prefix/$f" ] || { echo "missing from install: $f"; exit 1; }
done
libdir=$(dirname "$(find "$prefix" -name edgekernelsConfig.cmake -print -quit)")/../..
[ -f "$libdir/pkgconfig/edgekernels.pc" ] || { echo "missing edgekernels.pc"; exit 1; }
[ -f "$libdir/cmake/edgekernels/edgekernelsConfigVersion.cmake" ] || { echo "missing version file"; exit 1; }
"$prefix/bin/ek" --version

# 1. CMake consumer (C++ API and the static C library).
"$cmake" -S "$src/examples/consumer" -B "$work/consumer" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_C_FLAGS="$cflags" \
  -DCMAKE_CXX_FLAGS="$cflags" -DCMAKE_EXE_LINKER_FLAGS="$cflags" >"$work/consumer.log"
"$cmake" --build "$work/consumer" >>"$work/consumer.log"
"$work/consumer/consumer"
"$work/consumer/consumer_c"

# 2. Plain C against the shared library through pkg-config.
export PKG_CONFIG_PATH="$libdir/pkgconfig"
# shellcheck disable=SC2046,SC2086
"$cc" -std=c11 -Wall -Wextra -Wpedantic -Werror $cflags "$src/examples/c/main.c" \
  $(pkg-config --cflags --libs edgekernels) -o "$work/c_example"
LD_LIBRARY_PATH="$libdir" "$work/c_example"
echo "install test: ok"
