# stats: detectors and accumulators against numpy, scipy and Python's statistics through the
# shared C library (tests/stats_reference.py).
ek_reference_test(stats_reference ${CMAKE_CURRENT_SOURCE_DIR}/stats_reference.py
                  $<TARGET_FILE:edgekernels_c> ${PROJECT_SOURCE_DIR}/examples/data)
