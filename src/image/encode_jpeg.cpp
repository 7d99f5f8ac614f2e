// JPEG through libjpeg-turbo (EK_WITH_LIBJPEG): ~6x faster than stb's writer at the same quality
// scale and size, reads rows in place (any stride, no whole-image copy), writes a real
// one-component JPEG for gray input, and has no undefined shifts. Output goes straight into the
// caller's allocator through a destination manager.
#if EK_WITH_LIBJPEG

#include <csetjmp>
#include <cstdio>  // jpeglib.h needs FILE
#include <cstring>

#include <jpeglib.h>
#include <jerror.h>

#include "edgekernels/image/image.hpp"

namespace ek {
namespace detail {

ek_status jpeg_turbo_encode(image_view in, int quality, const ek_allocator *a,
                            std::uint8_t **out, std::size_t *out_len) noexcept;

namespace {

struct jpeg_job {
  jpeg_error_mgr err;
  jpeg_destination_mgr dest;
  std::jmp_buf jb;
  const ek_allocator *a = nullptr;
  std::uint8_t *buf = nullptr;
  std::uint8_t *row = nullptr;  // the composited row for 2/4 channels
  std::size_t cap = 0, first = 0;
  bool nomem = false;
};

jpeg_job *job_of(j_common_ptr c) { return static_cast<jpeg_job *>(c->client_data); }

// libjpeg's errors longjmp back to jpeg_turbo_encode's frame; only C frames (no destructors)
// lie in between.
[[noreturn]] void on_error(j_common_ptr c) { std::longjmp(job_of(c)->jb, 1); }
void on_message(j_common_ptr) {}  // never print

void dest_init(j_compress_ptr c) {
  jpeg_job *j = job_of(reinterpret_cast<j_common_ptr>(c));
  j->buf = static_cast<std::uint8_t *>(allocate_bytes(j->a, j->first));
  if (!j->buf) {
    j->nomem = true;
    on_error(reinterpret_cast<j_common_ptr>(c));
  }
  j->cap = j->first;
  c->dest->next_output_byte = j->buf;
  c->dest->free_in_buffer = j->cap;
}

// The buffer is full: double it (its whole content is output).
boolean dest_grow(j_compress_ptr c) {
  jpeg_job *j = job_of(reinterpret_cast<j_common_ptr>(c));
  std::uint8_t *p = j->cap <= SIZE_MAX / 2
                        ? static_cast<std::uint8_t *>(allocate_bytes(j->a, j->cap * 2))
                        : nullptr;
  if (!p) {
    j->nomem = true;
    on_error(reinterpret_cast<j_common_ptr>(c));
  }
  std::memcpy(p, j->buf, j->cap);
  free_bytes(j->a, j->buf);
  j->buf = p;
  c->dest->next_output_byte = p + j->cap;
  c->dest->free_in_buffer = j->cap;
  j->cap *= 2;
  return TRUE;
}

void dest_term(j_compress_ptr) {}

std::uint8_t over_white(std::uint32_t v, std::uint32_t alpha) {
  const std::uint32_t t = v * alpha + 255u * (255u - alpha) + 128u;
  return std::uint8_t((t + (t >> 8)) >> 8);
}

}  // namespace

ek_status jpeg_turbo_encode(image_view in, int quality, const ek_allocator *a,
                            std::uint8_t **out, std::size_t *out_len) noexcept {
  const std::uint32_t jc = in.channels >= 3 ? 3 : 1;
  jpeg_compress_struct c;
  jpeg_job j;  // what the error path needs lives here, not in registers setjmp may lose
  j.a = a;
  // 2/4 channels: one row composited over white at a time.
  if (jc != in.channels) {
    j.row = static_cast<std::uint8_t *>(allocate_bytes(a, std::size_t(in.width) * jc));
    if (!j.row) return EK_ERR_NOMEM;
  }
  // A first guess of the output (about 1/8 of the pixels), so that most images never grow.
  const std::uint64_t guess = std::uint64_t(in.width) * in.height * jc / 8 + 4096;
  j.first = guess > (std::uint64_t(1) << 26) ? std::size_t(1) << 26 : std::size_t(guess);
  c.err = jpeg_std_error(&j.err);
  j.err.error_exit = on_error;
  j.err.output_message = on_message;
  if (setjmp(j.jb)) {
    jpeg_destroy_compress(&c);
    free_bytes(j.a, j.buf);
    free_bytes(j.a, j.row);
    // Sizes and parameters are checked before: what is left is a failed allocation.
    return j.nomem || j.err.msg_code == JERR_OUT_OF_MEMORY ? EK_ERR_NOMEM : EK_ERR_ARG;
  }
  c.client_data = &j;  // kept by jpeg_create_compress, which may already fail
  jpeg_create_compress(&c);
  j.dest.init_destination = dest_init;
  j.dest.empty_output_buffer = dest_grow;
  j.dest.term_destination = dest_term;
  c.dest = &j.dest;
  c.image_width = in.width;
  c.image_height = in.height;
  c.input_components = int(jc);
  c.in_color_space = jc == 3 ? JCS_RGB : JCS_GRAYSCALE;
  jpeg_set_defaults(&c);
  jpeg_set_quality(&c, quality, TRUE);
  if (jc == 3 && quality > 90) {  // stb's rule: 4:2:0 up to 90, 4:4:4 above
    c.comp_info[0].h_samp_factor = 1;
    c.comp_info[0].v_samp_factor = 1;
  }
  jpeg_start_compress(&c, TRUE);
  while (c.next_scanline < c.image_height) {
    const std::uint8_t *s = in.row(c.next_scanline);
    std::uint8_t *row = j.row;
    JSAMPROW r;
    if (!row) {
      r = const_cast<JSAMPROW>(s);  // libjpeg only reads it
    } else {
      const std::uint32_t w = in.width;
      if (in.channels == 2) {
        for (std::uint32_t x = 0; x < w; ++x) row[x] = over_white(s[2 * x], s[2 * x + 1]);
      } else {
        for (std::uint32_t x = 0; x < w; ++x)
          for (int k = 0; k < 3; ++k) row[3 * x + k] = over_white(s[4 * x + k], s[4 * x + 3]);
      }
      r = row;
    }
    jpeg_write_scanlines(&c, &r, 1);
  }
  jpeg_finish_compress(&c);
  const std::size_t len = j.cap - j.dest.free_in_buffer;
  jpeg_destroy_compress(&c);
  free_bytes(a, j.row);
  *out = j.buf, *out_len = len;
  return EK_OK;
}

}  // namespace detail
}  // namespace ek

#endif
