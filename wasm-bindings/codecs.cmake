# Codec libraries for the wasm build, compiled from Debian's source packages.
#
# Natively the image module links Debian's libwebp and libdeflate. Those are x86-64 binaries, so
# the wasm build compiles the very same upstream versions (with Debian's patches, security fixes
# included) from `apt-get source`, which needs a deb-src entry for the mirror
# (scripts/install-deps.sh adds one). JPEG and PNG decoding are stb's (header-only). AVIF is left
# out of wasm: libavif needs an AV1 codec (dav1d or aom) that alone is larger than the whole
# module's budget.
#
# Each library is built twice, like the kernels: with SIMD128 (<name>) and without
# (<name>_baseline), so that the baseline module contains no SIMD instruction at all.

set(EK_WASM_SOURCES_DIR ${CMAKE_BINARY_DIR}/_debian-src CACHE PATH
    "Where `apt-get source` unpacks libwebp and libdeflate for the wasm build")

# ek_debian_source(<binary package> <var>): unpack the source package that built the installed
# <binary package> (same version as the native library) and set <var> to its folder.
function(ek_debian_source binary var)
  execute_process(COMMAND dpkg-query -W -f=\${source:Package}=\${source:Version} ${binary}
                  OUTPUT_VARIABLE _spec RESULT_VARIABLE _rc ERROR_QUIET)
  if(NOT _rc EQUAL 0 OR _spec STREQUAL "")
    message(FATAL_ERROR "edgekernels (wasm): ${binary} is not installed; run scripts/install-deps.sh")
  endif()
  string(REGEX REPLACE "=.*" "" _pkg "${_spec}")
  string(REGEX REPLACE ".*=([0-9]+:)?" "" _ver "${_spec}")   # no epoch in folder names
  string(REGEX REPLACE "-[^-]*$" "" _upstream "${_ver}")
  set(_dir ${EK_WASM_SOURCES_DIR}/${_pkg}-${_upstream})
  if(NOT EXISTS ${_dir}/.ek-unpacked)
    file(MAKE_DIRECTORY ${EK_WASM_SOURCES_DIR})
    message(STATUS "edgekernels (wasm): apt-get source ${_spec}")
    execute_process(COMMAND apt-get source -qq ${_spec}
                    WORKING_DIRECTORY ${EK_WASM_SOURCES_DIR} RESULT_VARIABLE _rc
                    OUTPUT_QUIET ERROR_VARIABLE _err)
    if(NOT _rc EQUAL 0 OR NOT EXISTS ${_dir})
      message(FATAL_ERROR "edgekernels (wasm): `apt-get source ${_spec}` failed (is there a deb-src "
                          "entry? scripts/install-deps.sh adds one): ${_err}")
    endif()
    file(TOUCH ${_dir}/.ek-unpacked)
  endif()
  set(${var} ${_dir} PARENT_SCOPE)
endfunction()

# ek_wasm_codec(<name> <include dir> <sources>...): <name> (SIMD128) and <name>_baseline.
function(ek_wasm_codec name include_dir)
  foreach(_flavour simd baseline)
    set(_t ${name})
    if(_flavour STREQUAL "baseline")
      set(_t ${name}_baseline)
    endif()
    add_library(${_t} STATIC ${ARGN})
    target_include_directories(${_t} SYSTEM PUBLIC ${include_dir})
    # Third-party C: its own warnings are not ours to fix. Compiled for size: libwebp at -O3 is
    # 400 KiB of wasm, more than half the module's budget, for a few per cent of speed.
    target_compile_options(${_t} PRIVATE -w -Os $<$<STREQUAL:${_flavour},simd>:-msimd128>)
  endforeach()
endfunction()

if(EK_WITH_IMAGE)
  ek_debian_source(libdeflate-dev _ek_deflate_dir)
  file(GLOB _ek_deflate_src ${_ek_deflate_dir}/lib/*.c)
  ek_wasm_codec(deflate ${_ek_deflate_dir} ${_ek_deflate_src})
  set(EK_LIBDEFLATE_INCLUDE_DIR ${_ek_deflate_dir} CACHE PATH "" FORCE)
  set(EK_LIBDEFLATE_LIBRARY deflate CACHE STRING "" FORCE)

  if(EK_WITH_WEBP)
    ek_debian_source(libwebp-dev _ek_webp_dir)
    file(GLOB _ek_webp_src ${_ek_webp_dir}/src/dec/*.c ${_ek_webp_dir}/src/dsp/*.c
                           ${_ek_webp_dir}/src/enc/*.c ${_ek_webp_dir}/src/utils/*.c
                           ${_ek_webp_dir}/sharpyuv/*.c)
    ek_wasm_codec(webp ${_ek_webp_dir}/src ${_ek_webp_src})
    target_include_directories(webp PRIVATE ${_ek_webp_dir})
    target_include_directories(webp_baseline PRIVATE ${_ek_webp_dir})
    set(EK_WEBP_INCLUDE_DIR ${_ek_webp_dir}/src CACHE PATH "" FORCE)
    set(EK_WEBP_LIBRARY webp CACHE STRING "" FORCE)
  endif()
endif()
