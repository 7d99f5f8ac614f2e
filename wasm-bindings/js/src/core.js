// edgekernels: the whole API over an instantiated standalone module. Platform independent: the
// entry points (node.js, web.js, workerd.js) only say where the default .wasm comes from.
//
// Memory rules that every function here follows:
//   - The module's only import, env.emscripten_notify_memory_growth, re-creates the views
//     (S.u8, S.dv, S.f32, S.f64, ...) after memory.grow; code never keeps a view in a local
//     across a call that may allocate.
//   - Pointers come back from wasm as signed i32: always `>>> 0` (memory may reach 4 GiB).
//   - Inputs are copied into wasm memory once (the scratch buffer when they fit, else ek_malloc)
//     and released before returning; outputs are copied out (slice) and the wasm side freed.
import { O, SIZE } from './layout.js';

// ---- errors ---------------------------------------------------------------------------------

const STATUS_NAMES = {
  0: 'EK_OK', [-1]: 'EK_ERR_NULL', [-2]: 'EK_ERR_ARG', [-3]: 'EK_ERR_OVERFLOW',
  [-4]: 'EK_ERR_NOMEM', [-5]: 'EK_ERR_FORMAT', [-6]: 'EK_ERR_LIMIT', [-7]: 'EK_ERR_UNSUPPORTED',
  // Raised by the wrapper, not the C library:
  [-100]: 'EK_ERR_TRAP', [-101]: 'EK_ERR_STATE',
};
const JS_MESSAGES = {
  [-100]: 'the wasm module trapped (it has been re-instantiated)',
  [-101]: 'invalid state',
};

export class EkError extends Error {
  constructor(code, context, detail) {
    const status = STATUS_NAMES[code] ?? 'EK_ERR_UNKNOWN';
    const base = statusMessage(code);
    super(`${context ? context + ': ' : ''}${base}${detail ? ' (' + detail + ')' : ''}`);
    this.name = 'EkError';
    this.status = status;
    this.code = code;
  }
}

function statusMessage(code) {
  if (JS_MESSAGES[code] !== undefined) return JS_MESSAGES[code];
  if (S !== null) {
    try { return cstr(S.x.ek_status_str(code) >>> 0); } catch { /* fall through */ }
  }
  return (STATUS_NAMES[code] ?? 'unknown status').toLowerCase();
}

function check(st, context, detail) {
  if (st !== 0) throw new EkError(st, context, detail);
}

// ---- instance state -------------------------------------------------------------------------

const SCRATCH = 64 * 1024; // inputs up to this size need no malloc
const TMP = 4096;          // structs and out-parameters of one call

let S = null;        // the live instance state
let gen = 0;         // bumped on every (re-)instantiation: objects of older instances are dead
let loaded = null;   // { module, simd, core } of the current module, to re-instantiate after a trap
let initPromise = null;

const enc = new TextEncoder();
const dec = new TextDecoder();

function instantiate(module, info) {
  const st = newState();
  const imports = { env: { emscripten_notify_memory_growth: () => views(st) } };
  const inst = new WebAssembly.Instance(module, imports);
  finishInstance(st, inst, info);
  return st;
}

async function instantiateAsync(module, info) {
  const st = newState();
  const imports = { env: { emscripten_notify_memory_growth: () => views(st) } };
  const inst = await WebAssembly.instantiate(module, imports);
  finishInstance(st, inst, info);
  return st;
}

// One shape for every instance state (keeps the hot paths monomorphic).
function newState() {
  return { x: null, mem: null, u8: null, dv: null, f32: null, f64: null, i32: null, u32: null,
           scratch: 0, tmp: 0, gen: 0, image: false, simd: false, core: false, crc32: null, crc32c: null };
}

function finishInstance(st, inst, info) {
  st.x = inst.exports;
  st.mem = st.x.memory;
  views(st);
  st.x._initialize();
  views(st);
  st.image = typeof st.x.ek_image_transform === 'function';
  st.crc32 = st.x.ek_crc32;
  st.crc32c = st.x.ek_crc32c;
  // From the module itself (it may be one the caller supplied): built with SIMD128 or not.
  st.simd = (BigInt.asUintN(64, st.x.ek_cpu_detected()) & (1n << 24n)) !== 0n;
  st.core = !st.image;
  // 64-byte aligned: the reductions' last bits depend on the input address modulo the vector
  // size (src/reduce/kernels.hpp head_len), and native results are for aligned inputs.
  const raw = st.x.ek_malloc(SCRATCH + TMP + 64) >>> 0;
  if (raw === 0) throw new EkError(-4, 'init');
  st.scratch = (raw + 63) - ((raw + 63) % 64);
  st.tmp = st.scratch + SCRATCH;
  st.gen = ++gen;
}

function views(st) {
  const b = st.mem.buffer;
  st.u8 = new Uint8Array(b);
  st.dv = new DataView(b);
  st.f32 = new Float32Array(b);
  st.f64 = new Float64Array(b);
  st.i32 = new Int32Array(b);
  st.u32 = new Uint32Array(b);
}

// Every public function catches here: a trap (WebAssembly.RuntimeError) leaves the instance in
// an unknown state, so it is replaced by a fresh one from the same compiled module and the
// caller gets an EkError; objects created on the old instance become unusable (EK_ERR_TRAP).
function fault(e, context) {
  if (e instanceof EkError) return e;
  if (S === null) {
    if (loaded === null) return new EkError(-101, context, 'call `await init()` first');
  }
  if (e instanceof WebAssembly.RuntimeError || (e instanceof RangeError && /call stack/i.test(e.message))) {
    S = null;
    rawOf.clear(); // pointers into the dead instance
    try {
      S = instantiate(loaded.module, loaded);
    } catch (e2) {
      // Some hosts (a browser's main thread) refuse synchronous instantiation of large
      // modules: finish asynchronously; calls until then get EK_ERR_STATE.
      initPromise = instantiateAsync(loaded.module, loaded).then((st) => { S = st; return info(); });
      initPromise.catch(() => { initPromise = null; });
    }
    const err = new EkError(-100, context, e.message);
    err.cause = e;
    return err;
  }
  if (S === null && e instanceof TypeError) return new EkError(-101, context, 'the module is being re-instantiated after a trap; await init()');
  return e;
}

// ---- init -----------------------------------------------------------------------------------

// i32.const 0; i32x4.splat: validates only where SIMD128 is supported.
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 0x60, 0, 1, 0x7b, 3, 2, 1,
  0, 10, 8, 1, 6, 0, 0x41, 0, 0xfd, 0x11, 0x0b]);

export function simdSupported() {
  try { return WebAssembly.validate(SIMD_PROBE); } catch { return false; }
}

export function moduleFileName({ simd = simdSupported(), core = false } = {}) {
  return `edgekernels${core ? '-core' : ''}${simd ? '' : '.baseline'}.wasm`;
}

// Duck-typed: touching the global Response in Node loads its whole fetch implementation
// (undici), which cost more than compiling the module.
function isResponse(x) {
  return x !== null && typeof x === 'object' && typeof x.arrayBuffer === 'function'
    && typeof x.status === 'number' && typeof x.clone === 'function';
}

async function toModule(src) {
  if (src instanceof WebAssembly.Module) return src;
  if (src && typeof src.then === 'function') return toModule(await src);
  if (src instanceof ArrayBuffer || ArrayBuffer.isView(src)) return WebAssembly.compile(src);
  if (isResponse(src)) {
    if (!src.ok) throw new EkError(-5, 'init', `fetching the module failed: HTTP ${src.status}`);
    const fallback = src.clone();
    if (typeof WebAssembly.compileStreaming === 'function') {
      try { return await WebAssembly.compileStreaming(src); } catch { /* wrong MIME type etc. */ }
    }
    return WebAssembly.compile(await fallback.arrayBuffer());
  }
  if (typeof src === 'string' || src instanceof URL) return toModule(fetch(src));
  throw new TypeError('init: module must be a WebAssembly.Module, bytes, a Response or a URL');
}

// Used by the entry points: init(options, defaultSource) where defaultSource(fileName) gives a
// Module / bytes / Response / URL for the chosen file.
export function initWith(options, defaultSource) {
  if (initPromise !== null) return initPromise;
  let opts = options ?? {};
  if (opts instanceof WebAssembly.Module || opts instanceof ArrayBuffer || ArrayBuffer.isView(opts)
      || typeof opts === 'string' || opts instanceof URL
      || isResponse(opts) || typeof opts.then === 'function') {
    opts = { module: opts };
  }
  const simd = opts.simd ?? simdSupported();
  const core = !!opts.core;
  const src = opts.module ?? opts.bytes ?? opts.response ?? opts.url;
  initPromise = (async () => {
    const module = await toModule(src !== undefined ? src : defaultSource(moduleFileName({ simd, core }), { simd, core }));
    loaded = { module, simd, core };
    S = await instantiateAsync(module, loaded);
    return info();
  })();
  initPromise.catch(() => { initPromise = null; });
  return initPromise;
}

function info() {
  return { simd: S.simd, core: S.core, image: S.image, version: version() };
}

/** True once init() has completed. */
export function initialized() { return S !== null; }

// ---- helpers --------------------------------------------------------------------------------

function cstr(p) {
  if (p === 0) return null;
  const u8 = S.u8;
  let e = p;
  while (u8[e] !== 0) e++;
  return dec.decode(u8.subarray(p, e));
}

// resident: a WasmBuffer is passed through (its bytes are already in wasm memory).
function asBytes(data, what, resident = false) {
  if (data instanceof Uint8Array) return data;
  if (resident && data instanceof WasmBuffer) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (typeof SharedArrayBuffer !== 'undefined' && data instanceof SharedArrayBuffer) return new Uint8Array(data);
  if (typeof data === 'string') return enc.encode(data);
  throw new TypeError(`${what}: expected a Uint8Array, ArrayBuffer, typed array or string`);
}

// Copies bytes into wasm memory: the scratch buffer when they fit (no allocation), else
// ek_malloc. Returns the pointer; release with drop(p).
function put(bytes, context) {
  if (bytes instanceof WasmBuffer) return bytes._p(context);
  const n = bytes.length;
  if (n <= SCRATCH) {
    S.u8.set(bytes, S.scratch);
    return S.scratch;
  }
  const p = alloc64(n, context);
  S.u8.set(bytes, p);
  return p;
}
function drop(p) { if (p !== S.scratch) free64(p); }

// Heap copies are 64-byte aligned like the scratch buffer: the reductions' last bits depend on
// the input address modulo the vector size, and native results are for aligned inputs.
const rawOf = new Map();
function alloc64(n, context) {
  const raw = S.x.ek_malloc(n + 64) >>> 0;
  if (raw === 0) throw new EkError(-4, context, `${n} bytes`);
  const p = raw + 63 - ((raw + 63) % 64);
  rawOf.set(p, raw);
  return p;
}
function free64(p) {
  const raw = rawOf.get(p);
  if (raw === undefined) return;
  rawOf.delete(p);
  S.x.ek_free(raw);
}

// Two inputs at once (dot): both in scratch when they fit together.
function put2(a, b, context) {
  const off = (a.length + 63) & ~63;
  if (off + b.length <= SCRATCH) {
    const pb = S.scratch + off;
    S.u8.set(a, S.scratch);
    S.u8.set(b, pb);
    return [S.scratch, pb];
  }
  const pa = alloc64(a.length, context);
  let pb;
  try { pb = alloc64(b.length, context); } catch (e) { free64(pa); throw e; }
  S.u8.set(a, pa);
  S.u8.set(b, pb);
  return [pa, pb];
}

function mallocOr(n, context) {
  const p = S.x.ek_malloc(n === 0 ? 1 : n) >>> 0;
  if (p === 0) throw new EkError(-4, context, `${n} bytes`);
  return p;
}

function u64(p) { return Number(S.dv.getBigUint64(p, true)); }
function i64(p) { return Number(S.dv.getBigInt64(p, true)); }
function f64(p) { return S.dv.getFloat64(p, true); }
function i32(p) { return S.dv.getInt32(p, true); }
function u32(p) { return S.dv.getUint32(p, true); }
function setF64(p, v) { S.dv.setFloat64(p, v, true); }
function setI32(p, v) { S.dv.setInt32(p, v, true); }
function setU32(p, v) { S.dv.setUint32(p, v >>> 0, true); }
function setI64(p, v) { S.dv.setBigInt64(p, BigInt(v), true); }
function setU64(p, v) { S.dv.setBigUint64(p, BigInt(v), true); }
function zero(p, n) { S.u8.fill(0, p, p + n); }

function toBigInt(v, what) {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  throw new TypeError(`${what}: expected an integer number or a bigint`);
}

// ---- version and dispatch -------------------------------------------------------------------

export function version() {
  try { return cstr(S.x.ek_version() >>> 0); } catch (e) { throw fault(e, 'version'); }
}
export function versionNumber() {
  try { return S.x.ek_version_number(); } catch (e) { throw fault(e, 'versionNumber'); }
}

const KERNELS = { crc32: 0, crc32c: 1, reduce_f32: 2, reduce_f64: 3, filter: 4, resize: 5 };

/** Variant each kernel family runs ("wasm-simd128", "portable", ...): one name, or all of them. */
export function kernelPath(kernel) {
  try {
    if (kernel === undefined) {
      const out = {};
      for (const [k, v] of Object.entries(KERNELS)) out[k] = cstr(S.x.ek_kernel_path(v) >>> 0);
      return out;
    }
    const k = KERNELS[kernel];
    if (k === undefined) throw new EkError(-2, 'kernelPath', `unknown kernel ${kernel}`);
    return cstr(S.x.ek_kernel_path(k) >>> 0);
  } catch (e) { throw fault(e, 'kernelPath'); }
}

function featureNames(mask) {
  const names = [];
  for (let b = 0n; b < 64n; b++) {
    if (mask & (1n << b)) {
      const p = S.x.ek_cpu_feature_name(1n << b) >>> 0;
      names.push(p ? cstr(p) : `bit${b}`);
    }
  }
  return names;
}

/** CPU features the module detected, and those its kernels may use now (e.g. ['wasm-simd128']). */
export function cpuFeatures() {
  try {
    return { detected: featureNames(BigInt.asUintN(64, S.x.ek_cpu_detected())),
             enabled: featureNames(BigInt.asUintN(64, S.x.ek_cpu_features())) };
  } catch (e) { throw fault(e, 'cpuFeatures'); }
}

/** Makes the kernels act as if `features` were absent: 'all' (portable code only), a list of
 * names from cpuFeatures(), or null / [] to use everything detected. For tests and incidents. */
export function cpuDisable(features) {
  try {
    let mask = 0n;
    if (features === 'all') mask = (1n << 64n) - 1n;
    else if (features) {
      const known = new Map();
      for (let b = 0n; b < 64n; b++) {
        const p = S.x.ek_cpu_feature_name(1n << b) >>> 0;
        if (p) known.set(cstr(p), 1n << b);
      }
      for (const f of features) {
        const bit = known.get(f);
        if (bit === undefined) throw new EkError(-2, 'cpuDisable', `unknown feature ${f}`);
        mask |= bit;
      }
    }
    S.x.ek_cpu_disable(BigInt.asIntN(64, mask));
  } catch (e) { throw fault(e, 'cpuDisable'); }
}

/** The module that runs: { simd, core, image, version }. */
export function moduleInfo() {
  try { return info(); } catch (e) { throw fault(e, 'moduleInfo'); }
}

// ---- checksum -------------------------------------------------------------------------------

function crcRun(fn, data, seed) {
  let crc = seed >>> 0;
  const x = S.x;
  if (typeof data === 'string') {
    if (data.length * 3 <= SCRATCH) {
      const { written } = enc.encodeInto(data, S.u8.subarray(S.scratch, S.scratch + SCRATCH));
      return x[fn](crc, S.scratch, written) >>> 0;
    }
    data = enc.encode(data);
  }
  const b = data instanceof Uint8Array ? data : asBytes(data, fn, true);
  if (b instanceof WasmBuffer) return x[fn](crc, b._p(fn), b.length) >>> 0;
  const n = b.length;
  const sp = S.scratch;
  if (n <= SCRATCH) {
    S.u8.set(b, sp);
    return x[fn](crc, sp, n) >>> 0;
  }
  // Large inputs stream through the scratch buffer (stays in cache, no allocation).
  for (let off = 0; off < n; off += SCRATCH) {
    const m = Math.min(SCRATCH, n - off);
    S.u8.set(b.subarray(off, off + m), sp);
    crc = x[fn](crc, sp, m) >>> 0;
  }
  return crc;
}

/** CRC-32 (zlib/gzip/PNG). seed: the CRC of the preceding data (0 to start). */
export function crc32(data, seed = 0) {
  try {
    // The common case inline: call overhead is what matters for small buffers.
    if (data instanceof Uint8Array && data.length <= SCRATCH) {
      const st = S;
      st.u8.set(data, st.scratch);
      return st.crc32(seed >>> 0, st.scratch, data.length) >>> 0;
    }
    return crcRun('ek_crc32', data, seed);
  } catch (e) { throw fault(e, 'crc32'); }
}
/** CRC-32C (Castagnoli). */
export function crc32c(data, seed = 0) {
  try {
    if (data instanceof Uint8Array && data.length <= SCRATCH) {
      const st = S;
      st.u8.set(data, st.scratch);
      return st.crc32c(seed >>> 0, st.scratch, data.length) >>> 0;
    }
    return crcRun('ek_crc32c', data, seed);
  } catch (e) { throw fault(e, 'crc32c'); }
}
/** CRC-32 of A||B from crc32(A), crc32(B) and B's length. */
export function crc32Combine(crc1, crc2, len2) {
  try { return S.x.ek_crc32_combine(crc1 >>> 0, crc2 >>> 0, toBigInt(len2, 'crc32Combine')) >>> 0; }
  catch (e) { throw fault(e, 'crc32Combine'); }
}
export function crc32cCombine(crc1, crc2, len2) {
  try { return S.x.ek_crc32c_combine(crc1 >>> 0, crc2 >>> 0, toBigInt(len2, 'crc32cCombine')) >>> 0; }
  catch (e) { throw fault(e, 'crc32cCombine'); }
}

// ---- reductions -----------------------------------------------------------------------------

function floats(x, what) {
  if (x instanceof Float64Array || x instanceof Float32Array) return x;
  if (Array.isArray(x)) return Float64Array.from(x);
  throw new TypeError(`${what}: expected a Float32Array, Float64Array or an array of numbers`);
}

function reduce(name, x, extra) {
  x = floats(x, name);
  const f32 = x instanceof Float32Array;
  const bytes = new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
  const p = put(bytes, name);
  const out = S.tmp;
  let st;
  try {
    const fn = S.x[`ek_${name}_${f32 ? 'f32' : 'f64'}`];
    st = extra === undefined ? fn(p, x.length, out) : fn(p, x.length, extra, out);
  } finally { drop(p); }
  check(st, name);
  return f32 ? S.f32[out >> 2] : S.f64[out >> 3];
}

export function sum(x) { try { return reduce('sum', x); } catch (e) { throw fault(e, 'sum'); } }
export function sumsq(x) { try { return reduce('sumsq', x); } catch (e) { throw fault(e, 'sumsq'); } }
export function min(x) { try { return reduce('min', x); } catch (e) { throw fault(e, 'min'); } }
export function max(x) { try { return reduce('max', x); } catch (e) { throw fault(e, 'max'); } }
export function mean(x) { try { return reduce('mean', x); } catch (e) { throw fault(e, 'mean'); } }
export function variance(x, ddof = 0) {
  try {
    if (!Number.isInteger(ddof) || ddof < 0) throw new EkError(-2, 'variance', 'ddof must be a non-negative integer');
    return reduce('variance', x, ddof >>> 0);
  } catch (e) { throw fault(e, 'variance'); }
}
export function dot(x, y) {
  try {
    x = floats(x, 'dot'); y = floats(y, 'dot');
    const f32 = x instanceof Float32Array;
    if (f32 !== (y instanceof Float32Array)) throw new TypeError('dot: x and y must have the same element type');
    if (x.length !== y.length) throw new EkError(-2, 'dot', `lengths differ (${x.length} vs ${y.length})`);
    const [px, py] = put2(new Uint8Array(x.buffer, x.byteOffset, x.byteLength),
                          new Uint8Array(y.buffer, y.byteOffset, y.byteLength), 'dot');
    const out = S.tmp;
    let st;
    try {
      st = S.x[f32 ? 'ek_dot_f32' : 'ek_dot_f64'](px, py, x.length, out);
    } finally {
      if (px !== S.scratch) { free64(px); free64(py); }
    }
    check(st, 'dot');
    return f32 ? S.f32[out >> 2] : S.f64[out >> 3];
  } catch (e) { throw fault(e, 'dot'); }
}

// ---- filters --------------------------------------------------------------------------------

function inPlace(context, x, call) {
  const bytes = new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
  const p = put(bytes, context);
  try {
    check(call(p), context);
    return new x.constructor(S.u8.slice(p, p + bytes.length).buffer);
  } finally { drop(p); }
}

/** out[i] = x[i] > t ? x[i] : 0 (a new Uint8Array). */
export function threshold(x, t) {
  try {
    if (!(x instanceof Uint8Array)) throw new TypeError('threshold: expected a Uint8Array');
    return inPlace('threshold', x, (p) => S.x.ek_filter_threshold_u8(p, p, x.length, t & 255));
  } catch (e) { throw fault(e, 'threshold'); }
}

/** min(max(x[i], lo), hi) for Uint8Array, Int32Array or Float32Array (a new array). */
export function clamp(x, lo, hi) {
  try {
    if (x instanceof Uint8Array) {
      if (!(lo >= 0 && lo <= 255 && hi >= 0 && hi <= 255)) throw new EkError(-2, 'clamp', 'bounds must be 0..255 for a Uint8Array');
      return inPlace('clamp', x, (p) => S.x.ek_filter_clamp_u8(p, p, x.length, lo, hi));
    }
    if (x instanceof Int32Array) return inPlace('clamp', x, (p) => S.x.ek_filter_clamp_i32(p, p, x.length, lo | 0, hi | 0));
    if (x instanceof Float32Array) return inPlace('clamp', x, (p) => S.x.ek_filter_clamp_f32(p, p, x.length, lo, hi));
    throw new TypeError('clamp: expected a Uint8Array, Int32Array or Float32Array');
  } catch (e) { throw fault(e, 'clamp'); }
}

/** Indices i (ascending) with x[i] > t, as a Uint32Array. */
export function selectAbove(x, t) {
  try {
    if (!(x instanceof Uint8Array)) throw new TypeError('selectAbove: expected a Uint8Array');
    const p = put(x, 'selectAbove');
    let q = 0;
    try {
      const cnt = S.tmp;
      const st = S.x.ek_filter_select_above_u8(p, x.length, t & 255, 0, 0, cnt);
      if (st !== -6) check(st, 'selectAbove'); // LIMIT: there are more than cap = 0
      const n = u32(cnt);
      if (n === 0) return new Uint32Array(0);
      q = mallocOr(n * 4, 'selectAbove');
      check(S.x.ek_filter_select_above_u8(p, x.length, t & 255, q, n, cnt), 'selectAbove');
      return new Uint32Array(S.u8.slice(q, q + n * 4).buffer);
    } finally { drop(p); if (q) S.x.ek_free(q); }
  } catch (e) { throw fault(e, 'selectAbove'); }
}

// ---- objects: explicit free() plus a FinalizationRegistry safety net -------------------------

const registry = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry(({ ptr, g, free }) => {
    try { if (S !== null && S.gen === g) S.x[free](ptr); } catch { /* instance gone */ }
  })
  : null;

class Handle {
  constructor(ptr, free) {
    this._ptr = ptr;
    this._gen = S.gen;
    this._free = free;
    if (registry) registry.register(this, { ptr, g: S.gen, free }, this);
  }
  // The live pointer, or an EkError: freed, or created on an instance that has since trapped.
  _p(context) {
    if (this._ptr === 0) throw new EkError(-101, context, 'object was freed');
    if (S === null || this._gen !== S.gen) throw new EkError(-100, context, 'object belonged to an instance that trapped');
    return this._ptr;
  }
  /** Releases the wasm memory now (idempotent). */
  free() {
    if (this._ptr === 0) return;
    if (registry) registry.unregister(this);
    const p = this._ptr;
    this._ptr = 0;
    if (S !== null && this._gen === S.gen) {
      try { S.x[this._free](p); } catch (e) { throw fault(e, 'free'); }
    }
  }
}
if (typeof Symbol.dispose === 'symbol') Handle.prototype[Symbol.dispose] = function dispose() { this.free(); };

/** Bytes that live in the module's memory: fill them once (set, or write through view()), then
 * pass the buffer to crc32/crc32c/probe/decode/transformImage without any copy. */
export class WasmBuffer extends Handle {
  constructor(length) {
    let ptr;
    try {
      if (!Number.isInteger(length) || length < 0 || length > 0xffffffff) throw new EkError(-2, 'WasmBuffer', 'length must be an integer in 0..2^32-1');
      ptr = S.x.ek_malloc(length || 1) >>> 0;
      if (ptr === 0) throw new EkError(-4, 'WasmBuffer', `${length} bytes`);
    } catch (e) { throw fault(e, 'WasmBuffer'); }
    super(ptr, 'ek_free');
    this.length = length;
  }
  get byteLength() { return this.length; }
  /** A Uint8Array over the bytes in wasm memory: valid until the next call that may grow the
   * memory (any allocating call); take a new view after that. */
  view() {
    try { const p = this._p('WasmBuffer.view'); return S.u8.subarray(p, p + this.length); }
    catch (e) { throw fault(e, 'WasmBuffer.view'); }
  }
  /** Copies bytes in at offset. */
  set(bytes, offset = 0) {
    try {
      const p = this._p('WasmBuffer.set');
      const b = asBytes(bytes, 'WasmBuffer.set');
      if (!Number.isInteger(offset) || offset < 0 || offset + b.length > this.length) throw new EkError(-2, 'WasmBuffer.set', 'out of range');
      S.u8.set(b, p + offset);
    } catch (e) { throw fault(e, 'WasmBuffer.set'); }
  }
  /** A JS-owned copy of bytes [start, end). */
  read(start = 0, end = this.length) {
    try {
      const p = this._p('WasmBuffer.read');
      if (!(start >= 0 && start <= end && end <= this.length)) throw new EkError(-2, 'WasmBuffer.read', 'out of range');
      return S.u8.slice(p + start, p + end);
    } catch (e) { throw fault(e, 'WasmBuffer.read'); }
  }
}

function newObject(context, newFn, cfgPtr) {
  const out = S.tmp + TMP - 8;
  check(S.x[newFn](cfgPtr, 0, out), context);
  return u32(out);
}

function counts(fn, p, context) {
  const a = S.tmp, r = S.tmp + 8;
  check(S.x[fn](p, a, r), context);
  return { accepted: u64(a), rejected: u64(r) };
}

function cfgNumber(v, name, context) {
  if (typeof v !== 'number') throw new TypeError(`${context}: ${name} must be a number`);
  return v;
}
function cfgSize(v, name, context) {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new EkError(-2, context, `${name} must be an integer in 0..2^32-1`);
  return v >>> 0;
}

// ---- stats ----------------------------------------------------------------------------------

function zscoreConfig(p, o, context) {
  const F = O.ek_zscore_config;
  if (o.window !== undefined) setU32(p + F.window, cfgSize(o.window, 'window', context));
  if (o.warmup !== undefined) setU32(p + F.warmup, cfgSize(o.warmup, 'warmup', context));
  if (o.warn !== undefined) setF64(p + F.warn, cfgNumber(o.warn, 'warn', context));
  if (o.crit !== undefined) setF64(p + F.crit, cfgNumber(o.crit, 'crit', context));
}
function zscoreResult(p) {
  const F = O.ek_zscore_result;
  return { mean: f64(p + F.mean), stddev: f64(p + F.stddev), z: f64(p + F.z),
           level: i32(p + F.level), accepted: i32(p + F.accepted) !== 0 };
}

/** Rolling z-score detector (mean/sample stddev of the previous `window` values). */
export class ZScoreDetector extends Handle {
  constructor(options = {}) {
    let ptr;
    try {
      const c = S.tmp;
      check(S.x.ek_zscore_config_init(c), 'ZScoreDetector');
      zscoreConfig(c, options, 'ZScoreDetector');
      ptr = newObject('ZScoreDetector', 'ek_zscore_new', c);
    } catch (e) { throw fault(e, 'ZScoreDetector'); }
    super(ptr, 'ek_zscore_free');
  }
  push(x) {
    try {
      const out = S.tmp;
      check(S.x.ek_zscore_push(this._p('push'), +x, out), 'ZScoreDetector.push');
      return zscoreResult(out);
    } catch (e) { throw fault(e, 'ZScoreDetector.push'); }
  }
  counts() { try { return counts('ek_zscore_counts', this._p('counts'), 'counts'); } catch (e) { throw fault(e, 'ZScoreDetector.counts'); } }
  reset() { try { check(S.x.ek_zscore_reset(this._p('reset')), 'reset'); } catch (e) { throw fault(e, 'ZScoreDetector.reset'); } }
}

/** Rolling median/MAD (Hampel) detector. */
export class RobustDetector extends Handle {
  constructor(options = {}) {
    let ptr;
    try {
      const c = S.tmp, F = O.ek_robust_config, ctx = 'RobustDetector';
      check(S.x.ek_robust_config_init(c), ctx);
      if (options.window !== undefined) setU32(c + F.window, cfgSize(options.window, 'window', ctx));
      if (options.warmup !== undefined) setU32(c + F.warmup, cfgSize(options.warmup, 'warmup', ctx));
      if (options.warn !== undefined) setF64(c + F.warn, cfgNumber(options.warn, 'warn', ctx));
      if (options.crit !== undefined) setF64(c + F.crit, cfgNumber(options.crit, 'crit', ctx));
      if (options.scale !== undefined) setF64(c + F.scale, cfgNumber(options.scale, 'scale', ctx));
      ptr = newObject(ctx, 'ek_robust_new', c);
    } catch (e) { throw fault(e, 'RobustDetector'); }
    super(ptr, 'ek_robust_free');
  }
  push(x) {
    try {
      const out = S.tmp, F = O.ek_robust_result;
      check(S.x.ek_robust_push(this._p('push'), +x, out), 'RobustDetector.push');
      return { median: f64(out + F.median), mad: f64(out + F.mad), z: f64(out + F.z),
               replacement: f64(out + F.replacement), level: i32(out + F.level),
               accepted: i32(out + F.accepted) !== 0 };
    } catch (e) { throw fault(e, 'RobustDetector.push'); }
  }
  counts() { try { return counts('ek_robust_counts', this._p('counts'), 'counts'); } catch (e) { throw fault(e, 'RobustDetector.counts'); } }
  reset() { try { check(S.x.ek_robust_reset(this._p('reset')), 'reset'); } catch (e) { throw fault(e, 'RobustDetector.reset'); } }
}

/** Exponentially weighted mean/variance. */
export class Ewma extends Handle {
  constructor(options = {}) {
    let ptr;
    try {
      const c = S.tmp, F = O.ek_ewma_config;
      check(S.x.ek_ewma_config_init(c), 'Ewma');
      if (options.alpha !== undefined) setF64(c + F.alpha, cfgNumber(options.alpha, 'alpha', 'Ewma'));
      if (options.halfLife !== undefined) setF64(c + F.half_life, cfgNumber(options.halfLife, 'halfLife', 'Ewma'));
      ptr = newObject('Ewma', 'ek_ewma_new', c);
    } catch (e) { throw fault(e, 'Ewma'); }
    super(ptr, 'ek_ewma_free');
  }
  push(x) { try { check(S.x.ek_ewma_push(this._p('push'), +x), 'Ewma.push'); } catch (e) { throw fault(e, 'Ewma.push'); } }
  get() {
    try {
      const m = S.tmp, v = S.tmp + 8;
      check(S.x.ek_ewma_get(this._p('get'), m, v), 'Ewma.get');
      return { mean: f64(m), variance: f64(v) };
    } catch (e) { throw fault(e, 'Ewma.get'); }
  }
  counts() { try { return counts('ek_ewma_counts', this._p('counts'), 'counts'); } catch (e) { throw fault(e, 'Ewma.counts'); } }
  reset() { try { check(S.x.ek_ewma_reset(this._p('reset')), 'reset'); } catch (e) { throw fault(e, 'Ewma.reset'); } }
}

const SENSOR_CHANNELS = ['temperature', 'humidity', 'pressure', 'light', 'motion'];
const LEVELS = ['normal', 'warning', 'critical'];

/** Multi-channel sensor records: fixed limits plus a z-score per channel. */
export class SensorDetector extends Handle {
  constructor(options = {}) {
    let ptr;
    try {
      const c = S.tmp, ctx = 'SensorDetector', CC = O.ek_sensor_channel_config;
      check(S.x.ek_sensor_config_init(c), ctx);
      SENSOR_CHANNELS.forEach((name, i) => {
        const o = options[name];
        if (o === undefined) return;
        const p = c + i * SIZE.ek_sensor_channel_config;
        if (o === false || o === true) { setI32(p + CC.enabled, o ? 1 : 0); return; }
        if (o.enabled !== undefined) setI32(p + CC.enabled, o.enabled ? 1 : 0);
        if (o.warnLow !== undefined) setF64(p + CC.warn_low, cfgNumber(o.warnLow, 'warnLow', ctx));
        if (o.warnHigh !== undefined) setF64(p + CC.warn_high, cfgNumber(o.warnHigh, 'warnHigh', ctx));
        if (o.critLow !== undefined) setF64(p + CC.crit_low, cfgNumber(o.critLow, 'critLow', ctx));
        if (o.critHigh !== undefined) setF64(p + CC.crit_high, cfgNumber(o.critHigh, 'critHigh', ctx));
        if (o.zscore !== undefined) zscoreConfig(p + CC.zscore, o.zscore, ctx);
      });
      ptr = newObject(ctx, 'ek_sensor_new', c);
    } catch (e) { throw fault(e, 'SensorDetector'); }
    super(ptr, 'ek_sensor_free');
  }
  /** record: { timestamp, temperature?, humidity?, pressure?, light?, motion? } (missing = NaN). */
  push(record) {
    try {
      const r = S.tmp, out = S.tmp + 64, R = O.ek_sensor_record;
      setF64(r + R.timestamp, +(record.timestamp ?? 0));
      for (const name of SENSOR_CHANNELS) {
        const v = record[name];
        setF64(r + R[name], v === undefined || v === null ? NaN : +v);
      }
      check(S.x.ek_sensor_push(this._p('push'), r, out), 'SensorDetector.push');
      const SR = O.ek_sensor_result, CR = O.ek_sensor_channel_result;
      const channels = {};
      SENSOR_CHANNELS.forEach((name, i) => {
        const p = out + SR.channel + i * SIZE.ek_sensor_channel_result;
        channels[name] = { reported: i32(p + CR.reported) !== 0, thresholdLevel: i32(p + CR.threshold_level),
                           zscore: zscoreResult(p + CR.zscore), level: i32(p + CR.level) };
      });
      return { timestamp: f64(out + SR.timestamp), channels, level: i32(out + SR.level) };
    } catch (e) { throw fault(e, 'SensorDetector.push'); }
  }
  counts(channel) {
    try {
      const i = typeof channel === 'string' ? SENSOR_CHANNELS.indexOf(channel) : channel;
      const a = S.tmp, r = S.tmp + 8;
      check(S.x.ek_sensor_counts(this._p('counts'), i, a, r), 'SensorDetector.counts');
      return { accepted: u64(a), rejected: u64(r) };
    } catch (e) { throw fault(e, 'SensorDetector.counts'); }
  }
  reset() { try { check(S.x.ek_sensor_reset(this._p('reset')), 'reset'); } catch (e) { throw fault(e, 'SensorDetector.reset'); } }
}
SensorDetector.channels = SENSOR_CHANNELS;
export { LEVELS as levelNames };

// ---- forecast -------------------------------------------------------------------------------

/** Additive Holt-Winters (R's stats::HoltWinters start values). */
export class Forecaster extends Handle {
  constructor(options = {}) {
    let ptr, period;
    try {
      const c = S.tmp, F = O.ek_holtwinters_config, ctx = 'Forecaster';
      check(S.x.ek_holtwinters_config_init(c), ctx);
      for (const k of ['alpha', 'beta', 'gamma']) {
        if (options[k] !== undefined) setF64(c + F[k], cfgNumber(options[k], k, ctx));
      }
      if (options.period !== undefined) setU32(c + F.period, cfgSize(options.period, 'period', ctx));
      if (options.trend !== undefined) setI32(c + F.trend, options.trend ? 1 : 0);
      if (options.seasonal !== undefined) setI32(c + F.seasonal, options.seasonal ? 1 : 0);
      period = i32(c + F.seasonal) ? u32(c + F.period) : 0;
      ptr = newObject(ctx, 'ek_holtwinters_new', c);
    } catch (e) { throw fault(e, 'Forecaster'); }
    super(ptr, 'ek_holtwinters_free');
    this.period = period;
  }
  /** Pushes one value; returns the rows it made ready (usually one, none while buffering). */
  push(x) {
    try {
      const p = this._p('push'), rd = S.tmp + 64;
      check(S.x.ek_holtwinters_push(p, +x, rd), 'Forecaster.push');
      const n = u32(rd), rows = [];
      const R = O.ek_holtwinters_row, out = S.tmp;
      for (let k = 0; k < n; k++) {
        check(S.x.ek_holtwinters_get_row(p, k, out), 'Forecaster.push');
        const hasFit = i32(out + R.has_fit) !== 0;
        rows.push({ index: u64(out + R.index), value: f64(out + R.value), hasFit,
                    fitted: f64(out + R.fitted), level: f64(out + R.level),
                    trend: f64(out + R.trend), season: f64(out + R.season) });
      }
      return rows;
    } catch (e) { throw fault(e, 'Forecaster.push'); }
  }
  /** Forecast `steps` (>= 1) values ahead. */
  forecast(steps = 1) {
    try {
      const out = S.tmp;
      check(S.x.ek_holtwinters_forecast(this._p('forecast'), cfgSize(steps, 'steps', 'forecast'), out), 'Forecaster.forecast');
      return f64(out);
    } catch (e) { throw fault(e, 'Forecaster.forecast'); }
  }
  /** R's coefficients: { a, b, s (Float64Array, seasonal models), sse }. */
  state() {
    try {
      const a = S.tmp, b = S.tmp + 8, sse = S.tmp + 16;
      const n = this.period;
      const s = n ? mallocOr(n * 8, 'Forecaster.state') : 0;
      try {
        check(S.x.ek_holtwinters_state(this._p('state'), a, b, s, sse), 'Forecaster.state');
        return { a: f64(a), b: f64(b), s: n ? new Float64Array(S.u8.slice(s, s + n * 8).buffer) : null, sse: f64(sse) };
      } finally { if (s) S.x.ek_free(s); }
    } catch (e) { throw fault(e, 'Forecaster.state'); }
  }
  counts() { try { return counts('ek_holtwinters_counts', this._p('counts'), 'counts'); } catch (e) { throw fault(e, 'Forecaster.counts'); } }
  reset() { try { check(S.x.ek_holtwinters_reset(this._p('reset')), 'reset'); } catch (e) { throw fault(e, 'Forecaster.reset'); } }
}

/** Rolling least-squares line over the last `window` values, with a prediction interval. */
export class TrendForecaster extends Handle {
  constructor(options = {}) {
    let ptr;
    try {
      const c = S.tmp, F = O.ek_trend_config, ctx = 'TrendForecaster';
      check(S.x.ek_trend_config_init(c), ctx);
      if (options.window !== undefined) setU32(c + F.window, cfgSize(options.window, 'window', ctx));
      if (options.level !== undefined) setF64(c + F.level, cfgNumber(options.level, 'level', ctx));
      ptr = newObject(ctx, 'ek_trend_new', c);
    } catch (e) { throw fault(e, 'TrendForecaster'); }
    super(ptr, 'ek_trend_free');
  }
  /** Returns whether the value was accepted (finite). */
  push(y) {
    try {
      const a = S.tmp;
      check(S.x.ek_trend_push(this._p('push'), +y, a), 'TrendForecaster.push');
      return i32(a) !== 0;
    } catch (e) { throw fault(e, 'TrendForecaster.push'); }
  }
  get(horizon = 1) {
    try {
      const out = S.tmp, F = O.ek_trend_result;
      check(S.x.ek_trend_get(this._p('get'), +horizon, out), 'TrendForecaster.get');
      return { full: i32(out + F.full) !== 0, slope: f64(out + F.slope), intercept: f64(out + F.intercept),
               forecast: f64(out + F.forecast), lo: f64(out + F.lo), hi: f64(out + F.hi),
               residualStd: f64(out + F.residual_std) };
    } catch (e) { throw fault(e, 'TrendForecaster.get'); }
  }
  counts() { try { return counts('ek_trend_counts', this._p('counts'), 'counts'); } catch (e) { throw fault(e, 'TrendForecaster.counts'); } }
  reset() { try { check(S.x.ek_trend_reset(this._p('reset')), 'reset'); } catch (e) { throw fault(e, 'TrendForecaster.reset'); } }
}

/** p-quantile of Student's t with `dof` degrees of freedom. */
export function tQuantile(p, dof) {
  try { check(S.x.ek_t_quantile(+p, +dof, S.tmp), 'tQuantile'); return f64(S.tmp); }
  catch (e) { throw fault(e, 'tQuantile'); }
}
/** P(T <= t). */
export function tCdf(t, dof) {
  try { check(S.x.ek_t_cdf(+t, +dof, S.tmp), 'tCdf'); return f64(S.tmp); }
  catch (e) { throw fault(e, 'tCdf'); }
}

function putF64(arr, context) {
  const a = arr instanceof Float64Array ? arr : Float64Array.from(arr);
  const p = mallocOr(a.byteLength, context);
  S.u8.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), p);
  return [p, a.length];
}

/** Least-squares polynomial (np.polyfit order: highest power first). x may be omitted (0..n-1). */
export function polyfit(y, degree, x) {
  try {
    const [py, n] = putF64(y, 'polyfit');
    let px = 0, coef = 0;
    try {
      if (x !== undefined && x !== null) {
        let nx; [px, nx] = putF64(x, 'polyfit');
        if (nx !== n) throw new EkError(-2, 'polyfit', 'x and y lengths differ');
      }
      coef = mallocOr(8 * 9, 'polyfit');
      const rs = S.tmp;
      check(S.x.ek_polyfit(px, py, n, cfgSize(degree, 'degree', 'polyfit'), coef, rs), 'polyfit');
      return { coef: new Float64Array(S.u8.slice(coef, coef + 8 * (degree + 1)).buffer), residualStd: f64(rs) };
    } finally { S.x.ek_free(py); S.x.ek_free(px); S.x.ek_free(coef); }
  } catch (e) { throw fault(e, 'polyfit'); }
}

/** Fit as polyfit, evaluated at x0 with the prediction interval at `level`. */
export function polyfitPredict(y, degree, x0, level = 0.95, x) {
  try {
    const [py, n] = putF64(y, 'polyfitPredict');
    let px = 0;
    try {
      if (x !== undefined && x !== null) {
        let nx; [px, nx] = putF64(x, 'polyfitPredict');
        if (nx !== n) throw new EkError(-2, 'polyfitPredict', 'x and y lengths differ');
      }
      const t = S.tmp;
      check(S.x.ek_polyfit_predict(px, py, n, cfgSize(degree, 'degree', 'polyfitPredict'), +x0, +level, t, t + 8, t + 16), 'polyfitPredict');
      return { yhat: f64(t), lo: f64(t + 8), hi: f64(t + 16) };
    } finally { S.x.ek_free(py); S.x.ek_free(px); }
  } catch (e) { throw fault(e, 'polyfitPredict'); }
}

// ---- window ---------------------------------------------------------------------------------

const WINDOW_KINDS = { count: 0, sliding: 1, tumbling: 2, hopping: 3 };
const AGGS = { count: 1, sum: 2, mean: 4, min: 8, max: 16, variance: 32, first: 64, last: 128 };

function readAgg(p) {
  const A = O.ek_window_agg;
  return { count: u64(p + A.count), sum: f64(p + A.sum), mean: f64(p + A.mean), min: f64(p + A.min),
           max: f64(p + A.max), variance: f64(p + A.variance), first: f64(p + A.first), last: f64(p + A.last) };
}

// n 64-bit integers (a BigInt64Array/BigUint64Array, or numbers/bigints) at p (8-aligned),
// without a BigInt per element for numbers: two 32-bit halves.
function writeI64s(src, p, n, ctx) {
  if (src instanceof BigInt64Array || src instanceof BigUint64Array) {
    S.u8.set(new Uint8Array(src.buffer, src.byteOffset, 8 * n), p);
    return;
  }
  const i32v = S.i32, q = p / 4;
  for (let i = 0; i < n; i++) {
    const v = src[i];
    if (typeof v === 'number') {
      const t = Math.trunc(v);
      if (!(Math.abs(t) <= Number.MAX_SAFE_INTEGER)) throw new EkError(-2, ctx, `element ${i} is not a safe integer`);
      const hi = Math.floor(t / 4294967296);
      i32v[q + 2 * i] = t - hi * 4294967296;
      i32v[q + 2 * i + 1] = hi;
    } else {
      S.dv.setBigInt64(p + 8 * i, BigInt.asIntN(64, toBigInt(v, ctx)), true);
    }
  }
}

/** Keyed window aggregation (count, sliding, tumbling or hopping windows per key). */
export class SlidingWindow extends Handle {
  constructor(options = {}) {
    let ptr, u64Keys, maxKeyLen;
    try {
      const c = S.tmp, F = O.ek_window_config, ctx = 'SlidingWindow';
      check(S.x.ek_window_config_init(c), ctx);
      if (options.kind !== undefined) {
        const k = WINDOW_KINDS[options.kind];
        if (k === undefined) throw new EkError(-2, ctx, `unknown kind ${options.kind}`);
        setI32(c + F.kind, k);
      }
      u64Keys = options.keyType === 'u64';
      if (options.keyType !== undefined && !u64Keys && options.keyType !== 'bytes') throw new EkError(-2, ctx, `unknown keyType ${options.keyType}`);
      setI32(c + F.key_type, u64Keys ? 1 : 0);
      if (options.aggregates !== undefined) {
        let m = 0;
        if (typeof options.aggregates === 'number') m = options.aggregates;
        else for (const a of options.aggregates) {
          if (AGGS[a] === undefined) throw new EkError(-2, ctx, `unknown aggregate ${a}`);
          m |= AGGS[a];
        }
        setU32(c + F.aggregates, m);
      }
      for (const [k, f] of [['size', 'size'], ['hop', 'hop'], ['origin', 'origin'], ['lateness', 'lateness']]) {
        if (options[k] !== undefined) setI64(c + F[f], toBigInt(options[k], `${ctx} ${k}`));
      }
      for (const [k, f] of [['maxEvents', 'max_events'], ['maxKeys', 'max_keys'], ['maxKeyLen', 'max_key_len'], ['maxPendingEvents', 'max_pending_events']]) {
        if (options[k] !== undefined) setU32(c + F[f], cfgSize(options[k], k, ctx));
      }
      maxKeyLen = u32(c + F.max_key_len);
      ptr = newObject(ctx, 'ek_window_new', c);
    } catch (e) { throw fault(e, 'SlidingWindow'); }
    super(ptr, 'ek_window_free');
    this.u64Keys = u64Keys;
    this.maxKeyLen = maxKeyLen;
  }
  // Key bytes into the scratch buffer: [pointer, length].
  _key(key, context) {
    if (typeof key === 'string') {
      if (key.length * 3 <= SCRATCH) {
        const { written } = enc.encodeInto(key, S.u8.subarray(S.scratch, S.scratch + SCRATCH));
        if (written > this.maxKeyLen) throw new EkError(-6, context, `key longer than maxKeyLen (${this.maxKeyLen})`);
        return written;
      }
      key = enc.encode(key);
    }
    const b = asBytes(key, context);
    if (b.length > this.maxKeyLen) throw new EkError(-6, context, `key longer than maxKeyLen (${this.maxKeyLen})`);
    S.u8.set(b, S.scratch);
    return b.length;
  }
  /** Pushes (key, ts, value). true: applied; false: counted and dropped (NaN/Inf value or
   * timestamp out of range, late, or sliding overflow); see stats(). */
  push(key, ts, value) {
    try {
      const p = this._p('push');
      const t = typeof ts === 'bigint' ? ts : BigInt(Math.trunc(ts));
      let st;
      if (this.u64Keys) st = S.x.ek_window_push_u64(p, toBigInt(key, 'SlidingWindow.push key'), t, +value);
      else {
        const n = this._key(key, 'SlidingWindow.push');
        st = S.x.ek_window_push(p, S.scratch, n, t, +value);
      }
      if (st === 0) return true;
      if (st === -2 || st === -6) return false;
      throw new EkError(st, 'SlidingWindow.push');
    } catch (e) { throw fault(e, 'SlidingWindow.push'); }
  }
  /** Pushes n events in order (exactly like n push() calls, with the memory accesses of later
   * events overlapped: faster with many keys). ts may be null (all 0, for count windows).
   * Returns how many were applied; the others were counted (see stats()). A key longer than
   * maxKeyLen throws EK_ERR_LIMIT before anything is pushed. */
  pushBatch(keys, ts, values) {
    const ctx = 'SlidingWindow.pushBatch';
    try {
      const w = this._p(ctx);
      const n = values.length;
      if (keys.length !== n || (ts != null && ts.length !== n)) throw new EkError(-2, ctx, 'keys, ts and values must have the same length');
      // Distinct keys are encoded once (batches repeat keys): key -> index into `distinct`.
      let slot = null, distinct = null, keyTotal = 0;
      if (!this.u64Keys) {
        const seen = new Map();
        slot = new Int32Array(n);
        distinct = [];
        for (let i = 0; i < n; i++) {
          const k = keys[i];
          let j = seen.get(k);
          if (j === undefined) {
            const b = typeof k === 'string' ? enc.encode(k) : asBytes(k, ctx);
            if (b.length > this.maxKeyLen) throw new EkError(-6, ctx, `key ${i} longer than maxKeyLen (${this.maxKeyLen})`);
            j = distinct.length;
            distinct.push(b);
            seen.set(k, j);
            keyTotal += b.length;
          }
          slot[i] = j;
        }
      }
      // One 64-byte aligned block: values f64 | ts i64 | keys u64, or key pointers + lengths u32 |
      // statuses i32 | key bytes. Every section starts 8-aligned.
      const oVal = 0, oTs = 8 * n, oKey = 16 * n, oLen = oKey + (this.u64Keys ? 8 * n : 4 * n);
      const oSt = oLen + (this.u64Keys ? 0 : 4 * n), oBytes = oSt + 4 * n;
      const base = alloc64(oBytes + keyTotal, ctx);
      try {
        if (values instanceof Float64Array) S.u8.set(new Uint8Array(values.buffer, values.byteOffset, 8 * n), base + oVal);
        else S.f64.set(Float64Array.from(values), (base + oVal) / 8);
        if (ts != null) writeI64s(ts, base + oTs, n, ctx);
        let st;
        if (this.u64Keys) {
          writeI64s(keys, base + oKey, n, ctx);
          st = S.x.ek_window_push_batch_u64(w, base + oKey, ts != null ? base + oTs : 0, base + oVal, n, base + oSt);
        } else {
          const ptrOf = new Uint32Array(distinct.length), lenOf = new Uint32Array(distinct.length);
          let at = base + oBytes;
          for (let j = 0; j < distinct.length; j++) {
            const b = distinct[j];
            S.u8.set(b, at);
            ptrOf[j] = at;
            lenOf[j] = b.length;
            at += b.length;
          }
          const u32v = S.u32, kp = (base + oKey) / 4, lp = (base + oLen) / 4;
          for (let i = 0; i < n; i++) { const j = slot[i]; u32v[kp + i] = ptrOf[j]; u32v[lp + i] = lenOf[j]; }
          st = S.x.ek_window_push_batch(w, base + oKey, base + oLen, ts != null ? base + oTs : 0, base + oVal, n, base + oSt);
        }
        if (st !== 0 && st !== -2 && st !== -6 && st !== -4) throw new EkError(st, ctx);
        let applied = 0, nomem = 0;
        const i32v = S.i32, first = (base + oSt) / 4;
        for (let i = 0; i < n; i++) {
          const v = i32v[first + i];
          if (v === 0) applied++;
          else if (v === -4) nomem++;
        }
        if (nomem) throw new EkError(-4, ctx, `${nomem} events not applied, ${applied} applied`);
        return applied;
      } finally { free64(base); }
    } catch (e) { throw fault(e, ctx); }
  }
  /** Current aggregates of a key (empty: count 0). */
  get(key) {
    try {
      const p = this._p('get'), out = S.tmp;
      if (this.u64Keys) check(S.x.ek_window_get_u64(p, toBigInt(key, 'SlidingWindow.get key'), out), 'SlidingWindow.get');
      else {
        const n = this._key(key, 'SlidingWindow.get');
        check(S.x.ek_window_get(p, S.scratch, n, out), 'SlidingWindow.get');
      }
      return readAgg(out);
    } catch (e) { throw fault(e, 'SlidingWindow.get'); }
  }
  /** The oldest queued event (closed window, eviction), or null. */
  poll() {
    try {
      const out = S.tmp, E = O.ek_window_event;
      const st = S.x.ek_window_poll(this._p('poll'), out);
      if (st === -6) return null;
      check(st, 'SlidingWindow.poll');
      const kp = u32(out + E.key), kl = u32(out + E.key_len);
      let key, keyBytes = null;
      if (this.u64Keys) key = S.dv.getBigUint64(out + E.key_u64, true);
      else { keyBytes = S.u8.slice(kp, kp + kl); key = dec.decode(keyBytes); }
      return { kind: i32(out + E.kind) === 2 ? 'evicted' : 'closed', evicted: i32(out + E.evicted) !== 0,
               key, keyBytes, start: i64(out + E.start), end: i64(out + E.end), agg: readAgg(out + E.agg) };
    } catch (e) { throw fault(e, 'SlidingWindow.poll'); }
  }
  /** Every queued event. */
  drain() {
    const out = [];
    for (let e = this.poll(); e !== null; e = this.poll()) out.push(e);
    return out;
  }
  /** End of stream: closes every open tumbling/hopping window (then poll/drain them). */
  flush() { try { check(S.x.ek_window_flush(this._p('flush')), 'SlidingWindow.flush'); } catch (e) { throw fault(e, 'SlidingWindow.flush'); } }
  stats() {
    try {
      const out = S.tmp, C = O.ek_window_counters;
      check(S.x.ek_window_stats(this._p('stats'), out), 'SlidingWindow.stats');
      const r = {};
      for (const [k, off] of Object.entries(C)) r[k.replace(/_(.)/g, (_, ch) => ch.toUpperCase())] = u64(out + off);
      return r;
    } catch (e) { throw fault(e, 'SlidingWindow.stats'); }
  }
}

// ---- image ----------------------------------------------------------------------------------

const FORMATS = { jpeg: 1, jpg: 1, png: 2, webp: 4, avif: 8, gif: 16, bmp: 32 };
const FORMAT_NAMES = { 0: 'unknown', 1: 'jpeg', 2: 'png', 4: 'webp', 8: 'avif', 16: 'gif', 32: 'bmp' };
const FILTERS = { nearest: 0, box: 1, bilinear: 2, bicubic: 3, mitchell: 4, lanczos3: 5 };
const FITS = { contain: 0, cover: 1, fill: 2, exact: 3 };
const CROPS = { centre: 0, center: 0, attention: 1, entropy: 2 };

function needImage(context) {
  if (!S.image) throw new EkError(-7, context, 'image functions need the full module (init without core: true)');
}

function pick(table, v, name, context) {
  const k = table[typeof v === 'string' ? v.toLowerCase() : v];
  if (k === undefined) throw new EkError(-2, context, `unknown ${name} ${v}`);
  return k;
}

function readInfo(p) {
  const F = O.ek_image_info;
  return { format: FORMAT_NAMES[i32(p + F.format)] ?? 'unknown', width: u32(p + F.width), height: u32(p + F.height),
           channels: u32(p + F.channels), orientation: u32(p + F.orientation) };
}

function writeLimits(p, l, context) {
  if (!l) return;
  const F = O.ek_image_limits;
  if (l.maxWidth !== undefined) setU32(p + F.max_width, cfgSize(l.maxWidth, 'maxWidth', context));
  if (l.maxHeight !== undefined) setU32(p + F.max_height, cfgSize(l.maxHeight, 'maxHeight', context));
  if (l.maxPixels !== undefined) setU64(p + F.max_pixels, toBigInt(l.maxPixels, 'maxPixels'));
  if (l.maxInputBytes !== undefined) setU64(p + F.max_input_bytes, toBigInt(l.maxInputBytes, 'maxInputBytes'));
}

/** Format, size, channels and EXIF orientation from the header, without decoding. */
export function probe(bytes, limits) {
  try {
    needImage('probe');
    const b = asBytes(bytes, 'probe', true);
    const lp = S.tmp, out = S.tmp + 64;
    check(S.x.ek_image_limits_init(lp), 'probe');
    writeLimits(lp, limits, 'probe');
    // Headers are at the start: a prefix is enough for most files, but the walk may need more
    // (PNG chunks, EXIF); probe reads at most what it needs, so pass everything.
    const p = put(b, 'probe');
    try { check(S.x.ek_probe(p, b.length, lp, out), 'probe'); } finally { drop(p); }
    return readInfo(out);
  } catch (e) { throw fault(e, 'probe'); }
}

/** Formats this module decodes / encodes. */
export function codecs() {
  try {
    if (!S.image) return { decode: [], encode: [] };
    const names = (m) => Object.entries(FORMAT_NAMES).filter(([k]) => k !== '0' && (m & Number(k))).map(([, v]) => v);
    return { decode: names(S.x.ek_image_decoders()), encode: names(S.x.ek_image_encoders()) };
  } catch (e) { throw fault(e, 'codecs'); }
}

function writeDecode(p, o, context) {
  const F = O.ek_decode_options;
  writeLimits(p + F.limits, o.limits, context);
  if (o.channels !== undefined) setU32(p + F.channels, cfgSize(o.channels, 'channels', context));
  if (o.orientation !== undefined) setI32(p + F.apply_orientation, o.orientation ? 1 : 0);
  if (o.applyOrientation !== undefined) setI32(p + F.apply_orientation, o.applyOrientation ? 1 : 0);
}

function encodeFormat(v, context) {
  if (v === undefined || v === null || v === 'auto') return 0;
  return pick(FORMATS, v, 'format', context);
}

function writeEncode(p, o, context) {
  const F = O.ek_encode_options;
  if (o.format !== undefined) setI32(p + F.format, encodeFormat(o.format, context));
  if (o.quality !== undefined) setI32(p + F.quality, cfgSize(o.quality, 'quality', context));
  if (o.lossless !== undefined) setI32(p + F.lossless, o.lossless ? 1 : 0);
  if (o.speed !== undefined) setI32(p + F.speed, cfgSize(o.speed, 'speed', context));
}

/** decode -> orient -> resize (fit) -> crop -> encode, in one call. */
export function transformImage(bytes, options = {}) {
  const ctx = 'transformImage';
  try {
    needImage(ctx);
    const b = asBytes(bytes, ctx, true);
    const t = S.tmp, T = O.ek_transform_options, outp = S.tmp + 256, lenp = S.tmp + 264, res = S.tmp + 320;
    check(S.x.ek_transform_options_init(t), ctx);
    const o = options;
    writeDecode(t + T.decode, o, ctx);
    if (o.width !== undefined) setU32(t + T.width, cfgSize(o.width, 'width', ctx));
    if (o.height !== undefined) setU32(t + T.height, cfgSize(o.height, 'height', ctx));
    if (o.fit !== undefined) setI32(t + T.fit, pick(FITS, o.fit, 'fit', ctx));
    const R = O.ek_resize_options;
    if (o.filter !== undefined) setI32(t + T.resize + R.filter, pick(FILTERS, o.filter, 'filter', ctx));
    if (o.linear !== undefined) setI32(t + T.resize + R.linear, o.linear ? 1 : 0);
    let crop = o.crop ?? o.smartCrop;
    if (crop === true) crop = 'attention';
    if (crop === false) crop = 'centre';
    if (crop !== undefined) setI32(t + T.crop, pick(CROPS, crop, 'crop', ctx));
    if (o.background !== undefined) {
      const bg = o.background;
      for (let i = 0; i < 4; i++) S.u8[t + T.background + i] = (bg[i] ?? (i === 3 ? 255 : 0)) & 255;
    }
    writeEncode(t + T.encode, o, ctx);
    // ek_transform_options_init leaves format at JPEG for ek_encode_options; format 0 means
    // "auto" for transform, which is also our default.
    setI32(t + T.encode + O.ek_encode_options.format, encodeFormat(o.format, ctx));
    if (o.shrinkOnLoad !== undefined) setI32(t + T.shrink_on_load, o.shrinkOnLoad ? 1 : 0);
    const p = put(b, ctx);
    let st;
    try { st = S.x.ek_image_transform(p, b.length, t, outp, lenp, res); } finally { drop(p); }
    check(st, ctx);
    const q = u32(outp), n = u32(lenp);
    const data = S.u8.slice(q, q + n);
    S.x.ek_free(q);
    const TR = O.ek_transform_result, RC = O.ek_rect;
    return { data, format: FORMAT_NAMES[i32(res + TR.format)], width: u32(res + TR.width), height: u32(res + TR.height),
             input: readInfo(res + TR.input),
             crop: { x: u32(res + TR.crop + RC.x), y: u32(res + TR.crop + RC.y), width: u32(res + TR.crop + RC.width), height: u32(res + TR.crop + RC.height) } };
  } catch (e) { throw fault(e, ctx); }
}

// Image handles stay inside one call: JS images are plain { data, width, height, channels }.
function imageOut(img) {
  const d = S.tmp + 512, D = O.ek_image_desc;
  check(S.x.ek_image_describe(img, d), 'image');
  const w = u32(d + D.width), h = u32(d + D.height), c = u32(d + D.channels), stride = u32(d + D.stride), px = u32(d + D.pixels);
  const row = w * c;
  let data;
  if (stride === row) data = S.u8.slice(px, px + row * h);
  else {
    data = new Uint8Array(row * h);
    for (let y = 0; y < h; y++) data.set(S.u8.subarray(px + y * stride, px + y * stride + row), y * row);
  }
  return { data, width: w, height: h, channels: c };
}

function imageIn(image, context) {
  const { data, width, height, channels } = image;
  if (!(data instanceof Uint8Array || data instanceof Uint8ClampedArray)) throw new TypeError(`${context}: image.data must be a Uint8Array`);
  const out = S.tmp + 600;
  check(S.x.ek_image_new(cfgSize(width, 'width', context), cfgSize(height, 'height', context), cfgSize(channels ?? 4, 'channels', context), 0, out), context);
  const img = u32(out);
  const d = S.tmp + 512, D = O.ek_image_desc;
  S.x.ek_image_describe(img, d);
  const w = u32(d + D.width), h = u32(d + D.height), c = u32(d + D.channels), stride = u32(d + D.stride), px = u32(d + D.pixels);
  const row = w * c;
  if (data.length !== row * h) { S.x.ek_image_free(img); throw new EkError(-2, context, `data has ${data.length} bytes, expected ${row * h}`); }
  for (let y = 0; y < h; y++) S.u8.set(data.subarray(y * row, (y + 1) * row), px + y * stride);
  return img;
}

/** Decodes to 8-bit interleaved pixels: { data, width, height, channels, info }. */
export function decode(bytes, options = {}) {
  const ctx = 'decode';
  try {
    needImage(ctx);
    const b = asBytes(bytes, ctx, true);
    const o = S.tmp, out = S.tmp + 128, inf = S.tmp + 160;
    check(S.x.ek_decode_options_init(o), ctx);
    writeDecode(o, options, ctx);
    const p = put(b, ctx);
    let st;
    try { st = S.x.ek_image_decode(p, b.length, o, 0, out, inf); } finally { drop(p); }
    check(st, ctx);
    const img = u32(out);
    try { return { ...imageOut(img), info: readInfo(inf) }; } finally { S.x.ek_image_free(img); }
  } catch (e) { throw fault(e, ctx); }
}

/** Resizes pixels { data, width, height, channels } to width x height. */
export function resize(image, width, height, options = {}) {
  const ctx = 'resize';
  try {
    needImage(ctx);
    const img = imageIn(image, ctx);
    let out = 0;
    try {
      const o = S.tmp, op = S.tmp + 64, R = O.ek_resize_options;
      check(S.x.ek_resize_options_init(o), ctx);
      if (options.filter !== undefined) setI32(o + R.filter, pick(FILTERS, options.filter, 'filter', ctx));
      if (options.linear !== undefined) setI32(o + R.linear, options.linear ? 1 : 0);
      check(S.x.ek_image_resize(img, cfgSize(width, 'width', ctx), cfgSize(height, 'height', ctx), o, 0, op), ctx);
      out = u32(op);
      return imageOut(out);
    } finally { S.x.ek_image_free(img); if (out) S.x.ek_image_free(out); }
  } catch (e) { throw fault(e, ctx); }
}

/** The width x height window `mode` ('attention' | 'entropy' | 'centre') finds most interesting. */
export function smartCrop(image, width, height, mode = 'attention') {
  const ctx = 'smartCrop';
  try {
    needImage(ctx);
    const img = imageIn(image, ctx);
    try {
      const r = S.tmp, RC = O.ek_rect;
      check(S.x.ek_image_smartcrop(img, cfgSize(width, 'width', ctx), cfgSize(height, 'height', ctx), pick(CROPS, mode, 'mode', ctx), r), ctx);
      return { x: u32(r + RC.x), y: u32(r + RC.y), width: u32(r + RC.width), height: u32(r + RC.height) };
    } finally { S.x.ek_image_free(img); }
  } catch (e) { throw fault(e, ctx); }
}

/** Copies rect { x, y, width, height } out of an image. */
export function crop(image, rect) {
  const ctx = 'crop';
  try {
    needImage(ctx);
    const img = imageIn(image, ctx);
    let out = 0;
    try {
      const r = S.tmp, RC = O.ek_rect, op = S.tmp + 64;
      setU32(r + RC.x, cfgSize(rect.x, 'x', ctx)); setU32(r + RC.y, cfgSize(rect.y, 'y', ctx));
      setU32(r + RC.width, cfgSize(rect.width, 'width', ctx)); setU32(r + RC.height, cfgSize(rect.height, 'height', ctx));
      check(S.x.ek_image_crop(img, r, 0, op), ctx);
      out = u32(op);
      return imageOut(out);
    } finally { S.x.ek_image_free(img); if (out) S.x.ek_image_free(out); }
  } catch (e) { throw fault(e, ctx); }
}

/** Encodes pixels { data, width, height, channels } as JPEG/PNG/WebP. */
export function encode(image, options = {}) {
  const ctx = 'encode';
  try {
    needImage(ctx);
    const img = imageIn(image, ctx);
    try {
      const o = S.tmp, outp = S.tmp + 64, lenp = S.tmp + 72;
      check(S.x.ek_encode_options_init(o), ctx);
      writeEncode(o, options, ctx);
      if (options.format === undefined || options.format === 'auto') setI32(o, 1);
      check(S.x.ek_image_encode(img, o, 0, outp, lenp), ctx);
      const q = u32(outp), n = u32(lenp);
      const data = S.u8.slice(q, q + n);
      S.x.ek_free(q);
      return data;
    } finally { S.x.ek_image_free(img); }
  } catch (e) { throw fault(e, ctx); }
}

// ---- negotiate ------------------------------------------------------------------------------

const HINT_HEADERS = [
  ['accept', 'accept'], ['dpr', 'dpr'], ['sec-ch-dpr', 'sec_ch_dpr'], ['width', 'width'],
  ['sec-ch-width', 'sec_ch_width'], ['viewport-width', 'viewport_width'],
  ['sec-ch-viewport-width', 'sec_ch_viewport_width'], ['save-data', 'save_data'], ['ect', 'ect'],
];

function headerGetter(headers) {
  if (headers === undefined || headers === null) return () => null;
  if (typeof headers.get === 'function' && !(headers instanceof Map)) return (n) => headers.get(n);
  const entries = headers instanceof Map ? [...headers] : Object.entries(headers);
  const m = new Map(entries.map(([k, v]) => [String(k).toLowerCase(), Array.isArray(v) ? v.join(', ') : v]));
  return (n) => m.get(n) ?? null;
}

/** Chooses format, width, quality, max-age and Vary from request headers (Accept, client hints). */
export function negotiate(headers, options = {}) {
  const ctx = 'negotiate';
  try {
    needImage(ctx);
    const get = headerGetter(headers);
    const H = O.ek_client_hints, P = O.ek_negotiate_policy, SRC = O.ek_negotiate_source, N = O.ek_negotiation;
    const hp = S.tmp, pp = S.tmp + 128, sp = S.tmp + 256, np = S.tmp + 512;
    zero(hp, SIZE.ek_client_hints);
    check(S.x.ek_negotiate_policy_init(pp), ctx);
    const po = options.policy ?? options;
    if (po.formats !== undefined) {
      let m = 0;
      for (const f of po.formats) m |= pick(FORMATS, f, 'format', ctx);
      setU32(pp + P.formats, m);
    } else {
      // By default only what this module can encode (no AVIF in wasm): never negotiate a
      // format that transformImage would then refuse.
      setU32(pp + P.formats, u32(pp + P.formats) & S.x.ek_image_encoders());
    }
    for (const [k, f] of [['minWidth', 'min_width'], ['maxWidth', 'max_width'], ['widthStep', 'width_step'],
                          ['quality', 'quality'], ['saveDataQuality', 'save_data_quality'], ['ect3gQuality', 'ect_3g_quality'],
                          ['ect2gQuality', 'ect_2g_quality'], ['maxAge', 'max_age'], ['reducedMaxAge', 'reduced_max_age']]) {
      if (po[k] !== undefined) setU32(pp + P[f], cfgSize(po[k], k, ctx));
    }
    if (po.maxDpr !== undefined) setF64(pp + P.max_dpr, cfgNumber(po.maxDpr, 'maxDpr', ctx));
    for (const [k, f] of [['widthHints', 'width_hints'], ['qualityHints', 'quality_hints'], ['widthIsCss', 'width_is_css'], ['acceptCH', 'accept_ch']]) {
      if (po[k] !== undefined) setI32(pp + P[f], po[k] ? 1 : 0);
    }
    // Header strings and breakpoints go into the scratch buffer, one after the other.
    let at = S.scratch;
    const end = S.scratch + SCRATCH;
    if (po.breakpoints !== undefined) {
      const bp = po.breakpoints;
      if (bp.length > 64) throw new EkError(-2, ctx, 'at most 64 breakpoints');
      for (let i = 0; i < bp.length; i++) setU32(at + 4 * i, cfgSize(bp[i], 'breakpoint', ctx));
      setU32(pp + P.breakpoints, at);
      setU32(pp + P.breakpoint_count, bp.length);
      at += 4 * bp.length;
    }
    let big = 0;
    try {
      for (const [name, f] of HINT_HEADERS) {
        const v = get(name);
        if (v === null || v === undefined || v === '') continue;
        const s = String(v);
        if (s.length > 65536) throw new EkError(-6, ctx, `${name} header longer than 64 KiB`);
        let n;
        if (at + s.length * 3 <= end) {
          n = enc.encodeInto(s, S.u8.subarray(at, end)).written;
          setU32(hp + H[f], at);
          at += n;
        } else {
          const bytes = enc.encode(s);
          n = bytes.length;
          if (n > 65536) throw new EkError(-6, ctx, `${name} header longer than 64 KiB`);
          if (at + n <= end) { S.u8.set(bytes, at); setU32(hp + H[f], at); at += n; }
          else {
            if (big) throw new EkError(-6, ctx, 'headers too long');
            big = mallocOr(n, ctx);
            S.u8.set(bytes, big);
            setU32(hp + H[f], big);
          }
        }
        setU32(hp + H[`${f}_len`], n);
      }
      const src = options.source ?? {};
      setU32(sp + SRC.width, cfgSize(src.width ?? 0, 'source.width', ctx));
      setI32(sp + SRC.keep_alpha, src.keepAlpha ? 1 : 0);
      check(S.x.ek_negotiate(hp, pp, sp, np), ctx);
    } finally { if (big) S.x.ek_free(big); }
    return { format: FORMAT_NAMES[i32(np + N.format)], width: u32(np + N.width), quality: u32(np + N.quality),
             maxAge: u32(np + N.max_age), vary: cstr(np + N.vary_header), acceptCH: cstr(np + N.accept_ch_header),
             varyBits: u32(np + N.vary), hintsUsed: u32(np + N.hints_used) };
  } catch (e) { throw fault(e, ctx); }
}

// ---- internal hooks for tests (not part of the documented API) -------------------------------

export const _internal = {
  /** Calls a raw export through the trap handling, e.g. to provoke a trap. */
  call(name, ...args) {
    try { return S.x[name](...args); } catch (e) { throw fault(e, `_internal.call(${name})`); }
  },
  malloc(n) { try { return S.x.ek_malloc(n) >>> 0; } catch (e) { throw fault(e, '_internal.malloc'); } },
  free(p) { try { S.x.ek_free(p); } catch (e) { throw fault(e, '_internal.free'); } },
  memoryBytes() { return S.mem.buffer.byteLength; },
  /** The instance's WebAssembly.Memory (benchmarks place data there: see benchmarks/wasm). */
  memory() { return S.mem; },
  generation() { return S === null ? 0 : S.gen; },
  scratchBytes: SCRATCH,
};
