#include "edgekernels/edgekernels.h"
