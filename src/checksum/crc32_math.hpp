// Compile-time arithmetic in GF(2)[x] modulo a CRC polynomial: the slice tables and every
// folding / Barrett / combine constant are derived here from the reflected polynomial alone,
// so no table or magic number is typed by hand and CRC-32 and CRC-32C share one derivation.
//
// Everything sits in an anonymous namespace on purpose: the header is included by translation
// units compiled with AVX-512 (or other ISA) flags, and an inline function the linker could
// merge across TUs might then run baseline code with AVX-512 instructions in it.
//
// Two encodings appear:
//  * normal: bit t of a uint64_t is the coefficient of x^t (used for the derivations);
//  * reflected: bit 31 - t of a uint32_t is the coefficient of x^t (how CRC registers, and the
//    bytes of the message, are laid out for these LSB-first CRCs).
#ifndef EK_CHECKSUM_CRC32_MATH_HPP
#define EK_CHECKSUM_CRC32_MATH_HPP

#include <cstddef>
#include <cstdint>

namespace ek {
namespace detail {
namespace crcmath {

// t[k][b] is the CRC register after byte b followed by k zero bytes.
struct slice_tables {
  std::uint32_t t[16][256];
};

// Slice-by-8 rows only: what the wasm build needs (the sparse kernels' tails and short
// inputs), half the data of slice_tables.
struct slice_tables8 {
  std::uint32_t t[8][256];
};

// m[n] folds the incoming CRC register of an n-byte message onto the message's last 16 bytes
// (see late_mults below); shared as data like the slice tables.
constexpr std::size_t late_max = 1024;
struct late_mult_table {
  std::uint64_t m[late_max];
};

namespace {

constexpr std::uint32_t crc32_poly = 0xEDB88320u;   // ISO-HDLC / zlib, reflected
constexpr std::uint32_t crc32c_poly = 0x82F63B78u;  // Castagnoli, reflected

constexpr std::uint64_t reflect(std::uint64_t v, int bits) {
  std::uint64_t r = 0;
  for (int i = 0; i < bits; ++i)
    if ((v >> i) & 1u) r |= std::uint64_t{1} << (bits - 1 - i);
  return r;
}

// The degree-32 polynomial in normal form, x^32 term included.
constexpr std::uint64_t normal_poly(std::uint32_t refl) {
  return (std::uint64_t{1} << 32) | reflect(refl, 32);
}

// a * b mod P for a, b of degree < 32 (normal form).
constexpr std::uint64_t mulmod(std::uint64_t a, std::uint64_t b, std::uint64_t p) {
  std::uint64_t r = 0;
  for (int i = 0; i < 32; ++i)
    if ((b >> i) & 1u) r ^= a << i;
  for (int i = 62; i >= 32; --i)
    if ((r >> i) & 1u) r ^= p << (i - 32);
  return r;
}

// x^e mod P (normal form) by square-and-multiply.
constexpr std::uint64_t xpow(std::uint64_t e, std::uint64_t p) {
  std::uint64_t r = 1, b = 2;
  while (e) {
    if (e & 1u) r = mulmod(r, b, p);
    b = mulmod(b, b, p);
    e >>= 1;
  }
  return r;
}

// floor(x^64 / P), degree 32, for Barrett reduction.
constexpr std::uint64_t barrett_mu(std::uint64_t p) {
  std::uint64_t rem = 0, q = 0;
  for (int i = 64; i >= 0; --i) {
    rem = (rem << 1) | (i == 64 ? 1u : 0u);
    if ((rem >> 32) & 1u) {
      rem ^= p;
      q |= std::uint64_t{1} << i;
    }
  }
  return q;
}

// The 64-bit carry-less multiplier m such that, for a 64-bit lane u of reflected message bits,
// clmul(u, m) read as a reflected 128-bit value is congruent to u * x^e: it is x^(e-32) mod P,
// reflected into 32 bits and shifted left by one (the product of two reflected operands lands
// one bit low). Requires e >= 32.
constexpr std::uint64_t lane_mult(std::uint32_t refl, std::uint64_t e) {
  return reflect(xpow(e - 32, normal_poly(refl)), 32) << 1;
}

struct fold_pair {
  std::uint64_t lo, hi;  // multiplier for the earlier and the later 64 bits of a 128-bit lane
};

// Folding a 128-bit lane forward by `bits` bits of message: the earlier half moves by
// bits + 64, the later half by bits.
constexpr fold_pair fold_by(std::uint32_t refl, std::uint64_t bits) {
  return {lane_mult(refl, bits + 64), lane_mult(refl, bits)};
}

struct barrett_consts {
  std::uint64_t mu;    // floor(x^64 / P), reflected over 33 bits
  std::uint64_t poly;  // P, reflected over 33 bits
};
constexpr barrett_consts barrett(std::uint32_t refl) {
  return {reflect(barrett_mu(normal_poly(refl)), 33), reflect(normal_poly(refl), 33)};
}

// Tables for slice-by-16 (type declared above, outside the anonymous namespace, because the
// tables themselves are shared between translation units as data).
template <class Tables>
constexpr Tables make_slice_rows(std::uint32_t refl) {
  Tables s{};
  constexpr int rows = static_cast<int>(sizeof s.t / sizeof s.t[0]);
  for (std::uint32_t b = 0; b < 256; ++b) {
    std::uint32_t c = b;
    for (int i = 0; i < 8; ++i) c = (c & 1u) ? (c >> 1) ^ refl : c >> 1;
    s.t[0][b] = c;
  }
  for (int k = 1; k < rows; ++k)
    for (int b = 0; b < 256; ++b) {
      const std::uint32_t prev = s.t[k - 1][b];
      s.t[k][b] = (prev >> 8) ^ s.t[0][prev & 0xffu];
    }
  return s;
}
constexpr slice_tables make_slice_tables(std::uint32_t refl) {
  return make_slice_rows<slice_tables>(refl);
}
constexpr slice_tables8 make_slice_tables8(std::uint32_t refl) {
  return make_slice_rows<slice_tables8>(refl);
}

// The register XORed into the first 4 bytes of an n-byte message sits in the earlier half of
// the first 16-byte lane, 8 (n - 16) bits before the last lane, so folding it there takes
// lane_mult(8 (n - 16) + 64) = lane_mult(8n - 64), i.e. reflect(x^(8n - 96) mod P) << 1.
// Built incrementally (one multiplication by x^8 per entry) to stay far below the compilers'
// constexpr step limits. Entries below 16 bytes are unused.
constexpr late_mult_table make_late_mults(std::uint32_t refl) {
  late_mult_table t{};
  const std::uint64_t p = normal_poly(refl);
  std::uint64_t v = xpow(8 * 16 - 96, p);
  for (std::size_t n = 16; n < late_max; ++n) {
    t.m[n] = reflect(v, 32) << 1;
    v = mulmod(v, std::uint64_t{1} << 8, p);
  }
  return t;
}

// x^(2^k) mod P for k = 0..66, reflected: enough to shift by any 64-bit byte count (2^67 bits).
constexpr int pow2_count = 67;
struct pow2_table {
  std::uint32_t x2k[pow2_count];
};
constexpr pow2_table make_pow2_table(std::uint32_t refl) {
  pow2_table t{};
  std::uint64_t v = 2;  // x
  const std::uint64_t p = normal_poly(refl);
  for (int k = 0; k < pow2_count; ++k) {
    t.x2k[k] = static_cast<std::uint32_t>(reflect(v, 32));
    v = mulmod(v, v, p);
  }
  return t;
}

}  // namespace
}  // namespace crcmath
}  // namespace detail
}  // namespace ek

#endif
