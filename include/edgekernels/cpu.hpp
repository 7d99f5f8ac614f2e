// edgekernels — CPU features and kernel dispatch (C++ API).
//
// Every kernel family with SIMD variants picks one variant the first time it is called: the
// first, in priority order, whose required features are all in ek::cpu::features(). The
// portable variant requires nothing and is always built, always tested, and is what wasm uses.
// ek::cpu::disable() (or EK_CPU_DISABLE in the environment) hides features so that a test, or an
// operator chasing a suspected SIMD bug, can pin a slower path on the same machine.
#ifndef EDGEKERNELS_CPU_HPP
#define EDGEKERNELS_CPU_HPP

#include <cstdint>

namespace ek {
namespace cpu {

// Same values as the EK_CPU_* macros of edgekernels.h.
enum feature : std::uint64_t {
  sse42 = 1ull << 0,
  pclmulqdq = 1ull << 1,
  avx2 = 1ull << 2,      // AVX2 + FMA + BMI2, OS saves YMM
  avx512 = 1ull << 3,    // AVX-512 F/BW/DQ/VL/CD, OS saves ZMM
  vpclmulqdq = 1ull << 4,
  neon = 1ull << 16,
  arm_crc32 = 1ull << 17,
  arm_pmull = 1ull << 18,
  arm_sha3 = 1ull << 19,
  wasm_simd128 = 1ull << 24,
  all = ~0ull,
};

// Kernel families, same values as ek_kernel.
enum class kernel : int { crc32 = 0, crc32c = 1, reduce_f32 = 2, reduce_f64 = 3, filter = 4, resize = 5,
                         count_ = 6 };

std::uint64_t detected() noexcept;          // what this CPU (and OS) supports
std::uint64_t features() noexcept;          // detected() minus what is disabled
void disable(std::uint64_t mask) noexcept;  // replaces the disabled mask; 0 re-enables everything
const char *feature_name(std::uint64_t bit) noexcept;  // "avx2", or nullptr
const char *kernel_path(kernel k) noexcept;            // variant in use now, e.g. "vpclmul-avx512"

}  // namespace cpu
}  // namespace ek

#endif
