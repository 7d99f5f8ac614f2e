#!/usr/bin/env bash
# Install the build tree into a scratch prefix, then build and run the downstream examples
# against it exactly as a user would: a CMake project with find_package, and a plain C program
# with pkg-config. Args: cmake build-dir source-dir c-compiler cxx-compiler c-flags
#   [toolchain-file [emulator [emulator-args...]]]
# A cross build passes its toolchain file (used for the CMake consumer) and the emulator that runs
# the installed and consumer binaries.
set -euo pipefail
cmake=$1 build=$2 src=$3 cc=$4 cxx=$5 cflags=${6:-} toolchain=${7:-}
run=("${@:8}")
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
"${run[@]}" "$prefix/bin/ek" --version

# 1. CMake consumer (C++ API and the static C library).
cross=()
# The toolchain confines package searches to the target root; name the package's directory.
[ -n "$toolchain" ] && cross=(-DCMAKE_TOOLCHAIN_FILE="$toolchain" -Dedgekernels_DIR="$libdir/cmake/edgekernels")
"$cmake" -S "$src/examples/consumer" -B "$work/consumer" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_C_FLAGS="$cflags" \
  -DCMAKE_CXX_FLAGS="$cflags" -DCMAKE_EXE_LINKER_FLAGS="$cflags" "${cross[@]}" >"$work/consumer.log"
"$cmake" --build "$work/consumer" >>"$work/consumer.log"
"${run[@]}" "$work/consumer/consumer"
"${run[@]}" "$work/consumer/consumer_c"

# 2. Plain C against the shared library through pkg-config.
export PKG_CONFIG_PATH="$libdir/pkgconfig"
# shellcheck disable=SC2046,SC2086
"$cc" -std=c11 -Wall -Wextra -Wpedantic -Werror $cflags "$src/examples/c/main.c" \
  $(pkg-config --cflags --libs edgekernels) -o "$work/c_example"
LD_LIBRARY_PATH="$libdir" "${run[@]}" "$work/c_example"
echo "install test: ok"
