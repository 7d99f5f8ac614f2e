/* edgekernels — image negotiation by Accept and client hints, C ABI (included by edgekernels.h).
 *
 * ek_negotiate() turns the request headers a server received (Accept, DPR, Width, Viewport-Width,
 * Save-Data, ECT and their Sec-CH- spellings) plus what it knows about the source image into the
 * variant to produce: output format, width, quality, cache lifetime, and the exact Vary (and
 * optionally Accept-CH) value to send with it. It is a pure function: no allocation, no I/O, no
 * global state; safe to call concurrently. Work is linear in the header lengths (a 64 KiB Accept
 * takes microseconds). The C++ API (edgekernels/image/negotiate.hpp: ek::negotiate) is the same
 * function; this layer validates and calls it.
 *
 * Format (first that applies):
 *   AVIF  if Accept names image/avif with q > 0 and the policy allows AVIF;
 *   WebP  if Accept names image/webp with q > 0 and the policy allows WebP;
 *   PNG   if the source has alpha that must stay (and PNG is allowed), else JPEG;
 *   JPEG  otherwise (PNG if JPEG is not allowed).
 * Only an explicit media type counts: the wildcards image/<star> and <star>/<star> do not, as
 * every browser sends them whatever it can decode (Chrome listed image/<star> years before it
 * decoded AVIF; old Safari sends it without decoding WebP). q=0 means "not acceptable"; if the
 * same type appears more than once, any q=0 wins. The client's q-values do not reorder the
 * server's preference (AVIF, WebP): browsers give them equal weight anyway. Media types and
 * parameter names are case-insensitive; blanks, empty elements, quoted parameter values (commas
 * inside quotes are not separators) and malformed elements are tolerated (a malformed element,
 * e.g. q=abc or q=1.5, is ignored).
 *
 * Width (pixels of the output):
 *   1. Sec-CH-Width, else Width: the image's layout width in PHYSICAL pixels (the Client Hints
 *      definition: CSS width x DPR already applied), used as is (x DPR only when the policy's
 *      width_is_css is set, for callers that pass a CSS width);
 *   2. else Sec-CH-Viewport-Width, else Viewport-Width (CSS pixels) x DPR (Sec-CH-DPR, else DPR;
 *      default 1, clamped to [1, max_dpr]), rounded up;
 *   3. else the source width.
 *   Then: never above the source width (no upscaling); snapped UP to the next breakpoint (or
 *   multiple of width_step) — a snap above the source width gives the source width; clamped to
 *   max_width; raised to min_width but never above the source width. Widths are positive
 *   decimal integers (blanks around allowed); DPR is a positive decimal ("2", "2.625", read to
 *   1/1000). Anything else (0, "-1", "400px", "2e0", empty) is ignored as if absent.
 *
 * Quality: min(quality, save_data_quality if Save-Data is "on", the ECT entry):
 *   ECT slow-2g or 2g -> ect_2g_quality; 3g -> ect_3g_quality; 4g, absent, unknown -> none.
 *
 * Cache lifetime: max_age seconds, or reduced_max_age when the quality was lowered by Save-Data
 * or ECT (a degraded variant is worth less to keep).
 *
 * Vary: the headers the decision read, present or absent, in the fixed order
 *   Accept, Sec-CH-Width, Width, Sec-CH-Viewport-Width, Viewport-Width, Sec-CH-DPR, DPR,
 *   Save-Data, ECT
 * so that any two requests agreeing on them get the same answer (what a shared cache keyed on
 * Vary needs; tests/test_negotiate.cpp checks it on random requests). Accept when the policy
 * allows AVIF or WebP. The width hints along the fallback chain above, up to the first one used:
 * a valid Sec-CH-Width alone stops the chain; with no usable width hint every one is listed,
 * since a request carrying one would get another width. DPR only when a width was multiplied by
 * it (a viewport width, or Width under width_is_css). No width hint at all when no hint value
 * could change the width (width hints off, or min_width >= source width). Save-Data / ECT only
 * when changing them could change the quality. Empty when nothing varies.
 * Accept-CH (when the policy asks for it): the hints the policy can use, Sec-CH- and legacy
 * spellings: "Sec-CH-DPR, Sec-CH-Width, Sec-CH-Viewport-Width, DPR, Width, Viewport-Width, ECT"
 * (ECT only with quality hints; Save-Data needs no Accept-CH).
 */
#ifndef EDGEKERNELS_IMAGE_NEGOTIATE_H
#define EDGEKERNELS_IMAGE_NEGOTIATE_H

#include "../types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Output formats; also the bits of ek_negotiate_policy.formats. */
typedef enum ek_negotiate_format {
  EK_NEGOTIATE_JPEG = 1,
  EK_NEGOTIATE_PNG = 2,
  EK_NEGOTIATE_WEBP = 4,
  EK_NEGOTIATE_AVIF = 8
} ek_negotiate_format;
#define EK_NEGOTIATE_ALL_FORMATS 15u

/* Bits of ek_negotiation.vary, one per header, in Vary order. */
#define EK_VARY_ACCEPT                0x001u
#define EK_VARY_SEC_CH_WIDTH          0x002u
#define EK_VARY_WIDTH                 0x004u
#define EK_VARY_SEC_CH_VIEWPORT_WIDTH 0x008u
#define EK_VARY_VIEWPORT_WIDTH        0x010u
#define EK_VARY_SEC_CH_DPR            0x020u
#define EK_VARY_DPR                   0x040u
#define EK_VARY_SAVE_DATA             0x080u
#define EK_VARY_ECT                   0x100u

/* Room for the longest Vary / Accept-CH value this function writes, with its NUL. */
#define EK_NEGOTIATE_HEADER_MAX 128
/* Accept (and every other header value) longer than this is EK_ERR_LIMIT, before any parsing. */
#define EK_NEGOTIATE_MAX_HEADER_BYTES (64u * 1024u)
#define EK_NEGOTIATE_MAX_BREAKPOINTS 64u

/* Request header values as received, without the name: pointer + length, not NUL-terminated.
 * A NULL pointer (with any length) or length 0 means the header is absent. */
typedef struct ek_client_hints {
  const char *accept; size_t accept_len;
  const char *dpr; size_t dpr_len;                       /* DPR */
  const char *sec_ch_dpr; size_t sec_ch_dpr_len;         /* Sec-CH-DPR, preferred over DPR */
  const char *width; size_t width_len;                   /* Width */
  const char *sec_ch_width; size_t sec_ch_width_len;     /* Sec-CH-Width */
  const char *viewport_width; size_t viewport_width_len; /* Viewport-Width */
  const char *sec_ch_viewport_width; size_t sec_ch_viewport_width_len;
  const char *save_data; size_t save_data_len;           /* Save-Data */
  const char *ect; size_t ect_len;                       /* ECT */
} ek_client_hints;

/* What the server allows. Fill with ek_negotiate_policy_init, then change fields. [defaults] */
typedef struct ek_negotiate_policy {
  unsigned formats;          /* ek_negotiate_format bits [all]; must include JPEG or PNG */
  uint32_t min_width;        /* [1] */
  uint32_t max_width;        /* [4096]; min_width <= max_width, both >= 1 */
  uint32_t width_step;       /* snap up to a multiple of this; 0 = no step [100] */
  const uint32_t *breakpoints; /* strictly ascending widths, used instead of width_step [NULL] */
  size_t breakpoint_count;   /* [0], at most EK_NEGOTIATE_MAX_BREAKPOINTS */
  double max_dpr;            /* DPR is clamped to [1, max_dpr]; 1 <= max_dpr <= 16 [3] */
  uint32_t quality;          /* 1..100 [80] */
  uint32_t save_data_quality;/* 1..100 [50] */
  uint32_t ect_3g_quality;   /* 1..100 [60] */
  uint32_t ect_2g_quality;   /* slow-2g and 2g, 1..100 [40] */
  uint32_t max_age;          /* seconds [2592000 = 30 days] */
  uint32_t reduced_max_age;  /* seconds, for Save-Data/ECT-degraded variants [86400] */
  int width_hints;           /* use Width/Viewport-Width/DPR [1] */
  int quality_hints;         /* use Save-Data/ECT [1] */
  int width_is_css;          /* Width/Sec-CH-Width are CSS pixels: multiply by DPR [0] */
  int accept_ch;             /* fill ek_negotiation.accept_ch [1] */
} ek_negotiate_policy;

/* The source image. */
typedef struct ek_negotiate_source {
  uint32_t width;            /* pixels; 0 = unknown (then only max_width caps the output) */
  int keep_alpha;            /* the image has alpha that must survive (rules out JPEG) */
} ek_negotiate_source;

typedef struct ek_negotiation {
  int format;                /* one ek_negotiate_format */
  uint32_t width;            /* output width in pixels */
  uint32_t quality;          /* 1..100, encoder-neutral */
  uint32_t max_age;          /* seconds, for Cache-Control: max-age */
  unsigned vary;             /* EK_VARY_* bits, the same set as the text below */
  unsigned hints_used;       /* EK_VARY_* bits of the hints whose value was actually applied */
  char vary_header[EK_NEGOTIATE_HEADER_MAX];      /* "Accept, Sec-CH-Width, ..." or "" */
  char accept_ch_header[EK_NEGOTIATE_HEADER_MAX]; /* "" unless policy.accept_ch */
} ek_negotiation;

EK_API ek_status ek_negotiate_policy_init(ek_negotiate_policy *policy);
/* hints, policy, source, out: EK_ERR_NULL if NULL (hints/policy/source may not be NULL; use a
 * zeroed ek_client_hints for "no headers"). A policy out of range (see the fields): EK_ERR_ARG.
 * A header value longer than EK_NEGOTIATE_MAX_HEADER_BYTES: EK_ERR_LIMIT. Bad header values are
 * never errors. *out is written only on EK_OK. */
EK_API ek_status ek_negotiate(const ek_client_hints *hints, const ek_negotiate_policy *policy,
                              const ek_negotiate_source *source, ek_negotiation *out);
/* "jpeg", "png", "webp", "avif"; NULL for anything else. */
EK_API const char *ek_negotiate_format_name(int format);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* EDGEKERNELS_IMAGE_NEGOTIATE_H */
