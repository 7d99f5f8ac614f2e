# probe: the `ek probe` command against files Pillow writes at test time (/usr/bin/python3 with
# PIL; a missing Pillow fails the test). Self-sufficient: the tests/*.cmake parts are included in
# glob order, so this does not rely on the variables integration.cmake sets.
find_program(EK_PYTHON3 NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT EK_PYTHON3)
  find_program(EK_PYTHON3 python3)
endif()
set(_ek_probe_run "")
set(_ek_probe_can_run ON)
if(CMAKE_CROSSCOMPILING)
  set(_ek_probe_run ${CMAKE_CROSSCOMPILING_EMULATOR})
  if(NOT CMAKE_CROSSCOMPILING_EMULATOR)
    set(_ek_probe_can_run OFF)
  endif()
endif()
if(EK_BUILD_EXAMPLES AND EK_PYTHON3 AND _ek_probe_can_run)
  add_test(NAME cli_probe COMMAND ${EK_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/cli_probe_test.py
           $<TARGET_FILE:ek> ${_ek_probe_run})
  set_tests_properties(cli_probe PROPERTIES LABELS integration)
endif()

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
