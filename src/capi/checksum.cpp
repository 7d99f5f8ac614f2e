// C ABI for the checksum module: the contract lives in edgekernels.h, the work in ek::crc32*.
#include "edgekernels/checksum/crc32.hpp"
#include "edgekernels/edgekernels.h"

extern "C" {

uint32_t ek_crc32(uint32_t crc, const void *data, size_t len) { return ek::crc32(crc, data, len); }
uint32_t ek_crc32c(uint32_t crc, const void *data, size_t len) { return ek::crc32c(crc, data, len); }
uint32_t ek_crc32_combine(uint32_t crc1, uint32_t crc2, uint64_t len2) {
  return ek::crc32_combine(crc1, crc2, len2);
}
uint32_t ek_crc32c_combine(uint32_t crc1, uint32_t crc2, uint64_t len2) {
  return ek::crc32c_combine(crc1, crc2, len2);
}

}  // extern "C"
