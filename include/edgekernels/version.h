/* edgekernels version. CMakeLists.txt reads its project version from this file. */
#ifndef EDGEKERNELS_VERSION_H
#define EDGEKERNELS_VERSION_H
#define EK_VERSION_MAJOR 0
#define EK_VERSION_MINOR 1
#define EK_VERSION_PATCH 0
#define EK_VERSION_NUMBER (EK_VERSION_MAJOR * 10000 + EK_VERSION_MINOR * 100 + EK_VERSION_PATCH)
#endif
