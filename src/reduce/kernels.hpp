// Internal: the one reduce kernel source, templated on a SIMD backend Bk:
//   Bk::T, Bk::V (vector of Bk::W lanes with + - *), Bk::load/store (unaligned), Bk::splat,
//   Bk::fma(a, b, c) = a*b + c, Bk::vmin/vmax (either NaN rule), Bk::load_part(p, n, pad) (lanes
//   0..n-1 from p, never reading p[n] or beyond, the rest `pad`), and a unique tag in the type.
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
#include <cstdint>

#include "reduce/variants.hpp"

namespace ek {
namespace reduce_impl {

constexpr int sum_depth = 7;       // sum: 128 vectors per block, one per leaf
constexpr int chain_len = 4;       // dot, sumsq, sumdev: 4 vectors (FMA chain) per leaf ...
constexpr int chain_depth = 5;     // ... and 32 leaves per block
constexpr int minmax_ways = 4;     // independent min/max accumulators
constexpr std::size_t flush_blocks = 64;

// Once-per-call helpers are kept out of line in wasm, where every inlined copy is module size
// (14 kernels inline them, some twice) and a call costs nothing next to a whole reduction.
#if defined(__wasm__)
#  define EK_REDUCE_OUTLINE __attribute__((noinline))
#else
#  define EK_REDUCE_OUTLINE
#endif

// Backends may ask for the compact form of the summation trees (see run_compact) by defining
// `static constexpr int compact` (the unrolled depth, >= 2); the others get full unrolling.
template <class B, class = void>
struct compact_depth {
  static constexpr int value = 1 << 20;
};
template <class B>
struct compact_depth<B, decltype(void(B::compact))> {
  static constexpr int value = B::compact;
  static_assert(B::compact >= 2, "minmax accumulators are picked by leaf offset mod 4");
};

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
    bool flushed;

    total() noexcept : s(Bk::splat(T(-0.0))), c(Bk::splat(T(-0.0))), blocks(0), flushed(false) {
      for (std::size_t l = 0; l < W; ++l) hs[l] = hc[l] = -0.0;
    }
    EK_REDUCE_OUTLINE void add(V p) noexcept {
      // TwoSum (Knuth): s + p == s' + e exactly, no precondition on magnitudes.
      const V s2 = s + p;
      const V bp = s2 - s;
      const V e = (s - (s2 - bp)) + (p - bp);
      c = c + e;
      s = s2;
      if (++blocks == flush_blocks) flush();
    }
    EK_REDUCE_OUTLINE void flush() noexcept {
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
      flushed = true;
    }
    // All 2W lane totals (double level and current run) combined by a halving tree of
    // TwoSums: every level is W independent lane operations, which vectorise, instead of a
    // 2W-long dependency chain that costs more than a small input's whole hot loop.
    EK_REDUCE_OUTLINE dd result() noexcept {
      T ls[W], lc[W];
      Bk::store(ls, s);
      Bk::store(lc, c);
      double v[2 * W], e[2 * W];
      if (!flushed) {
        // The double level is still all -0.0, and TwoSum(-0.0, b) is (b, +-0): the first
        // level below would return the current run unchanged, so start one level down (the
        // common case below 64 blocks; the same result, half the work for a small input).
        for (std::size_t l = 0; l < W; ++l) {
          v[l] = static_cast<double>(ls[l]);
          e[l] = static_cast<double>(lc[l]);
        }
        halve<W / 2>(v, e);
        return {v[0], e[0]};
      }
      for (std::size_t l = 0; l < W; ++l) {
        v[l] = hs[l];
        v[W + l] = static_cast<double>(ls[l]);
        e[l] = hc[l];
        e[W + l] = static_cast<double>(lc[l]);
      }
      halve<W>(v, e);
      return {v[0], e[0]};
    }
    // One level per instantiation: constant trip counts let the compiler keep the levels in
    // registers instead of a runtime loop through memory (store-forwarding stalls per level).
    template <std::size_t H>
    static void halve(double *v, double *e) noexcept {
      if constexpr (H >= 1) {
        for (std::size_t i = 0; i < H; ++i) {
          const double a = v[i], b = v[i + H];
          const double t = a + b, bp = t - a;
          e[i] = (e[i] + e[i + H]) + ((a - (t - bp)) + (b - bp));
          v[i] = t;
        }
        halve<H / 2>(v, e);
      }
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

  // The leftover r < 2^D leaves as smaller trees (the binary digits of r), added smallest first,
  // acc = t_K + acc: a leaf of t_K ends at depth K + 1 <= D, so the leftover is one more tree of
  // depth <= D and costs one fold (a serial TwoSum) instead of one per digit.
  template <int K, int D, class Leaf, class Acc>
  static void tail_trees(Leaf &leaf, std::size_t base, std::size_t r, Acc &acc, bool &have) noexcept {
    if constexpr (K < D) {
      if (r & (std::size_t(1) << K)) {
        auto t = tree<K, 0>(leaf, base + ((r >> (K + 1)) << (K + 1)));
        acc = have ? t + acc : t;
        have = true;
      }
      tail_trees<K + 1, D>(leaf, base, r, acc, have);
    }
  }

  template <int D, class Leaf, class Fold>
  static void run(Leaf &leaf, std::size_t nleaves, Fold &fold) noexcept {
    if constexpr (compact_depth<Bk>::value < D) {
      run_compact<D>(leaf, nleaves, fold);
    } else {
      constexpr std::size_t B = std::size_t(1) << D;
      std::size_t i = 0;
      for (; i + B <= nleaves; i += B) fold(tree<D, 0>(leaf, i));
      if (i == nleaves) return;
      decltype(leaf.template at<0>(0)) acc{};
      bool have = false;
      tail_trees<0, D>(leaf, i, nleaves - i, acc, have);
      fold(acc);
    }
  }

  // ---- compact form (backends with `static constexpr int compact = U`, used in wasm) --------
  // The same trees, the same additions in the same order, hence the same results bit for bit,
  // but only subtrees of depth <= U are unrolled; the levels above recurse at run time. The
  // fully unrolled form is ~150 KiB of wasm for the whole family; this is a small fraction.
  // U >= 2 keeps every leaf's minmax accumulator (its offset mod minmax_ways) unchanged.
  static constexpr int U = compact_depth<Bk>::value;

  template <int K, class Leaf>
  static auto tree_small(int k, Leaf &leaf, std::size_t base) noexcept {
    if constexpr (K < U) {
      if (k != K) return tree_small<K + 1>(k, leaf, base);
    }
    return tree<K, 0>(leaf, base);
  }
  template <class Leaf>
  static auto tree_rt(int k, Leaf &leaf, std::size_t base) noexcept {
    using R = decltype(tree<U, 0>(leaf, base));
    if (k <= U) return R(tree_small<0>(k, leaf, base));
    const R l = tree_rt(k - 1, leaf, base);
    const R r = tree_rt(k - 1, leaf, base + (std::size_t(1) << (k - 1)));
    return R(l + r);
  }
  template <int D, class Leaf, class Fold>
  EK_REDUCE_OUTLINE static void run_compact(Leaf &leaf, std::size_t nleaves, Fold &fold) noexcept {
    constexpr std::size_t B = std::size_t(1) << D;
    std::size_t i = 0;
    for (; i + B <= nleaves; i += B) fold(tree_rt(D, leaf, i));
    if (i == nleaves) return;
    // As tail_trees: the binary digits of r, smallest first, acc = t_K + acc.
    const std::size_t r = nleaves - i;
    decltype(leaf.template at<0>(0)) acc{};
    bool have = false;
#if defined(__clang__)
#  pragma clang loop unroll(disable)
#endif
    for (int k = 0; k < D; ++k) {
      if (r & (std::size_t(1) << k)) {
        auto t = tree_rt(k, leaf, i + ((r >> (k + 1)) << (k + 1)));
        acc = have ? t + acc : t;
        have = true;
      }
    }
    fold(acc);
  }

  // One vector holding x[0..n) (n <= W) and `pad` in the other lanes, so that heads and tails
  // go through the same vector code as everything else.
  EK_REDUCE_OUTLINE static V load_part(const T *x, std::size_t n, T pad) noexcept {
    return Bk::load_part(x, n, pad);
  }

  // Number of leading elements (< W, at most n) to take separately so that the main loop's
  // loads start on a vector-size boundary (a cache-line boundary for 512-bit vectors): an
  // unaligned 64-byte load splits a cache line every time, which halves L1 throughput and costs
  // ~40% in L2. Pointers not aligned to sizeof(T) cannot be aligned and get no head.
  static std::size_t head_len(const T *x, std::size_t n) noexcept {
    constexpr std::size_t VB = W * sizeof(T);
    const std::size_t a = static_cast<std::size_t>(reinterpret_cast<std::uintptr_t>(x) % VB);
    if (a % sizeof(T)) return 0;
    const std::size_t h = ((VB - a) % VB) / sizeof(T);
    return h < n ? h : n;
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

  // The unaligned head (head_len) is one more leaf, loaded first and folded last, off the
  // running total's dependency chain (load_part may go through a buffer on some backends).
  static dd sum(const T *x, std::size_t n) noexcept {
    total t;
    fold_total f{&t};
    const std::size_t h = head_len(x, n);
    const V head = load_part(x, h, T(-0.0));
    x += h;
    n -= h;
    sum_leaf leaf{x};
    const std::size_t nv = n / W;
    run<sum_depth>(leaf, nv, f);
    if (const std::size_t rem = n - nv * W) f(load_part(x + nv * W, rem, T(-0.0)));
    if (h) f(head);
    return t.result();
  }

  // ---- dot and sumsq: leaves are chains of chain_len FMAs -----------------------------------
  struct dot_leaf {
    const T *x, *y;
    template <std::size_t Off>
    V at(std::size_t base) const noexcept {
      const std::size_t o = (base + Off) * (chain_len * W);
      V r = Bk::load(x + o) * Bk::load(y + o);
      for (std::size_t j = 1; j < std::size_t{chain_len}; ++j) r = Bk::fma(Bk::load(x + o + j * W), Bk::load(y + o + j * W), r);
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
      for (std::size_t j = 1; j < std::size_t{chain_len}; ++j) {
        v = Bk::load(x + o + j * W);
        r = Bk::fma(v, v, r);
      }
      return r;
    }
  };

  // A leaf for fewer than chain_len * W elements (the head or the tail): a chain of at most
  // chain_len FMAs started from -0.0 (fma(a, b, -0.0) rounds a*b once, and keeps its sign),
  // whole vectors straight from memory, only the last partial one through load_part.
  // -0.0 * +0.0 == -0.0 leaves every partial, including an all -0.0 one, unchanged.
  static V dot_rest(const T *x, const T *y, std::size_t n) noexcept {
    V r = Bk::splat(T(-0.0));
    std::size_t j = 0;
    for (; j + W <= n; j += W) r = Bk::fma(Bk::load(x + j), Bk::load(y + j), r);
    if (j < n) r = Bk::fma(load_part(x + j, n - j, T(-0.0)), load_part(y + j, n - j, T(0.0)), r);
    return r;
  }
  static V sq_rest(const T *x, std::size_t n) noexcept {
    V r = Bk::splat(T(-0.0));
    std::size_t j = 0;
    for (; j + W <= n; j += W) {
      const V v = Bk::load(x + j);
      r = Bk::fma(v, v, r);
    }
    if (j < n) {
      const V v = load_part(x + j, n - j, T(0.0));
      r = Bk::fma(v, v, r);
    }
    return r;
  }

  // x is aligned (head_len); y gets the same offset, so it is aligned too when x and y share
  // their alignment, and splits lines otherwise (one pointer of two cannot fix the other).
  static dd dot(const T *x, const T *y, std::size_t n) noexcept {
    constexpr std::size_t LW = chain_len * W;
    total t;
    fold_total f{&t};
    const std::size_t h = head_len(x, n);
    const V head = h ? dot_rest(x, y, h) : Bk::splat(T(-0.0));
    x += h;
    y += h;
    n -= h;
    dot_leaf leaf{x, y};
    const std::size_t nl = n / LW;
    run<chain_depth>(leaf, nl, f);
    if (const std::size_t rem = n - nl * LW) f(dot_rest(x + nl * LW, y + nl * LW, rem));
    if (h) f(head);
    return t.result();
  }

  static dd sumsq(const T *x, std::size_t n) noexcept {
    constexpr std::size_t LW = chain_len * W;
    total t;
    fold_total f{&t};
    const std::size_t h = head_len(x, n);
    const V head = h ? sq_rest(x, h) : Bk::splat(T(-0.0));
    x += h;
    n -= h;
    sq_leaf leaf{x};
    const std::size_t nl = n / LW;
    run<chain_depth>(leaf, nl, f);
    if (const std::size_t rem = n - nl * LW) f(sq_rest(x + nl * LW, rem));
    if (h) f(head);
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
  EK_REDUCE_OUTLINE static bool find_nan(const T *x, std::size_t n, T *out) noexcept {
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
    const T *const x0 = x;
    const std::size_t n0 = n;
    const V first = Bk::splat(x[0]);  // padding with an element never changes the answer
    V a[K], det[K];
    for (std::size_t k = 0; k < K; ++k) {
      a[k] = first;
      det[k] = Bk::splat(T(0));
    }
    if (const std::size_t h = head_len(x, n)) {
      const V v = load_part(x, h, x[0]);
      a[1] = pick<Max>(a[1], v);
      det[1] = det[1] + v;
      x += h;
      n -= h;
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
      const V v = load_part(x + nv * W, rem, x0[0]);
      a[0] = pick<Max>(a[0], v);
      det[0] = det[0] + v;
    }
    for (std::size_t k = 1; k < K; ++k) {
      a[0] = pick<Max>(a[0], a[k]);
      det[0] = det[0] + det[k];
    }
    T nan;
    if (any_nan(det[0]) && find_nan(x0, n0, &nan)) return nan;
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
    const T *const x0 = x;
    const std::size_t n0 = n;
    const V first = Bk::splat(x[0]);
    for (std::size_t k = 0; k < minmax_ways; ++k) leaf.mn[k] = leaf.mx[k] = first;
    // The sum needs -0.0 padding and min/max need an element: feed them separately.
    const std::size_t h = head_len(x, n);
    const V head = load_part(x, h, T(-0.0));
    if (h) {
      const V v = load_part(x, h, x0[0]);
      leaf.mn[1] = Bk::vmin(leaf.mn[1], v);
      leaf.mx[1] = Bk::vmax(leaf.mx[1], v);
    }
    x += h;
    n -= h;
    leaf.x = x;
    const std::size_t nv = n / W;
    run<sum_depth>(leaf, nv, f);
    if (const std::size_t rem = n - nv * W) {
      f(load_part(x + nv * W, rem, T(-0.0)));
      const V v = load_part(x + nv * W, rem, x0[0]);
      leaf.mn[0] = Bk::vmin(leaf.mn[0], v);
      leaf.mx[0] = Bk::vmax(leaf.mx[0], v);
    }
    if (h) f(head);
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
    if (s != s && find_nan(x0, n0, &nan)) r.min = r.max = nan;
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
      for (std::size_t j = 1; j < std::size_t{chain_len}; ++j) {
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

  // Fewer than chain_len * W elements as one leaf (padding with m: deviation +0).
  static vpair dev_rest(const T *x, std::size_t n, T ms, V m) noexcept {
    vpair r{Bk::splat(T(-0.0)), Bk::splat(T(-0.0))};
    std::size_t j = 0;
    for (; j + W <= n; j += W) {
      const V d = Bk::load(x + j) - m;
      r.a = r.a + d;
      r.b = Bk::fma(d, d, r.b);
    }
    if (j < n) {
      const V d = load_part(x + j, n - j, ms) - m;
      r.a = r.a + d;
      r.b = Bk::fma(d, d, r.b);
    }
    return r;
  }

  static dev_result sumdev(const T *x, std::size_t n, T m) noexcept {
    constexpr std::size_t LW = chain_len * W;
    total ta, tb;
    fold_pair f{&ta, &tb};
    const V vm = Bk::splat(m);
    const std::size_t h = head_len(x, n);
    vpair head{vm, vm};
    if (h) head = dev_rest(x, h, m, vm);
    x += h;
    n -= h;
    dev_leaf leaf{x, vm};
    const std::size_t nl = n / LW;
    run<chain_depth>(leaf, nl, f);
    if (const std::size_t rem = n - nl * LW) f(dev_rest(x + nl * LW, rem, m, vm));
    if (h) f(head);
    return {ta.result(), tb.result()};
  }

  static constexpr kernels<T> table() noexcept {
    return {&kern::sum, &kern::sumsq, &kern::dot, &kern::min, &kern::max, &kern::stats, &kern::sumdev};
  }
};

}  // namespace reduce_impl
}  // namespace ek

#endif
