#!/usr/bin/env bash
# An edge library lives inside someone else's server: it must export only its own prefixed C
# symbols and must not reach for process-killing or printing functions.
# Args: shared-library static-library [nm for the target's object format]
set -euo pipefail
so=$1 a=$2 nmtool=${3:-nm}
nm() { command "$nmtool" "$@"; }
bad=$(nm -D --defined-only "$so" | awk '$2 ~ /^[TDRBVW]$/ {print $3}' | grep -v '^ek_' || true)
if [ -n "$bad" ]; then echo "exported symbols without the ek_ prefix:"; echo "$bad"; exit 1; fi
# (grep on a variable, not on a pipe: grep -q stops reading early and pipefail would then blame nm)
exported=$(nm -D --defined-only "$so")
grep -q ' T ek_crc32$' <<<"$exported" || { echo "ek_crc32 not exported"; exit 1; }
undefined=$(nm -u "$a" | awk 'NF {print $NF}' | grep -v ':$' | sed 's/@.*//' | sort -u)
if ! grep -q '^__asan_' <<<"$undefined"; then
  # Outside sanitizer builds the library needs nothing but a few libc string/env functions:
  # no C++ runtime, no I/O (clang turns memcmp() == 0 into bcmp). Memory comes from malloc/free only where an object is created or
  # grows, and then through the caller's ek_allocator when one is given; libm for the
  # statistics (sqrt with errno, exp/log for distributions). That is what lets a C program link the static
  # library with a plain C linker.
  # On AArch64, GCC compiles std::atomic read-modify-writes to libgcc's outline-atomics helpers
  # (__aarch64_cas8_relax, ...: LSE or LL/SC chosen at load time); libgcc comes with any C link.
  # The image codecs add their libraries (libwebp, libavif, libjpeg-turbo, libdeflate), calloc/
  # realloc and ldexp (stb_image), and setjmp/longjmp (libjpeg's error exits, confined to C-like
  # frames with nothing to destroy).
  allowed='^(_GLOBAL_OFFSET_TABLE_|_ZNK?2ek.*|ek_.*|WebP.*|avif.*|jpeg_.*|libdeflate_.*|_setjmp|longjmp|calloc|realloc|ldexp|ldexpf|log2|sin|cos|floorf|ceilf|roundf|malloc|free|sqrt|exp|log|log1p|expm1|pow|fabs|floor|ceil|fmod|lgamma_r|getenv|memcpy|memmove|memset|memcmp|bcmp|strchr|strlen|strncmp|strcmp|__stack_chk_fail|getauxval|sysctlbyname|__tls_get_addr|__aarch64_(cas|swp|ldadd|ldclr|ldeor|ldset)(1|2|4|8|16)_(relax|acq|rel|acq_rel))$'
  extra=$(grep -vE "$allowed" <<<"$undefined" || true)
  if [ -n "$extra" ]; then echo "library depends on unexpected symbols:"; echo "$extra"; exit 1; fi
fi
# Sanitizer builds legitimately pull in their runtimes; these stay forbidden in every build.
forbidden='^(abort|exit|_exit|printf|fprintf|vfprintf|puts|fputs|putchar|perror|stderr|stdout|__cxa_throw|_ZSt9terminatev)$'
used=$(grep -E "$forbidden" <<<"$undefined" || true)
if [ -n "$used" ]; then echo "library references forbidden symbols:"; echo "$used"; exit 1; fi
echo "symbols: ok ($(nm -D --defined-only "$so" | grep -c ' T ek_') exported functions)"
