// edgekernels — stats / anomaly detection, the whole C++ API of the module in one include:
// streaming moments (welford.hpp), exponential smoothing (ewma.hpp), drift-free rolling moments
// (rolling.hpp), the rolling z-score detector (zscore.hpp), the median/MAD Hampel detector
// (robust.hpp) and multi-channel sensor records (sensor.hpp).
#ifndef EDGEKERNELS_STATS_STATS_HPP
#define EDGEKERNELS_STATS_STATS_HPP

#include "edgekernels/stats/ewma.hpp"
#include "edgekernels/stats/robust.hpp"
#include "edgekernels/stats/rolling.hpp"
#include "edgekernels/stats/sensor.hpp"
#include "edgekernels/stats/welford.hpp"
#include "edgekernels/stats/zscore.hpp"

#endif
