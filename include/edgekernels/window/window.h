/* edgekernels — window: C ABI (included by edgekernels.h). */
#ifndef EDGEKERNELS_WINDOW_H
#define EDGEKERNELS_WINDOW_H

#include "../types.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* EDGEKERNELS_WINDOW_H */
