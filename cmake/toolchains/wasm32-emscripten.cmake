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

# Header-only dependencies (xsimd, Eigen, stb) are installed for the host in /usr/include. em++ must
# never see that directory (glibc's headers would shadow Emscripten's libc), so stage just those
# folders (as symlinks) in the build tree and make the stage a find root.
set(EK_HOST_INCLUDE_DIR /usr/include CACHE PATH "Host include directory holding xsimd/, eigen3/ and stb/")
get_property(_ek_in_try_compile GLOBAL PROPERTY IN_TRY_COMPILE)
set(_ek_stage ${CMAKE_BINARY_DIR}/host-headers)
if(NOT _ek_in_try_compile)
  file(MAKE_DIRECTORY ${_ek_stage}/include)
  foreach(_ek_dir xsimd eigen3 stb)
    if(EXISTS ${EK_HOST_INCLUDE_DIR}/${_ek_dir} AND NOT EXISTS ${_ek_stage}/include/${_ek_dir})
      file(CREATE_LINK ${EK_HOST_INCLUDE_DIR}/${_ek_dir} ${_ek_stage}/include/${_ek_dir} SYMBOLIC)
    endif()
  endforeach()
endif()
list(APPEND CMAKE_FIND_ROOT_PATH ${_ek_stage})
# Tests and tools run on the host's Node.js.
find_program(EK_NODE node REQUIRED)
set(CMAKE_CROSSCOMPILING_EMULATOR ${EK_NODE})
