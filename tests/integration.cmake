# Tests of the built artefacts as users meet them: the ek tool, the installed package (CMake and
# pkg-config consumers), and the shared library's exported symbols.
find_program(EK_PYTHON3 NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT EK_PYTHON3)
  find_program(EK_PYTHON3 python3)
endif()

if(EK_BUILD_EXAMPLES AND EK_PYTHON3)
  add_test(NAME cli COMMAND ${EK_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/cli_test.py $<TARGET_FILE:ek>
           ${PROJECT_SOURCE_DIR}/examples/data)
  set_tests_properties(cli PROPERTIES LABELS integration)
endif()

add_test(NAME install_consumers
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/install_test.sh ${CMAKE_COMMAND} ${PROJECT_BINARY_DIR}
                 ${PROJECT_SOURCE_DIR} ${CMAKE_C_COMPILER} ${CMAKE_CXX_COMPILER} "${CMAKE_C_FLAGS}")
set_tests_properties(install_consumers PROPERTIES LABELS integration RUN_SERIAL ON)

add_test(NAME symbols COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/symbols_test.sh $<TARGET_FILE:edgekernels_c>
                              $<TARGET_FILE:edgekernels_c_static>)
set_tests_properties(symbols PROPERTIES LABELS integration)

# The environment switch is read once per process, so it gets a process of its own.
add_test(NAME core_env_disable COMMAND test_core "[env]")
set_tests_properties(core_env_disable PROPERTIES ENVIRONMENT "EK_CPU_DISABLE=all" LABELS unit)
