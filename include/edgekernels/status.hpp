// edgekernels — status codes in the C++ API: the same ek_status values the C ABI returns.
#ifndef EDGEKERNELS_STATUS_HPP
#define EDGEKERNELS_STATUS_HPP

#include "edgekernels/types.h"

namespace ek {

// A short, static, English description of a status ("ok", "null pointer", ...). Never nullptr;
// unknown values give "unknown status".
const char *status_str(int status) noexcept;

}  // namespace ek

#endif
