// stb_image_write, compiled into the library (static: nothing of it is exported). Kept in its own
// file so that it alone is built without UBSan's shift check: stb's JPEG bit writer shifts a
// negative int left (`bitBuf <<= 8` once junk reaches bit 31), which GCC and Clang define as the
// two's-complement result but C++17 calls undefined.
#include <cstdlib>

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

namespace ek {
namespace detail {

// Declared where they are used (encode.cpp); the contract is stb's.
int stb_write_jpeg(void (*sink)(void *, void *, int), void *ctx, int w, int h, int comp,
                   const void *data, int quality) noexcept;
unsigned char *stb_write_png(const unsigned char *pixels, int stride, int w, int h, int comp,
                             int *len) noexcept;

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
