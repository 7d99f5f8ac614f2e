// Downstream C++ use of an installed edgekernels: checksum a message, summarise readings,
// filter a byte buffer, score a sensor stream, fit a trend, aggregate per key. Exits non-zero if any result is wrong, so it doubles as a test.
#include <cstdio>
#include <cstring>

#include <edgekernels/edgekernels.hpp>

int main() {
  const char msg[] = "123456789";
  const std::uint32_t crc = ek::crc32(0, msg, std::strlen(msg));
  const std::uint32_t crcc = ek::crc32c(0, msg, std::strlen(msg));

  const double readings[] = {21.5, 22.0, 22.5, 23.0, 40.5};
  const ek::moments m = ek::describe(readings, 5);

  unsigned char px[] = {10, 200, 128, 129, 255, 0};
  ek::threshold(px, px, sizeof px, 128);  // keep values above 128, zero the rest, in place

  // A z-score detector over the previous 4 readings: the jump to 40.5 is critical.
  ek::zscore_config zc;
  zc.window = 4;
  ek::zscore_detector det;
  int last_level = -1;
  if (det.init(zc) == EK_OK)
    for (double r : readings) last_level = det.push(r).level;

  // A least-squares line through the last 3 values, and the value 2 steps ahead.
  ek::linear_trend_config tc;
  tc.window = 3;
  ek::linear_trend trend;
  double ahead = 0;
  if (trend.init(tc) == EK_OK) {
    const double ys[] = {1.0, 3.0, 5.0, 7.0};
    for (double y : ys) trend.push(y);
    ahead = trend.forecast(2);  // 7 + 2*2
  }

  // Per-key windows of the last 2 events.
  ek::window_config wc;
  wc.size = 2;
  ek::keyed_window win;
  ek_window_agg agg{};
  if (win.init(wc) == EK_OK) {
    win.push("door", 4, 0, 1.0);
    win.push("hall", 4, 0, 5.0);
    win.push("door", 4, 0, 3.0);
    win.push("door", 4, 0, 8.0, &agg);  // door: {3, 8}
  }

  std::printf("z-level=%d forecast=%g door: count=%llu max=%g\n", last_level, ahead,
              static_cast<unsigned long long>(agg.count), agg.max);
  std::printf("crc32=%08x crc32c=%08x mean=%g max=%g kept=%d,%d,%d path=%s\n", crc, crcc, m.mean, m.max,
              px[1], px[3], px[4], ek::cpu::kernel_path(ek::cpu::kernel::crc32));
  const bool ok = crc == 0xCBF43926u && crcc == 0xE3069283u && m.count == 5 && m.mean == 25.9 &&
                  m.max == 40.5 && px[0] == 0 && px[1] == 200 && px[2] == 0 && px[3] == 129 &&
                  ek::bits::clamp(-7, 0, 5) == 0 && last_level == 2 && ahead == 11.0 && agg.count == 2 &&
                  agg.min == 3.0 && agg.max == 8.0;
  return ok ? 0 : 1;
}
