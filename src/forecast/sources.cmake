# forecast module: sources, and its C ABI file (appended to EK_CAPI_SOURCES).
# Eigen (header-only) is used only inside src/forecast/polyfit.cpp, never in a public header,
# so it is a private include directory and no exported target links Eigen3::Eigen.
# Found as a header path, like xsimd, so that a cross build finds it in its staged host headers.
find_path(EK_EIGEN3_INCLUDE_DIR Eigen/Core PATH_SUFFIXES eigen3 REQUIRED)
target_sources(ek_kernels PRIVATE
  ${PROJECT_SOURCE_DIR}/src/forecast/student_t.cpp
  ${PROJECT_SOURCE_DIR}/src/forecast/linear_trend.cpp
  ${PROJECT_SOURCE_DIR}/src/forecast/polyfit.cpp
  ${PROJECT_SOURCE_DIR}/src/forecast/holt_winters.cpp)
# SYSTEM: GCC 12 reports false maybe-uninitialized warnings inside Eigen's own headers.
target_include_directories(ek_kernels SYSTEM PRIVATE ${EK_EIGEN3_INCLUDE_DIR})
list(APPEND EK_CAPI_SOURCES ${PROJECT_SOURCE_DIR}/src/capi/forecast.cpp)
