// The one place the library calls malloc/free: through the caller's ek_allocator when given.
#include <cstdlib>

#include "edgekernels/detail/memory.hpp"

namespace ek {
namespace detail {

void *allocate_bytes(const ek_allocator *a, std::size_t bytes) noexcept {
  if (bytes == 0) bytes = 1;  // malloc(0) may return NULL; a zero-sized object is still an object
  if (a) return a->alloc ? a->alloc(a->ctx, bytes) : nullptr;
  return std::malloc(bytes);
}

void free_bytes(const ek_allocator *a, void *p) noexcept {
  if (!p) return;
  if (a) {
    if (a->free) a->free(a->ctx, p);
    return;
  }
  std::free(p);
}

}  // namespace detail
}  // namespace ek
