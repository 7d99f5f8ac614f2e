# encode: round trips through ek_image_encode decoded by Pillow (tests/encode_reference.py), and
# test_encode's AVIF round trips decoded by libavif's own decoder (Pillow 9.4 reads no AVIF).
if(EK_WITH_IMAGE)
  ek_reference_test(encode_reference ${CMAKE_CURRENT_SOURCE_DIR}/encode_reference.py
                    $<TARGET_FILE:edgekernels_c>)
endif()

find_path(EK_ENCODE_AVIF_INCLUDE avif/avif.h)
find_library(EK_ENCODE_AVIF_LIB avif)
find_path(EK_ENCODE_STB_INCLUDE stb/stb_image.h)
if(TARGET test_encode)
  if(EK_ENCODE_STB_INCLUDE)
    target_include_directories(test_encode SYSTEM PRIVATE ${EK_ENCODE_STB_INCLUDE})
    target_compile_definitions(test_encode PRIVATE EK_HAVE_STB_IMAGE=1)
  endif()
  if(EK_WITH_AVIF AND EK_ENCODE_AVIF_INCLUDE AND EK_ENCODE_AVIF_LIB)
    target_include_directories(test_encode SYSTEM PRIVATE ${EK_ENCODE_AVIF_INCLUDE})
    target_link_libraries(test_encode PRIVATE ${EK_ENCODE_AVIF_LIB})
    target_compile_definitions(test_encode PRIVATE EK_HAVE_LIBAVIF=1)
  endif()
endif()
