# image module: negotiation (always built: it needs no codec), and its C ABI file (appended to
# EK_CAPI_SOURCES).
target_sources(ek_kernels PRIVATE ${PROJECT_SOURCE_DIR}/src/image/negotiate.cpp)
list(APPEND EK_CAPI_SOURCES ${PROJECT_SOURCE_DIR}/src/capi/negotiate.cpp)
target_sources(ek_kernels PRIVATE ${PROJECT_SOURCE_DIR}/src/image/probe.cpp)
list(APPEND EK_CAPI_SOURCES ${PROJECT_SOURCE_DIR}/src/capi/probe.cpp)
