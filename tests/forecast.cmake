# forecast: references computed at test time through the shared C library (ctypes):
#   forecast_reference    numpy's polyfit (rolling windows, degrees 0..8) and scipy.stats.t
#   forecast_holtwinters  R's stats::HoltWinters on R's datasets and synthetic series
# A missing Rscript (Debian r-base-core) makes forecast_holtwinters fail rather than disappear;
# the driver removes the sanitizer preload again for Rscript.
find_program(EK_RSCRIPT Rscript)
if(NOT EK_RSCRIPT)
  message(WARNING "edgekernels: no Rscript (Debian r-base-core): forecast_holtwinters will fail")
endif()
ek_reference_test(forecast_reference ${CMAKE_CURRENT_SOURCE_DIR}/forecast_reference.py
                  $<TARGET_FILE:edgekernels_c>)
ek_reference_test(forecast_holtwinters ${CMAKE_CURRENT_SOURCE_DIR}/forecast_holtwinters.py
                  $<TARGET_FILE:edgekernels_c> ${EK_RSCRIPT} ${CMAKE_CURRENT_SOURCE_DIR}/forecast_holtwinters.R)
