# checksum module: portable sources, then per-ISA variants (see cmake/EkArch.cmake).
# Each ISA file is self-contained (its helpers live in anonymous namespaces) so that nothing
# compiled with wider flags can be linked into baseline code.
set(_ek_ck ${PROJECT_SOURCE_DIR}/src/checksum)
target_sources(ek_kernels PRIVATE ${_ek_ck}/crc32.cpp)
if(EK_ARCH_X86_64)
  ek_isa_sources(sse42 ${_ek_ck}/x86/crc32_pclmul.cpp)
  ek_isa_sources(avx2 ${_ek_ck}/x86/crc32_vpclmul_avx2.cpp)
  # The avx2 level has no VPCLMULQDQ; only this file needs it on top.
  set_property(SOURCE ${_ek_ck}/x86/crc32_vpclmul_avx2.cpp APPEND PROPERTY COMPILE_OPTIONS -mvpclmulqdq)
  ek_isa_sources(avx512 ${_ek_ck}/x86/crc32_vpclmul_avx512.cpp)
elseif(EK_ARCH_AARCH64)
  target_sources(ek_kernels PRIVATE ${_ek_ck}/arm/crc32_arm.cpp)
  # CRC32 and PMULL instructions for this file only; the dispatcher checks HWCAP first.
  set_source_files_properties(${_ek_ck}/arm/crc32_arm.cpp PROPERTIES COMPILE_OPTIONS "-march=armv8-a+crc+crypto")
endif()
if(EMSCRIPTEN)
  # Empty without -msimd128 (the baseline module's copy), see the file.
  target_sources(ek_kernels PRIVATE ${_ek_ck}/wasm/crc32_wasm.cpp)
endif()
