# window: count-based and tumbling windows against an independent numpy / plain-Python
# recomputation through the shared C library (tests/window_reference.py).
ek_reference_test(window_reference ${CMAKE_CURRENT_SOURCE_DIR}/window_reference.py $<TARGET_FILE:edgekernels_c>)
