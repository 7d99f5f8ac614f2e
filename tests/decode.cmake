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
  if(EK_WITH_WEBP)
    target_compile_definitions(test_decode PRIVATE EK_TEST_WEBP=1)
  endif()
endif()
