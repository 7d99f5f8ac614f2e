// Internal: the reduce kernels on an xsimd architecture A. Include only from a translation unit
// compiled for A (see sources.cmake); the arch type in every instantiation keeps them apart.
#ifndef EK_REDUCE_XSIMD_BACKEND_HPP
#define EK_REDUCE_XSIMD_BACKEND_HPP

#include <cstddef>

#include <xsimd/xsimd.hpp>

#include "reduce/kernels.hpp"

namespace ek {
namespace reduce_impl {

template <class TT, class A>
struct xsimd_backend {
  using T = TT;
  using V = xsimd::batch<T, A>;
  static constexpr std::size_t W = V::size;
  static V load(const T *p) noexcept { return V::load_unaligned(p); }
  static void store(T *p, const V &v) noexcept { v.store_unaligned(p); }
  static V splat(T v) noexcept { return V(v); }
  static V fma(const V &a, const V &b, const V &c) noexcept { return xsimd::fma(a, b, c); }
  static V vmin(const V &a, const V &b) noexcept { return xsimd::min(a, b); }
  static V vmax(const V &a, const V &b) noexcept { return xsimd::max(a, b); }
};

}  // namespace reduce_impl
}  // namespace ek

#endif
