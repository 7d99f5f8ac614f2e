# Tests of the built artefacts as users meet them: the ek tool, the installed package (CMake and
# pkg-config consumers), and the shared library's exported symbols.
ek_cli_test(cli cli_test.py ${PROJECT_SOURCE_DIR}/examples/data)

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

ek_cli_test(cli_analytics cli_analytics_test.py ${PROJECT_SOURCE_DIR}/examples/data)
ek_cli_test(cli_robustness cli_robustness_test.py)
