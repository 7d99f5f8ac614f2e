// stb_image_write, compiled into the library (static: nothing of it is exported). Kept in its own
// file so that it alone is built without UBSan's shift check: stb's JPEG bit writer shifts a
// negative int left (`bitBuf <<= 8` once junk reaches bit 31), which GCC and Clang define as the
// two's-complement result but C++17 calls undefined.
#include <cstdlib>

#include <libdeflate.h>

// PNG's zlib stream comes from libdeflate, not stb's own compressor: stb's grows its output with
// an unchecked realloc (a failed allocation would write through NULL), and libdeflate is several
// times faster for smaller files. Level 6: libdeflate's default, past which files barely shrink.
// NULL on failure, which stbi_write_png_to_mem turns into its own failure.
static unsigned char *ek_png_deflate(unsigned char *data, int len, int *out_len, int) {
  libdeflate_compressor *c = libdeflate_alloc_compressor(6);
  if (!c) return nullptr;
  const std::size_t bound = libdeflate_zlib_compress_bound(c, std::size_t(len));
  auto *out = static_cast<unsigned char *>(std::malloc(bound));
  std::size_t n = out ? libdeflate_zlib_compress(c, data, std::size_t(len), out, bound) : 0;
  libdeflate_free_compressor(c);
  if (n == 0 || n > 0x7FFFFFFF) {
    std::free(out);
    return nullptr;
  }
  *out_len = int(n);
  return out;
}
#define STBIW_ZLIB_COMPRESS ek_png_deflate

// stb's allocation macros are spelled out so that the PNG it returns is known to be plain malloc
// memory (encode.cpp hands it over without a copy when no allocator is given). Its assert would
// pull in the C runtime's assert machinery; encode.cpp bounds every size before calling it.
#define STBIW_MALLOC(sz) std::malloc(sz)
#define STBIW_REALLOC(p, newsz) std::realloc(p, newsz)
#define STBIW_FREE(p) std::free(p)
#define STBIW_ASSERT(x) ((void)0)
#define STB_IMAGE_WRITE_STATIC
#define STBI_WRITE_NO_STDIO
#define STB_IMAGE_WRITE_IMPLEMENTATION
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#endif
#include <stb/stb_image_write.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

#include "image/stb_write.hpp"

namespace ek {
namespace detail {

int stb_write_jpeg(void (*sink)(void *, void *, int), void *ctx, int w, int h, int comp,
                   const void *data, int quality) noexcept {
  return stbi_write_jpg_to_func(sink, ctx, w, h, comp, data, quality);
}

unsigned char *stb_write_png(const unsigned char *pixels, int stride, int w, int h, int comp,
                             int *len) noexcept {
  return stbi_write_png_to_mem(pixels, stride, w, h, comp, len);
}

}  // namespace detail
}  // namespace ek
