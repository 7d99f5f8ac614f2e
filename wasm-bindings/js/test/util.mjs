// Shared by the tests: where the staged package is (EDGEKERNELS_PKG, set by ctest), and the
// independent references from wasm-bindings/test/node_modules.
import { createRequire } from 'node:module';
import { pathToFileURL, fileURLToPath } from 'node:url';
import path from 'node:path';
import fs from 'node:fs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const sourceDir = process.env.EK_SOURCE_DIR ?? path.resolve(here, '../../..');
export const pkgDir = process.env.EDGEKERNELS_PKG ?? path.join(sourceDir, 'build/wasm/npm/edgekernels');
export const nodeModules = process.env.EK_TEST_NODE_MODULES ?? path.join(sourceDir, 'wasm-bindings/test/node_modules');

if (!fs.existsSync(path.join(pkgDir, 'package.json'))) {
  throw new Error(`staged package not found in ${pkgDir}: build the edgekernels_npm target (or set EDGEKERNELS_PKG)`);
}

export async function load() {
  const ek = await import(pathToFileURL(path.join(pkgDir, 'src/node.js')).href);
  await ek.init();
  return ek;
}

export const requireRef = createRequire(path.join(nodeModules, 'noop.js'));

// Deterministic pseudo-random bytes / doubles (xorshift32).
export function rng(seed = 1) {
  let s = seed >>> 0 || 1;
  const next = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s; };
  return {
    u32: next,
    bytes(n) { const b = new Uint8Array(n); for (let i = 0; i < n; i++) b[i] = next() & 255; return b; },
    unit() { return next() / 4294967296; },
    normal() { const u = (next() + 1) / 4294967297, v = next() / 4294967296; return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v); },
  };
}

// Exact sum of doubles, correctly rounded (Shewchuk's algorithm, as Python's math.fsum).
export function fsum(xs) {
  const partials = [];
  for (let x of xs) {
    let i = 0;
    for (let y of partials) {
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y, lo = y - (hi - x);
      if (lo !== 0) partials[i++] = lo;
      x = hi;
    }
    partials.length = i;
    partials.push(x);
  }
  // Sum the partials from the top, with CPython's round-half-even correction.
  let n = partials.length, hi = 0, lo = 0;
  if (n > 0) {
    hi = partials[--n];
    while (n > 0) {
      const x = hi, y = partials[--n];
      hi = x + y;
      lo = y - (hi - x);
      if (lo !== 0) break;
    }
    if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
      const y = lo * 2, x = hi + y;
      if (y === x - hi) hi = x;
    }
  }
  return hi;
}

// Bitwise CRC-32C (reflected 0x82F63B78): an independent reference.
export function crc32cRef(bytes, crc = 0) {
  crc = ~crc >>> 0;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0x82f63b78 & -(crc & 1));
  }
  return ~crc >>> 0;
}

export function expectEk(fn, status) {
  try { fn(); } catch (e) {
    if (e?.name !== 'EkError' || e.status !== status) throw new Error(`expected EkError ${status}, got ${e?.name} ${e?.status}: ${e?.message}`);
    return e;
  }
  throw new Error(`expected EkError ${status}, nothing was thrown`);
}
