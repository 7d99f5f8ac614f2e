# decode: test_decode runs tests/decode_fixtures.py (Debian's /usr/bin/python3 with Pillow, numpy,
# scipy; a missing module fails the test) for files Pillow writes and Pillow's decode of them,
# and encodes AVIF files itself with libavif when the library was built with it.
if(TARGET test_decode)
  target_compile_definitions(test_decode PRIVATE EK_REFERENCE_PYTHON="${EK_REFERENCE_PYTHON}")
  if(EK_WITH_AVIF)
    find_path(EK_DECODE_AVIF_INCLUDE avif/avif.h)
    find_library(EK_DECODE_AVIF_LIB avif)
    if(EK_DECODE_AVIF_INCLUDE AND EK_DECODE_AVIF_LIB)
      target_include_directories(test_decode SYSTEM PRIVATE ${EK_DECODE_AVIF_INCLUDE})
      target_link_libraries(test_decode PRIVATE ${EK_DECODE_AVIF_LIB})
      target_compile_definitions(test_decode PRIVATE EK_TEST_AVIF=1)
    endif()
  endif()
  if(EK_WITH_LIBJPEG)
    target_compile_definitions(test_decode PRIVATE EK_TEST_LIBJPEG=1)
  endif()
  if(EK_WITH_WEBP)
    target_compile_definitions(test_decode PRIVATE EK_TEST_WEBP=1)
  endif()
endif()
# The C ABI (ek_image_decode) through ctypes against Pillow, with nothing written to disk.
if(EK_WITH_IMAGE)
  ek_reference_test(decode_reference ${CMAKE_CURRENT_SOURCE_DIR}/decode_reference.py
                    $<TARGET_FILE:edgekernels_c>)
endif()
