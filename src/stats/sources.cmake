# stats module: sources, and its C ABI file (appended to EK_CAPI_SOURCES).
target_sources(ek_kernels PRIVATE
  ${PROJECT_SOURCE_DIR}/src/stats/zscore.cpp
  ${PROJECT_SOURCE_DIR}/src/stats/robust.cpp
  ${PROJECT_SOURCE_DIR}/src/stats/sensor.cpp)
list(APPEND EK_CAPI_SOURCES ${PROJECT_SOURCE_DIR}/src/capi/stats.cpp)
