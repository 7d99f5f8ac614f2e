// TEMPORARY scaffold: replaced by the filter module's implementation.
#include "internal/dispatch.hpp"
namespace ek { namespace detail {
void filter_reset() noexcept {}
const char *filter_path(cpu::kernel) noexcept { return nullptr; }
} }
