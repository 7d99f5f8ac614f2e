# Tests of the built artefacts as users meet them: the ek tool, the installed package (CMake and
# pkg-config consumers), and the shared library's exported symbols.
find_program(EK_PYTHON3 NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT EK_PYTHON3)
  find_program(EK_PYTHON3 python3)
endif()

# A cross build runs the built programs through its emulator (the toolchain file's
# CMAKE_CROSSCOMPILING_EMULATOR); the scripts themselves run on the host.
set(_ek_run_target "")
set(_ek_toolchain "")
set(_ek_can_run ON)
if(CMAKE_CROSSCOMPILING)
  set(_ek_run_target ${CMAKE_CROSSCOMPILING_EMULATOR})
  set(_ek_toolchain ${CMAKE_TOOLCHAIN_FILE})
  if(NOT CMAKE_CROSSCOMPILING_EMULATOR)
    set(_ek_can_run OFF)
    message(STATUS "edgekernels: cross build without CMAKE_CROSSCOMPILING_EMULATOR; "
                   "cli and install_consumers tests skipped")
  endif()
endif()

if(EK_BUILD_EXAMPLES AND EK_PYTHON3 AND _ek_can_run)
  add_test(NAME cli COMMAND ${EK_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/cli_test.py $<TARGET_FILE:ek>
           ${PROJECT_SOURCE_DIR}/examples/data ${_ek_run_target})
  set_tests_properties(cli PROPERTIES LABELS integration)
endif()

if(_ek_can_run)
  add_test(NAME install_consumers
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/install_test.sh ${CMAKE_COMMAND} ${PROJECT_BINARY_DIR}
                   ${PROJECT_SOURCE_DIR} ${CMAKE_C_COMPILER} ${CMAKE_CXX_COMPILER} "${CMAKE_C_FLAGS}"
                   "${_ek_toolchain}" ${_ek_run_target})
  set_tests_properties(install_consumers PROPERTIES LABELS integration RUN_SERIAL ON)
endif()

add_test(NAME symbols COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/symbols_test.sh $<TARGET_FILE:edgekernels_c>
                              $<TARGET_FILE:edgekernels_c_static> ${CMAKE_NM})
set_tests_properties(symbols PROPERTIES LABELS integration)

# The environment switch is read once per process, so it gets a process of its own.
add_test(NAME core_env_disable COMMAND test_core "[env]")
set_tests_properties(core_env_disable PROPERTIES ENVIRONMENT "EK_CPU_DISABLE=all" LABELS unit)

if(EK_BUILD_EXAMPLES AND EK_PYTHON3 AND _ek_can_run)
  add_test(NAME cli_analytics COMMAND ${EK_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/cli_analytics_test.py
           $<TARGET_FILE:ek> ${PROJECT_SOURCE_DIR}/examples/data ${_ek_run_target})
  set_tests_properties(cli_analytics PROPERTIES LABELS integration)
endif()
if(EK_BUILD_EXAMPLES AND EK_PYTHON3 AND _ek_can_run)
  add_test(NAME cli_robustness COMMAND ${EK_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/cli_robustness_test.py
           $<TARGET_FILE:ek> ${_ek_run_target})
  set_tests_properties(cli_robustness PROPERTIES LABELS integration)
endif()
