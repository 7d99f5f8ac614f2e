// TEMPORARY scaffold: replaced by the reduce module's implementation.
#include "internal/dispatch.hpp"
namespace ek { namespace detail {
void reduce_reset() noexcept {}
const char *reduce_path(cpu::kernel) noexcept { return nullptr; }
} }
