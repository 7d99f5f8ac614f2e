// Carry-less multiplication folding for reflected CRC-32 polynomials, one template for every
// vector width (128-bit PCLMULQDQ, 256- and 512-bit VPCLMULQDQ), in the spirit of libdeflate's
// crc32_pclmul_template.h but with every constant derived from the polynomial at compile time
// (crc32_math.hpp).
//
// Include only from an ISA translation unit, after defining the vector traits it needs. All
// of it is in an anonymous namespace: instantiated with AVX-512 flags, none of it may be
// merged with a baseline copy by the linker.
//
// Layout: a 128-bit lane holds 16 message bytes; byte 0 bit 0 is the highest-degree
// coefficient. Folding a lane forward by D bits multiplies its earlier 64 bits by x^(D+64) and
// its later 64 bits by x^D (mod P), giving a 128-bit value congruent to the lane shifted D bits
// later, which is XORed into the data found there.
#ifndef EK_CHECKSUM_X86_CRC32_FOLD_HPP
#define EK_CHECKSUM_X86_CRC32_FOLD_HPP

#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "checksum/crc32_math.hpp"
#include "checksum/crc32_tables.hpp"

namespace ek {
namespace detail {
namespace {

using crcmath::fold_pair;

inline __m128i load128(const unsigned char *p) noexcept {
  return _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
}
inline __m128i pair128(fold_pair k) noexcept {
  return _mm_set_epi64x(static_cast<long long>(k.hi), static_cast<long long>(k.lo));
}
inline __m128i xor3_128(__m128i a, __m128i b, __m128i c) noexcept {
#if defined(__AVX512VL__)
  return _mm_ternarylogic_epi64(a, b, c, 0x96);
#else
  return _mm_xor_si128(_mm_xor_si128(a, b), c);
#endif
}
inline __m128i fold128(__m128i x, __m128i k, __m128i data) noexcept {
  return xor3_128(_mm_clmulepi64_si128(x, k, 0x00), _mm_clmulepi64_si128(x, k, 0x11), data);
}

// pshufb controls for shifting a register by 1..15 bytes (0x80 clears the byte).
alignas(16) constexpr unsigned char shift_table[48] = {
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0,    1,    2,    3,    4,    5,    6,    7,    8,    9,    10,   11,   12,   13,   14,   15,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80};

// Absorbs the last n (1..15) bytes, which end at p + n, into x without reading past them:
// the message tail is x || t, i.e. the first n bytes of x (folded over 128 bits) followed by
// the 16 bytes (rest of x || t). The bytes of t are fetched by a load ending exactly at the
// buffer's end, which is safe because at least 16 bytes precede it.
inline __m128i fold_partial(__m128i x, const unsigned char *p, std::size_t n, __m128i k128) noexcept {
  const __m128i lshift = _mm_loadu_si128(reinterpret_cast<const __m128i *>(shift_table + n));
  const __m128i rshift = _mm_loadu_si128(reinterpret_cast<const __m128i *>(shift_table + 16 + n));
  const __m128i head = _mm_shuffle_epi8(x, lshift);
  const __m128i raw = load128(p + n - 16);
  const __m128i rest = _mm_blendv_epi8(raw, _mm_shuffle_epi8(x, rshift), lshift);
  return fold128(head, k128, rest);
}

// 128 -> 32 bits: the CRC register is x * x^32 mod P. Two folds bring it to 64 bits, then a
// Barrett reduction finishes.
template <std::uint32_t Poly>
inline std::uint32_t barrett_reduce(__m128i x) noexcept {
  constexpr std::uint64_t k128 = crcmath::lane_mult(Poly, 128);
  constexpr std::uint64_t k96 = crcmath::lane_mult(Poly, 96);
  constexpr crcmath::barrett_consts b = crcmath::barrett(Poly);
  const __m128i kk = _mm_set_epi64x(static_cast<long long>(k96), static_cast<long long>(k128));
  const __m128i bb = _mm_set_epi64x(static_cast<long long>(b.poly), static_cast<long long>(b.mu));
  const __m128i low32 = _mm_set_epi32(0, 0, 0, -1);
  x = _mm_xor_si128(_mm_clmulepi64_si128(x, kk, 0x00), _mm_srli_si128(x, 8));
  x = _mm_xor_si128(_mm_clmulepi64_si128(_mm_and_si128(x, low32), kk, 0x10), _mm_srli_si128(x, 4));
  __m128i t = _mm_clmulepi64_si128(_mm_and_si128(x, low32), bb, 0x00);
  t = _mm_clmulepi64_si128(_mm_and_si128(t, low32), bb, 0x10);
  return static_cast<std::uint32_t>(_mm_extract_epi32(_mm_xor_si128(x, t), 1));
}

inline std::uint64_t load64(const unsigned char *p) noexcept {
  std::uint64_t v;
  __builtin_memcpy(&v, p, 8);  // x86 is little-endian, and memcpy keeps this alias-safe
  return v;
}

inline std::uint32_t load32(const unsigned char *p) noexcept {
  std::uint32_t v;
  __builtin_memcpy(&v, p, 4);
  return v;
}

// CRC-32 inputs of up to 16 bytes, without the byte loop: the register is XORed into the
// first four message bytes and the message is right-aligned in a 16-byte block. Leading zero
// bytes leave a zero register at zero, so the block's CRC from a zero register is the
// message's CRC from s, and slice-by-16 computes that with one independent lookup per byte.
// The block comes from two overlapping loads inside [p, p + n) (never a byte outside the
// buffer); where the second load overlaps the first four bytes it needs its share of s too.
// At 15 bytes this is 6.1 ns per call against 17.8 ns for 8 + 7 dependent byte steps.
struct kind_crc32 {
  static constexpr std::uint32_t poly = crcmath::crc32_poly;
  static const crcmath::late_mult_table &late() noexcept { return crc32_late_mults; }
  // t[k][b]: byte b followed by k zero bytes, so a byte with k bytes after it uses t[k].
  static std::uint32_t slice4(std::uint32_t w, int last) noexcept {
    const auto &t = crc32_tables.t;
    return t[last][w & 0xff] ^ t[last - 1][(w >> 8) & 0xff] ^ t[last - 2][(w >> 16) & 0xff] ^
           t[last - 3][w >> 24];
  }
  static std::uint32_t slice8(std::uint64_t w) noexcept {
    return slice4(static_cast<std::uint32_t>(w), 7) ^ slice4(static_cast<std::uint32_t>(w >> 32), 3);
  }
  // Exactly 16 bytes go here too: one table step (3.5 GB/s) beat one lane and the Barrett
  // reduction (2.5 GB/s).
  static constexpr std::size_t short_max = 16;
  static std::uint32_t bytes(std::uint32_t s, const unsigned char *p, std::size_t n) noexcept {
    if (n >= 8) {
      const std::uint64_t a = load64(p) ^ s;
      // s's bytes that fall in the second load. 8 (n - 8) reaches 64 at n = 16; 63 shifts all
      // of s out as well, and clamping the count (which depends on n only) keeps one shift on
      // the path from s (two cost 5% at 8 bytes).
      const std::size_t sh = n < 16 ? 8 * (n - 8) : 63;
      const std::uint64_t b = load64(p + n - 8) ^ (std::uint64_t{s} >> sh);
      std::uint32_t c = slice8(b);
      // The first n - 8 bytes, right-aligned in the block's first 8 bytes. Lookups of all-zero
      // words are skipped: the loads, not the latency, bound this path.
      if (n > 8) {
        const std::uint64_t head = a << (8 * (16 - n));
        c ^= slice4(static_cast<std::uint32_t>(head >> 32), 11);
        if (n > 12) c ^= slice4(static_cast<std::uint32_t>(head), 15);
      }
      return c;
    }
    if (n >= 4) {
      const std::uint32_t a = load32(p) ^ s;
      const std::uint32_t b = load32(p + n - 4) ^ (s >> (8 * (n - 4)));
      std::uint32_t c = slice4(b, 3);
      if (n > 4) c ^= slice4((a << (8 * (7 - n))) << 8, 7);
      return c;
    }
    // 1..3 bytes: at most three dependent steps, cheaper than assembling a block (1 byte: 2.9
    // vs 3.6 ns per call).
    const auto &t = crc32_tables.t;
    while (n--) s = (s >> 8) ^ t[0][(s ^ *p++) & 0xff];
    return s;
  }
  static std::uint32_t reduce(__m128i x) noexcept { return barrett_reduce<poly>(x); }
};

// CRC-32C: SSE4.2's crc32 instruction is this CRC, so it handles short inputs and replaces
// Barrett: crc32(crc32(0, lo), hi) is exactly x * x^32 mod P.
struct kind_crc32c {
  static constexpr std::uint32_t poly = crcmath::crc32c_poly;
  static const crcmath::late_mult_table &late() noexcept { return crc32c_late_mults; }
  static constexpr std::size_t short_max = 15;
  static std::uint32_t bytes(std::uint32_t s, const unsigned char *p, std::size_t n) noexcept {
    std::uint64_t c = s;
    for (; n >= 8; n -= 8, p += 8) c = _mm_crc32_u64(c, load64(p));
    s = static_cast<std::uint32_t>(c);
    // At most three more dependent steps (3 cycles each); assembling an overlapped block as
    // for CRC-32 cost more latency than it saved (8 and 16 bytes got 40% slower).
    if (n & 4) {
      s = _mm_crc32_u32(s, load32(p));
      p += 4;
    }
    if (n & 2) {
      std::uint16_t h;
      __builtin_memcpy(&h, p, 2);
      s = _mm_crc32_u16(s, h);
      p += 2;
    }
    if (n & 1) s = _mm_crc32_u8(s, *p);
    return s;
  }
  static std::uint32_t reduce(__m128i x) noexcept {
    const std::uint64_t lo = static_cast<std::uint64_t>(_mm_cvtsi128_si64(x));
    const std::uint64_t hi = static_cast<std::uint64_t>(_mm_extract_epi64(x, 1));
    return static_cast<std::uint32_t>(_mm_crc32_u64(_mm_crc32_u64(0, lo), hi));
  }
};

// How far ahead of the folding loop to prefetch; a few microseconds of work at full speed.
constexpr std::size_t prefetch_distance = 4096;

template <std::size_t N>
struct fold_table {
  fold_pair k[N];
};
// k[i] moves accumulator i of N over the (N - 1 - i) vectors that follow it.
template <std::size_t N>
constexpr fold_table<N> merge_table(std::uint32_t poly, std::size_t vec_bytes) {
  fold_table<N> t{};
  for (std::size_t i = 0; i + 1 < N; ++i) t.k[i] = crcmath::fold_by(poly, (N - 1 - i) * vec_bytes * 8);
  return t;
}

// V: vector traits (vec, bytes, accs, load, xor_crc, splat, fold, narrow); K: kind_crc32(c).
// Returns the CRC in zlib's convention.
template <class V, class K>
inline std::uint32_t fold_crc(std::uint32_t crc, const unsigned char *p, std::size_t n) noexcept {
  using vec = typename V::vec;
  constexpr std::size_t W = V::bytes;
  constexpr std::size_t N = V::accs;
  constexpr std::uint32_t poly = K::poly;
  if (n <= K::short_max) return ~K::bytes(~crc, p, n);
  // From 17 to late_max - 1 bytes the incoming register is not XORed into the first lane but
  // folded straight onto the last one, just before the reduction: CRC is linear, and this
  // takes the whole fold chain off the path from one call's result to the next call's (a
  // stream of short chunks, or any chained use), leaving one multiply, one XOR and the
  // reduction. The multiplier depends only on n, so its load is off that path too. Chained
  // CRC-32 went from 6.5 to 8.2 GB/s at 64 bytes and 19.5 to 34 GB/s at 256. (A single lane,
  // 16 bytes, has no chain to hide; the multiply only added latency there.)
  const bool late = n > 16 && n < crcmath::late_max;
  const std::uint32_t s_late = ~crc;
  const std::uint64_t m_late = late ? K::late().m[n] : 0;
  const std::uint32_t s = late ? 0 : ~crc;

  __m128i x;
  if (W == 16 || n >= W) {
    vec v = V::xor_crc(V::load(p), s);
    if (n >= N * W) {
      // N independent accumulators hide the multiplier latency.
      vec acc[N];
      acc[0] = v;
      for (std::size_t i = 1; i < N; ++i) acc[i] = V::load(p + i * W);
      p += N * W;
      n -= N * W;
      constexpr fold_pair kn = crcmath::fold_by(poly, N * W * 8);
      const vec vkn = V::splat(kn);
      while (n >= N * W) {
        // Hardware prefetchers alone left DRAM-resident inputs well short of memory bandwidth.
        for (std::size_t i = 0; i < N * W; i += 64) _mm_prefetch(reinterpret_cast<const char *>(p + prefetch_distance + i), _MM_HINT_T0);
        for (std::size_t i = 0; i < N; ++i) acc[i] = V::fold(acc[i], vkn, V::load(p + i * W));
        p += N * W;
        n -= N * W;
      }
      // Merge from the last accumulator back to the first: only acc[0] carries the incoming
      // register (through the chained loop), so the others' folds can finish early and acc[0]'s
      // fold is the one XOR left on the critical path instead of the first of N - 1.
      constexpr fold_table<N> mt = merge_table<N>(poly, W);
      v = acc[N - 1];
      for (std::size_t i = N - 1; i-- > 0;) v = V::fold(acc[i], V::splat(mt.k[i]), v);
    } else {
      p += W;
      n -= W;
    }
    constexpr fold_pair k1 = crcmath::fold_by(poly, W * 8);
    const vec vk1 = V::splat(k1);
    while (n >= W) {
      v = V::fold(v, vk1, V::load(p));
      p += W;
      n -= W;
    }
    x = V::template narrow<poly>(v);
  } else {
    x = _mm_xor_si128(load128(p), _mm_cvtsi32_si128(static_cast<int>(s)));
    p += 16;
    n -= 16;
  }

  constexpr fold_pair k128 = crcmath::fold_by(poly, 128);
  const __m128i vk = pair128(k128);
  while (n >= 16) {
    x = fold128(x, vk, load128(p));
    p += 16;
    n -= 16;
  }
  if (n) x = fold_partial(x, p, n, vk);
  if (late)
    x = _mm_xor_si128(x, _mm_clmulepi64_si128(_mm_cvtsi32_si128(static_cast<int>(s_late)),
                                              _mm_cvtsi64_si128(static_cast<long long>(m_late)), 0x00));
  return ~K::reduce(x);
}

struct v128 {
  using vec = __m128i;
  static constexpr std::size_t bytes = 16;
  static constexpr std::size_t accs = 8;
  static vec load(const unsigned char *p) noexcept { return load128(p); }
  static vec xor_crc(vec v, std::uint32_t s) noexcept {
    return _mm_xor_si128(v, _mm_cvtsi32_si128(static_cast<int>(s)));
  }
  static vec splat(fold_pair k) noexcept { return pair128(k); }
  static vec fold(vec x, vec k, vec d) noexcept { return fold128(x, k, d); }
  template <std::uint32_t>
  static __m128i narrow(vec v) noexcept {
    return v;
  }
};

}  // namespace
}  // namespace detail
}  // namespace ek

#endif
