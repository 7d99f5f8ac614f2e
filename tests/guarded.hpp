// Test helper: memory fenced by inaccessible pages, so that a kernel reading or writing even one
// byte outside its buffer faults instead of passing silently.
#ifndef EK_TESTS_GUARDED_HPP
#define EK_TESTS_GUARDED_HPP

#include <catch2/catch.hpp>
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstring>

// [PROT_NONE page][data pages][PROT_NONE page]. at_end(bytes) places a buffer so it ends exactly
// at the upper guard, at_start() at the lower one.
class guarded {
 public:
  explicit guarded(std::size_t bytes) {
    page_ = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    data_ = (bytes + page_ - 1) / page_ * page_;
    void *p = mmap(nullptr, data_ + 2 * page_, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    REQUIRE(p != MAP_FAILED);
    base_ = static_cast<unsigned char *>(p);
    REQUIRE(mprotect(base_, page_, PROT_NONE) == 0);
    REQUIRE(mprotect(base_ + page_ + data_, page_, PROT_NONE) == 0);
  }
  ~guarded() { munmap(base_, data_ + 2 * page_); }
  guarded(const guarded &) = delete;
  guarded &operator=(const guarded &) = delete;

  template <class T>
  T *at_end(std::size_t n) const {
    return reinterpret_cast<T *>(base_ + page_ + data_ - n * sizeof(T));
  }
  template <class T>
  T *at_start() const {
    return reinterpret_cast<T *>(base_ + page_);
  }
  template <class T>
  T *at(std::size_t byte_offset) const {
    return reinterpret_cast<T *>(base_ + page_ + byte_offset);
  }

 private:
  std::size_t page_ = 0, data_ = 0;
  unsigned char *base_ = nullptr;
};

// Copies src[0..n) so that it ends at the upper guard page.
inline const unsigned char *copy_to_end(const guarded &g, const unsigned char *src, std::size_t n) {
  unsigned char *p = g.at_end<unsigned char>(n);
  if (n) std::memcpy(p, src, n);
  return p;
}
// Copies src[0..n) so that it starts at the lower guard page.
inline const unsigned char *copy_to_start(const guarded &g, const unsigned char *src, std::size_t n) {
  unsigned char *p = g.at_start<unsigned char>();
  if (n) std::memcpy(p, src, n);
  return p;
}

#endif
