# forecast module: sources, and its C ABI file (appended to EK_CAPI_SOURCES).
