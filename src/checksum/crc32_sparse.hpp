// CRC-32 / CRC-32C without carry-less multiplication: clear the message with a sparse multiple
// of the polynomial whose terms all fall on whole bytes, then run a short tail through slicing
// tables. Shared by the portable kernel (64-bit words) and the wasm SIMD128 one (128-bit
// vectors); the word type is the only difference.
//
// The idea is Chorba's (Russell, arXiv 2412.16398): if Q(x) is a multiple of P(x), XORing a
// copy of Q, scaled to any message bit, leaves the message unchanged modulo P. Here Q(x^8) is
// used: it is a multiple of P whenever Q(x) is (Q(x)^8 = Q(x^8) over GF(2)), and its terms are
// whole bytes apart, so clearing a byte means XORing it into the bytes d_1..d_k further on:
// no bit shifts, and 8 or 16 bytes at a time since every distance is far longer than a word.
// Written in "pull" form: the cleared value of byte j is c_j = m_j ^ c_{j-d_1} ^ ... ^ c_{j-d_k},
// so the loop is one load of the message, k loads of earlier results, k XORs and one store per
// word, with no dependency shorter than d_1 bytes.
//
//   CRC-32:  Q = x^300 + x^155 + x^117 + x^89 + 1 (Chorba's own), distances 145 183 211 300.
//   CRC-32C: its polynomial has the factor x + 1, so multiples have even weight; a search over
//            weight-6 multiples (smallest span with every distance >= 128) gave
//            x^290 + x^136 + x^113 + x^107 + x^32 + 1, distances 154 177 183 258 290.
// Both are checked against the polynomials at compile time below.
//
// Everything sits in an anonymous namespace for the reason crc32_math.hpp gives.
#ifndef EK_CHECKSUM_CRC32_SPARSE_HPP
#define EK_CHECKSUM_CRC32_SPARSE_HPP

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "checksum/crc32_math.hpp"

namespace ek {
namespace detail {
namespace crcsparse {
namespace {

// True if sum of x^(8 e) over the exponents is 0 modulo the (reflected) polynomial.
template <std::size_t K>
constexpr bool divides(std::uint32_t refl, const unsigned (&exps)[K]) {
  const std::uint64_t p = crcmath::normal_poly(refl);
  std::uint64_t r = 0;
  for (unsigned e : exps) r ^= crcmath::xpow(8ull * e, p);
  return r == 0;
}
constexpr unsigned crc32_q[] = {300, 155, 117, 89, 0};
constexpr unsigned crc32c_q[] = {290, 136, 113, 107, 32, 0};
static_assert(divides(crcmath::crc32_poly, crc32_q), "CRC-32 sparse multiple");
static_assert(divides(crcmath::crc32c_poly, crc32c_q), "CRC-32C sparse multiple");

// Slice-by-R on a table set of R rows (t[k][b]: byte b then k zero bytes; R = 8 in wasm, 16
// natively); the register is passed and returned without inversion.
inline std::uint32_t rd32(const unsigned char *p) noexcept {
  return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
         static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}
template <class Tables>
inline std::uint32_t slice(std::uint32_t c, const unsigned char *p, std::size_t n,
                           const Tables &tb) noexcept {
  const auto &t = tb.t;
  constexpr std::size_t R = sizeof tb.t / sizeof tb.t[0];
  static_assert(R == 8 || R == 16, "slice-by-8 or slice-by-16");
  // Spelled out: one XOR tree per step, as the dedicated slice-by-16 loop has it.
  for (; n >= R; n -= R, p += R) {
    const std::uint32_t a = rd32(p) ^ c, b = rd32(p + 4);
    c = t[R - 1][a & 0xff] ^ t[R - 2][(a >> 8) & 0xff] ^ t[R - 3][(a >> 16) & 0xff] ^
        t[R - 4][a >> 24] ^ t[R - 5][b & 0xff] ^ t[R - 6][(b >> 8) & 0xff] ^
        t[R - 7][(b >> 16) & 0xff] ^ t[R - 8][b >> 24];
    if constexpr (R == 16) {
      const std::uint32_t d = rd32(p + 8), e = rd32(p + 12);
      c ^= t[7][d & 0xff] ^ t[6][(d >> 8) & 0xff] ^ t[5][(d >> 16) & 0xff] ^ t[4][d >> 24] ^
           t[3][e & 0xff] ^ t[2][(e >> 8) & 0xff] ^ t[1][(e >> 16) & 0xff] ^ t[0][e >> 24];
    }
  }
  while (n--) c = (c >> 8) ^ t[0][(c ^ *p++) & 0xff];
  return c;
}

// The span of a sparse multiple: its largest distance (the degree of Q).
template <unsigned A, unsigned... R>
constexpr unsigned max_of() {
  if constexpr (sizeof...(R) == 0) {
    return A;
  } else {
    constexpr unsigned m = max_of<R...>();
    return A > m ? A : m;
  }
}

// Below this the tail (span bytes or more, through the slicing tables) is most of the work:
// callers use slice() alone.
constexpr std::size_t min_len = 512;

// a * b mod P, both reflected (bit 31 - i is the coefficient of x^i).
inline std::uint32_t mulmod_refl(std::uint32_t a, std::uint32_t b, std::uint32_t poly) noexcept {
  std::uint32_t r = 0;
  for (int i = 0; i < 32; ++i) {
    r ^= b & (0u - (a >> 31));
    a <<= 1;
    b = (b >> 1) ^ (poly & (0u - (b & 1u)));
  }
  return r;
}

// Table CRCs are bound by the latency of one step per 8 bytes. split_slice cuts the input in
// two, its last nb = 8 floor(n / 16) bytes and the rest, runs the halves as independent chains
// in one loop (the second from register 0), and carries the first half's register over the
// second by one multiplication by x^(8 nb) mod P: CRC(A || B) = CRC(A) x^(8|B|) + CRC(B).
// shifts[k] = x^(64 k) mod P, reflected, for nb = 8 k up to 256 bytes.
struct shift_table {
  std::uint32_t m[33];
};
constexpr shift_table make_shifts(std::uint32_t refl) {
  shift_table t{};
  for (unsigned k = 0; k < 33; ++k)
    t.m[k] = static_cast<std::uint32_t>(crcmath::reflect(crcmath::xpow(64ull * k, crcmath::normal_poly(refl)), 32));
  return t;
}
template <std::uint32_t Poly>
constexpr shift_table shifts = make_shifts(Poly);

template <std::uint32_t Poly, class Tables>
std::uint32_t split_slice(std::uint32_t c, const unsigned char *p, std::size_t n,
                          const Tables &tb) noexcept {
  // The multiplication costs about as much as 48 bytes of one chain: below 192 bytes (checked
  // in Node) splitting does not pay.
  if (n < 192 || n > 2 * 256 + 15) return slice(c, p, n, tb);
  const auto &t = tb.t;
  const auto step = [&t](std::uint32_t r, const unsigned char *q) noexcept {
    const std::uint32_t a = rd32(q) ^ r, b = rd32(q + 4);
    return t[7][a & 0xff] ^ t[6][(a >> 8) & 0xff] ^ t[5][(a >> 16) & 0xff] ^ t[4][a >> 24] ^
           t[3][b & 0xff] ^ t[2][(b >> 8) & 0xff] ^ t[1][(b >> 16) & 0xff] ^ t[0][b >> 24];
  };
  const std::size_t k = n / 16, nb = 8 * k, na = n - nb;
  const unsigned char *pb = p + na;
  std::uint32_t cb = 0;
  for (std::size_t i = 0; i < nb; i += 8) {
    c = step(c, p + i);
    cb = step(cb, pb + i);
  }
  c = slice(c, p + nb, na - nb, tb);  // fewer than 16 bytes
  return mulmod_refl(c, shifts<Poly>.m[k], Poly) ^ cb;
}

#if defined(__GNUC__)
#  define EK_CRC_NOINLINE __attribute__((noinline))
#else
#  define EK_CRC_NOINLINE
#endif

// Word: S bytes, Word::load/store (unaligned), Word::zero(), operator^, Word::low32(c) (c in
// the first 4 bytes in message order, the rest 0).
// Needs n >= span + S. Returns the register (no inversion) after the n bytes. Kept out of line
// so that its 2.5 KB stack frame and setup stay off the callers' short-input path.
template <class Word, class Tables, std::uint32_t Poly, unsigned... D>
EK_CRC_NOINLINE std::uint32_t sparse(std::uint32_t crc, const unsigned char *p, std::size_t n,
                                     const Tables &tb) noexcept {
  constexpr std::size_t S = Word::size;
  constexpr std::size_t span = max_of<D...>();
  // Two words are computed at once below: neither may read the other.
  static_assert(((D >= 2 * S) && ...), "every distance at least two words");
  // History of cleared bytes: `span` behind the cursor, then room to run ahead before the last
  // `span` bytes are moved back to the front (a memmove of span bytes every `ahead`).
  constexpr std::size_t ahead = 2048;
  alignas(16) unsigned char hist[span + ahead + S];
  std::memset(hist, 0, span);
  unsigned char *cur = hist + span;
  unsigned char *const end = hist + span + ahead;
  const std::size_t k = (n - span) / S * S;  // bytes cleared; the last n - k >= span are the tail
  std::size_t i = 0;
  {
    const Word w = Word::load(p) ^ Word::low32(crc) ^ (Word::load(cur - D) ^ ...);
    Word::store(cur, w);
    cur += S;
    i = S;
  }
  for (; i < k; i += S) {
    if (cur == end) {
      std::memmove(hist, cur - span, span);
      cur = hist + span;
    }
    // Two words per wrap check when both fit before the end of the history.
    if (i + S < k && cur + S != end) {
      const Word a = Word::load(p + i) ^ (Word::load(cur - D) ^ ...);
      const Word b = Word::load(p + i + S) ^ (Word::load(cur + S - D) ^ ...);
      Word::store(cur, a);
      Word::store(cur + S, b);
      cur += 2 * S;
      i += S;
      continue;
    }
    Word::store(cur, Word::load(p + i) ^ (Word::load(cur - D) ^ ...));
    cur += S;
  }
  // The tail: the message XOR what the cleared bytes put there; cleared bytes at or after k
  // count as zero (they are not cleared), so zeros go into the history from here on.
  unsigned char tail[span + S];
  const std::size_t tn = n - k;
  std::size_t j = 0;
  for (; j + S <= tn; j += S) {
    if (cur == end) {
      std::memmove(hist, cur - span, span);
      cur = hist + span;
    }
    Word::store(tail + j, Word::load(p + k + j) ^ (Word::load(cur - D) ^ ...));
    Word::store(cur, Word::zero());
    cur += S;
  }
  for (std::size_t b = 0; j < tn; ++j, ++b) {
    unsigned char v = p[k + j];
    ((v ^= *(cur + b - D)), ...);
    tail[j] = v;
  }
  return split_slice<Poly>(0, tail, tn, tb);
}

// Portable word: eight bytes through memcpy. The algorithm only XORs bytes, so the byte order
// the word is loaded in does not matter, except for where the register goes.
struct word64 {
  static constexpr std::size_t size = 8;
  std::uint64_t v;
  static word64 load(const unsigned char *p) noexcept {
    word64 w;
    std::memcpy(&w.v, p, 8);
    return w;
  }
  static void store(unsigned char *p, word64 w) noexcept { std::memcpy(p, &w.v, 8); }
  static word64 zero() noexcept { return {0}; }
  static word64 low32(std::uint32_t c) noexcept {
    unsigned char b[8] = {static_cast<unsigned char>(c), static_cast<unsigned char>(c >> 8),
                          static_cast<unsigned char>(c >> 16), static_cast<unsigned char>(c >> 24),
                          0, 0, 0, 0};
    return load(b);
  }
  friend word64 operator^(word64 a, word64 b) noexcept { return {a.v ^ b.v}; }
};

}  // namespace
}  // namespace crcsparse
}  // namespace detail
}  // namespace ek

#endif
