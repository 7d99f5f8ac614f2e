/* The modules are linked from archives (see CMakeLists.txt); a target needs one source. */
