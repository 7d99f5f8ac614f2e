// Emscripten --pre-js for the wasm test programs (tests/CMakeLists.txt).

// Emscripten 3.1.6's glue compiles the .wasm with fetch() whenever a global fetch exists, and
// Node 18+ has one that takes no file paths; shadowed here (the glue runs in this scope), the
// glue reads the file with fs instead.
var fetch = undefined;

// Emscripten gives a program a fixed, made-up environment; the tests read $TMPDIR like their
// native builds do. (ENV exists only in programs that read their environment.)
Module['preRun'] = Module['preRun'] || [];
Module['preRun'].push(function () {
  if (typeof ENV === 'undefined') return;
  for (const k of ['TMPDIR']) {
    if (process.env[k] !== undefined) ENV[k] = process.env[k];
  }
});
