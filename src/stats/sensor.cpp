// stats: multi-channel sensor records. Semantics and defaults in
// include/edgekernels/stats/sensor.hpp.
#include "edgekernels/stats/sensor.hpp"

#include <limits>

namespace ek {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

bool valid_limits(const sensor_channel_config &c) noexcept {
  // Chained <= is false for any NaN.
  return c.crit_low <= c.warn_low && c.warn_low <= c.warn_high && c.warn_high <= c.crit_high;
}

}  // namespace

ek_status sensor_processor::init(const sensor_config &c, const ek_allocator *alloc) noexcept {
  for (int i = 0; i < sensor_channel_count; ++i) {
    const sensor_channel_config &ch = c.channel[i];
    if (ch.enabled && (!valid_limits(ch) || ch.zscore.window == 0 ||
                       !valid_levels(ch.zscore.warn, ch.zscore.crit)))
      return EK_ERR_ARG;
  }
  for (int i = 0; i < sensor_channel_count; ++i) {
    det_[i] = zscore_detector{};  // frees whatever an earlier init kept
    if (!c.channel[i].enabled) continue;
    const ek_status st = det_[i].init(c.channel[i].zscore, alloc);
    if (st != EK_OK) {
      // Leave an object that reports nothing rather than one with half its windows.
      for (int k = 0; k < sensor_channel_count; ++k) {
        det_[k] = zscore_detector{};
        cfg_.channel[k].enabled = false;
      }
      return st;
    }
  }
  cfg_ = c;
  records_ = 0;
  return EK_OK;
}

void sensor_processor::reset() noexcept {
  for (int i = 0; i < sensor_channel_count; ++i) det_[i].reset();
  records_ = 0;
}

sensor_result sensor_processor::push(const sensor_record &rec) noexcept {
  sensor_result out;
  out.timestamp = rec.timestamp;
  out.level = 0;
  for (int i = 0; i < sensor_channel_count; ++i) {
    sensor_channel_result &r = out.channel[i];
    r.threshold_level = 0;
    r.level = 0;
    if (!cfg_.channel[i].enabled) {
      r.reported = false;
      r.zscore = zscore_result{nan, nan, 0.0, 0, false};
      continue;
    }
    const double x = rec.reading(i);
    r.zscore = det_[i].push(x);  // rejects and counts a NaN/Inf reading
    r.reported = r.zscore.accepted;
    if (r.reported) r.threshold_level = threshold_level(cfg_.channel[i], x);
    r.level = r.threshold_level > r.zscore.level ? r.threshold_level : r.zscore.level;
    if (r.level > out.level) out.level = r.level;
  }
  ++records_;
  return out;
}

}  // namespace ek
