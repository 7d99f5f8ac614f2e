// The filter family's variant table, in dispatch priority order (portable last). Internal:
// the dispatcher in filter.cpp resolves it, and the tests walk it to run every variant the
// CPU can execute.
#ifndef EK_FILTER_VARIANTS_HPP
#define EK_FILTER_VARIANTS_HPP

#include <cstddef>

#include "filter/kernels.hpp"
#include "internal/dispatch.hpp"

namespace ek {
namespace detail {
namespace filter {

using filter_variant = variant<const ops *>;

// Returns the table and stores its length in *count.
const filter_variant *variants(std::size_t *count) noexcept;

}  // namespace filter
}  // namespace detail
}  // namespace ek

#endif
