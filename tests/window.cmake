# window: count-based and tumbling windows against an independent numpy / plain-Python
# recomputation through the shared C library (tests/window_reference.py). The reference
# interpreter is /usr/bin/python3 (the system one, with numpy); if it or numpy is missing the
# test fails rather than being skipped.
if(CMAKE_CROSSCOMPILING)
  message(STATUS "edgekernels: cross build: window_reference skipped (ctypes cannot load the "
                 "${CMAKE_SYSTEM_PROCESSOR} shared library into the host Python)")
  return()
endif()
add_test(NAME window_reference
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/window_reference.py
                 $<TARGET_FILE:edgekernels_c>)
set_tests_properties(window_reference PROPERTIES LABELS unit)
# Under the sanitizers the library needs their runtimes, which python does not load: preload
# GCC's, and leave leak checking to the C++ tests (the interpreter "leaks").
if(CMAKE_CXX_FLAGS MATCHES "-fsanitize=[^ ]*address" AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=libasan.so
                  OUTPUT_VARIABLE _ek_asan OUTPUT_STRIP_TRAILING_WHITESPACE)
  execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=libubsan.so
                  OUTPUT_VARIABLE _ek_ubsan OUTPUT_STRIP_TRAILING_WHITESPACE)
  set_tests_properties(window_reference PROPERTIES
                       ENVIRONMENT "LD_PRELOAD=${_ek_asan}:${_ek_ubsan};ASAN_OPTIONS=detect_leaks=0")
elseif(CMAKE_CXX_FLAGS MATCHES "-fsanitize=")
  set_tests_properties(window_reference PROPERTIES DISABLED ON)
  message(STATUS "edgekernels: window_reference disabled (sanitizer runtime preload is set up for GCC only)")
endif()
