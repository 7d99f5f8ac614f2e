// Node harness for the wasm build: our module against its JS peers, in one process, one run.
//
//   node benchmarks/wasm/bench.mjs [--package DIR] [--quick] [--json FILE] [--only NAME,...]
//
// DIR is the staged npm package (default build/wasm/npm/edgekernels, from the wasm preset); the
// peers come from wasm-bindings/test/node_modules (npm ci there). Every case reports the median
// of several timed batches, each at least ~0.2 s (--quick: ~0.05 s, for the smoke test), and the
// ratio to the peer of its group. Cold start runs in fresh Node processes, because V8 keeps
// compiled modules in an in-process cache keyed by the bytes.
//
// Groups:
//   crc32/<size>     ours (package call: copy into wasm + CRC), ours resident (data already in
//                    wasm memory), SheetJS crc-32, Node's zlib.crc32 (native zlib, C++ binding)
//   sum/<type>       ours (compensated sum; package call with the copy, and resident) vs a plain
//                    JS loop (uncompensated)
//   resize/<layout>  4928x3279 -> 852x567 Lanczos3: ours resident (the pixels already in wasm
//                    memory, as photon's PhotonImage is), ours through the package (copy in and
//                    out), photon-node's resize (RGBA only)
//   cold             WebAssembly.compile + instantiate + _initialize, core and full module
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import os from 'node:os';
import zlib from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const quick = args.includes('--quick');
const pkgDir = path.resolve(opt('--package', path.join(root, 'build', 'wasm', 'npm', 'edgekernels')));
const only = opt('--only', '');
const want = (group) => !only || only.split(',').some((g) => group.startsWith(g));

// ---- the cold-start child: one compile + instantiate in a fresh process -------------------
if (args[0] === '--cold-child') {
  const bytes = readFileSync(args[1]);
  const t0 = performance.now();
  const mod = await WebAssembly.compile(bytes);
  const inst = await WebAssembly.instantiate(mod, { env: { emscripten_notify_memory_growth() {} } });
  inst.exports._initialize();
  process.stdout.write(String(performance.now() - t0));
  process.exit(0);
}

const ek = await import(pathToFileURL(path.join(pkgDir, 'src', 'node.js')).href);
await ek.init();
const peers = createRequire(path.join(root, 'wasm-bindings', 'test', 'package.json'));
const CRC32 = peers('crc-32');
const photon = peers('@silvia-odwyer/photon-node');

const minBatch = quick ? 0.05 : 0.2;
const batches = quick ? 3 : 7;

// Median seconds per call of fn(), over `batches` batches of at least minBatch seconds each.
function time(fn) {
  let n = 1;
  for (;;) {  // calibrate the batch size
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn();
    const dt = (performance.now() - t0) / 1e3;
    if (dt >= minBatch / 4) { n = Math.max(1, Math.ceil(n * minBatch / dt)); break; }
    n *= 4;
  }
  const per = [];
  for (let b = 0; b < batches; b++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn();
    per.push((performance.now() - t0) / 1e3 / n);
  }
  per.sort((a, b) => a - b);
  return per[per.length >> 1];
}

const results = [];
let sink = 0;  // keeps results alive so no call is optimised away
function report(group, name, seconds, bytes, peerOf) {
  const row = { group, name, ms: seconds * 1e3 };
  if (bytes) row.gbps = bytes / seconds / 1e9;
  results.push(row);
  if (peerOf) row.peer = peerOf;
  return row;
}
function ratios(group, peerName) {
  const rows = results.filter((r) => r.group === group);
  const peer = rows.find((r) => r.name === peerName);
  for (const r of rows) if (peer) r[`x_vs_${peerName}`] = peer.ms / r.ms;
}

// Deterministic pseudo-random bytes (xorshift32) so runs compare.
function bytesOf(n, seed = 1) {
  const b = new Uint8Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    b[i] = s & 0xff;
  }
  return b;
}

// ---- CRC-32 ---------------------------------------------------------------------------------
if (want('crc32')) {
  const raw = ek._internal;
  for (const size of [64, 4096, 1 << 20]) {
    const g = `crc32/${size}`;
    const data = bytesOf(size, size);
    const expect = zlib.crc32(data) >>> 0;
    for (const [name, got] of [['ek', ek.crc32(data)], ['crc-32', CRC32.buf(data) >>> 0]]) {
      if (got >>> 0 !== expect) throw new Error(`${g}: ${name} gave ${got >>> 0}, zlib ${expect}`);
    }
    report(g, 'ek', time(() => { sink ^= ek.crc32(data); }), size);
    // Resident: the bytes already live in wasm memory (a caller that builds its data there).
    const p = raw.malloc(size);
    new Uint8Array(ekMemory(), p, size).set(data);
    if ((raw.call('ek_crc32', 0, p, size) >>> 0) !== expect) throw new Error(`${g}: resident mismatch`);
    report(g, 'ek_resident', time(() => { sink ^= raw.call('ek_crc32', 0, p, size); }), size);
    raw.free(p);
    report(g, 'crc-32', time(() => { sink ^= CRC32.buf(data); }), size);
    report(g, 'zlib.crc32', time(() => { sink ^= zlib.crc32(data); }), size);
    ratios(g, 'crc-32');
    ratios(g, 'zlib.crc32');
  }
}

// The instance's memory (the package's _internal hook); re-read after any call that may grow it.
function ekMemory() {
  return ek._internal.memory().buffer;
}

// ---- sums -----------------------------------------------------------------------------------
if (want('sum')) {
  const n = 1 << 20;
  for (const [type, Ctor] of [['f64', Float64Array], ['f32', Float32Array]]) {
    const g = `sum/${type}/${n}`;
    const x = new Ctor(n);
    let s = 12345;
    for (let i = 0; i < n; i++) { s = (s * 1103515245 + 12345) >>> 0; x[i] = s / 4294967296 - 0.5; }
    const jsLoop = () => { let acc = 0; for (let i = 0; i < x.length; i++) acc += x[i]; return acc; };
    report(g, 'ek', time(() => { sink += ek.sum(x); }), x.byteLength);
    // Resident: the array already in wasm memory (64-byte aligned, as the package copies).
    const raw = ek._internal;
    const p = raw.malloc(x.byteLength + 64), q = (p + 63) & ~63;
    new Ctor(ekMemory(), q, n).set(x);
    const fn = `ek_sum_${type}`, out = raw.malloc(8);
    report(g, 'ek_resident', time(() => { raw.call(fn, q, n, out); }), x.byteLength);
    raw.free(out);
    raw.free(p);
    report(g, 'js_loop', time(() => { sink += jsLoop(); }), x.byteLength);
    ratios(g, 'js_loop');
  }
}

// ---- resize ---------------------------------------------------------------------------------
// A photo-like source: smooth gradients plus texture, so no filter path is special-cased.
function photoLike(w, h, c) {
  const px = new Uint8Array(w * h * c);
  for (let y = 0, i = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const t = (x * 7 + y * 3) & 0xff;
      for (let k = 0; k < c; k++, i++) {
        px[i] = k === 3 ? 255 - ((x ^ y) & 0x3f) : (x * (k + 1) + y * (3 - k) + t) & 0xff;
      }
    }
  }
  return px;
}
if (want('resize')) {
  const [W, H, w, h] = [4928, 3279, 852, 567];
  const L = 5;  // EK_FILTER_LANCZOS3
  for (const c of [4, 3]) {
    const g = `resize/${c === 4 ? 'rgba' : 'rgb'}/lanczos3`;
    const src = { data: photoLike(W, H, c), width: W, height: H, channels: c };
    const once = ek.resize(src, w, h, { filter: 'lanczos3' });
    if (once.width !== w || once.height !== h) throw new Error(`${g}: wrong size`);
    // Resident: ek_image_new + fill once, then only ek_image_resize + ek_image_free per call.
    const raw = ek._internal;
    const scratch = raw.malloc(64);
    const mem = () => new DataView(ekMemory());
    if (raw.call('ek_image_new', W, H, c, 0, scratch) !== 0) throw new Error('ek_image_new');
    const img = mem().getUint32(scratch, true);
    if (raw.call('ek_image_describe', img, scratch + 8) !== 0) throw new Error('describe');
    const pixels = mem().getUint32(scratch + 8 + 16, true);
    new Uint8Array(ekMemory(), pixels, W * H * c).set(src.data);
    mem().setInt32(scratch + 32, L, true);     // ek_resize_options.filter
    mem().setInt32(scratch + 36, 0, true);     // .linear
    const resident = () => {
      if (raw.call('ek_image_resize', img, w, h, scratch + 32, 0, scratch + 40) !== 0) throw new Error('resize');
      raw.call('ek_image_free', mem().getUint32(scratch + 40, true));
    };
    report(g, 'ek_resident', time(resident));
    raw.call('ek_image_free', img);
    raw.free(scratch);
    report(g, 'ek', time(() => { sink += ek.resize(src, w, h, { filter: 'lanczos3' }).data[0]; }));
    if (c === 4) {
      const pimg = new photon.PhotonImage(src.data, W, H);
      report(g, 'photon', time(() => { const r = photon.resize(pimg, w, h, photon.SamplingFilter.Lanczos3); sink += r.get_width(); r.free(); }));
      pimg.free();
      ratios(g, 'photon');
    }
  }
}

// ---- cold start -----------------------------------------------------------------------------
if (want('cold')) {
  const runs = quick ? 5 : 21;
  for (const file of ['edgekernels-core.wasm', 'edgekernels.wasm']) {
    const wasm = path.join(pkgDir, 'src', file);
    const ms = [];
    for (let i = 0; i < runs; i++) {
      ms.push(Number(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--cold-child', wasm])));
    }
    ms.sort((a, b) => a - b);
    results.push({ group: 'cold', name: file, ms: ms[ms.length >> 1], ms_max: ms[ms.length - 1],
                   bytes: readFileSync(wasm).length });
  }
}

const meta = {
  node: process.version, cpu: os.cpus()[0]?.model, cores: os.cpus().length,
  package: pkgDir.startsWith(root) ? path.relative(root, pkgDir) : 'external',
  module: ek.moduleInfo(), kernelPath: ek.kernelPath(), quick,
};
const fmt = (v, d = 2) => (v === undefined ? '' : v.toFixed(d));
console.log(`node ${meta.node} · ${meta.cpu} · simd ${meta.module.simd}`);
console.log('group                      impl           ms/op      GB/s   ratio');
for (const r of results) {
  const ratio = Object.entries(r).filter(([k]) => k.startsWith('x_vs_')).map(([k, v]) => `${fmt(v)}x ${k.slice(5)}`).join(', ');
  console.log(`${r.group.padEnd(26)} ${r.name.padEnd(14)} ${fmt(r.ms, 4).padStart(9)} ${fmt(r.gbps).padStart(9)}   ${ratio}`);
}
const out = opt('--json', '');
if (out) writeFileSync(out, JSON.stringify({ meta, results }, null, 2));
if (sink === 0.5) console.log('');  // never true; keeps `sink` observable
