# ek.wasm: the ek tool (examples/cli) as a WASI command module, the workload a WASI host (the
# seed's K3s wasmtime RuntimeClass, wasmtime, Node's node:wasi) runs. Included by
# wasm-bindings/CMakeLists.txt in the wasm build.
#
#   wasmtime run --dir . build/wasm/wasm/ek.wasm crc32 examples/data/check.txt
#   node wasm-bindings/wasi/run.mjs build/wasm/wasm/ek.wasm crc32 examples/data/check.txt
#
# A standalone module with a main (it exports _start) and no Emscripten JS: its imports are
# WASI preview1 only. wasi/wasi_files.c gives Emscripten 3.1.6's standalone libc the open() it
# lacks (files in the host's pre-opened directories) and resolves the one "env" import that
# memory growth would otherwise add. The kernels are the library's own objects (SIMD128), linked
# from the C++ library archive like the native tool links it; the codecs are the wasm builds of
# libwebp/libdeflate (EK_IMAGE_LIBS).
set(EK_WASI_CLI_SOURCES
  ${PROJECT_SOURCE_DIR}/examples/cli/ek.cpp ${PROJECT_SOURCE_DIR}/examples/cli/cli.cpp
  ${PROJECT_SOURCE_DIR}/examples/cli/analytics.cpp ${PROJECT_SOURCE_DIR}/examples/cli/negotiate.cpp
  ${PROJECT_SOURCE_DIR}/examples/cli/probe.cpp ${PROJECT_SOURCE_DIR}/examples/cli/image.cpp)
add_executable(ek_wasi ${EK_WASI_CLI_SOURCES} ${CMAKE_CURRENT_SOURCE_DIR}/wasi/wasi_files.c)
set_target_properties(ek_wasi PROPERTIES OUTPUT_NAME ek SUFFIX .wasm
                      RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/wasm)
target_link_libraries(ek_wasi PRIVATE edgekernels ek_warnings)
target_compile_definitions(ek_wasi PRIVATE $<$<BOOL:${EK_WITH_IMAGE}>:EK_WITH_IMAGE=1>)
target_compile_options(ek_wasi PRIVATE -msimd128)
# Memory grows to the wasm32 limit (an image of 100 Mpx fits), and malloc returns NULL there
# rather than aborting, so the tool reports "out of memory" like the native one. A trap (a
# C++ exception escaping, abort) ends the run with the host's error and a non-zero status.
target_link_options(ek_wasi PRIVATE
  -sSTANDALONE_WASM=1 -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=4GB -sINITIAL_MEMORY=16MB
  -sTOTAL_STACK=1MB -sABORTING_MALLOC=0 -sERROR_ON_UNDEFINED_SYMBOLS=1 -msimd128
  "SHELL:--js-library ${CMAKE_CURRENT_SOURCE_DIR}/wasi/wasi_imports.js")
set_property(TARGET ek_wasi APPEND PROPERTY LINK_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/wasi/wasi_imports.js)

# Tests: the native tool's own end-to-end scripts (tests/cli_*.py, independent references:
# zlib, numpy, R, Pillow) run ek.wasm through wasi/run.mjs as their EMULATOR, the way the aarch64
# build runs them under QEMU. `--dir /` pre-opens the host's root, since the scripts hand the tool
# absolute paths (their temporary directories, examples/data).
find_program(EK_WASI_PYTHON python3 PATHS /usr/bin NO_DEFAULT_PATH)  # Debian's: numpy, Pillow
set(_ek_wasi_run ${EK_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/wasi/run.mjs --dir /)
function(ek_wasi_cli_test name script)
  add_test(NAME ${name} COMMAND ${EK_WASI_PYTHON} ${PROJECT_SOURCE_DIR}/tests/${script}
                                $<TARGET_FILE:ek_wasi> ${ARGN} ${_ek_wasi_run})
  set_tests_properties(${name} PROPERTIES LABELS "wasm;wasi" TIMEOUT 900)
endfunction()
ek_wasi_cli_test(wasi_cli cli_test.py ${PROJECT_SOURCE_DIR}/examples/data)
ek_wasi_cli_test(wasi_cli_analytics cli_analytics_test.py ${PROJECT_SOURCE_DIR}/examples/data)
ek_wasi_cli_test(wasi_cli_negotiate cli_negotiate_test.py)
ek_wasi_cli_test(wasi_cli_probe cli_probe_test.py)
set_tests_properties(wasi_cli_probe PROPERTIES ENVIRONMENT EK_PROBE_TRUNCATION_STEP=4)
ek_wasi_cli_test(wasi_cli_robustness cli_robustness_test.py)
if(EK_WITH_IMAGE)
  ek_wasi_cli_test(wasi_cli_image cli_image_test.py)
endif()
