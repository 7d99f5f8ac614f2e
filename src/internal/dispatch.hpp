// Runtime dispatch shared by every kernel family.
//
// A family is a table of variants in priority order, the portable one last (it requires no
// feature). A dispatcher resolves the table against ek::cpu::features() on first use and caches
// the pointer; the hot path is one relaxed atomic load and an indirect call. Dispatchers are
// constant-initialised, so calling a kernel from another static initialiser is safe.
#ifndef EK_INTERNAL_DISPATCH_HPP
#define EK_INTERNAL_DISPATCH_HPP

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "edgekernels/cpu.hpp"

namespace ek {
namespace detail {

template <class Fn>
struct variant {
  const char *name;        // stable, lower-case, reported by ek_kernel_path
  std::uint64_t needs;     // ek::cpu feature bits that must all be present
  Fn fn;
};

template <class Fn>
constexpr bool runnable(const variant<Fn> &v, std::uint64_t features) noexcept {
  return (v.needs & ~features) == 0;
}

template <class Fn, std::size_t N>
class dispatcher {
 public:
  constexpr explicit dispatcher(const variant<Fn> (&table)[N]) noexcept : table_(table) {}

  const variant<Fn> &get() const noexcept {
    const variant<Fn> *v = current_.load(std::memory_order_acquire);
    return v ? *v : resolve();
  }
  void reset() noexcept { current_.store(nullptr, std::memory_order_release); }

  static constexpr std::size_t size() noexcept { return N; }
  const variant<Fn> &operator[](std::size_t i) const noexcept { return table_[i]; }

 private:
  const variant<Fn> &resolve() const noexcept {
    const std::uint64_t f = cpu::features();
    const variant<Fn> *v = &table_[N - 1];
    for (std::size_t i = 0; i < N; ++i) {
      if (runnable(table_[i], f)) {
        v = &table_[i];
        break;
      }
    }
    current_.store(v, std::memory_order_release);
    return *v;
  }

  const variant<Fn> (&table_)[N];
  mutable std::atomic<const variant<Fn> *> current_{nullptr};
};

// Each module with dispatched kernels defines these (see src/cpu.cpp for the list):
// reset drops its cached choices; path names the variant a family of its uses, or nullptr if
// the family is not its own.
void checksum_reset() noexcept;
const char *checksum_path(cpu::kernel k) noexcept;
void reduce_reset() noexcept;
const char *reduce_path(cpu::kernel k) noexcept;
void filter_reset() noexcept;
const char *filter_path(cpu::kernel k) noexcept;

}  // namespace detail
}  // namespace ek

#endif
