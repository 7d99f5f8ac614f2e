#!/usr/bin/env bash
# Installs what edgekernels needs to build, test and benchmark on Debian bookworm (12):
# compilers and build tools, the header-only SIMD/linear-algebra libraries, the test and
# benchmark frameworks, the independent references the tests compare against (zlib, ISA-L,
# numpy/scipy, R for Holt-Winters: r-base-core brings Rscript and its datasets; Pillow and
# libavif to write real image files for the probe tests), the image codecs (stb, libwebp,
# libavif), the image benchmarks' peers (libvips, libjpeg-turbo; stb_image_resize), and the AArch64
# cross compiler and user-mode QEMU for the cross-built test run (preset aarch64).
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
echo "dependencies: ok"
