// Core: status strings, version, CPU feature detection and the dispatch switch.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>

#include "edgekernels/cpu.hpp"
#include "edgekernels/edgekernels.h"

namespace {
constexpr int families[] = {EK_KERNEL_CRC32, EK_KERNEL_CRC32C, EK_KERNEL_REDUCE_F32, EK_KERNEL_REDUCE_F64,
                            EK_KERNEL_FILTER};
}

TEST_CASE("status strings are distinct, static and total", "[core]") {
  const int codes[] = {EK_OK, EK_ERR_NULL, EK_ERR_ARG, EK_ERR_OVERFLOW, EK_ERR_NOMEM, EK_ERR_FORMAT,
                       EK_ERR_LIMIT, EK_ERR_UNSUPPORTED};
  for (int a : codes) {
    REQUIRE(ek_status_str(a) != nullptr);
    REQUIRE(std::string(ek_status_str(a)) != "unknown status");
    for (int b : codes)
      if (a != b) REQUIRE(std::string(ek_status_str(a)) != ek_status_str(b));
  }
  CHECK(std::string(ek_status_str(EK_OK)) == "ok");
  CHECK(std::string(ek_status_str(1)) == "unknown status");
  CHECK(std::string(ek_status_str(-8)) == "unknown status");
  CHECK(std::string(ek_status_str(-2147483647 - 1)) == "unknown status");
}

TEST_CASE("version matches the header", "[core]") {
  CHECK(ek_version_number() == EK_VERSION_NUMBER);
  const std::string want = std::to_string(EK_VERSION_MAJOR) + "." + std::to_string(EK_VERSION_MINOR) + "." +
                           std::to_string(EK_VERSION_PATCH);
  CHECK(want == ek_version());
}

TEST_CASE("feature names round-trip and unknown bits have none", "[core]") {
  int named = 0;
  for (int b = 0; b < 64; ++b) {
    const std::uint64_t bit = std::uint64_t{1} << b;
    if (const char *n = ek_cpu_feature_name(bit)) {
      ++named;
      CHECK(std::strlen(n) > 0);
    }
  }
  CHECK(named == 10);
  CHECK(ek_cpu_feature_name(0) == nullptr);
  CHECK(ek_cpu_feature_name(EK_CPU_AVX2 | EK_CPU_AVX512) == nullptr);
  CHECK(std::string(ek_cpu_feature_name(EK_CPU_VPCLMULQDQ)) == "vpclmulqdq");
}

TEST_CASE("disabling features pins the portable variants, and re-enabling restores", "[core]") {
  ek_cpu_disable(0);
  const std::uint64_t detected = ek_cpu_detected();
  CHECK(ek_cpu_features() == detected);
  for (int k : families) REQUIRE(ek_kernel_path(k) != nullptr);
  CHECK(ek_kernel_path(-1) == nullptr);
  CHECK(ek_kernel_path(EK_KERNEL_COUNT_) == nullptr);
#if defined(__x86_64__)
  // Every x86-64 CPU this library targets has SSE4.2 and PCLMULQDQ; a zero here would mean
  // detection is broken, not that the machine is old.
  CHECK((detected & EK_CPU_SSE42) != 0);
  CHECK((detected & EK_CPU_PCLMULQDQ) != 0);
  if (detected & EK_CPU_AVX512) CHECK((detected & EK_CPU_AVX2) != 0);
#endif
  std::string before[EK_KERNEL_COUNT_];
  for (int k : families) before[k] = ek_kernel_path(k);

  ek_cpu_disable(EK_CPU_ALL);
  CHECK(ek_cpu_features() == 0);
  CHECK(ek_cpu_detected() == detected);
  for (int k : families) CHECK(std::string(ek_kernel_path(k)) == "portable");

  ek_cpu_disable(EK_CPU_AVX512 | EK_CPU_VPCLMULQDQ);
  CHECK((ek_cpu_features() & (EK_CPU_AVX512 | EK_CPU_VPCLMULQDQ)) == 0);
  CHECK(ek_cpu_features() == (detected & ~(EK_CPU_AVX512 | EK_CPU_VPCLMULQDQ)));

  ek_cpu_disable(0);
  for (int k : families) CHECK(before[k] == ek_kernel_path(k));
  // The C++ and C views are one state.
  CHECK(ek::cpu::features() == ek_cpu_features());
  CHECK(std::string(ek::cpu::kernel_path(ek::cpu::kernel::crc32)) == ek_kernel_path(EK_KERNEL_CRC32));
}

// Run by ctest in its own process with EK_CPU_DISABLE=all (see tests/integration.cmake).
TEST_CASE("EK_CPU_DISABLE=all in the environment pins every family to portable", "[.][env]") {
  CHECK(ek_cpu_features() == 0);
  for (int k : families) CHECK(std::string(ek_kernel_path(k)) == "portable");
}
