// For emcc's link step only (wasm-bindings/wasi.cmake): ek.wasm imports these WASI preview1
// functions (wasi_files.c opens files through pre-opened directories), which Emscripten 3.1.6's
// own JS library does not list, and emcc fails a link whose imports no JS library declares.
// ek.wasm is a standalone module with no Emscripten JS: the WASI host provides the functions,
// and these stubs are never emitted or called.
mergeInto(LibraryManager.library, {
  fd_prestat_get: function () { abort('fd_prestat_get: provided by the WASI host'); },
  fd_prestat_dir_name: function () { abort('fd_prestat_dir_name: provided by the WASI host'); },
  path_open: function () { abort('path_open: provided by the WASI host'); },
});
