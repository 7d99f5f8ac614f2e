// edgekernels — byte and array filters (C++ API).
//
// Contract shared by every function here:
//  * Pointer + length. Any length (0 included) and any alignment of the element type; nothing
//    is read or written outside [p, p + n). With n == 0 the pointers are not touched and may be
//    null.
//  * `out` may be equal to `in` (in place) but must not otherwise overlap it. A partial overlap
//    gives unspecified output values (never a crash or an access outside both ranges); the C
//    ABI rejects it with EK_ERR_ARG.
//  * noexcept, no allocation, thread-safe. The first call picks the best variant for this CPU
//    (see edgekernels/cpu.hpp; ek::cpu::kernel_path(ek::cpu::kernel::filter) names it). Every
//    variant gives bit-identical results.
//
// The C ABI (edgekernels.h, ek_filter_*) validates arguments and forwards to these functions;
// here, argument checking is the caller's job and out-of-domain arguments have the defined
// results documented below rather than undefined behaviour.
#ifndef EDGEKERNELS_FILTER_FILTER_HPP
#define EDGEKERNELS_FILTER_FILTER_HPP

#include <cstddef>
#include <cstdint>

namespace ek {

// out[i] = in[i] > t ? in[i] : 0
void threshold(const std::uint8_t *in, std::uint8_t *out, std::size_t n, std::uint8_t t) noexcept;

// out[i] = min(max(in[i], lo), hi), i.e. std::clamp(in[i], lo, hi) when lo <= hi.
// If lo > hi (a precondition violation for std::clamp) every element becomes hi.
void clamp(const std::uint8_t *in, std::uint8_t *out, std::size_t n, std::uint8_t lo,
           std::uint8_t hi) noexcept;
void clamp(const std::int32_t *in, std::int32_t *out, std::size_t n, std::int32_t lo,
           std::int32_t hi) noexcept;

// Floats: y = in[i] < lo ? lo : in[i]; out[i] = hi < y ? hi : y. For lo <= hi this is
// bit-for-bit std::clamp(in[i], lo, hi), which pins the IEEE corner cases:
//  * a NaN element stays NaN (the same NaN bits);
//  * an element that compares equal to a bound is passed through unchanged, so -0.0 clamped
//    to [+0.0, 1] stays -0.0 and +0.0 clamped to [-1, -0.0] stays +0.0;
//  * +-Inf are ordinary values (clamped to the bounds).
// Out of domain (the C ABI rejects both): a NaN bound never compares true, so that side is
// unbounded; lo > hi makes every non-NaN element hi.
void clamp(const float *in, float *out, std::size_t n, float lo, float hi) noexcept;

// Indices i (increasing) with in[i] > t. Writes the first min(total, cap) of them to
// indices[0..), and returns the total, which may exceed cap (then the output is truncated).
// indices may be null when cap == 0 (count only). Entries of indices past min(total, cap) but
// below cap are scratch: they may be overwritten with unspecified values. The index range must
// not overlap in[0..n).
// Indices are 32-bit: n must be <= select_above_max_n. If it is not, nothing is read or
// written and select_above_overflow is returned (no real total can equal it).
constexpr std::size_t select_above_max_n = static_cast<std::size_t>(UINT32_MAX);
constexpr std::size_t select_above_overflow = static_cast<std::size_t>(-1);
std::size_t select_above(const std::uint8_t *in, std::size_t n, std::uint8_t t,
                         std::uint32_t *indices, std::size_t cap) noexcept;

}  // namespace ek

#endif
