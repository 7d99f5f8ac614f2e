// Faults: a trap inside the module becomes an EkError and the wrapper re-instantiates; memory
// exhaustion inside the module is EK_ERR_NOMEM, not a trap; memory growth never leaves the
// wrapper with a stale view. The order matters: the trap test runs while memory is small (an
// out-of-bounds address must exist), the exhaustion test grows memory to its 4 GiB maximum.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { load, requireRef, rng, sourceDir, expectEk } from './util.mjs';

const ek = await load();
const CRC32 = requireRef('crc-32');
const jpeg = fs.readFileSync(path.join(sourceDir, 'examples/data/raccoon.jpg'));

test('calls before init throw EK_ERR_STATE (fresh module instance)', async () => {
  const { pkgDir } = await import('./util.mjs');
  const { pathToFileURL } = await import('node:url');
  // A query string gives a separate copy of core.js, never initialised.
  const fresh = await import(pathToFileURL(path.join(pkgDir, 'src/core.js')).href + '?fresh');
  expectEk(() => fresh.crc32('abc'), 'EK_ERR_STATE');
  expectEk(() => new fresh.ZScoreDetector(), 'EK_ERR_STATE');
});

test('memory growth: views are re-created, later calls see the new buffer', () => {
  const before = ek._internal.memoryBytes();
  const big = new Float64Array(8 << 20).fill(0.5); // 64 MiB: beyond the initial memory
  assert.equal(ek.sum(big), big.length / 2);
  assert.ok(ek._internal.memoryBytes() > before, 'memory grew');
  const b = rng(1).bytes(64);
  assert.equal(ek.crc32(b), CRC32.buf(b) >>> 0);
  assert.equal(ek.probe(jpeg).format, 'jpeg');
});

test('a trap becomes EK_ERR_TRAP and the module is re-instantiated', () => {
  const gen = ek._internal.generation();
  const z = new ek.ZScoreDetector({ window: 3 });
  z.push(1);
  // An address far beyond the memory: the load traps (WebAssembly.RuntimeError).
  const e = expectEk(() => ek._internal.call('ek_crc32', 0, 0xfffffff0, 4096), 'EK_ERR_TRAP');
  assert.equal(e.code, -100);
  assert.ok(e.cause instanceof WebAssembly.RuntimeError);
  assert.equal(ek._internal.generation(), gen + 1);
  // The new instance works.
  assert.equal(ek.crc32('123456789'), 0xcbf43926);
  const w = new ek.SlidingWindow();
  assert.equal(w.push('k', 1, 2), true);
  w.free();
  // Objects of the trapped instance refuse to run (their memory is gone); free() is harmless.
  expectEk(() => z.push(2), 'EK_ERR_TRAP');
  z.free();
});

test('after a trap on a host that refuses synchronous instantiation, init() finishes the re-instantiation', async () => {
  const Instance = WebAssembly.Instance;
  // A browser main thread throws RangeError for synchronous instantiation of large modules.
  WebAssembly.Instance = function refuse() { throw new RangeError('synchronous instantiation refused'); };
  try {
    expectEk(() => ek._internal.call('ek_crc32', 0, 0xfffffff0, 4096), 'EK_ERR_TRAP');
  } finally { WebAssembly.Instance = Instance; }
  expectEk(() => ek.crc32('abc'), 'EK_ERR_STATE');
  const info = await ek.init();
  assert.equal(info.image, true);
  assert.equal(ek.crc32('123456789'), 0xcbf43926);
});

test('memory exhaustion inside the module is EK_ERR_NOMEM, and the module keeps working', () => {
  const gen = ek._internal.generation();
  const held = [];
  // 1 MiB in one piece, given back later: room for an input copy, not for decoded pixels.
  const reserve = ek._internal.malloc(1 << 20);
  assert.notEqual(reserve, 0);
  held.push(reserve);
  try {
    // Take the whole 4 GiB (address space only: untouched pages cost no RAM), leaving holes of
    // less than 256 bytes.
    for (const chunk of [256 << 20, 16 << 20, 1 << 20, 64 << 10, 4 << 10, 256]) {
      for (;;) {
        const p = ek._internal.malloc(chunk);
        if (p === 0) break;
        held.push(p);
      }
    }
    assert.ok(ek._internal.memoryBytes() > 3.9 * 2 ** 30, 'memory reached its maximum');
    // Allocations the wrapper makes (inputs beyond the scratch buffer).
    expectEk(() => ek.sum(new Float64Array(100000)), 'EK_ERR_NOMEM');
    // Allocations inside the library: object creation, and decoding into a fresh image after
    // the reserve is given back (enough for the input copy, not for the pixels).
    expectEk(() => new ek.SlidingWindow(), 'EK_ERR_NOMEM');
    expectEk(() => new ek.ZScoreDetector({ window: 100000 }), 'EK_ERR_NOMEM');
    ek._internal.free(held.shift());
    const px = { data: new Uint8Array(8 * 8 * 4).fill(200), width: 8, height: 8, channels: 4 };
    const e = expectEk(() => ek.resize(px, 2000, 2000), 'EK_ERR_NOMEM');
    assert.match(e.message, /^resize: /);
    // The stb decoders report a failed allocation as a decode failure: the library says
    // EK_ERR_FORMAT here, not EK_ERR_NOMEM (a known limitation of the C side, not hidden
    // here). What matters to JS: an EkError, no trap.
    for (const f of [() => ek.transformImage(jpeg, { width: 100, shrinkOnLoad: false }), () => ek.decode(jpeg)]) {
      assert.throws(f, (err) => err.name === 'EkError' && ['EK_ERR_NOMEM', 'EK_ERR_FORMAT'].includes(err.status));
    }
    // Small calls still work on the scratch buffer.
    assert.equal(ek.crc32('123456789'), 0xcbf43926);
  } finally {
    for (const p of held) ek._internal.free(p);
  }
  assert.equal(ek._internal.generation(), gen, 'no trap, no re-instantiation');
  assert.equal(ek.transformImage(jpeg, { width: 100 }).width, 100);
  assert.equal(ek.sum(new Float64Array(100000).fill(1)), 100000);
});
