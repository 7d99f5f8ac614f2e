# The npm package `edgekernels` (wasm-bindings/js), staged into ${CMAKE_BINARY_DIR}/npm/edgekernels
# with the four modules, and its tests (label wasm). Included by wasm-bindings/CMakeLists.txt.
set(EK_NPM_SRC ${CMAKE_CURRENT_LIST_DIR})
set(EK_NPM_DIR ${CMAKE_BINARY_DIR}/npm/edgekernels)
file(GLOB _ek_npm_inputs CONFIGURE_DEPENDS ${EK_NPM_SRC}/src/*.js ${EK_NPM_SRC}/index.d.ts
     ${EK_NPM_SRC}/README.md ${EK_NPM_SRC}/package.json ${EK_NPM_SRC}/stage.cmake)
set(_ek_npm_stamp ${CMAKE_CURRENT_BINARY_DIR}/edgekernels_npm.stamp)
add_custom_command(
  OUTPUT ${_ek_npm_stamp}
  COMMAND ${CMAKE_COMMAND} -DSRC=${EK_NPM_SRC} -DROOT=${PROJECT_SOURCE_DIR}
          -DWASM=${CMAKE_BINARY_DIR}/wasm -DDST=${EK_NPM_DIR} -DVERSION=${PROJECT_VERSION}
          -P ${EK_NPM_SRC}/stage.cmake
  COMMAND ${CMAKE_COMMAND} -E touch ${_ek_npm_stamp}
  DEPENDS ${_ek_npm_inputs} ${PROJECT_SOURCE_DIR}/LICENSE
          edgekernels_wasm edgekernels_wasm_baseline edgekernels_core_wasm edgekernels_core_wasm_baseline
          $<TARGET_FILE:edgekernels_wasm> $<TARGET_FILE:edgekernels_wasm_baseline>
          $<TARGET_FILE:edgekernels_core_wasm> $<TARGET_FILE:edgekernels_core_wasm_baseline>
  COMMENT "Staging the npm package in ${EK_NPM_DIR}"
  VERBATIM)
add_custom_target(edgekernels_npm ALL DEPENDS ${_ek_npm_stamp})

find_program(EK_NODE NAMES node nodejs)
find_program(EK_NPM NAMES npm)
set(EK_NPM_TEST_MODULES ${PROJECT_SOURCE_DIR}/wasm-bindings/test/node_modules)
if(EK_NODE)
  set(_ek_npm_env
    EDGEKERNELS_PKG=${EK_NPM_DIR}
    EK_TEST_NODE_MODULES=${EK_NPM_TEST_MODULES}
    EK_SOURCE_DIR=${PROJECT_SOURCE_DIR}
    EK_CC=${CMAKE_C_COMPILER}
    EK_NPM=${EK_NPM})
  # One ctest per test file, so that a failure names its area.
  file(GLOB _ek_npm_tests CONFIGURE_DEPENDS ${EK_NPM_SRC}/test/*.test.mjs)
  foreach(_f IN LISTS _ek_npm_tests)
    get_filename_component(_t ${_f} NAME)
    string(REPLACE ".test.mjs" "" _t ${_t})
    add_test(NAME edgekernels_npm_${_t}
             COMMAND ${EK_NODE} --test ${EK_NPM_SRC}/test/${_t}.test.mjs
             WORKING_DIRECTORY ${EK_NPM_SRC}/test)
    set_tests_properties(edgekernels_npm_${_t} PROPERTIES LABELS wasm ENVIRONMENT "${_ek_npm_env}")
  endforeach()
  if(TEST edgekernels_npm_pack)
    set_tests_properties(edgekernels_npm_pack PROPERTIES TIMEOUT 300)
  endif()
endif()
