# resize: every Pillow filter, 1-4 channels, photographs and synthetic patterns, against Pillow
# (tests/resize_pillow.py); Mitchell and linear light against numpy float references.
ek_reference_test(resize_pillow ${CMAKE_CURRENT_SOURCE_DIR}/resize_pillow.py $<TARGET_FILE:edgekernels_c>)
