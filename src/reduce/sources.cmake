# reduce module: portable sources, then per-ISA variants (see cmake/EkArch.cmake).
# The list of variants compiled in must match the EK_REDUCE_X86 / EK_REDUCE_NEON tests in
# src/reduce/variants.hpp, which key on the same compiler target (EK_REDUCE_WASM_SIMD128 on
# __wasm_simd128__).
target_sources(ek_kernels PRIVATE
  ${PROJECT_SOURCE_DIR}/src/reduce/reduce.cpp
  ${PROJECT_SOURCE_DIR}/src/reduce/portable.cpp)
if(EK_ARCH_X86_64)
  ek_isa_sources(sse42 ${PROJECT_SOURCE_DIR}/src/reduce/x86_sse42.cpp)
  ek_isa_sources(avx2 ${PROJECT_SOURCE_DIR}/src/reduce/x86_avx2.cpp)
  ek_isa_sources(avx512 ${PROJECT_SOURCE_DIR}/src/reduce/x86_avx512.cpp)
elseif(EK_ARCH_AARCH64)
  target_sources(ek_kernels PRIVATE ${PROJECT_SOURCE_DIR}/src/reduce/arm_neon.cpp)
elseif(EMSCRIPTEN)
  # Empty without -msimd128 (the baseline module's copy), see the file.
  target_sources(ek_kernels PRIVATE ${PROJECT_SOURCE_DIR}/src/reduce/wasm_simd128.cpp)
endif()
if(EMSCRIPTEN)
  # Module size: in wasm the portable kernels are the baseline module's (no SIMD there, so
  # nothing for -O3's vectoriser to do) and the SIMD module's fallback.
  set_source_files_properties(${PROJECT_SOURCE_DIR}/src/reduce/portable.cpp PROPERTIES COMPILE_OPTIONS -Os)
endif()
