// The slice-by-16 tables, computed at compile time in crc32.cpp and shared (as data, never as
// code) with the SIMD kernels, which use t[0] for the few bytes they do not fold.
#ifndef EK_CHECKSUM_CRC32_TABLES_HPP
#define EK_CHECKSUM_CRC32_TABLES_HPP

#include "checksum/crc32_math.hpp"

namespace ek {
namespace detail {

extern const crcmath::slice_tables crc32_tables;
extern const crcmath::slice_tables crc32c_tables;

}  // namespace detail
}  // namespace ek

#endif
