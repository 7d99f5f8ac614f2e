/* edgekernels — forecast: C ABI (included by edgekernels.h). */
#ifndef EDGEKERNELS_FORECAST_H
#define EDGEKERNELS_FORECAST_H

#include "../types.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* EDGEKERNELS_FORECAST_H */
