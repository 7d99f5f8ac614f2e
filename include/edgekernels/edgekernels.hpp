// edgekernels — the whole C++ API in one include. Each module can also be included on its own.
#ifndef EDGEKERNELS_HPP
#define EDGEKERNELS_HPP

#include "edgekernels/version.h"
#include "edgekernels/cpu.hpp"
#include "edgekernels/bits/bits.hpp"
#include "edgekernels/checksum/crc32.hpp"
#include "edgekernels/filter/filter.hpp"
#include "edgekernels/reduce/reduce.hpp"
#include "edgekernels/stats/stats.hpp"
#include "edgekernels/forecast/forecast.hpp"
#include "edgekernels/window/window.hpp"
#include "edgekernels/image/negotiate.hpp"
#include "edgekernels/image/probe.hpp"
#include "edgekernels/image/image.hpp"
#include "edgekernels/image/resize.hpp"
#include "edgekernels/image/crop.hpp"
#include "edgekernels/image/decode.hpp"
#include "edgekernels/image/encode.hpp"
#include "edgekernels/image/transform.hpp"
#include "edgekernels/status.hpp"

#endif
