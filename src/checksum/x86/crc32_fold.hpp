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

// CRC-32: no scalar instruction, so short inputs use the byte table and the final reduction
// is Barrett.
struct kind_crc32 {
  static constexpr std::uint32_t poly = crcmath::crc32_poly;
  static std::uint32_t bytes(std::uint32_t s, const unsigned char *p, std::size_t n) noexcept {
    const auto &t = crc32_tables.t;
    if (n >= 8) {
      const std::uint64_t w = load64(p) ^ s;
      s = t[7][w & 0xff] ^ t[6][(w >> 8) & 0xff] ^ t[5][(w >> 16) & 0xff] ^ t[4][(w >> 24) & 0xff] ^
          t[3][(w >> 32) & 0xff] ^ t[2][(w >> 40) & 0xff] ^ t[1][(w >> 48) & 0xff] ^ t[0][w >> 56];
      p += 8;
      n -= 8;
    }
    while (n--) s = (s >> 8) ^ t[0][(s ^ *p++) & 0xff];
    return s;
  }
  static std::uint32_t reduce(__m128i x) noexcept { return barrett_reduce<poly>(x); }
};

// CRC-32C: SSE4.2's crc32 instruction is this CRC, so it handles short inputs and replaces
// Barrett: crc32(crc32(0, lo), hi) is exactly x * x^32 mod P.
struct kind_crc32c {
  static constexpr std::uint32_t poly = crcmath::crc32c_poly;
  static std::uint32_t bytes(std::uint32_t s, const unsigned char *p, std::size_t n) noexcept {
    std::uint64_t c = s;
    for (; n >= 8; n -= 8, p += 8) c = _mm_crc32_u64(c, load64(p));
    s = static_cast<std::uint32_t>(c);
    if (n & 4) {
      std::uint32_t w;
      __builtin_memcpy(&w, p, 4);
      s = _mm_crc32_u32(s, w);
      p += 4;
    }
    for (n &= 3; n; --n) s = _mm_crc32_u8(s, *p++);
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
  const std::uint32_t s = ~crc;
  if (n < 16) return ~K::bytes(s, p, n);

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
      constexpr fold_table<N> mt = merge_table<N>(poly, W);
      v = acc[N - 1];
      for (std::size_t i = 0; i + 1 < N; ++i) v = V::fold(acc[i], V::splat(mt.k[i]), v);
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
