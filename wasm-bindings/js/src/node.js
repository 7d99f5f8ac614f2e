// Node entry (package.json "node" condition): the default module is read from the file next to
// this one.
import { initWith } from './core.js';
import { URLS } from './urls.js';

export * from './core.js';

/** Loads and instantiates the module once; every other function is synchronous afterwards. */
export function init(options) {
  return initWith(options, async (file) => {
    const { readFile } = await import('node:fs/promises');
    return readFile(URLS[file]());
  });
}
