# reduce: accuracy against Python's math.fsum and numpy through the shared C library, when a
# Python 3 with numpy is available (EK_PYTHON_NUMPY, else the system python3, else PATH's).
# The script loads the shared library into the host's Python with ctypes, so a cross-compiled
# library cannot be tested this way (test_reduce still runs under the emulator).
set(EK_PYTHON_NUMPY "" CACHE FILEPATH "Python 3 interpreter with numpy, for tests/reduce_fsum.py")
if(CMAKE_CROSSCOMPILING)
  message(STATUS "edgekernels: cross build: reduce_fsum skipped (ctypes cannot load the "
                 "${CMAKE_SYSTEM_PROCESSOR} shared library into the host Python)")
  return()
endif()
set(_ek_py_candidates ${EK_PYTHON_NUMPY})
find_program(_ek_sys_python3 python3 PATHS /usr/bin NO_DEFAULT_PATH)
find_program(_ek_path_python3 python3)
list(APPEND _ek_py_candidates ${_ek_sys_python3} ${_ek_path_python3})
set(_ek_py "")
foreach(_p IN LISTS _ek_py_candidates)
  if(_p AND NOT _ek_py)
    execute_process(COMMAND ${_p} -c "import numpy" RESULT_VARIABLE _rc OUTPUT_QUIET ERROR_QUIET)
    if(_rc EQUAL 0)
      set(_ek_py ${_p})
    endif()
  endif()
endforeach()
if(_ek_py)
  add_test(NAME reduce_fsum
           COMMAND ${_ek_py} ${CMAKE_CURRENT_SOURCE_DIR}/reduce_fsum.py $<TARGET_FILE:edgekernels_c>)
  set_tests_properties(reduce_fsum PROPERTIES LABELS unit)
  # Under the sanitizers the library needs their runtimes, which python itself does not load:
  # preload them (GCC's), and leave leak checking to the C++ tests (the interpreter "leaks").
  if(CMAKE_CXX_FLAGS MATCHES "-fsanitize=[^ ]*address" AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=libasan.so
                    OUTPUT_VARIABLE _ek_asan OUTPUT_STRIP_TRAILING_WHITESPACE)
    execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=libubsan.so
                    OUTPUT_VARIABLE _ek_ubsan OUTPUT_STRIP_TRAILING_WHITESPACE)
    set_tests_properties(reduce_fsum PROPERTIES
                         ENVIRONMENT "LD_PRELOAD=${_ek_asan}:${_ek_ubsan};ASAN_OPTIONS=detect_leaks=0")
  elseif(CMAKE_CXX_FLAGS MATCHES "-fsanitize=")
    set_tests_properties(reduce_fsum PROPERTIES DISABLED ON)
    message(STATUS "edgekernels: reduce_fsum disabled (sanitizer runtime preload is set up for GCC only)")
  endif()
else()
  message(STATUS "edgekernels: no Python 3 with numpy; reduce_fsum test skipped")
endif()
