// The slice-by-16 tables (and the folding kernels' per-length multipliers), computed at compile time in crc32.cpp and shared (as data, never as
// code) with the SIMD kernels, which use t[0] for the few bytes they do not fold.
#ifndef EK_CHECKSUM_CRC32_TABLES_HPP
#define EK_CHECKSUM_CRC32_TABLES_HPP

#include "checksum/crc32_math.hpp"

namespace ek {
namespace detail {

extern const crcmath::slice_tables crc32_tables;
extern const crcmath::slice_tables crc32c_tables;
// For the folding kernels, which add the incoming register last below late_max bytes.
extern const crcmath::late_mult_table crc32_late_mults;
extern const crcmath::late_mult_table crc32c_late_mults;

}  // namespace detail
}  // namespace ek

#endif
