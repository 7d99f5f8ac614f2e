// AVX-512 filter variant (F/BW/DQ/VL + BMI2 flags; runs only when cpu::avx512 is present).
//
// Raw intrinsics throughout: every kernel relies on what xsimd 8.1 does not expose, namely
// masked loads and stores (exact tails and head alignment with no scalar loop and no access
// past the end; masked-off lanes do not fault) and VPCOMPRESSD. VBMI2's VPCOMPRESSB would be
// faster for select but has no feature bit of its own here, so it is not used.
//
// Everything is in an anonymous namespace and calls no std:: template (see kernels.hpp).
#include "internal/avx512_intrinsics.hpp"

#include <cstddef>
#include <cstdint>

#include "filter/kernels.hpp"

namespace ek {
namespace detail {
namespace filter {
namespace {

// Lane masks for k < 64 lanes; _bzhi_u64 is BMI2, which cpu::avx512 implies (see cpu.cpp).
inline std::uint64_t first_lanes(std::size_t k) noexcept {
  return k >= 64 ? ~0ull : _bzhi_u64(~0ull, static_cast<unsigned>(k));
}

template <std::size_t ES>  // element size: 1 (bytes) or 4 (32-bit lanes)
inline __m512i load_masked(const void *p, std::uint64_t m) noexcept {
  if constexpr (ES == 1)
    return _mm512_maskz_loadu_epi8(m, p);
  else
    return _mm512_maskz_loadu_epi32(static_cast<__mmask16>(m), p);
}

template <std::size_t ES>
inline void store_masked(void *p, std::uint64_t m, __m512i v) noexcept {
  if constexpr (ES == 1)
    _mm512_mask_storeu_epi8(p, m, v);
  else
    _mm512_mask_storeu_epi32(p, static_cast<__mmask16>(m), v);
}

// Element-wise op over n elements of ES bytes: a masked head up to the first 64-byte boundary
// of out (so the bulk of the stores never split a cache line), whole vectors, a masked tail.
template <std::size_t ES, class Op>
inline void map(const void *in_v, void *out_v, std::size_t n, Op op) noexcept {
  const auto *in = static_cast<const unsigned char *>(in_v);
  auto *out = static_cast<unsigned char *>(out_v);
  constexpr std::size_t W = 64 / ES;
  std::size_t i = 0;  // in elements
  if (n > W) {
    const std::size_t mis = reinterpret_cast<std::uintptr_t>(out) % 64;
    if (mis != 0 && mis % ES == 0) {
      const std::uint64_t m = first_lanes((64 - mis) / ES);
      store_masked<ES>(out, m, op(load_masked<ES>(in, m)));
      i = (64 - mis) / ES;
    }
  }
  for (; i + 4 * W <= n; i += 4 * W) {
    const unsigned char *s = in + i * ES;
    unsigned char *d = out + i * ES;
    const __m512i a = op(_mm512_loadu_si512(s));
    const __m512i b = op(_mm512_loadu_si512(s + 64));
    const __m512i c = op(_mm512_loadu_si512(s + 128));
    const __m512i e = op(_mm512_loadu_si512(s + 192));
    _mm512_storeu_si512(d, a);
    _mm512_storeu_si512(d + 64, b);
    _mm512_storeu_si512(d + 128, c);
    _mm512_storeu_si512(d + 192, e);
  }
  for (; i + W <= n; i += W) _mm512_storeu_si512(out + i * ES, op(_mm512_loadu_si512(in + i * ES)));
  if (i < n) {
    const std::uint64_t m = first_lanes(n - i);
    store_masked<ES>(out + i * ES, m, op(load_masked<ES>(in + i * ES, m)));
  }
}

void threshold_u8(const std::uint8_t *in, std::uint8_t *out, std::size_t n,
                  std::uint8_t t) noexcept {
  const __m512i tv = _mm512_set1_epi8(static_cast<char>(t));
  map<1>(in, out, n, [tv](__m512i v) noexcept {
    return _mm512_maskz_mov_epi8(_mm512_cmpgt_epu8_mask(v, tv), v);
  });
}

void clamp_u8(const std::uint8_t *in, std::uint8_t *out, std::size_t n, std::uint8_t lo,
              std::uint8_t hi) noexcept {
  const __m512i l = _mm512_set1_epi8(static_cast<char>(lo));
  const __m512i h = _mm512_set1_epi8(static_cast<char>(hi));
  map<1>(in, out, n, [l, h](__m512i v) noexcept { return _mm512_min_epu8(_mm512_max_epu8(v, l), h); });
}

void clamp_i32(const std::int32_t *in, std::int32_t *out, std::size_t n, std::int32_t lo,
               std::int32_t hi) noexcept {
  const __m512i l = _mm512_set1_epi32(lo);
  const __m512i h = _mm512_set1_epi32(hi);
  map<4>(in, out, n, [l, h](__m512i v) noexcept { return _mm512_min_epi32(_mm512_max_epi32(v, l), h); });
}

void clamp_f32(const float *in, float *out, std::size_t n, float lo, float hi) noexcept {
  const __m512 l = _mm512_set1_ps(lo);
  const __m512 h = _mm512_set1_ps(hi);
  // VMAXPS(lo, v) = lo > v ? lo : v and VMINPS(hi, y) = hi < y ? hi : y: the second operand
  // wins on NaN and on equal zeros, which is the portable kernel's definition exactly.
  map<4>(in, out, n, [l, h](__m512i v) noexcept {
    return _mm512_castps_si512(_mm512_min_ps(h, _mm512_max_ps(l, _mm512_castsi512_ps(v))));
  });
}

std::size_t select_above_u8(const std::uint8_t *in, std::size_t n, std::uint8_t t,
                            std::uint32_t *indices, std::size_t cap) noexcept {
  const __m512i tv = _mm512_set1_epi8(static_cast<char>(t));
  const __m512i iota = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  const __m512i sixteen = _mm512_set1_epi32(16);
  std::size_t c = 0, i = 0;
  // Emitting phase, 64 bytes a step. Masked-off (zero) lanes never compare > t, so a masked
  // load serves as the tail too. Each 16-byte quarter's selected lane indices are compressed
  // to the front of a register and stored at that quarter's output offset.
  while (i < n && c < cap) {
    const std::size_t len = n - i < 64 ? n - i : 64;
    const std::uint64_t m = _mm512_cmpgt_epu8_mask(load_masked<1>(in + i, first_lanes(len)), tv);
    if (m != 0) {
      // i <= UINT32_MAX (checked by the front end); lanes past n may wrap but are never selected.
      const __m512i base = _mm512_add_epi32(iota, _mm512_set1_epi32(static_cast<int>(static_cast<std::uint32_t>(i))));
      const auto m0 = static_cast<__mmask16>(m), m1 = static_cast<__mmask16>(m >> 16),
                 m2 = static_cast<__mmask16>(m >> 32), m3 = static_cast<__mmask16>(m >> 48);
      // Output offsets from independent popcounts, so the only loop-carried dependency is one
      // add per block (a popcount -> add chain per quarter would cap the dense case).
      const std::size_t o1 = static_cast<std::size_t>(__builtin_popcount(m0));
      const std::size_t o2 = o1 + static_cast<std::size_t>(__builtin_popcount(m1));
      const std::size_t o3 = o2 + static_cast<std::size_t>(__builtin_popcount(m2));
      const std::size_t total = static_cast<std::size_t>(__builtin_popcountll(m));
      const __m512i c0 = _mm512_maskz_compress_epi32(m0, base);
      const __m512i c1 = _mm512_maskz_compress_epi32(m1, _mm512_add_epi32(base, sixteen));
      const __m512i c2 = _mm512_maskz_compress_epi32(m2, _mm512_add_epi32(base, _mm512_slli_epi32(sixteen, 1)));
      const __m512i c3 = _mm512_maskz_compress_epi32(m3, _mm512_add_epi32(base, _mm512_set1_epi32(48)));
      std::uint32_t *dst = indices + c;
      if (cap - c >= 64) {
        // Room for the whole block: full 16-lane stores, the lanes past each quarter's count
        // are scratch (overwritten by the next quarter or past the total, within cap).
        _mm512_storeu_si512(dst, c0);
        _mm512_storeu_si512(dst + o1, c1);
        _mm512_storeu_si512(dst + o2, c2);
        _mm512_storeu_si512(dst + o3, c3);
      } else {
        // Near the end of cap: masked stores of exactly what fits.
        const std::size_t room = cap - c;
        const auto fit = [room](std::size_t off, std::size_t cnt) noexcept {
          const std::size_t left = off < room ? room - off : 0;
          return static_cast<__mmask16>(_bzhi_u32(0xFFFFu, static_cast<unsigned>(cnt < left ? cnt : left)));
        };
        // When nothing fits the mask is empty and the address stays within [dst, indices + cap].
        const auto at = [dst, room](std::size_t off) noexcept { return dst + (off < room ? off : room); };
        _mm512_mask_storeu_epi32(at(0), fit(0, o1), c0);
        _mm512_mask_storeu_epi32(at(o1), fit(o1, o2 - o1), c1);
        _mm512_mask_storeu_epi32(at(o2), fit(o2, o3 - o2), c2);
        _mm512_mask_storeu_epi32(at(o3), fit(o3, total - o3), c3);
      }
      c += total;
    }
    i += len;
  }
  // Counting phase, once cap is full.
  for (; i + 256 <= n; i += 256) {
    const std::uint64_t a = _mm512_cmpgt_epu8_mask(_mm512_loadu_si512(in + i), tv);
    const std::uint64_t b = _mm512_cmpgt_epu8_mask(_mm512_loadu_si512(in + i + 64), tv);
    const std::uint64_t d = _mm512_cmpgt_epu8_mask(_mm512_loadu_si512(in + i + 128), tv);
    const std::uint64_t e = _mm512_cmpgt_epu8_mask(_mm512_loadu_si512(in + i + 192), tv);
    c += static_cast<std::size_t>(__builtin_popcountll(a) + __builtin_popcountll(b) +
                                  __builtin_popcountll(d) + __builtin_popcountll(e));
  }
  for (; i < n; i += 64) {
    const std::size_t len = n - i < 64 ? n - i : 64;
    c += static_cast<std::size_t>(
        __builtin_popcountll(_mm512_cmpgt_epu8_mask(load_masked<1>(in + i, first_lanes(len)), tv)));
  }
  return c;
}

}  // namespace

const ops avx512_ops = {threshold_u8, clamp_u8, clamp_i32, clamp_f32, select_above_u8};

}  // namespace filter
}  // namespace detail
}  // namespace ek
