// Deterministic random numbers for the tests (splitmix64): the same seed gives the same stream
// on every platform, so a failure reproduces from its seed.
#ifndef EK_TESTS_TEST_RNG_HPP
#define EK_TESTS_TEST_RNG_HPP

#include <cmath>
#include <cstddef>
#include <cstdint>

struct rng {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1p-53; }  // [0, 1)
  double sym() { return 2 * uniform() - 1; }                                  // [-1, 1)
  // Roughly normal: sum of 4 uniforms, unit-ish variance (cheap, bounded).
  double noise() { return (sym() + sym() + sym() + sym()) * 0.866; }
  // Standard normal (Box-Muller).
  double normal() {
    const double u = uniform() + 1e-300, v = uniform();
    return std::sqrt(-2 * std::log(u)) * std::cos(6.283185307179586 * v);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
};

#endif
