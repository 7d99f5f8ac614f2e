// Downstream C++ use of an installed edgekernels: checksum a message, summarise readings,
// filter a byte buffer. Exits non-zero if any result is wrong, so it doubles as a test.
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

  std::printf("crc32=%08x crc32c=%08x mean=%g max=%g kept=%d,%d,%d path=%s\n", crc, crcc, m.mean, m.max,
              px[1], px[3], px[4], ek::cpu::kernel_path(ek::cpu::kernel::crc32));
  const bool ok = crc == 0xCBF43926u && crcc == 0xE3069283u && m.count == 5 && m.mean == 25.9 &&
                  m.max == 40.5 && px[0] == 0 && px[1] == 200 && px[2] == 0 && px[3] == 129 &&
                  ek::bits::clamp(-7, 0, 5) == 0;
  return ok ? 0 : 1;
}
