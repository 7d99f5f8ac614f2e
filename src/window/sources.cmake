# window module: sources, and its C ABI file (appended to EK_CAPI_SOURCES).
target_sources(ek_kernels PRIVATE ${PROJECT_SOURCE_DIR}/src/window/keyed_window.cpp)
list(APPEND EK_CAPI_SOURCES ${PROJECT_SOURCE_DIR}/src/capi/window.cpp)
