# reduce: accuracy against Python's math.fsum and numpy through the shared C library.
ek_reference_test(reduce_fsum ${CMAKE_CURRENT_SOURCE_DIR}/reduce_fsum.py $<TARGET_FILE:edgekernels_c>)
