# vectors: the JSON test vectors that the JS runtimes also run (wasm-bindings/test/vectors.mjs),
# checked against the shared C library through ctypes, so the JSON stays true to native:
#   vectors_native           the best kernels for this CPU (float sums within each vector's tolerance)
#   vectors_native_portable  the portable kernels (what the wasm modules run): bit for bit
# The image vectors (probe, transform) need the codecs.
if(EK_WITH_IMAGE)
  ek_reference_test(vectors_native ${CMAKE_CURRENT_SOURCE_DIR}/vectors/check_native.py
                    $<TARGET_FILE:edgekernels_c>)
  ek_reference_test(vectors_native_portable ${CMAKE_CURRENT_SOURCE_DIR}/vectors/check_native.py
                    $<TARGET_FILE:edgekernels_c> --portable)
endif()
