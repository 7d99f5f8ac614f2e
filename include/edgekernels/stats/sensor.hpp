// edgekernels — multi-channel sensor records: fixed thresholds plus a rolling z-score per
// channel (C++ API).
//
// A record carries a timestamp and five readings. Each enabled channel has limits
//   critical: x < crit_low or x > crit_high      warning: x < warn_low or x > warn_high
// (strict: a reading exactly on a limit is inside it; +-Inf disables a limit) and its own
// ek::zscore_detector (see zscore.hpp for the exact scoring). A channel's level is the larger of
// its threshold level and its z-score level; the record's level is the largest over channels.
// A NaN or +-Inf reading means "not reported": it is rejected and counted for that channel
// (reported = false, levels 0) and never enters its window. Disabled channels are ignored
// (reported = false, levels 0) and cost no memory. The timestamp is passed through untouched.
//
// Defaults (every one is configuration):
//   temperature (deg C):  warning < 0 or > 40, critical < -10 or > 50
//   humidity (%RH):       warning < 10 or > 90, critical < 0 or > 100 (outside is a sensor fault)
//   pressure (hPa):       warning < 950 or > 1050, critical < 870 or > 1085 (the recorded
//                         sea-level extremes)
//   light (lux):          warning > 100000, critical < 0 or > 150000 (direct sunlight ~100k)
//   motion (events):      no limits, and z-score levels off (warn = crit = +Inf): motion is an
//                         on/off or count signal whose z-score is rarely meaningful
//   z-score: window 60, warmup = window, warn 2, crit 3 (motion: +Inf/+Inf).
// Cost: five O(1) z-score pushes per record; memory: window doubles per enabled channel.
// Thread safety: one object per thread; distinct objects are independent.
#ifndef EDGEKERNELS_STATS_SENSOR_HPP
#define EDGEKERNELS_STATS_SENSOR_HPP

#include <cstddef>
#include <cstdint>
#include <limits>

#include "edgekernels/stats/zscore.hpp"
#include "edgekernels/types.h"

namespace ek {

// Channel indices, in record order: ek::sensor_channel::temperature, ...
struct sensor_channel {
  enum : int { temperature = 0, humidity = 1, pressure = 2, light = 3, motion = 4 };
};
constexpr int sensor_channel_count = 5;

struct sensor_record {
  double timestamp;
  double temperature;  // deg C
  double humidity;     // %RH
  double pressure;     // hPa
  double light;        // lux
  double motion;       // events (or 0/1)
  // Reading of channel c (sensor_channel order).
  double reading(int c) const noexcept {
    switch (c) {
      case sensor_channel::temperature: return temperature;
      case sensor_channel::humidity: return humidity;
      case sensor_channel::pressure: return pressure;
      case sensor_channel::light: return light;
      default: return motion;
    }
  }
};

struct sensor_channel_config {
  bool enabled = true;
  double warn_low = -std::numeric_limits<double>::infinity();
  double warn_high = std::numeric_limits<double>::infinity();
  double crit_low = -std::numeric_limits<double>::infinity();
  double crit_high = std::numeric_limits<double>::infinity();
  zscore_config zscore = zscore_config{60, zscore_config::warmup_window, 2.0, 3.0};
};

// Threshold level of x: 2 outside [crit_low, crit_high], 1 outside [warn_low, warn_high], else 0.
inline int threshold_level(const sensor_channel_config &c, double x) noexcept {
  return (x < c.crit_low || x > c.crit_high) ? 2 : (x < c.warn_low || x > c.warn_high) ? 1 : 0;
}

struct sensor_config {
  static constexpr double inf = std::numeric_limits<double>::infinity();
  sensor_channel_config channel[sensor_channel_count] = {
      {true, 0.0, 40.0, -10.0, 50.0, {60, zscore_config::warmup_window, 2.0, 3.0}},
      {true, 10.0, 90.0, 0.0, 100.0, {60, zscore_config::warmup_window, 2.0, 3.0}},
      {true, 950.0, 1050.0, 870.0, 1085.0, {60, zscore_config::warmup_window, 2.0, 3.0}},
      {true, 0.0, 100000.0, 0.0, 150000.0, {60, zscore_config::warmup_window, 2.0, 3.0}},
      {true, -inf, inf, -inf, inf, {60, zscore_config::warmup_window, inf, inf}},
  };
};

struct sensor_channel_result {
  bool reported;        // enabled and the reading was finite
  int threshold_level;  // from the fixed limits
  zscore_result zscore;
  int level;            // max(threshold_level, zscore.level)
};

struct sensor_result {
  double timestamp;
  sensor_channel_result channel[sensor_channel_count];
  int level;  // max over channels
};

class sensor_processor {
 public:
  sensor_processor() noexcept = default;
  sensor_processor(sensor_processor &&) noexcept = default;
  sensor_processor &operator=(sensor_processor &&) noexcept = default;

  // EK_ERR_ARG unless, for every enabled channel, no limit is NaN,
  // crit_low <= warn_low <= warn_high <= crit_high, and the z-score config is valid;
  // EK_ERR_NOMEM if a window cannot be allocated (nothing is kept: every channel is then
  // disabled until a successful init).
  ek_status init(const sensor_config &c, const ek_allocator *alloc = nullptr) noexcept;
  void reset() noexcept;
  sensor_result push(const sensor_record &r) noexcept;

  const sensor_config &config() const noexcept { return cfg_; }
  // Accepted / rejected readings of channel c (0 for a disabled channel or c out of range).
  std::uint64_t accepted(int c) const noexcept {
    return c >= 0 && c < sensor_channel_count && cfg_.channel[c].enabled ? det_[c].accepted() : 0;
  }
  std::uint64_t rejected(int c) const noexcept {
    return c >= 0 && c < sensor_channel_count && cfg_.channel[c].enabled ? det_[c].rejected() : 0;
  }
  std::uint64_t records() const noexcept { return records_; }

 private:
  static sensor_config all_disabled() noexcept {
    sensor_config c;
    for (sensor_channel_config &ch : c.channel) ch.enabled = false;
    return c;
  }
  sensor_config cfg_ = all_disabled();  // until init succeeds, push reports nothing
  zscore_detector det_[sensor_channel_count];
  std::uint64_t records_ = 0;
};

}  // namespace ek

#endif
