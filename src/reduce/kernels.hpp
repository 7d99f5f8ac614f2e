// Internal: the one reduce kernel source, templated on a SIMD backend Bk:
//   Bk::T, Bk::V (vector of Bk::W lanes with + - *), Bk::load/store (unaligned), Bk::splat,
//   Bk::fma(a, b, c) = a*b + c, Bk::vmin/vmax (either NaN rule), and a unique tag in the type.
// The portable backend is plain arrays (see portable.cpp); the ISA backends wrap xsimd batches.
//
// Every function here is a member of kern<Bk>, so each ISA translation unit instantiates its
// own symbols (the arch is in the mangled name) and the linker can never substitute an AVX-512
// body for a baseline one. Do not add non-template inline helpers or std:: math calls here.
//
// Summation scheme (error bound in include/edgekernels/reduce/reduce.hpp): the hot loop is a
// fully unrolled pairwise tree over a block of 2^D leaves, i.e. nothing but independent vector
// loads and adds/FMAs, so it runs at load-port speed; compensation (TwoSum) costs a handful of
// operations once per block, and a second TwoSum level every `flush_blocks` blocks keeps the
// second-order error term negligible for any practical n.
#ifndef EK_REDUCE_KERNELS_HPP
#define EK_REDUCE_KERNELS_HPP

#include <cstddef>
#include <cstring>

#include "reduce/variants.hpp"

namespace ek {
namespace reduce_impl {

constexpr int sum_depth = 7;       // sum: 128 vectors per block, one per leaf
constexpr int chain_len = 4;       // dot, sumsq, sumdev: 4 vectors (FMA chain) per leaf ...
constexpr int chain_depth = 5;     // ... and 32 leaves per block
constexpr int minmax_ways = 4;     // independent min/max accumulators
constexpr std::size_t flush_blocks = 64;

template <class Bk>
struct kern {
  using T = typename Bk::T;
  using V = typename Bk::V;
  static constexpr std::size_t W = Bk::W;

  struct vpair {
    V a, b;
    friend vpair operator+(const vpair &x, const vpair &y) noexcept { return {x.a + y.a, x.b + y.b}; }
  };

  // Per-lane compensated total: (s, c) in T for the current run of blocks, (hs, hc) in double
  // for the flushed ones. -0.0 is the additive identity that keeps an all -0.0 input -0.0.
  struct total {
    V s, c;
    double hs[W], hc[W];
    std::size_t blocks;

    total() noexcept : s(Bk::splat(T(-0.0))), c(Bk::splat(T(-0.0))), blocks(0) {
      for (std::size_t l = 0; l < W; ++l) hs[l] = hc[l] = -0.0;
    }
    void add(V p) noexcept {
      // TwoSum (Knuth): s + p == s' + e exactly, no precondition on magnitudes.
      const V s2 = s + p;
      const V bp = s2 - s;
      const V e = (s - (s2 - bp)) + (p - bp);
      c = c + e;
      s = s2;
      if (++blocks == flush_blocks) flush();
    }
    void flush() noexcept {
      T ls[W], lc[W];
      Bk::store(ls, s);
      Bk::store(lc, c);
      for (std::size_t l = 0; l < W; ++l) {
        const double a = hs[l], b = static_cast<double>(ls[l]);
        const double t = a + b, bp = t - a;
        hc[l] += ((a - (t - bp)) + (b - bp)) + static_cast<double>(lc[l]);
        hs[l] = t;
      }
      s = Bk::splat(T(-0.0));
      c = Bk::splat(T(-0.0));
      blocks = 0;
    }
    // All 2W lane totals (double level and current run) combined by a halving tree of
    // TwoSums: every level is W independent lane operations, which vectorise, instead of a
    // 2W-long dependency chain that costs more than a small input's whole hot loop.
    dd result() noexcept {
      T ls[W], lc[W];
      Bk::store(ls, s);
      Bk::store(lc, c);
      double v[2 * W], e[2 * W];
      for (std::size_t l = 0; l < W; ++l) {
        v[l] = hs[l];
        v[W + l] = static_cast<double>(ls[l]);
        e[l] = hc[l];
        e[W + l] = static_cast<double>(lc[l]);
      }
      for (std::size_t h = W; h >= 1; h /= 2) {
        for (std::size_t i = 0; i < h; ++i) {
          const double a = v[i], b = v[i + h];
          const double t = a + b, bp = t - a;
          e[i] = (e[i] + e[i + h]) + ((a - (t - bp)) + (b - bp));
          v[i] = t;
        }
      }
      return {v[0], e[0]};
    }
  };

  // Pairwise tree over leaves base+Off .. base+Off+2^D-1; leaf.template at<Off>() knows its
  // position at compile time so that it can pick an accumulator without runtime indexing.
  template <int D, std::size_t Off, class Leaf>
  static auto tree(Leaf &leaf, std::size_t base) noexcept {
    if constexpr (D == 0) {
      return leaf.template at<Off>(base);
    } else {
      auto l = tree<D - 1, Off>(leaf, base);
      auto r = tree<D - 1, Off + (std::size_t(1) << (D - 1))>(leaf, base);
      return l + r;
    }
  }

  // The leftover r < 2^(D+1) leaves as a sequence of smaller trees (the binary digits of r).
  template <int D, class Leaf, class Fold>
  static void tail_trees(Leaf &leaf, std::size_t base, std::size_t r, Fold &fold) noexcept {
    if constexpr (D >= 0) {
      if (r & (std::size_t(1) << D)) {
        fold(tree<D, 0>(leaf, base));
        base += std::size_t(1) << D;
      }
      tail_trees<D - 1>(leaf, base, r, fold);
    }
  }

  template <int D, class Leaf, class Fold>
  static void run(Leaf &leaf, std::size_t nleaves, Fold &fold) noexcept {
    constexpr std::size_t B = std::size_t(1) << D;
    std::size_t i = 0;
    for (; i + B <= nleaves; i += B) fold(tree<D, 0>(leaf, i));
    tail_trees<D - 1>(leaf, i, nleaves - i, fold);
  }

  // Copies the last n < cap elements into buf and pads it with `pad`, so that the remainder
  // goes through the same vector code as everything else.
  static void pad_copy(T *buf, std::size_t cap, const T *x, std::size_t n, T pad) noexcept {
    if (n) std::memcpy(buf, x, n * sizeof(T));
    for (std::size_t i = n; i < cap; ++i) buf[i] = pad;
  }

  // ---- sum --------------------------------------------------------------------------------
  struct sum_leaf {
    const T *x;
    template <std::size_t Off>
    V at(std::size_t base) const noexcept { return Bk::load(x + (base + Off) * W); }
  };
  struct fold_total {
    total *t;
    void operator()(V p) noexcept { t->add(p); }
  };

  static dd sum(const T *x, std::size_t n) noexcept {
    total t;
    fold_total f{&t};
    sum_leaf leaf{x};
    const std::size_t nv = n / W;
    run<sum_depth>(leaf, nv, f);
    if (const std::size_t rem = n - nv * W) {
      T buf[W];
      pad_copy(buf, W, x + nv * W, rem, T(-0.0));
      f(Bk::load(buf));
    }
    return t.result();
  }

  // ---- dot and sumsq: leaves are chains of chain_len FMAs -----------------------------------
  struct dot_leaf {
    const T *x, *y;
    template <std::size_t Off>
    V at(std::size_t base) const noexcept {
      const std::size_t o = (base + Off) * (chain_len * W);
      V r = Bk::load(x + o) * Bk::load(y + o);
      for (int j = 1; j < chain_len; ++j) r = Bk::fma(Bk::load(x + o + j * W), Bk::load(y + o + j * W), r);
      return r;
    }
  };
  struct sq_leaf {
    const T *x;
    template <std::size_t Off>
    V at(std::size_t base) const noexcept {
      const std::size_t o = (base + Off) * (chain_len * W);
      V v = Bk::load(x + o);
      V r = v * v;
      for (int j = 1; j < chain_len; ++j) {
        v = Bk::load(x + o + j * W);
        r = Bk::fma(v, v, r);
      }
      return r;
    }
  };

  static dd dot(const T *x, const T *y, std::size_t n) noexcept {
    constexpr std::size_t LW = chain_len * W;
    total t;
    fold_total f{&t};
    dot_leaf leaf{x, y};
    const std::size_t nl = n / LW;
    run<chain_depth>(leaf, nl, f);
    if (const std::size_t rem = n - nl * LW) {
      // -0.0 * +0.0 == -0.0 leaves every partial, including an all -0.0 one, unchanged.
      T bx[LW], by[LW];
      pad_copy(bx, LW, x + nl * LW, rem, T(-0.0));
      pad_copy(by, LW, y + nl * LW, rem, T(0.0));
      dot_leaf tail{bx, by};
      f(tail.template at<0>(0));
    }
    return t.result();
  }

  static dd sumsq(const T *x, std::size_t n) noexcept {
    constexpr std::size_t LW = chain_len * W;
    total t;
    fold_total f{&t};
    sq_leaf leaf{x};
    const std::size_t nl = n / LW;
    run<chain_depth>(leaf, nl, f);
    if (const std::size_t rem = n - nl * LW) {
      T bx[LW];
      pad_copy(bx, LW, x + nl * LW, rem, T(0.0));
      sq_leaf tail{bx};
      f(tail.template at<0>(0));
    }
    return t.result();
  }

  // ---- min / max ----------------------------------------------------------------------------
  // x86 MIN/MAX return the second operand when either is NaN, so a NaN can be dropped. One
  // extra add per vector into `det` catches it: det is NaN if the input holds a NaN (or both
  // infinities, or sums that overflow both ways), and only then is the input rescanned.
  template <bool Max>
  static V pick(V a, V b) noexcept {
    if constexpr (Max) {
      return Bk::vmax(a, b);
    } else {
      return Bk::vmin(a, b);
    }
  }
  template <bool Max>
  static T pick_scalar(T a, T b) noexcept {
    if constexpr (Max) {
      return b > a ? b : a;
    } else {
      return b < a ? b : a;
    }
  }

  static bool any_nan(V v) noexcept {
    T l[W];
    Bk::store(l, v);
    bool nan = false;
    for (std::size_t i = 0; i < W; ++i) nan |= l[i] != l[i];
    return nan;
  }
  // The first NaN of x, if any, into *out (quiet NaNs pass through unchanged, as numpy).
  static bool find_nan(const T *x, std::size_t n, T *out) noexcept {
    for (std::size_t i = 0; i < n; ++i) {
      if (x[i] != x[i]) {
        *out = x[i];
        return true;
      }
    }
    return false;
  }

  template <bool Max>
  static T extreme(const T *x, std::size_t n) noexcept {
    constexpr std::size_t K = minmax_ways;
    const V first = Bk::splat(x[0]);  // padding with an element never changes the answer
    V a[K], det[K];
    for (std::size_t k = 0; k < K; ++k) {
      a[k] = first;
      det[k] = Bk::splat(T(0));
    }
    const std::size_t nv = n / W;
    std::size_t i = 0;
    for (; i + K <= nv; i += K) {
      for (std::size_t k = 0; k < K; ++k) {
        const V v = Bk::load(x + (i + k) * W);
        a[k] = pick<Max>(a[k], v);
        det[k] = det[k] + v;
      }
    }
    for (; i < nv; ++i) {
      const V v = Bk::load(x + i * W);
      a[0] = pick<Max>(a[0], v);
      det[0] = det[0] + v;
    }
    if (const std::size_t rem = n - nv * W) {
      T buf[W];
      pad_copy(buf, W, x + nv * W, rem, x[0]);
      const V v = Bk::load(buf);
      a[0] = pick<Max>(a[0], v);
      det[0] = det[0] + v;
    }
    for (std::size_t k = 1; k < K; ++k) {
      a[0] = pick<Max>(a[0], a[k]);
      det[0] = det[0] + det[k];
    }
    T nan;
    if (any_nan(det[0]) && find_nan(x, n, &nan)) return nan;
    T l[W];
    Bk::store(l, a[0]);
    T r = l[0];
    for (std::size_t j = 1; j < W; ++j) r = pick_scalar<Max>(r, l[j]);
    return r;
  }
  static T min(const T *x, std::size_t n) noexcept { return extreme<false>(x, n); }
  static T max(const T *x, std::size_t n) noexcept { return extreme<true>(x, n); }

  // ---- stats: sum, min and max in one pass (describe) ----------------------------------------
  struct stats_leaf {
    const T *x;
    V mn[minmax_ways], mx[minmax_ways];
    template <std::size_t Off>
    V at(std::size_t base) noexcept {
      const V v = Bk::load(x + (base + Off) * W);
      constexpr std::size_t k = Off % minmax_ways;
      mn[k] = Bk::vmin(mn[k], v);
      mx[k] = Bk::vmax(mx[k], v);
      return v;
    }
  };

  static stats_result<T> stats(const T *x, std::size_t n) noexcept {
    total t;
    fold_total f{&t};
    stats_leaf leaf;
    leaf.x = x;
    const V first = Bk::splat(x[0]);
    for (std::size_t k = 0; k < minmax_ways; ++k) leaf.mn[k] = leaf.mx[k] = first;
    const std::size_t nv = n / W;
    run<sum_depth>(leaf, nv, f);
    if (const std::size_t rem = n - nv * W) {
      // The sum needs -0.0 padding and min/max need an element: feed them separately.
      T buf[W];
      pad_copy(buf, W, x + nv * W, rem, T(-0.0));
      f(Bk::load(buf));
      pad_copy(buf, W, x + nv * W, rem, x[0]);
      const V v = Bk::load(buf);
      leaf.mn[0] = Bk::vmin(leaf.mn[0], v);
      leaf.mx[0] = Bk::vmax(leaf.mx[0], v);
    }
    stats_result<T> r;
    r.sum = t.result();
    for (std::size_t k = 1; k < minmax_ways; ++k) {
      leaf.mn[0] = Bk::vmin(leaf.mn[0], leaf.mn[k]);
      leaf.mx[0] = Bk::vmax(leaf.mx[0], leaf.mx[k]);
    }
    T l[W];
    Bk::store(l, leaf.mn[0]);
    r.min = l[0];
    for (std::size_t j = 1; j < W; ++j) r.min = pick_scalar<false>(r.min, l[j]);
    Bk::store(l, leaf.mx[0]);
    r.max = l[0];
    for (std::size_t j = 1; j < W; ++j) r.max = pick_scalar<true>(r.max, l[j]);
    // The sum is NaN whenever a NaN was seen, so it doubles as the detector.
    const double s = r.sum.hi;
    T nan;
    if (s != s && find_nan(x, n, &nan)) r.min = r.max = nan;
    return r;
  }

  // ---- sumdev: sum (x - m) and sum (x - m)^2, the second pass of variance --------------------
  struct dev_leaf {
    const T *x;
    V m;
    template <std::size_t Off>
    vpair at(std::size_t base) const noexcept {
      const std::size_t o = (base + Off) * (chain_len * W);
      V d = Bk::load(x + o) - m;
      vpair r{d, d * d};
      for (int j = 1; j < chain_len; ++j) {
        d = Bk::load(x + o + j * W) - m;
        r.a = r.a + d;
        r.b = Bk::fma(d, d, r.b);
      }
      return r;
    }
  };
  struct fold_pair {
    total *a, *b;
    void operator()(const vpair &p) noexcept {
      a->add(p.a);
      b->add(p.b);
    }
  };

  static dev_result sumdev(const T *x, std::size_t n, T m) noexcept {
    constexpr std::size_t LW = chain_len * W;
    total ta, tb;
    fold_pair f{&ta, &tb};
    dev_leaf leaf{x, Bk::splat(m)};
    const std::size_t nl = n / LW;
    run<chain_depth>(leaf, nl, f);
    if (const std::size_t rem = n - nl * LW) {
      T bx[LW];
      pad_copy(bx, LW, x + nl * LW, rem, m);  // deviation 0
      dev_leaf tail{bx, leaf.m};
      f(tail.template at<0>(0));
    }
    return {ta.result(), tb.result()};
  }

  static constexpr kernels<T> table() noexcept {
    return {&kern::sum, &kern::sumsq, &kern::dot, &kern::min, &kern::max, &kern::stats, &kern::sumdev};
  }
};

}  // namespace reduce_impl
}  // namespace ek

#endif
