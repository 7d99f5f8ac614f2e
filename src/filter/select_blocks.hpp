// Index selection over blocks, shared by the SIMD filter variants (x86, wasm SIMD128): each
// supplies the block mask and the 8-index store for its ISA.
//
// Included only by per-ISA translation units; everything sits in an anonymous namespace for the
// reason x86_common.hpp gives (no symbol a linker could merge across ISAs).
#ifndef EK_FILTER_SELECT_BLOCKS_HPP
#define EK_FILTER_SELECT_BLOCKS_HPP

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "filter/kernels.hpp"

namespace ek {
namespace detail {
namespace filter {
namespace {

// Index selection over blocks of W bytes (W a multiple of 8). mask_of(p) returns the bit mask
// of p[k] > t for k < W; store8(dst, row, base) writes dst[j] = row[j] + base for j < 8.
// While at least 8 entries of cap are left, each 8-byte group is turned into indices by one
// table lookup and one unconditional 8-lane store (the lanes past the group's count are
// scratch, overwritten by the next group or left past the total); near the end of cap the
// stores become exact; once cap is full the rest is only counted.
template <std::size_t W, class MaskOf, class Store8>
inline std::size_t select_blocks(const std::uint8_t *in, std::size_t n, std::uint32_t *idx,
                                 std::size_t cap_in, MaskOf mask_of, Store8 store8) noexcept {
  // Writes stay below min(cap, n), as the API promises: an 8-index store whenever cap alone
  // left room wrote up to 8 entries past n when cap > n.
  const std::size_t cap = cap_in < n ? cap_in : n;
  std::size_t c = 0, i = 0;
  const auto emit = [&](std::uint64_t m, std::size_t base) noexcept {
    for (std::size_t g = 0; g < W / 8; ++g, base += 8) {
      const unsigned b = static_cast<unsigned>(m >> (8 * g)) & 0xFFu;
      const std::size_t room = c < cap ? cap - c : 0;
      if (room >= 8) {
        store8(idx + c, select_lut.idx[b], static_cast<std::uint32_t>(base));
      } else {
        std::size_t k = c;
        for (unsigned bits = b; bits != 0; bits &= bits - 1, ++k)
          if (k < cap) idx[k] = static_cast<std::uint32_t>(base + static_cast<unsigned>(__builtin_ctz(bits)));
      }
      c += static_cast<unsigned>(__builtin_popcount(b));
    }
  };
  for (; i + W <= n && c < cap; i += W) {
    const std::uint64_t m = mask_of(in + i);
    if (m != 0) emit(m, i);  // sparse inputs skip whole blocks
  }
  for (; i + W <= n; i += W) c += static_cast<unsigned>(__builtin_popcountll(mask_of(in + i)));
  if (i < n) {
    // Zero padding never passes "> t", so the padded block gives the tail's mask.
    alignas(64) std::uint8_t buf[W] = {};
    std::memcpy(buf, in + i, n - i);
    const std::uint64_t m = mask_of(buf);
    if (c < cap)
      emit(m, i);
    else
      c += static_cast<unsigned>(__builtin_popcountll(m));
  }
  return c;
}

}  // namespace
}  // namespace filter
}  // namespace detail
}  // namespace ek

#endif
