// Where the modules are, next to this file, for the node and web entries. Literal
// `new URL('./x.wasm', import.meta.url)` expressions: the form bundlers (webpack, Vite, esbuild,
// Parcel) recognise and copy as assets; only the chosen one is read.
export const URLS = {
  'edgekernels.wasm': () => new URL('./edgekernels.wasm', import.meta.url),
  'edgekernels.baseline.wasm': () => new URL('./edgekernels.baseline.wasm', import.meta.url),
  'edgekernels-core.wasm': () => new URL('./edgekernels-core.wasm', import.meta.url),
  'edgekernels-core.baseline.wasm': () => new URL('./edgekernels-core.baseline.wasm', import.meta.url),
};
