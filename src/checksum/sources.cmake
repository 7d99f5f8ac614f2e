# checksum module: portable sources, then per-ISA variants (see cmake/EkArch.cmake).
target_sources(ek_kernels PRIVATE ${PROJECT_SOURCE_DIR}/src/checksum/checksum.cpp)
