# probe: the `ek probe` command against files Pillow writes at test time (/usr/bin/python3 with
# PIL; a missing Pillow fails the test).
ek_cli_test(cli_probe cli_probe_test.py)

# Real AVIF files for test_probe, encoded at test time with libavif (Debian's libavif-dev): its
# writer's ispe/pixi/av1C/auxC/irot/imir, not only the ones test_probe builds by hand.
find_path(EK_AVIF_INCLUDE avif/avif.h)
find_library(EK_AVIF_LIB avif)
if(TARGET test_probe AND EK_AVIF_INCLUDE AND EK_AVIF_LIB)
  target_include_directories(test_probe PRIVATE ${EK_AVIF_INCLUDE})
  target_link_libraries(test_probe PRIVATE ${EK_AVIF_LIB})
  target_compile_definitions(test_probe PRIVATE EK_HAVE_LIBAVIF=1)
else()
  message(STATUS "edgekernels: no libavif for the target: test_probe checks hand-built AVIF files only")
endif()
