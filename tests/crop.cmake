# crop: smart crop on a real photograph (scipy's raccoon face) through the shared C library.
ek_reference_test(crop_face ${CMAKE_CURRENT_SOURCE_DIR}/crop_face.py $<TARGET_FILE:edgekernels_c>)
