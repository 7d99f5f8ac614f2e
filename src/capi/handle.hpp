// C ABI internals: handles. A handle is a struct holding the C++ object (`obj`) and the
// allocator it came from (`alloc`), created and freed through that allocator.
#ifndef EK_CAPI_HANDLE_HPP
#define EK_CAPI_HANDLE_HPP

#include <cstdint>

#include "edgekernels/detail/memory.hpp"

namespace ek {
namespace capi {

// Creates a handle H around an object initialised from `cfg`. On any failure *out = NULL and
// nothing is kept. An allocator with a NULL function is EK_ERR_NULL.
template <class H, class Config>
ek_status make_handle(const Config &cfg, const ek_allocator *a, H **out) noexcept {
  *out = nullptr;
  if (a && (!a->alloc || !a->free)) return EK_ERR_NULL;
  H *h = ek::detail::create<H>(a);
  if (!h) return EK_ERR_NOMEM;
  h->alloc = a;
  const ek_status st = h->obj.init(cfg, a);
  if (st != EK_OK) {
    ek::detail::destroy(a, h);
    return st;
  }
  *out = h;
  return EK_OK;
}

// h may be NULL.
template <class H>
void free_handle(H *h) noexcept {
  if (h) ek::detail::destroy(h->alloc, h);
}

// Stores the accepted/rejected counters where the caller asked for them (either may be NULL).
inline ek_status counts(std::uint64_t accepted, std::uint64_t rejected, std::uint64_t *acc_out,
                        std::uint64_t *rej_out) noexcept {
  if (acc_out) *acc_out = accepted;
  if (rej_out) *rej_out = rejected;
  return EK_OK;
}

}  // namespace capi
}  // namespace ek

#endif
