// edgekernels — internal: allocation through an optional ek_allocator, with checked sizes.
//
// The stateful objects (detectors, forecasters, windows) own their memory through these helpers
// only. No exceptions, no operator new, no std containers: a failed allocation is a status the
// caller returns, and the library links without the C++ runtime.
#ifndef EDGEKERNELS_DETAIL_MEMORY_HPP
#define EDGEKERNELS_DETAIL_MEMORY_HPP

#include <cstddef>
#include <cstdint>
#include <new>
#include <type_traits>

#include "edgekernels/types.h"

namespace ek {
namespace detail {

// nullptr on failure, including size overflow. `a` may be nullptr (malloc).
void *allocate_bytes(const ek_allocator *a, std::size_t bytes) noexcept;
void free_bytes(const ek_allocator *a, void *p) noexcept;

template <class T>
T *allocate(const ek_allocator *a, std::size_t n) noexcept {
  static_assert(std::is_trivially_copyable<T>::value && alignof(T) <= 16,
                "raw storage is for plain data");
  if (n > SIZE_MAX / sizeof(T)) return nullptr;
  return static_cast<T *>(allocate_bytes(a, n * sizeof(T)));
}

// Allocates and constructs one object (placement new: no C++ runtime needed). nullptr on failure.
template <class T, class... Args>
T *create(const ek_allocator *a, Args &&...args) noexcept {
  static_assert(alignof(T) <= 16, "allocator guarantees 16-byte alignment");
  void *p = allocate_bytes(a, sizeof(T));
  return p ? ::new (p) T(static_cast<Args &&>(args)...) : nullptr;
}
template <class T>
void destroy(const ek_allocator *a, T *p) noexcept {
  if (!p) return;
  p->~T();
  free_bytes(a, p);
}

// An owning array of plain data: fixed size until resized, move-only.
template <class T>
class array {
 public:
  array() noexcept = default;
  array(const array &) = delete;
  array &operator=(const array &) = delete;
  array(array &&o) noexcept : a_(o.a_), p_(o.p_), n_(o.n_) { o.p_ = nullptr, o.n_ = 0; }
  array &operator=(array &&o) noexcept {
    if (this != &o) {
      reset();
      a_ = o.a_, p_ = o.p_, n_ = o.n_;
      o.p_ = nullptr, o.n_ = 0;
    }
    return *this;
  }
  ~array() { reset(); }

  // Replaces the contents with n uninitialised elements. On failure the array is left empty.
  ek_status allocate(const ek_allocator *a, std::size_t n) noexcept {
    reset();
    a_ = a;
    if (n == 0) return EK_OK;
    p_ = detail::allocate<T>(a, n);
    if (!p_) return EK_ERR_NOMEM;
    n_ = n;
    return EK_OK;
  }
  void reset() noexcept {
    if (p_) free_bytes(a_, p_);
    p_ = nullptr, n_ = 0;
  }

  T *data() noexcept { return p_; }
  const T *data() const noexcept { return p_; }
  std::size_t size() const noexcept { return n_; }
  T &operator[](std::size_t i) noexcept { return p_[i]; }
  const T &operator[](std::size_t i) const noexcept { return p_[i]; }
  const ek_allocator *allocator() const noexcept { return a_; }

 private:
  const ek_allocator *a_ = nullptr;
  T *p_ = nullptr;
  std::size_t n_ = 0;
};

}  // namespace detail
}  // namespace ek

#endif
