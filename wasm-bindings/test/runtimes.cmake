# The JSON test vectors of the native suite (tests/vectors, checked against native by the ctests
# vectors_native*) through the staged npm package (${CMAKE_BINARY_DIR}/npm/edgekernels, target
# edgekernels_npm) in every JS runtime the edge platforms use (label wasm):
#   vectors_node          Node (node --test), importing 'edgekernels' by name ("node" condition)
#   vectors_node_baseline Node, the module without SIMD128 (init({ simd: false }))
#   vectors_deno          Deno (npm deno), the "deno" entry, read access to the package and vectors only
#   vectors_bun           Bun (npm bun), importing 'edgekernels' by name (Bun's own resolution)
#   vectors_edge_runtime  Vercel Edge (npm edge-runtime): the package inside an EdgeRuntime VM,
#                         given a precompiled WebAssembly.Module
#   vectors_chromium      headless Chromium (Debian chromium), a page served on 127.0.0.1
# A missing runtime makes its test fail, never skip: CI installs them all (npm ci in
# wasm-bindings/test, Debian's nodejs and chromium).
set(_ek_rt_dir ${CMAKE_CURRENT_LIST_DIR})
set(_ek_rt_bin ${_ek_rt_dir}/node_modules/.bin)
set(_ek_rt_pkg ${CMAKE_BINARY_DIR}/npm/edgekernels)
set(_ek_rt_vectors ${PROJECT_SOURCE_DIR}/tests/vectors)
find_program(EK_NODE NAMES node nodejs)
find_program(EK_DENO deno PATHS ${_ek_rt_bin} NO_DEFAULT_PATH)
find_program(EK_BUN bun PATHS ${_ek_rt_bin} NO_DEFAULT_PATH)
find_program(EK_CHROMIUM NAMES chromium chromium-browser PATHS /usr/bin)

# ek_runtime_test(NAME TOOL_VAR HOW_TO_INSTALL COMMAND...): COMMAND, or, when TOOL_VAR was not
# found, a test that fails saying so.
set(_ek_rt_fail ${CMAKE_CURRENT_BINARY_DIR}/ek_runtime_missing.cmake)
file(WRITE ${_ek_rt_fail} "message(FATAL_ERROR \"\${WHY}\")\n")
function(ek_runtime_test name tool how)
  if(NOT ${tool})
    add_test(NAME ${name} COMMAND ${CMAKE_COMMAND} "-DWHY=${name}: ${tool} not found (${how})"
                                  -P ${_ek_rt_fail})
  else()
    add_test(NAME ${name} COMMAND ${ARGN})
  endif()
endfunction()

set(_ek_npm_ci "run `npm ci` in wasm-bindings/test")
ek_runtime_test(vectors_node EK_NODE "Debian nodejs"
                ${EK_NODE} --test ${_ek_rt_dir}/vectors.test.mjs)
ek_runtime_test(vectors_node_baseline EK_NODE "Debian nodejs"
                ${EK_NODE} ${_ek_rt_dir}/run-vectors.mjs name --baseline)
ek_runtime_test(vectors_deno EK_DENO "${_ek_npm_ci}"
                ${EK_DENO} run --no-prompt "--allow-read=${_ek_rt_pkg},${_ek_rt_vectors}"
                --allow-env=EDGEKERNELS_PKG,EK_VECTORS_DIR ${_ek_rt_dir}/run-vectors.mjs deno)
ek_runtime_test(vectors_bun EK_BUN "${_ek_npm_ci}" ${EK_BUN} ${_ek_rt_dir}/run-vectors.mjs name)
ek_runtime_test(vectors_edge_runtime EK_NODE "Debian nodejs"
                ${EK_NODE} ${_ek_rt_dir}/vectors.edge-runtime.mjs)
ek_runtime_test(vectors_chromium EK_NODE "Debian nodejs" ${EK_NODE} ${_ek_rt_dir}/vectors.chromium.mjs)
if(NOT EK_CHROMIUM)
  set(EK_CHROMIUM /usr/bin/chromium) # the runner then fails, naming what is missing
endif()

set(_ek_rt_tests vectors_node vectors_node_baseline vectors_deno vectors_bun vectors_edge_runtime vectors_chromium)
set_tests_properties(${_ek_rt_tests} PROPERTIES
  LABELS wasm TIMEOUT 300 WORKING_DIRECTORY ${_ek_rt_dir}
  ENVIRONMENT "EDGEKERNELS_PKG=${_ek_rt_pkg};EK_VECTORS_DIR=${_ek_rt_vectors};EK_CHROMIUM=${EK_CHROMIUM};DENO_DIR=${CMAKE_CURRENT_BINARY_DIR}/deno-cache;DENO_NO_UPDATE_CHECK=1;NO_COLOR=1")
