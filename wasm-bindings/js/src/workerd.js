// Cloudflare Workers / workerd ("workerd" condition): the runtime and wrangler compile an
// imported .wasm into a WebAssembly.Module at deploy time (no fetch, no eval of bytes). Only the
// full SIMD128 module is imported: every workerd has SIMD128. Pass init({ module }) to use
// another one (e.g. the core module, imported by your worker).
import wasm from './edgekernels.wasm';
import { initWith } from './core.js';

export * from './core.js';

/** Instantiates the module once; every other function is synchronous afterwards. */
export function init(options) {
  return initWith(options, () => wasm);
}
