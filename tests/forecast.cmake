# forecast: references computed at test time through the shared C library (ctypes):
#   forecast_reference    numpy's polyfit (rolling windows, degrees 0..8) and scipy.stats.t
#   forecast_holtwinters  R's stats::HoltWinters on R's datasets and synthetic series
# A missing reference tool (the system Python 3 with numpy and scipy, or Rscript) makes the test
# fail rather than disappear. ctypes cannot load a cross-compiled library into the host Python,
# so cross builds rely on test_forecast alone.
if(CMAKE_CROSSCOMPILING)
  message(STATUS "edgekernels: cross build: forecast reference tests skipped (ctypes cannot load "
                 "the ${CMAKE_SYSTEM_PROCESSOR} shared library into the host Python)")
  return()
endif()
find_program(EK_FORECAST_PYTHON python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT EK_FORECAST_PYTHON)
  find_program(EK_FORECAST_PYTHON python3)
endif()
find_program(EK_RSCRIPT Rscript)
if(NOT EK_FORECAST_PYTHON)
  message(WARNING "edgekernels: no python3: the forecast reference tests will fail")
  set(EK_FORECAST_PYTHON python3-NOTFOUND)
endif()
if(NOT EK_RSCRIPT)
  message(WARNING "edgekernels: no Rscript (Debian r-base-core): forecast_holtwinters will fail")
endif()
add_test(NAME forecast_reference
         COMMAND ${EK_FORECAST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/forecast_reference.py
                 $<TARGET_FILE:edgekernels_c>)
add_test(NAME forecast_holtwinters
         COMMAND ${EK_FORECAST_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/forecast_holtwinters.py
                 $<TARGET_FILE:edgekernels_c> ${EK_RSCRIPT}
                 ${CMAKE_CURRENT_SOURCE_DIR}/forecast_holtwinters.R)
set(_ek_forecast_tests forecast_reference forecast_holtwinters)
set_tests_properties(${_ek_forecast_tests} PROPERTIES LABELS unit TIMEOUT 300)
# Under the sanitizers the library needs their runtimes, which python does not load: preload
# GCC's (the Holt-Winters driver removes the preload again for Rscript).
if(CMAKE_CXX_FLAGS MATCHES "-fsanitize=[^ ]*address" AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=libasan.so
                  OUTPUT_VARIABLE _ek_asan OUTPUT_STRIP_TRAILING_WHITESPACE)
  execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=libubsan.so
                  OUTPUT_VARIABLE _ek_ubsan OUTPUT_STRIP_TRAILING_WHITESPACE)
  set_tests_properties(${_ek_forecast_tests} PROPERTIES
                       ENVIRONMENT "LD_PRELOAD=${_ek_asan}:${_ek_ubsan};ASAN_OPTIONS=detect_leaks=0")
elseif(CMAKE_CXX_FLAGS MATCHES "-fsanitize=")
  set_tests_properties(${_ek_forecast_tests} PROPERTIES DISABLED ON)
  message(STATUS "edgekernels: forecast reference tests disabled (sanitizer runtime preload is set up for GCC only)")
endif()
