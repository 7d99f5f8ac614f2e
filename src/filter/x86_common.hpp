// Templates shared by the SSE4.2 and AVX2 filter variants.
//
// Included only by per-ISA translation units. Everything sits in an anonymous namespace, so
// each TU gets its own internal-linkage copy compiled for its own ISA; nothing here can be
// merged by the linker with a copy built for a different ISA (the ODR hazard of per-file
// -m flags). For the same reason only builtins and intrinsics are called, no std:: templates.
// xsimd's own templates are not ours to hide: when not inlined (-O0) they become weak symbols,
// but each is instantiated on its arch tag (batch<T, xsimd::avx2>, ...), so copies for
// different ISAs have different names. That holds as long as every TU that uses a given xsimd
// arch is compiled with exactly that arch's flags, which ek_isa_sources guarantees here.
#ifndef EK_FILTER_X86_COMMON_HPP
#define EK_FILTER_X86_COMMON_HPP

#include <xsimd/xsimd.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "filter/kernels.hpp"
#include "filter/select_blocks.hpp"

namespace ek {
namespace detail {
namespace filter {
namespace {

// Applies an element-wise, idempotent op (op(op(x)) == op(x)) with vectors of arch A only:
//  * n < W: through a zeroed W-element buffer, so nothing outside [0, n) is accessed;
//  * otherwise whole vectors, and the last partial vector redone as the vector ending at n.
// Idempotence is what makes the overlapping vectors harmless, including in place, where the
// overlap re-reads elements already written.
template <class T, class A, class Op>
inline void map(const T *in, T *out, std::size_t n, Op op) noexcept {
  using B = xsimd::batch<T, A>;
  constexpr std::size_t W = B::size;
  if (n < W) {
    alignas(A::alignment()) T buf[W] = {};
    std::memcpy(buf, in, n * sizeof(T));
    op(B::load_aligned(buf)).store_aligned(buf);
    std::memcpy(out, buf, n * sizeof(T));
    return;
  }
  // One unaligned vector first, then continue from where `out` is vector-aligned, so the bulk
  // of the stores do not split cache lines.
  std::size_t i = 0;
  const std::size_t mis = reinterpret_cast<std::uintptr_t>(out) % A::alignment();
  if (mis != 0 && mis % sizeof(T) == 0) {
    op(B::load_unaligned(in)).store_unaligned(out);
    i = (A::alignment() - mis) / sizeof(T);
  }
  for (; i + 4 * W <= n; i += 4 * W) {
    const B a = op(B::load_unaligned(in + i));
    const B b = op(B::load_unaligned(in + i + W));
    const B c = op(B::load_unaligned(in + i + 2 * W));
    const B d = op(B::load_unaligned(in + i + 3 * W));
    a.store_unaligned(out + i);
    b.store_unaligned(out + i + W);
    c.store_unaligned(out + i + 2 * W);
    d.store_unaligned(out + i + 3 * W);
  }
  for (; i + W <= n; i += W) op(B::load_unaligned(in + i)).store_unaligned(out + i);
  if (i < n) op(B::load_unaligned(in + (n - W))).store_unaligned(out + (n - W));
}

template <class A>
struct threshold_op {
  using B = xsimd::batch<std::uint8_t, A>;
  B t;
  // xsimd 8.1 has no fast unsigned byte compare on SSE/AVX2 (it falls back to scalar), so
  // v > t is spelled max(v, t) != t: PMAXUB + PCMPEQB + blend.
  B operator()(B v) const noexcept { return xsimd::select(xsimd::max(v, t) == t, B(0), v); }
};

// Clamp ops are max-then-min in that order: lo > hi then yields hi, as documented.
// For float the operand order matters too: xsimd::max(lo, v) is MAXPS(lo, v) = lo > v ? lo : v
// (second operand on NaN or equal zeros) and xsimd::min(hi, y) is MINPS(hi, y), which is exactly
// the portable kernel's definition. The NaN / -0.0 tests pin this on every variant.
template <class T, class A>
struct clamp_op {
  using B = xsimd::batch<T, A>;
  B lo, hi;
  B operator()(B v) const noexcept { return xsimd::min(hi, xsimd::max(lo, v)); }
};

// The element-wise kernels for xsimd arch A: the same code for every level that uses xsimd,
// so a variant's file only adds what differs (index selection).
template <class A>
struct elementwise {
  static void threshold_u8(const std::uint8_t *in, std::uint8_t *out, std::size_t n, std::uint8_t t) noexcept {
    map<std::uint8_t, A>(in, out, n, threshold_op<A>{xsimd::batch<std::uint8_t, A>(t)});
  }
  template <class T>
  static void clamp(const T *in, T *out, std::size_t n, T lo, T hi) noexcept {
    using B = xsimd::batch<T, A>;
    map<T, A>(in, out, n, clamp_op<T, A>{B(lo), B(hi)});
  }
};

}  // namespace
}  // namespace filter
}  // namespace detail
}  // namespace ek

#endif
