// Node entry (package.json "node" condition): the default module is read from the file next to
// this one.
import { initWith } from './core.js';

export * from './core.js';

const URLS = {
  'edgekernels.wasm': () => new URL('./edgekernels.wasm', import.meta.url),
  'edgekernels.baseline.wasm': () => new URL('./edgekernels.baseline.wasm', import.meta.url),
  'edgekernels-core.wasm': () => new URL('./edgekernels-core.wasm', import.meta.url),
  'edgekernels-core.baseline.wasm': () => new URL('./edgekernels-core.baseline.wasm', import.meta.url),
};

/** Loads and instantiates the module once; every other function is synchronous afterwards. */
export function init(options) {
  return initWith(options, async (file) => {
    const { readFile } = await import('node:fs/promises');
    return readFile(URLS[file]());
  });
}
