// The slice-by-16 tables (and the folding kernels' per-length multipliers), computed at compile
// time in crc32.cpp and shared (as data, never as code) with the SIMD kernels, which use t[0]
// for the few bytes they do not fold; in wasm, slice-by-8 tables for the sparse kernels' tails.
#ifndef EK_CHECKSUM_CRC32_TABLES_HPP
#define EK_CHECKSUM_CRC32_TABLES_HPP

#include "checksum/crc32_math.hpp"

namespace ek {
namespace detail {

#if defined(__wasm__)
// wasm has no carry-less multiply: its kernels (crc32_sparse.hpp) need slice-by-8 rows only,
// and nothing in the wasm build refers to the 16-row tables, so they are not in the module.
extern const crcmath::slice_tables8 crc32_tables8;
extern const crcmath::slice_tables8 crc32c_tables8;
#else
extern const crcmath::slice_tables crc32_tables;
extern const crcmath::slice_tables crc32c_tables;
// For the folding kernels, which add the incoming register last below late_max bytes.
extern const crcmath::late_mult_table crc32_late_mults;
extern const crcmath::late_mult_table crc32c_late_mults;
#endif

}  // namespace detail
}  // namespace ek

#endif
