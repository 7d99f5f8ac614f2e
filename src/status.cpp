// Status strings, shared by the C++ API (ek::status_str) and the C ABI (ek_status_str).
#include "edgekernels/status.hpp"

namespace ek {

const char *status_str(int status) noexcept {
  switch (status) {
    case EK_OK: return "ok";
    case EK_ERR_NULL: return "null pointer";
    case EK_ERR_ARG: return "invalid argument";
    case EK_ERR_OVERFLOW: return "size overflow";
    case EK_ERR_NOMEM: return "out of memory";
    case EK_ERR_FORMAT: return "malformed input";
    case EK_ERR_LIMIT: return "limit exceeded";
    case EK_ERR_UNSUPPORTED: return "unsupported";
    default: return "unknown status";
  }
}

}  // namespace ek
