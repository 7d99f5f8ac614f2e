// Include first in every translation unit compiled with the avx512 flags.
//
// GCC 12's AVX-512 intrinsics build masked and min/max operations from _mm512_undefined_*()
// placeholders and then warn about those placeholders once inlined (GCC PR 105593): a false
// -Wmaybe-uninitialized / -Wuninitialized in our code, fatal under -Werror. The masked-off lanes
// are never read. The pragmas must precede <immintrin.h>, hence this header.
#ifndef EK_INTERNAL_AVX512_INTRINSICS_HPP
#define EK_INTERNAL_AVX512_INTRINSICS_HPP

#if defined(__GNUC__) && !defined(__clang__)
#  pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#  pragma GCC diagnostic ignored "-Wuninitialized"
#endif
#include <immintrin.h>

#endif
