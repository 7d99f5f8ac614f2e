# Cross build for 64-bit Arm Linux with Debian's cross toolchain, tests run under user-mode QEMU:
#   apt-get install g++-aarch64-linux-gnu qemu-user-static
#   cmake --workflow --preset aarch64
# ctest prefixes every test executable with CMAKE_CROSSCOMPILING_EMULATOR, so the unit tests run
# unchanged; `-cpu max` gives the emulated core CRC32, PMULL and SHA3, so the dispatcher picks the
# Arm variants (EK_CPU_DISABLE and the tests' variant pinning reach the portable paths).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(EK_CROSS_TRIPLE aarch64-linux-gnu)

set(CMAKE_C_COMPILER ${EK_CROSS_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${EK_CROSS_TRIPLE}-g++)

# Target libraries (glibc, libstdc++, the dynamic loader) live in the cross sysroot; QEMU looks
# up the loader and shared libraries there first (-L).
set(EK_CROSS_SYSROOT /usr/${EK_CROSS_TRIPLE} CACHE PATH "Target root of the cross toolchain")
find_program(EK_QEMU_AARCH64 NAMES qemu-aarch64-static qemu-aarch64 REQUIRED)
set(CMAKE_CROSSCOMPILING_EMULATOR ${EK_QEMU_AARCH64} -cpu max -L ${EK_CROSS_SYSROOT})

# Header-only dependencies, staged under the build tree (see stage-host-headers.cmake).
include(${CMAKE_CURRENT_LIST_DIR}/stage-host-headers.cmake)
set(_ek_stage ${CMAKE_BINARY_DIR}/host-headers)
ek_stage_host_headers(${_ek_stage}/usr xsimd eigen3 catch2)

set(CMAKE_FIND_ROOT_PATH ${EK_CROSS_SYSROOT} ${_ek_stage})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)   # build tools (python3, nm, ...) run on the host
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
