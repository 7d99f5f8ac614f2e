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
