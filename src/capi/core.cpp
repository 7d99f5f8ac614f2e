// C ABI: status strings, version, CPU features.
#include "edgekernels/cpu.hpp"
#include "edgekernels/detail/memory.hpp"
#include "edgekernels/edgekernels.h"
#include "edgekernels/status.hpp"

static_assert(EK_CPU_SSE42 == ek::cpu::sse42 && EK_CPU_PCLMULQDQ == ek::cpu::pclmulqdq &&
                  EK_CPU_AVX2 == ek::cpu::avx2 && EK_CPU_AVX512 == ek::cpu::avx512 &&
                  EK_CPU_VPCLMULQDQ == ek::cpu::vpclmulqdq && EK_CPU_NEON == ek::cpu::neon &&
                  EK_CPU_ARM_CRC32 == ek::cpu::arm_crc32 && EK_CPU_ARM_PMULL == ek::cpu::arm_pmull &&
                  EK_CPU_ARM_SHA3 == ek::cpu::arm_sha3 && EK_CPU_WASM_SIMD128 == ek::cpu::wasm_simd128,
              "C and C++ feature bits must agree");
static_assert(EK_KERNEL_COUNT_ == static_cast<int>(ek::cpu::kernel::count_), "kernel ids must agree");

#define EK_STR_(x) #x
#define EK_STR(x) EK_STR_(x)

extern "C" {

const char *ek_status_str(int status) { return ek::status_str(status); }

const char *ek_version(void) { return EK_STR(EK_VERSION_MAJOR) "." EK_STR(EK_VERSION_MINOR) "." EK_STR(EK_VERSION_PATCH); }
int ek_version_number(void) { return EK_VERSION_MAJOR * 10000 + EK_VERSION_MINOR * 100 + EK_VERSION_PATCH; }

void *ek_malloc(size_t bytes) { return ek::detail::allocate_bytes(nullptr, bytes); }
void ek_free(void *bytes) { ek::detail::free_bytes(nullptr, bytes); }

uint64_t ek_cpu_features(void) { return ek::cpu::features(); }
uint64_t ek_cpu_detected(void) { return ek::cpu::detected(); }
void ek_cpu_disable(uint64_t mask) { ek::cpu::disable(mask); }
const char *ek_cpu_feature_name(uint64_t bit) { return ek::cpu::feature_name(bit); }

const char *ek_kernel_path(int k) {
  if (k < 0 || k >= EK_KERNEL_COUNT_) return nullptr;
  return ek::cpu::kernel_path(static_cast<ek::cpu::kernel>(k));
}

}  // extern "C"
