// Checksums, reductions, filters, version: each against an independent reference (the crc-32
// npm package, Node's zlib.crc32, a bitwise CRC-32C, an exact fsum, plain JS loops).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { load, pkgDir, requireRef, rng, fsum, crc32cRef, expectEk, sourceDir } from './util.mjs';

const ek = await load();
const CRC32 = requireRef('crc-32');
const refCrc32 = (b, seed = 0) => CRC32.buf(b, seed) >>> 0;

test('version matches the staged package.json (one source of truth)', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  assert.equal(ek.version(), pkg.version);
  const [a, b, c] = pkg.version.split('.').map(Number);
  assert.equal(ek.versionNumber(), a * 10000 + b * 100 + c);
  assert.equal(ek.initialized(), true);
  const info = ek.moduleInfo();
  assert.equal(info.simd, ek.simdSupported());
  assert.equal(info.image, true);
  assert.equal(ek.moduleFileName({ simd: true, core: false }), 'edgekernels.wasm');
  assert.equal(ek.moduleFileName({ simd: false, core: true }), 'edgekernels-core.baseline.wasm');
});

test('kernelPath names a variant for every family', () => {
  const all = ek.kernelPath();
  for (const k of ['crc32', 'crc32c', 'reduce_f32', 'reduce_f64', 'filter', 'resize']) {
    assert.equal(typeof all[k], 'string');
    assert.equal(ek.kernelPath(k), all[k]);
  }
  expectEk(() => ek.kernelPath('nope'), 'EK_ERR_ARG');
});

test('crc32 / crc32c check values', () => {
  assert.equal(ek.crc32('123456789'), 0xcbf43926);
  assert.equal(ek.crc32c('123456789'), 0xe3069283);
  assert.equal(ek.crc32(new Uint8Array(0)), 0);
  assert.equal(ek.crc32(''), 0);
  assert.equal(ek.crc32(new Uint8Array(0), 0x12345678), 0x12345678);
});

test('crc32 equals crc-32 and zlib.crc32 over many lengths (scratch, loop and chunked paths)', () => {
  const r = rng(7);
  const lengths = [];
  for (let n = 0; n <= 300; n++) lengths.push(n);
  lengths.push(4095, 4096, 65535, 65536, 65537, 200003, (1 << 20) + 5);
  for (const n of lengths) {
    const b = r.bytes(n);
    const want = refCrc32(b);
    assert.equal(ek.crc32(b), want, `length ${n}`);
    if (typeof zlib.crc32 === 'function') assert.equal(zlib.crc32(b), want);
    // Unaligned views and other views over the same bytes.
    if (n > 3) assert.equal(ek.crc32(b.subarray(3)), refCrc32(b.subarray(3)), `subarray ${n}`);
    assert.equal(ek.crc32(b.buffer), want);
    assert.equal(ek.crc32(new DataView(b.buffer)), want);
  }
});

test('crc32c equals a bitwise reference', () => {
  const r = rng(9);
  for (const n of [0, 1, 2, 7, 8, 15, 16, 31, 64, 100, 1000, 4096, 70001]) {
    const b = r.bytes(n);
    assert.equal(ek.crc32c(b), crc32cRef(b), `length ${n}`);
  }
});

test('seeds continue a CRC; combine joins two', () => {
  const r = rng(3);
  const a = r.bytes(1000), b = r.bytes(777);
  const ab = new Uint8Array([...a, ...b]);
  assert.equal(ek.crc32(b, ek.crc32(a)), refCrc32(ab));
  assert.equal(ek.crc32c(b, ek.crc32c(a)), crc32cRef(ab));
  assert.equal(ek.crc32Combine(ek.crc32(a), ek.crc32(b), b.length), refCrc32(ab));
  assert.equal(ek.crc32Combine(ek.crc32(a), ek.crc32(b), BigInt(b.length)), refCrc32(ab));
  assert.equal(ek.crc32cCombine(ek.crc32c(a), ek.crc32c(b), b.length), crc32cRef(ab));
});

test('strings are hashed as UTF-8, typed arrays as their bytes', () => {
  const s = 'héllo wörld ✓ 𝄞';
  assert.equal(ek.crc32(s), refCrc32(new TextEncoder().encode(s)));
  const long = s.repeat(10000); // beyond the scratch buffer
  assert.equal(ek.crc32(long), refCrc32(new TextEncoder().encode(long)));
  const f = new Float32Array([1.5, -2, 3.25]);
  assert.equal(ek.crc32(f), refCrc32(new Uint8Array(f.buffer)));
  assert.throws(() => ek.crc32(42), TypeError);
});

const U53 = 2 ** -53, U24 = 2 ** -24;
const gamma = (k, u) => (k * u) / (1 - k * u);

function checkSum(got, xs, u) {
  const s = fsum(xs);
  const abs = fsum(xs.map(Math.abs));
  const bound = u * Math.abs(s) + (gamma(7, u) + u / 4096) * abs + (u === U24 ? 2 ** -29 * u * Math.abs(s) : 0);
  assert.ok(Math.abs(got - s) <= bound, `sum ${got} vs exact ${s} (bound ${bound})`);
}

test('sum: within the documented bound of the exact sum (f64 and f32)', () => {
  const r = rng(11);
  for (const n of [0, 1, 3, 17, 1000, 8191, 100000]) {
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) x[i] = r.normal() * 10 ** ((r.u32() % 20) - 10);
    checkSum(ek.sum(x), Array.from(x), U53);
    const y = Float32Array.from(x);
    checkSum(ek.sum(y), Array.from(y), U24);
  }
  // Cancellation that a naive loop gets wrong.
  assert.equal(ek.sum(new Float64Array([1, 1e100, 1, -1e100])), 2);
  assert.equal(ek.sum([0.1, 0.2, 0.3]), fsum([0.1, 0.2, 0.3]));
  assert.ok(Number.isNaN(ek.sum(new Float64Array([1, NaN, 2]))));
  // The empty sum is +0.0 (reduce.hpp), not the kernels' -0.0 identity.
  assert.ok(Object.is(ek.sum(new Float64Array(0)), 0));
  assert.ok(Object.is(ek.sum(new Float32Array(0)), 0));
  assert.ok(Object.is(ek.dot(new Float64Array(0), new Float64Array(0)), 0));
});

test('sumsq, dot, mean, variance, min, max against exact references', () => {
  const r = rng(12);
  for (const n of [1, 2, 5, 64, 1001, 50000]) {
    const xs = Array.from({ length: n }, () => r.normal() * 3 + 1);
    const ys = Array.from({ length: n }, () => r.normal());
    const x = Float64Array.from(xs), y = Float64Array.from(ys);
    const rel = (a, b, tol) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);
    rel(ek.sumsq(x), fsum(xs.map((v) => v * v)), 1e-13);
    rel(ek.dot(x, y), fsum(xs.map((v, i) => v * ys[i])), 1e-12 * Math.sqrt(n));
    const m = fsum(xs) / n;
    rel(ek.mean(x), m, 1e-14);
    if (n > 1) {
      const v0 = fsum(xs.map((v) => (v - m) ** 2));
      rel(ek.variance(x), v0 / n, 1e-12);
      rel(ek.variance(x, 1), v0 / (n - 1), 1e-12);
    }
    assert.equal(ek.min(x), Math.min(...xs.slice(0, 50000)));
    assert.equal(ek.max(x), Math.max(...xs.slice(0, 50000)));
    const xf = Float32Array.from(xs), yf = Float32Array.from(ys);
    assert.equal(ek.min(xf), Math.min(...xf));
    assert.equal(ek.max(xf), Math.max(...xf));
    // f32 products of f32 values are exact in double: the reference is exact.
    rel(ek.dot(xf, yf), fsum(Array.from(xf, (v, i) => v * yf[i])), 1e-5);
  }
});

test('reduction errors become EkError with the status name', () => {
  const e = expectEk(() => ek.mean(new Float64Array(0)), 'EK_ERR_ARG');
  assert.equal(e.code, -2);
  assert.match(e.message, /^mean: /);
  assert.ok(e instanceof ek.EkError && e instanceof Error);
  expectEk(() => ek.min([]), 'EK_ERR_ARG');
  expectEk(() => ek.max(new Float32Array(0)), 'EK_ERR_ARG');
  expectEk(() => ek.variance([1], 1), 'EK_ERR_ARG');
  expectEk(() => ek.dot(new Float64Array(2), new Float64Array(3)), 'EK_ERR_ARG');
  assert.throws(() => ek.dot(new Float64Array(2), new Float32Array(2)), TypeError);
  assert.throws(() => ek.sum(new Int32Array(2)), TypeError);
});

test('threshold, clamp, selectAbove equal JS loops (small, odd and beyond-scratch lengths)', () => {
  const r = rng(5);
  for (const n of [0, 1, 15, 16, 17, 255, 4097, 100001]) {
    const b = r.bytes(n);
    const t = r.u32() & 255;
    assert.deepEqual(ek.threshold(b, t), b.map((v) => (v > t ? v : 0)));
    assert.deepEqual(ek.clamp(b, 40, 200), b.map((v) => Math.min(Math.max(v, 40), 200)));
    const idx = [];
    b.forEach((v, i) => { if (v > t) idx.push(i); });
    assert.deepEqual(ek.selectAbove(b, t), Uint32Array.from(idx));
    const i32 = Int32Array.from(b, (v) => (v - 128) * 1000003);
    assert.deepEqual(ek.clamp(i32, -5000000, 7000000), i32.map((v) => Math.min(Math.max(v, -5000000), 7000000)));
    const f = Float32Array.from(b, (v) => v / 7 - 10);
    const fc = ek.clamp(f, -3.5, 12.25);
    assert.ok(fc instanceof Float32Array);
    assert.deepEqual(fc, f.map((v) => Math.min(Math.max(v, -3.5), 12.25)));
  }
  // The input is not modified.
  const b = new Uint8Array([1, 200, 3]);
  ek.threshold(b, 100);
  assert.deepEqual(b, new Uint8Array([1, 200, 3]));
  expectEk(() => ek.clamp(new Int32Array(3), 5, 1), 'EK_ERR_ARG');
  expectEk(() => ek.clamp(new Float32Array(3), NaN, 1), 'EK_ERR_ARG');
  assert.ok(Number.isNaN(ek.clamp(new Float32Array([NaN]), 0, 1)[0]));
});

test('Student t and polynomial fits', () => {
  assert.ok(Math.abs(ek.tQuantile(0.975, 10) - 2.2281388519649385) < 1e-9);
  assert.equal(ek.tCdf(0, 5), 0.5);
  assert.ok(Math.abs(ek.tCdf(2.2281388519649385, 10) - 0.975) < 1e-9);
  expectEk(() => ek.tQuantile(1.5, 3), 'EK_ERR_ARG');
  const y = [1, 3, 5, 7, 9];
  const { coef, residualStd } = ek.polyfit(y, 1);
  assert.ok(Math.abs(coef[0] - 2) < 1e-12 && Math.abs(coef[1] - 1) < 1e-12);
  assert.ok(residualStd < 1e-12);
  const q = ek.polyfit([0, 1, 4, 9], 2, [0, 1, 2, 3]).coef;
  assert.ok(Math.abs(q[0] - 1) < 1e-12 && Math.abs(q[1]) < 1e-12 && Math.abs(q[2]) < 1e-12);
  const p = ek.polyfitPredict([1, 3.1, 4.9, 7.2, 8.8], 1, 5);
  assert.ok(p.lo < p.yhat && p.yhat < p.hi && Math.abs(p.yhat - 10.9) < 0.3);
  expectEk(() => ek.polyfit([1, 2], 2), 'EK_ERR_ARG');
});

test('cpuDisable switches kernels to their portable variants, with the same CRCs', () => {
  const { detected } = ek.cpuFeatures();
  assert.equal(detected.includes('wasm_simd128'), ek.moduleInfo().simd);
  const r = rng(44);
  const bufs = [0, 1, 63, 64, 1000, 100000].map((n) => r.bytes(n));
  const before = bufs.map((b) => [ek.crc32(b), ek.crc32c(b)]);
  ek.cpuDisable('all');
  try {
    assert.deepEqual(ek.cpuFeatures().enabled, []);
    assert.equal(ek.kernelPath('crc32'), 'portable');
    assert.deepEqual(bufs.map((b) => [ek.crc32(b), ek.crc32c(b)]), before);
  } finally { ek.cpuDisable(null); }
  assert.deepEqual(ek.cpuFeatures().enabled, detected);
  expectEk(() => ek.cpuDisable(['avx9000']), 'EK_ERR_ARG');
});

test('WasmBuffer: resident bytes for crc32/crc32c/probe/decode/transformImage without a copy', () => {
  const r = rng(55);
  const b = r.bytes(300000);
  const buf = new ek.WasmBuffer(b.length);
  assert.equal(buf.byteLength, b.length);
  buf.set(b);
  assert.equal(ek.crc32(buf), refCrc32(b));
  assert.equal(ek.crc32c(buf), crc32cRef(b));
  assert.equal(ek.crc32(buf, 7), refCrc32(b, 7 | 0));
  buf.view()[0] ^= 1; // writes through the view land in wasm memory
  const b2 = b.slice(); b2[0] ^= 1;
  assert.equal(ek.crc32(buf), refCrc32(b2));
  assert.deepEqual(buf.read(0, 10), b2.subarray(0, 10));
  expectEk(() => buf.set(b, 1), 'EK_ERR_ARG');
  assert.throws(() => ek.sum(buf), TypeError);
  buf.free();
  expectEk(() => ek.crc32(buf), 'EK_ERR_STATE');

  const jpeg = fs.readFileSync(path.join(sourceDir, 'examples/data/raccoon.jpg'));
  const img = new ek.WasmBuffer(jpeg.length);
  img.set(jpeg);
  assert.deepEqual(ek.probe(img), ek.probe(jpeg));
  assert.deepEqual(ek.transformImage(img, { width: 64 }).data, ek.transformImage(jpeg, { width: 64 }).data);
  assert.deepEqual(ek.decode(img).data, ek.decode(jpeg).data);
  assert.equal(ek.crc32(img), refCrc32(jpeg)); // still intact after the calls
  img.free();
});
