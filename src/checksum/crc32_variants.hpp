// Every CRC-32 / CRC-32C variant this build contains, and the dispatch tables over them.
//
// All variants share one signature and zlib's convention (pass 0 to start, the previous result
// to continue); none accepts a null pointer (the public API filters it). Tests and benchmarks
// include this header to pin each variant the CPU can run.
#ifndef EK_CHECKSUM_CRC32_VARIANTS_HPP
#define EK_CHECKSUM_CRC32_VARIANTS_HPP

#include <cstddef>
#include <cstdint>

#include "internal/dispatch.hpp"

#if defined(__x86_64__) || defined(_M_X64)
#  define EK_CHECKSUM_X86_64 1
#elif defined(__aarch64__) || defined(_M_ARM64)
#  define EK_CHECKSUM_AARCH64 1
#elif defined(__wasm__)
#  define EK_CHECKSUM_WASM 1
#endif

namespace ek {
namespace detail {

using crc_fn = std::uint32_t (*)(std::uint32_t crc, const unsigned char *p, std::size_t n) noexcept;

// Portable (plain C++, endian-neutral). crc32_sparse.hpp on 64-bit words, slice-by-8 tails.
std::uint32_t crc32_sparse64(std::uint32_t, const unsigned char *, std::size_t) noexcept;
std::uint32_t crc32c_sparse64(std::uint32_t, const unsigned char *, std::size_t) noexcept;
#if defined(EK_CHECKSUM_WASM)
// wasm keeps slice-by-8 tables only (see crc32_tables.hpp).
std::uint32_t crc32_slice8(std::uint32_t, const unsigned char *, std::size_t) noexcept;
std::uint32_t crc32c_slice8(std::uint32_t, const unsigned char *, std::size_t) noexcept;
// Chorba on its own, slice-by-8 tail (needs n >= 56). Its tail is 40 bytes against the sparse
// kernels' ~300, so in wasm it wins for CRC-32 from 512 bytes (where the short path ends) up
// to wasm_chorba_below (measured in Node: 135 vs 200 ns at 512 B, 218 vs 243 at 1 KiB, 304
// vs 276 at 1.5 KiB). CRC-32C has no such bit-level multiple here.
std::uint32_t crc32_chorba(std::uint32_t, const unsigned char *, std::size_t) noexcept;
constexpr std::size_t wasm_chorba_below = 1280;
#else
std::uint32_t crc32_slice16(std::uint32_t, const unsigned char *, std::size_t) noexcept;
std::uint32_t crc32_chorba(std::uint32_t, const unsigned char *, std::size_t) noexcept;
std::uint32_t crc32c_slice16(std::uint32_t, const unsigned char *, std::size_t) noexcept;
#endif

#if defined(EK_CHECKSUM_X86_64)
// x86/crc32_pclmul.cpp (SSE4.2 + PCLMULQDQ), 128-bit folding (CRC-32C: the crc32
// instruction up to about 32 bytes, see crc32c_hw_wins).
std::uint32_t crc32_pclmul(std::uint32_t, const unsigned char *, std::size_t) noexcept;
std::uint32_t crc32c_pclmul(std::uint32_t, const unsigned char *, std::size_t) noexcept;
// SSE4.2 `crc32` instruction, three streams, merged with PCLMULQDQ.
std::uint32_t crc32c_sse42(std::uint32_t, const unsigned char *, std::size_t) noexcept;
// x86/crc32_vpclmul_avx2.cpp: 256-bit VPCLMULQDQ, for CPUs without AVX-512.
std::uint32_t crc32_vpclmul_avx2(std::uint32_t, const unsigned char *, std::size_t) noexcept;
std::uint32_t crc32c_vpclmul_avx2(std::uint32_t, const unsigned char *, std::size_t) noexcept;
// x86/crc32_vpclmul_avx512.cpp: 512-bit VPCLMULQDQ.
std::uint32_t crc32_vpclmul_avx512(std::uint32_t, const unsigned char *, std::size_t) noexcept;
std::uint32_t crc32c_vpclmul_avx512(std::uint32_t, const unsigned char *, std::size_t) noexcept;
#elif defined(EK_CHECKSUM_AARCH64)
// arm/crc32_arm.cpp: PMULL folding, and the CRC32/CRC32C instructions.
std::uint32_t crc32_pmull(std::uint32_t, const unsigned char *, std::size_t) noexcept;
std::uint32_t crc32c_pmull(std::uint32_t, const unsigned char *, std::size_t) noexcept;
std::uint32_t crc32_armcrc(std::uint32_t, const unsigned char *, std::size_t) noexcept;
std::uint32_t crc32c_armcrc(std::uint32_t, const unsigned char *, std::size_t) noexcept;
#elif defined(EK_CHECKSUM_WASM) && defined(__wasm_simd128__)
// wasm/crc32_wasm.cpp: crc32_sparse.hpp on 128-bit vectors.
std::uint32_t crc32_simd128(std::uint32_t, const unsigned char *, std::size_t) noexcept;
std::uint32_t crc32c_simd128(std::uint32_t, const unsigned char *, std::size_t) noexcept;
#endif

// Priority order, portable last (see internal/dispatch.hpp).
inline constexpr variant<crc_fn> crc32_variants[] = {
#if defined(EK_CHECKSUM_X86_64)
    {"vpclmul-avx512", cpu::avx512 | cpu::vpclmulqdq | cpu::pclmulqdq | cpu::sse42,
     crc32_vpclmul_avx512},
    {"vpclmul-avx2", cpu::avx2 | cpu::vpclmulqdq | cpu::pclmulqdq | cpu::sse42, crc32_vpclmul_avx2},
    {"pclmul", cpu::pclmulqdq | cpu::sse42, crc32_pclmul},
#elif defined(EK_CHECKSUM_AARCH64)
    {"pmull", cpu::arm_pmull | cpu::arm_crc32, crc32_pmull},
    {"armcrc", cpu::arm_crc32, crc32_armcrc},
#elif defined(EK_CHECKSUM_WASM) && defined(__wasm_simd128__)
    {"simd128", cpu::wasm_simd128, crc32_simd128},
#endif
    // The byte-aligned sparse multiple (crc32_sparse.hpp) on 64-bit words: no shifts, about
    // 11 GB/s at 1 MiB and 8.7 at 4 KiB on Sapphire Rapids against Chorba's 5.8 / 5.5 and
    // slice-by-16's 4.4; below 512 bytes it is slice-by-16 (slice-by-8 in wasm).
    {"portable", 0, crc32_sparse64},
};

// Variants never chosen by the dispatcher but kept tested and benchmarked.
inline constexpr variant<crc_fn> crc32_extra_variants[] = {
#if defined(EK_CHECKSUM_WASM)
    {"slice8", 0, crc32_slice8},
#else
    {"slice16", 0, crc32_slice16},
    {"chorba", 0, crc32_chorba},
#endif
};

inline constexpr variant<crc_fn> crc32c_variants[] = {
#if defined(EK_CHECKSUM_X86_64)
    {"vpclmul-avx512", cpu::avx512 | cpu::vpclmulqdq | cpu::pclmulqdq | cpu::sse42,
     crc32c_vpclmul_avx512},
    {"vpclmul-avx2", cpu::avx2 | cpu::vpclmulqdq | cpu::pclmulqdq | cpu::sse42,
     crc32c_vpclmul_avx2},
    {"pclmul", cpu::pclmulqdq | cpu::sse42, crc32c_pclmul},
#elif defined(EK_CHECKSUM_AARCH64)
    {"pmull", cpu::arm_pmull | cpu::arm_crc32, crc32c_pmull},
    {"armcrc", cpu::arm_crc32, crc32c_armcrc},
#elif defined(EK_CHECKSUM_WASM) && defined(__wasm_simd128__)
    {"simd128", cpu::wasm_simd128, crc32c_simd128},
#endif
    {"portable", 0, crc32c_sparse64},  // as CRC-32: 10.4 GB/s at 1 MiB against 4.4
};

inline constexpr variant<crc_fn> crc32c_extra_variants[] = {
#if defined(EK_CHECKSUM_X86_64)
    // Three `crc32` instruction streams only: slower than 128-bit folding from about 33 bytes
    // up (10 vs 29 GB/s at 128 B, 25 vs 31 GB/s at 4 KiB), so the folding variants use it only
    // below (crc32c_hw_wins in x86/crc32c_hw.hpp).
    {"sse42", cpu::sse42 | cpu::pclmulqdq, crc32c_sse42},
#endif
#if defined(EK_CHECKSUM_WASM)
    {"slice8", 0, crc32c_slice8},
#else
    {"slice16", 0, crc32c_slice16},
#endif
};

}  // namespace detail
}  // namespace ek

#endif
