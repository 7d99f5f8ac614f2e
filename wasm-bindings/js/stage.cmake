# cmake -DSRC=<wasm-bindings/js> -DROOT=<repo> -DWASM=<dir of the .wasm files> -DDST=<npm/edgekernels>
#       -DVERSION=<project version> -P stage.cmake
# Stages the npm package: the files package.json "files" lists, plus package.json itself (with
# the CMake project version written in: include/edgekernels/version.h stays the one source),
# README.md and LICENSE. The directory is emptied first so nothing stale ships.
file(REMOVE_RECURSE "${DST}")
file(MAKE_DIRECTORY "${DST}/src")
file(READ "${SRC}/package.json" _pkg)
string(REGEX REPLACE "\"version\": \"[^\"]*\"" "\"version\": \"${VERSION}\"" _pkg "${_pkg}")
file(WRITE "${DST}/package.json" "${_pkg}")
file(COPY "${SRC}/README.md" "${SRC}/index.d.ts" "${ROOT}/LICENSE" DESTINATION "${DST}")
file(GLOB _js "${SRC}/src/*.js")
file(COPY ${_js} DESTINATION "${DST}/src")
foreach(_w edgekernels edgekernels.baseline edgekernels-core edgekernels-core.baseline)
  file(COPY "${WASM}/${_w}.wasm" DESTINATION "${DST}/src")
endforeach()
