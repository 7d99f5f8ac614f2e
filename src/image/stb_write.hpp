// Internal: stb_image_write's two writers, compiled in encode_stb.cpp (alone, for its sanitizer
// flags) and called from encode.cpp. The contract is stb's; sizes are checked by the caller.
#ifndef EK_IMAGE_STB_WRITE_HPP
#define EK_IMAGE_STB_WRITE_HPP

namespace ek {
namespace detail {

// JPEG through a sink (stbi_write_jpg_to_func); non-zero on success.
int stb_write_jpeg(void (*sink)(void *, void *, int), void *ctx, int w, int h, int comp,
                   const void *data, int quality) noexcept;
// PNG in one malloc'd buffer (stbi_write_png_to_mem); NULL on failure.
unsigned char *stb_write_png(const unsigned char *pixels, int stride, int w, int h, int comp,
                             int *len) noexcept;

}  // namespace detail
}  // namespace ek

#endif
