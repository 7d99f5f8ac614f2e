// CRC-32 / CRC-32C: portable kernels, dispatch, combine and the public C++ entry points.
#include "edgekernels/checksum/crc32.hpp"

#include <atomic>

#include "checksum/crc32_math.hpp"
#include "checksum/crc32_sparse.hpp"
#include "checksum/crc32_tables.hpp"
#include "checksum/crc32_variants.hpp"

namespace ek {
namespace detail {

// Declared in crc32_tables.hpp so that SIMD kernels can finish short tails with them.
#if defined(__wasm__)
constexpr crcmath::slice_tables8 crc32_tables8 = crcmath::make_slice_tables8(crcmath::crc32_poly);
constexpr crcmath::slice_tables8 crc32c_tables8 = crcmath::make_slice_tables8(crcmath::crc32c_poly);
#else
constexpr crcmath::slice_tables crc32_tables = crcmath::make_slice_tables(crcmath::crc32_poly);
constexpr crcmath::slice_tables crc32c_tables = crcmath::make_slice_tables(crcmath::crc32c_poly);
constexpr crcmath::late_mult_table crc32_late_mults = crcmath::make_late_mults(crcmath::crc32_poly);
constexpr crcmath::late_mult_table crc32c_late_mults = crcmath::make_late_mults(crcmath::crc32c_poly);
// Spot checks against the closed form: the incremental build must match xpow at both ends.
static_assert(crc32_late_mults.m[16] == crcmath::lane_mult(crcmath::crc32_poly, 8 * 16 - 64), "");
static_assert(crc32c_late_mults.m[crcmath::late_max - 1] ==
                  crcmath::lane_mult(crcmath::crc32c_poly, 8 * (crcmath::late_max - 1) - 64),
              "");
#endif

namespace {

// Assembled from bytes so the code is endian-neutral; compilers turn it into one load on
// little-endian targets.
inline std::uint32_t le32(const unsigned char *p) noexcept {
  return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
         static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}
inline std::uint64_t le64(const unsigned char *p) noexcept {
  return static_cast<std::uint64_t>(le32(p)) | static_cast<std::uint64_t>(le32(p + 4)) << 32;
}

#if !defined(__wasm__)
// Register-level slice-by-16 (no pre/post inversion).
inline std::uint32_t slice16_step(std::uint32_t c, const unsigned char *p,
                                  const std::uint32_t (&t)[16][256]) noexcept {
  const std::uint32_t a = le32(p) ^ c, b = le32(p + 4), d = le32(p + 8), e = le32(p + 12);
  return t[15][a & 0xff] ^ t[14][(a >> 8) & 0xff] ^ t[13][(a >> 16) & 0xff] ^ t[12][a >> 24] ^
         t[11][b & 0xff] ^ t[10][(b >> 8) & 0xff] ^ t[9][(b >> 16) & 0xff] ^ t[8][b >> 24] ^
         t[7][d & 0xff] ^ t[6][(d >> 8) & 0xff] ^ t[5][(d >> 16) & 0xff] ^ t[4][d >> 24] ^
         t[3][e & 0xff] ^ t[2][(e >> 8) & 0xff] ^ t[1][(e >> 16) & 0xff] ^ t[0][e >> 24];
}

std::uint32_t slice16(std::uint32_t c, const unsigned char *p, std::size_t n,
                      const crcmath::slice_tables &tb) noexcept {
  const auto &t = tb.t;
  while (n >= 64) {
#if defined(__GNUC__)
    // Once per cache line: the loop is bound by its table loads and cannot spare more slots.
    __builtin_prefetch(p + 1024);  // see chorba()
#endif
    c = slice16_step(c, p, t);
    c = slice16_step(c, p + 16, t);
    c = slice16_step(c, p + 32, t);
    c = slice16_step(c, p + 48, t);
    p += 64;
    n -= 64;
  }
  for (; n >= 16; n -= 16, p += 16) c = slice16_step(c, p, t);
  while (n--) c = (c >> 8) ^ t[0][(c ^ *p++) & 0xff];
  return c;
}

#endif

// Chorba (Russell, arXiv 2412.16398): Q(x) = x^300 + x^155 + x^117 + x^89 + 1 is a multiple of
// the CRC-32 polynomial, so a message bit can be cleared by XORing copies of it 145, 183, 211
// and 300 bits further on without changing the message modulo P. Sweeping that over all but
// the last few words leaves zeros followed by a short tail, which is then run through the
// table CRC: shifts and XORs per 64-bit word instead of eight table lookups, and two words in
// flight at once because the nearest copy lands two words ahead.
constexpr unsigned chorba_shift[4] = {145, 183, 211, 300};
static_assert(crcmath::xpow(300, crcmath::normal_poly(crcmath::crc32_poly)) ==
                  (crcmath::xpow(155, crcmath::normal_poly(crcmath::crc32_poly)) ^
                   crcmath::xpow(117, crcmath::normal_poly(crcmath::crc32_poly)) ^
                   crcmath::xpow(89, crcmath::normal_poly(crcmath::crc32_poly)) ^ 1u),
              "Chorba's sparse polynomial must be a multiple of the CRC-32 polynomial");

// pend[k] accumulates what is still to be XORed into the k-th word after the current one.
constexpr int chorba_pending = 5;  // ceil((300 + 63) / 64) words beyond the current one

inline void chorba_spread(std::uint64_t w, std::uint64_t (&pend)[chorba_pending + 1]) noexcept {
  for (unsigned s : chorba_shift) {
    const unsigned q = s / 64, r = s % 64;
    // Word index q is relative to the word being cleared, pend[] to the next one.
    pend[q - 1] ^= w << r;
    if (r) pend[q] ^= w >> (64 - r);
  }
}

// Needs n >= 16 + 8 chorba_pending; the tail goes through the given slicing tables.
template <class Tables>
std::uint32_t chorba_core(std::uint32_t c, const unsigned char *p, std::size_t n,
                          const Tables &tb) noexcept {
  std::uint64_t pend[chorba_pending + 1] = {c, 0, 0, 0, 0, 0};
  // Stop while at least `chorba_pending` words remain so every copy lands inside the message.
  constexpr std::size_t reserve = 8 * chorba_pending;
  while (n >= 16 + reserve) {
#if defined(__GNUC__)
    // The shift/XOR work keeps the reorder window full of ALU operations, leaving few loads in
    // flight; without this hint inputs streamed from DRAM ran at a quarter of in-cache speed.
    __builtin_prefetch(p + 1024);
#endif
    const std::uint64_t w0 = le64(p) ^ pend[0];
    const std::uint64_t w1 = le64(p + 8) ^ pend[1];
    std::uint64_t next[chorba_pending + 1] = {pend[2], pend[3], pend[4], pend[5], 0, 0};
    std::uint64_t next1[chorba_pending + 1] = {0, 0, 0, 0, 0, 0};
    chorba_spread(w0, next1);  // relative to word 1: shift by one more
    chorba_spread(w1, next);
    // next1 is indexed from word 1; fold it into next, indexed from word 2.
    for (int k = 1; k <= chorba_pending; ++k) next[k - 1] ^= next1[k];
    for (int k = 0; k <= chorba_pending; ++k) pend[k] = next[k];
    p += 16;
    n -= 16;
  }
  // The tail: what is left of the message with the pending words XORed in, then a plain CRC
  // from a zero register (the initial register went into the first word).
  unsigned char tail[16 + reserve];
  for (std::size_t i = 0; i < n; ++i) tail[i] = p[i];
  for (int k = 0; k < chorba_pending; ++k)
    for (int b = 0; b < 8; ++b) tail[8 * k + b] ^= static_cast<unsigned char>(pend[k] >> (8 * b));
  return crcsparse::slice(0, tail, n, tb);
}

#if !defined(__wasm__)
std::uint32_t chorba(std::uint32_t c, const unsigned char *p, std::size_t n) noexcept {
  // Below this the setup and the fixed-size tail cost more than they save.
  if (n < 512) return slice16(c, p, n, crc32_tables);
  return chorba_core(c, p, n, crc32_tables);
}
#endif

// The sparse-multiple kernels (crc32_sparse.hpp) on 64-bit words; short inputs, where the
// fixed tail of about 300 bytes would be most of the work anyway, go straight to the tables
// (slice-by-16 natively, slice-by-8 in wasm).
// Natively the short path is the tuned slice-by-16 loop above (4 ns faster at 64 bytes than
// the generic one).
template <std::uint32_t Poly, class Tables>
std::uint32_t short_path(std::uint32_t c, const unsigned char *p, std::size_t n,
                         const Tables &t) noexcept {
#if defined(__wasm__)
  return crcsparse::split_slice<Poly>(c, p, n, t);
#else
  return slice16(c, p, n, t);
#endif
}
template <class Tables>
std::uint32_t sparse_crc32(std::uint32_t c, const unsigned char *p, std::size_t n,
                           const Tables &t) noexcept {
  if (n < crcsparse::min_len) return short_path<crcmath::crc32_poly>(c, p, n, t);
  return crcsparse::sparse<crcsparse::word64, Tables, crcmath::crc32_poly, 145, 183, 211, 300>(c, p, n, t);
}
template <class Tables>
std::uint32_t sparse_crc32c(std::uint32_t c, const unsigned char *p, std::size_t n,
                            const Tables &t) noexcept {
  if (n < crcsparse::min_len) return short_path<crcmath::crc32c_poly>(c, p, n, t);
  return crcsparse::sparse<crcsparse::word64, Tables, crcmath::crc32c_poly, 154, 177, 183, 258, 290>(c, p, n, t);
}

// a * b mod P, both reflected, for combine.
std::uint32_t mulmod_reflected(std::uint32_t a, std::uint32_t b, std::uint32_t poly) noexcept {
  std::uint32_t r = 0;
  for (int i = 0; i < 32; ++i) {
    r ^= b & (0u - (a >> 31));  // coefficient of x^i in a is bit 31 - i
    a <<= 1;
    b = (b >> 1) ^ (poly & (0u - (b & 1u)));
  }
  return r;
}

std::uint32_t combine(std::uint32_t crc1, std::uint32_t crc2, std::uint64_t len2, std::uint32_t poly,
                      const crcmath::pow2_table &x2k) noexcept {
  // crc1 * x^(8 len2) mod P: the bytes of B pass over crc1 as if they were zeros; the pre- and
  // post-inversions of the two CRCs cancel out.
  std::uint32_t m = 0x80000000u;  // 1
  for (int k = 3; len2; ++k, len2 >>= 1)
    if (len2 & 1u) m = mulmod_reflected(m, x2k.x2k[k], poly);
  return mulmod_reflected(crc1, m, poly) ^ crc2;
}

constexpr crcmath::pow2_table crc32_x2k = crcmath::make_pow2_table(crcmath::crc32_poly);
constexpr crcmath::pow2_table crc32c_x2k = crcmath::make_pow2_table(crcmath::crc32c_poly);

dispatcher<crc_fn, sizeof crc32_variants / sizeof crc32_variants[0]> g_crc32{crc32_variants};
dispatcher<crc_fn, sizeof crc32c_variants / sizeof crc32c_variants[0]> g_crc32c{crc32c_variants};

// The public entry points jump through these pointers, which start at a resolver that asks the
// dispatcher once and stores its choice. Calling through dispatcher::get() directly inlined the
// resolve path into ek::crc32 and made it save registers and build a frame on every call, which
// cost about 0.7 ns per call (a third of the time at 16 bytes); this way the hot path is a
// null test, one load and a tail jump. Relaxed is enough: the pointer targets code, and a
// racing first call merely resolves twice to the same answer.
std::uint32_t crc32_resolve(std::uint32_t crc, const unsigned char *p, std::size_t n) noexcept;
std::uint32_t crc32c_resolve(std::uint32_t crc, const unsigned char *p, std::size_t n) noexcept;
std::atomic<crc_fn> g_crc32_fn{crc32_resolve};
std::atomic<crc_fn> g_crc32c_fn{crc32c_resolve};

std::uint32_t crc32_resolve(std::uint32_t crc, const unsigned char *p, std::size_t n) noexcept {
  const crc_fn f = g_crc32.get().fn;
  g_crc32_fn.store(f, std::memory_order_relaxed);
  return f(crc, p, n);
}
std::uint32_t crc32c_resolve(std::uint32_t crc, const unsigned char *p, std::size_t n) noexcept {
  const crc_fn f = g_crc32c.get().fn;
  g_crc32c_fn.store(f, std::memory_order_relaxed);
  return f(crc, p, n);
}

}  // namespace

#if defined(__wasm__)
std::uint32_t crc32_chorba(std::uint32_t crc, const unsigned char *p, std::size_t n) noexcept {
  return ~chorba_core(~crc, p, n, crc32_tables8);
}
std::uint32_t crc32_sparse64(std::uint32_t crc, const unsigned char *p, std::size_t n) noexcept {
  if (n >= crcsparse::min_len && n < wasm_chorba_below) return crc32_chorba(crc, p, n);
  return ~sparse_crc32(~crc, p, n, crc32_tables8);
}
std::uint32_t crc32c_sparse64(std::uint32_t crc, const unsigned char *p, std::size_t n) noexcept {
  return ~sparse_crc32c(~crc, p, n, crc32c_tables8);
}
std::uint32_t crc32_slice8(std::uint32_t crc, const unsigned char *p, std::size_t n) noexcept {
  return ~crcsparse::slice(~crc, p, n, crc32_tables8);
}
std::uint32_t crc32c_slice8(std::uint32_t crc, const unsigned char *p, std::size_t n) noexcept {
  return ~crcsparse::slice(~crc, p, n, crc32c_tables8);
}
#else
std::uint32_t crc32_slice16(std::uint32_t crc, const unsigned char *p, std::size_t n) noexcept {
  return ~slice16(~crc, p, n, crc32_tables);
}
std::uint32_t crc32c_slice16(std::uint32_t crc, const unsigned char *p, std::size_t n) noexcept {
  return ~slice16(~crc, p, n, crc32c_tables);
}
std::uint32_t crc32_chorba(std::uint32_t crc, const unsigned char *p, std::size_t n) noexcept {
  return ~chorba(~crc, p, n);
}
// The slice-by-16 tables start with the slice-by-8 rows.
std::uint32_t crc32_sparse64(std::uint32_t crc, const unsigned char *p, std::size_t n) noexcept {
  return ~sparse_crc32(~crc, p, n, crc32_tables);
}
std::uint32_t crc32c_sparse64(std::uint32_t crc, const unsigned char *p, std::size_t n) noexcept {
  return ~sparse_crc32c(~crc, p, n, crc32c_tables);
}
#endif

void checksum_reset() noexcept {
  g_crc32.reset();
  g_crc32c.reset();
  g_crc32_fn.store(crc32_resolve, std::memory_order_relaxed);
  g_crc32c_fn.store(crc32c_resolve, std::memory_order_relaxed);
}

const char *checksum_path(cpu::kernel k) noexcept {
  if (k == cpu::kernel::crc32) return g_crc32.get().name;
  if (k == cpu::kernel::crc32c) return g_crc32c.get().name;
  return nullptr;
}

}  // namespace detail

std::uint32_t crc32(std::uint32_t crc, const void *data, std::size_t len) noexcept {
  if (!data) return crc;
  return detail::g_crc32_fn.load(std::memory_order_relaxed)(crc, static_cast<const unsigned char *>(data), len);
}

std::uint32_t crc32c(std::uint32_t crc, const void *data, std::size_t len) noexcept {
  if (!data) return crc;
  return detail::g_crc32c_fn.load(std::memory_order_relaxed)(crc, static_cast<const unsigned char *>(data), len);
}

std::uint32_t crc32_combine(std::uint32_t crc1, std::uint32_t crc2, std::uint64_t len2) noexcept {
  return detail::combine(crc1, crc2, len2, detail::crcmath::crc32_poly, detail::crc32_x2k);
}

std::uint32_t crc32c_combine(std::uint32_t crc1, std::uint32_t crc2, std::uint64_t len2) noexcept {
  return detail::combine(crc1, crc2, len2, detail::crcmath::crc32c_poly, detail::crc32c_x2k);
}

}  // namespace ek
