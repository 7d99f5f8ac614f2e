#!/usr/bin/env bash
# Installs what edgekernels needs to build, test and benchmark on Debian bookworm (12):
# compilers and build tools, the header-only SIMD/linear-algebra libraries, the test and
# benchmark frameworks, the independent references the tests compare against (zlib, ISA-L,
# numpy/scipy, R for Holt-Winters: r-base-core brings Rscript and its datasets; Pillow and
# libavif to write real image files for the probe tests), the image codecs (stb, libwebp,
# libavif), the image benchmarks' peers (libvips, libjpeg-turbo; stb_image_resize), and the AArch64
# cross compiler and user-mode QEMU for the cross-built test run (preset aarch64), and for the wasm
# build (preset wasm): Emscripten, binaryen, wabt, Node.js, headless Chromium, a deb-src entry so
# that `apt-get source` can unpack libwebp and libdeflate for it, and the JS runtimes and peers
# from npm (wasm-bindings/test/package.json: workerd, Deno, Bun, edge-runtime, crc-32, photon).
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
packages=(
  g++ clang cmake ninja-build pkg-config binutils
  libxsimd-dev libeigen3-dev
  catch2 libbenchmark-dev
  zlib1g-dev libisal-dev libdeflate-dev python3 python3-numpy python3-scipy r-base-core
  python3-pil libavif-dev libstb-dev libwebp-dev libjpeg62-turbo-dev libvips-dev
  g++-aarch64-linux-gnu qemu-user-static
  emscripten binaryen wabt nodejs chromium dpkg-dev
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# npm: part of NodeSource's nodejs (which conflicts with Debian's npm package), separate in Debian's.
if ! command -v npm >/dev/null 2>&1; then
  $SUDO apt-get install -y -qq --no-install-recommends npm
fi
# Source packages (libwebp, libdeflate for wasm) come from the same mirror as the binaries: a
# deb-src twin of each deb entry. Debian 12 lists its mirrors in deb822 form.
if [ -f /etc/apt/sources.list.d/debian.sources ] && ! grep -rqsE '^(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources |
    $SUDO tee /etc/apt/sources.list.d/edgekernels-deb-src.sources >/dev/null
  $SUDO apt-get update -qq
fi
# JS runtimes and benchmark peers for the wasm tests, pinned by package-lock.json.
(cd "$(dirname "$0")/../wasm-bindings/test" && npm ci --no-audit --no-fund --loglevel=error)
echo "dependencies: ok"
