# filter module: portable sources, then per-ISA variants (see cmake/EkArch.cmake).
target_sources(ek_kernels PRIVATE ${PROJECT_SOURCE_DIR}/src/filter/filter.cpp
                                  ${PROJECT_SOURCE_DIR}/src/filter/portable.cpp)
if(EK_ARCH_X86_64)
  ek_isa_sources(sse42 ${PROJECT_SOURCE_DIR}/src/filter/x86_sse42.cpp)
  ek_isa_sources(avx2 ${PROJECT_SOURCE_DIR}/src/filter/x86_avx2.cpp)
  ek_isa_sources(avx512 ${PROJECT_SOURCE_DIR}/src/filter/x86_avx512.cpp)
elseif(EMSCRIPTEN)
  # Empty without -msimd128 (the baseline module's copy), see the file.
  target_sources(ek_kernels PRIVATE ${PROJECT_SOURCE_DIR}/src/filter/wasm_simd128.cpp)
endif()
