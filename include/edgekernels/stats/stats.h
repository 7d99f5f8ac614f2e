/* edgekernels — stats: C ABI (included by edgekernels.h). */
#ifndef EDGEKERNELS_STATS_H
#define EDGEKERNELS_STATS_H

#include "../types.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* EDGEKERNELS_STATS_H */
