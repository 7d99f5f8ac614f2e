# examples/worker: the Worker example run in the real workerd (npm @cloudflare/workerd-linux-64,
# installed by `npm ci` in wasm-bindings/test) against the staged npm package. Included by
# wasm-bindings/CMakeLists.txt after js/package.cmake, which defines edgekernels_npm.
find_program(EK_NODE NAMES node nodejs)
if(EK_NODE AND TARGET edgekernels_npm)
  set(_ek_worker_dir ${CMAKE_CURRENT_LIST_DIR})
  set(EK_WORKER_NATIVE_EK "" CACHE FILEPATH
      "Native ek for wasm_worker_workerd to compare /sensor with (empty: the stored native output)")
  set(_ek_worker_native)
  if(EK_WORKER_NATIVE_EK)
    set(_ek_worker_native --native-ek ${EK_WORKER_NATIVE_EK})
  endif()
  # The test reads the worker's sources directly; the build only has to stage the package
  # (edgekernels_npm is part of ALL). Without workerd installed the test fails and says why.
  add_test(NAME wasm_worker_workerd
           COMMAND ${EK_NODE} ${_ek_worker_dir}/test/run.mjs
                   --package ${CMAKE_BINARY_DIR}/npm/edgekernels
                   --test-modules ${PROJECT_SOURCE_DIR}/wasm-bindings/test/node_modules
                   --data ${PROJECT_SOURCE_DIR}/examples/data
                   --timeout 240 ${_ek_worker_native}
           WORKING_DIRECTORY ${_ek_worker_dir})
  # ctest's own timeout is a backstop above run.mjs's (which stops workerd before exiting).
  set_tests_properties(wasm_worker_workerd PROPERTIES LABELS wasm TIMEOUT 300)
  # worker.js against the package's published types (tsc from wasm-bindings/test, checkJs).
  add_test(NAME wasm_worker_types
           COMMAND ${EK_NODE} ${_ek_worker_dir}/test/types.mjs
                   --package ${CMAKE_BINARY_DIR}/npm/edgekernels
                   --test-modules ${PROJECT_SOURCE_DIR}/wasm-bindings/test/node_modules)
  set_tests_properties(wasm_worker_types PROPERTIES LABELS wasm TIMEOUT 180)
endif()
