# image module. The pure parts (negotiation, probe, resize, crop) are always built: they need no
# codec. Decoding, encoding and the one-call transform need EK_WITH_IMAGE (stb, header-only:
# JPEG/PNG/BMP/GIF in, JPEG/PNG out), plus libwebp (EK_WITH_WEBP) and libavif (EK_WITH_AVIF),
# found as plain libraries so the exported targets carry only their names.
target_sources(ek_kernels PRIVATE
  ${PROJECT_SOURCE_DIR}/src/image/negotiate.cpp
  ${PROJECT_SOURCE_DIR}/src/image/probe.cpp
  ${PROJECT_SOURCE_DIR}/src/image/resize.cpp
  ${PROJECT_SOURCE_DIR}/src/image/crop.cpp
  ${PROJECT_SOURCE_DIR}/src/image/resize_portable.cpp)
if(EK_ARCH_X86_64)  # resize variants; must match EK_RESIZE_X86 in src/image/resize_variants.hpp
  ek_isa_sources(sse42 ${PROJECT_SOURCE_DIR}/src/image/resize_x86_sse42.cpp)
  ek_isa_sources(avx2 ${PROJECT_SOURCE_DIR}/src/image/resize_x86_avx2.cpp)
  ek_isa_sources(avx512 ${PROJECT_SOURCE_DIR}/src/image/resize_x86_avx512.cpp)
endif()
if(EMSCRIPTEN)  # empty without -msimd128 (the baseline clone); EK_RESIZE_WASM_SIMD128 likewise
  target_sources(ek_kernels PRIVATE ${PROJECT_SOURCE_DIR}/src/image/resize_wasm_simd128.cpp)
endif()
list(APPEND EK_CAPI_SOURCES
  ${PROJECT_SOURCE_DIR}/src/capi/negotiate.cpp
  ${PROJECT_SOURCE_DIR}/src/capi/probe.cpp
  ${PROJECT_SOURCE_DIR}/src/capi/image.cpp)

set(EK_IMAGE_LIBS "")
if(EK_WITH_IMAGE)
  find_path(EK_STB_INCLUDE_DIR stb/stb_image.h REQUIRED)
  # PNG encoding deflates with libdeflate (see encode_stb.cpp).
  find_path(EK_LIBDEFLATE_INCLUDE_DIR libdeflate.h REQUIRED)
  find_library(EK_LIBDEFLATE_LIBRARY deflate REQUIRED)
  target_include_directories(ek_kernels SYSTEM PRIVATE ${EK_STB_INCLUDE_DIR} ${EK_LIBDEFLATE_INCLUDE_DIR})
  list(APPEND EK_IMAGE_LIBS deflate)
  target_sources(ek_kernels PRIVATE
    ${PROJECT_SOURCE_DIR}/src/image/decode.cpp
    ${PROJECT_SOURCE_DIR}/src/image/orient.cpp
    ${PROJECT_SOURCE_DIR}/src/image/encode.cpp
    ${PROJECT_SOURCE_DIR}/src/image/encode_stb.cpp
    ${PROJECT_SOURCE_DIR}/src/image/encode_jpeg.cpp
    ${PROJECT_SOURCE_DIR}/src/image/transform.cpp)
  target_compile_definitions(ek_kernels PRIVATE EK_WITH_IMAGE=1)
  # stb's JPEG bit writer left-shifts negative ints (defined by GCC/Clang, UB to C++17's UBSan).
  set_source_files_properties(${PROJECT_SOURCE_DIR}/src/image/encode_stb.cpp PROPERTIES
                              COMPILE_OPTIONS -fno-sanitize=shift)
  if(EK_WITH_WEBP)
    find_path(EK_WEBP_INCLUDE_DIR webp/encode.h REQUIRED)
    find_library(EK_WEBP_LIBRARY webp REQUIRED)
    target_include_directories(ek_kernels SYSTEM PRIVATE ${EK_WEBP_INCLUDE_DIR})
    target_compile_definitions(ek_kernels PRIVATE EK_WITH_WEBP=1)
    list(APPEND EK_IMAGE_LIBS webp)
  endif()
  # JPEG through libjpeg-turbo instead of stb: ~2x faster, and DCT-scaled shrink-on-load.
  option(EK_WITH_LIBJPEG "With EK_WITH_IMAGE: JPEG decode and encode through libjpeg-turbo (stb otherwise)" OFF)
  if(EK_WITH_LIBJPEG)
    find_path(EK_LIBJPEG_INCLUDE_DIR jpeglib.h REQUIRED)
    find_library(EK_LIBJPEG_LIBRARY jpeg REQUIRED)
    target_include_directories(ek_kernels SYSTEM PRIVATE ${EK_LIBJPEG_INCLUDE_DIR})
    target_compile_definitions(ek_kernels PRIVATE EK_WITH_LIBJPEG=1)
    list(APPEND EK_IMAGE_LIBS jpeg)
  endif()
  if(EK_WITH_AVIF)
    find_path(EK_AVIF_INCLUDE_DIR avif/avif.h REQUIRED)
    find_library(EK_AVIF_LIBRARY avif REQUIRED)
    target_include_directories(ek_kernels SYSTEM PRIVATE ${EK_AVIF_INCLUDE_DIR})
    target_compile_definitions(ek_kernels PRIVATE EK_WITH_AVIF=1)
    list(APPEND EK_IMAGE_LIBS avif)
  endif()
endif()
