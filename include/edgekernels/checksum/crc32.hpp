// edgekernels — CRC-32 and CRC-32C (C++ API).
//
// Contract (identical to ek_crc32 / ek_crc32c in edgekernels.h):
//  * crc32 is CRC-32/ISO-HDLC as used by zlib, gzip and PNG (reflected polynomial 0xEDB88320,
//    init and final xor 0xFFFFFFFF); crc32c is CRC-32C/Castagnoli (reflected 0x82F63B78, as in
//    iSCSI, ext4, SSE4.2 `crc32`), with the same conventions.
//  * zlib's chaining convention: pass 0 to start and the previous result to continue, so
//    crc32(crc32(0, a, n), b, m) equals the CRC of a||b, whatever the split.
//    crc32(0, "123456789", 9) == 0xCBF43926, crc32c(0, "123456789", 9) == 0xE3069283.
//  * data == nullptr returns `crc` unchanged, whatever `len` is. No alignment is required.
//  * *_combine(crc1, crc2, len2) is the CRC of A||B given crc1 = CRC(A), crc2 = CRC(B) and
//    len2 = length of B in bytes, in O(log len2) time; len2 == 0 gives crc1 (crc2 must then be 0).
//  * Every function is noexcept, allocation-free and thread-safe. The SIMD variant is chosen
//    once per process from ek::cpu::features() (see edgekernels/cpu.hpp); all variants return
//    identical results.
#ifndef EDGEKERNELS_CHECKSUM_CRC32_HPP
#define EDGEKERNELS_CHECKSUM_CRC32_HPP

#include <cstddef>
#include <cstdint>

namespace ek {

std::uint32_t crc32(std::uint32_t crc, const void *data, std::size_t len) noexcept;
std::uint32_t crc32c(std::uint32_t crc, const void *data, std::size_t len) noexcept;
std::uint32_t crc32_combine(std::uint32_t crc1, std::uint32_t crc2, std::uint64_t len2) noexcept;
std::uint32_t crc32c_combine(std::uint32_t crc1, std::uint32_t crc2, std::uint64_t len2) noexcept;

}  // namespace ek

#endif
