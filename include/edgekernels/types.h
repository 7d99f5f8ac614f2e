/* edgekernels — types shared by the C ABI and the C++ API: the status code every fallible call
 * returns, the export macro, and the allocator hook that stateful objects (detectors,
 * forecasters, windows) take instead of calling malloc behind the caller's back. */
#ifndef EDGEKERNELS_TYPES_H
#define EDGEKERNELS_TYPES_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32) && defined(EK_SHARED)
#  if defined(EK_BUILDING_LIBRARY)
#    define EK_API __declspec(dllexport)
#  else
#    define EK_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__)
#  define EK_API __attribute__((visibility("default")))
#else
#  define EK_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ek_status {
  EK_OK = 0,
  EK_ERR_NULL = -1,        /* a required pointer was NULL */
  EK_ERR_ARG = -2,         /* an argument is out of its domain (empty input where one is needed, lo > hi, ...) */
  EK_ERR_OVERFLOW = -3,    /* a size computation would overflow */
  EK_ERR_NOMEM = -4,       /* an allocation failed */
  EK_ERR_FORMAT = -5,      /* malformed input data */
  EK_ERR_LIMIT = -6,       /* input or output exceeds a configured limit or capacity */
  EK_ERR_UNSUPPORTED = -7  /* feature not compiled in or not available */
} ek_status;

/* Where a stateful object gets its memory. Pass NULL wherever an `const ek_allocator *` is taken
 * to use malloc/free. `alloc` returns memory aligned to at least 16 bytes, or NULL on failure
 * (which the caller reports as EK_ERR_NOMEM, leaking nothing); `free` accepts what `alloc`
 * returned, never NULL. `ctx` is passed through untouched: an arena, a quota counter, a test's
 * failure injector. Objects keep the pointer, so the allocator must outlive them. Memory is only
 * ever allocated when an object is created or grows (a new key, a longer event-time window),
 * never in a steady-state push. */
typedef struct ek_allocator {
  void *(*alloc)(void *ctx, size_t size);
  void (*free)(void *ctx, void *ptr);
  void *ctx;
} ek_allocator;

/* Raw memory from the library's default allocator (malloc): what a host without direct access
 * to the C heap (JavaScript over a wasm instance) uses to pass buffers in and to release the
 * encoded bytes ek_image_encode/ek_image_transform return. ek_malloc returns NULL on failure
 * (never traps, even in wasm, where the memory grows until its maximum); ek_free(NULL) is a
 * no-op. */
EK_API void *ek_malloc(size_t bytes);
EK_API void ek_free(void *bytes);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* EDGEKERNELS_TYPES_H */
