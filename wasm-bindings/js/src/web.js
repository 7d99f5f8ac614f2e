// Browsers, Deno, Bun and other fetch-capable hosts ("browser", "deno", "worker", "default"
// conditions): the default module is fetched from next to this file and compiled while it
// streams in (falling back to arrayBuffer when the server does not send application/wasm).
import { initWith } from './core.js';

export * from './core.js';

// Literal `new URL('./x.wasm', import.meta.url)` expressions: the form bundlers (webpack, Vite,
// esbuild, Parcel) recognise and copy as assets; only the chosen one is fetched.
const URLS = {
  'edgekernels.wasm': () => new URL('./edgekernels.wasm', import.meta.url),
  'edgekernels.baseline.wasm': () => new URL('./edgekernels.baseline.wasm', import.meta.url),
  'edgekernels-core.wasm': () => new URL('./edgekernels-core.wasm', import.meta.url),
  'edgekernels-core.baseline.wasm': () => new URL('./edgekernels-core.baseline.wasm', import.meta.url),
};

/** Loads and instantiates the module once; every other function is synchronous afterwards. */
export function init(options) {
  return initWith(options, (file) => fetch(URLS[file]()));
}
