# wasm32 with Emscripten (Debian's emscripten package, 3.1.6 on clang 14):
#   apt-get install emscripten binaryen wabt nodejs
#   cmake --preset wasm && cmake --build --preset wasm
# This wraps Emscripten's own toolchain file, found next to the em++ on PATH, so the preset
# names no installation path.
find_program(EK_EMXX em++ REQUIRED)
get_filename_component(_ek_emxx_real "${EK_EMXX}" REALPATH)
get_filename_component(_ek_em_root "${_ek_emxx_real}" DIRECTORY)
if(NOT EXISTS "${_ek_em_root}/cmake/Modules/Platform/Emscripten.cmake")
  message(FATAL_ERROR "edgekernels: no Emscripten.cmake next to ${_ek_emxx_real}")
endif()
set(EMSCRIPTEN_ROOT_PATH "${_ek_em_root}" CACHE PATH "Emscripten installation")
include("${_ek_em_root}/cmake/Modules/Platform/Emscripten.cmake")

# Header-only dependencies, staged under the build tree (see stage-host-headers.cmake): em++
# must never see the host's /usr/include (glibc's headers would shadow Emscripten's libc).
include(${CMAKE_CURRENT_LIST_DIR}/stage-host-headers.cmake)
set(_ek_stage ${CMAKE_BINARY_DIR}/host-headers)
ek_stage_host_headers(${_ek_stage} xsimd eigen3 stb catch2)
list(APPEND CMAKE_FIND_ROOT_PATH ${_ek_stage})
# Tests and tools run on the host's Node.js.
find_program(EK_NODE node REQUIRED)
set(CMAKE_CROSSCOMPILING_EMULATOR ${EK_NODE})
# Linking a program with Emscripten's JS glue (the wasm test programs) runs its JS optimizer,
# which needs the `acorn` module. Debian's emscripten depends on node-acorn, installed under
# /usr/share/nodejs, where only Debian's own nodejs looks; another Node.js (NodeSource's) gets
# it through NODE_PATH.
execute_process(COMMAND ${EK_NODE} -e "require.resolve('acorn')" RESULT_VARIABLE _ek_acorn_rc
                OUTPUT_QUIET ERROR_QUIET)
if(NOT _ek_acorn_rc EQUAL 0)
  find_path(EK_NODE_ACORN_DIR acorn/package.json PATHS /usr/share/nodejs /usr/lib/nodejs
            NO_DEFAULT_PATH NO_CMAKE_FIND_ROOT_PATH)
  if(EK_NODE_ACORN_DIR)
    set(CMAKE_C_LINKER_LAUNCHER ${CMAKE_COMMAND} -E env NODE_PATH=${EK_NODE_ACORN_DIR})
    set(CMAKE_CXX_LINKER_LAUNCHER ${CMAKE_COMMAND} -E env NODE_PATH=${EK_NODE_ACORN_DIR})
  endif()
endif()
