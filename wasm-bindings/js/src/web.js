// Browsers, Deno, Bun and other fetch-capable hosts ("browser", "deno", "worker", "default"
// conditions): the default module is fetched from next to this file and compiled while it
// streams in (falling back to arrayBuffer when the server does not send application/wasm).
import { initWith } from './core.js';
import { URLS } from './urls.js';

export * from './core.js';

/** Loads and instantiates the module once; every other function is synchronous afterwards. */
export function init(options) {
  return initWith(options, (file) => fetch(URLS[file]()));
}
