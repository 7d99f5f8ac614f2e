// Compiled by types.test.mjs with `tsc --noEmit --strict` against the staged package: the
// declarations must accept real use and give precise result types.
import {
  init, crc32, crc32c, crc32Combine, sum, dot, variance, clamp, selectAbove, ZScoreDetector,
  Forecaster, SlidingWindow, WasmBuffer, probe, transformImage, negotiate, EkError, kernelPath, version,
  type ImageInfo, type TransformResult, type Negotiation, type WindowEvent,
} from 'edgekernels';

const info = await init({ simd: true });
const simd: boolean = info.simd;
const c: number = crc32('abc') ^ crc32c(new Uint8Array(3), 1) ^ crc32Combine(1, 2, 3n);
const s: number = sum(new Float32Array(4)) + dot([1, 2], [3, 4]) + variance(new Float64Array(3), 1);
const clamped: Int32Array = clamp(new Int32Array(2), 0, 1);
const idx: Uint32Array = selectAbove(new Uint8Array(2), 1);
const z = new ZScoreDetector({ window: 10 });
const level: number = z.push(1).level;
z.free();
const f = new Forecaster({ period: 7 });
const rows = f.push(1);
const fitted: number | undefined = rows[0]?.fitted;
f.free();
const wb = new WasmBuffer(4); wb.set('abc'); const wc: number = crc32(wb); wb.free();
const w = new SlidingWindow({ kind: 'tumbling', size: 60_000, aggregates: ['count', 'mean'] });
w.push('sensor-1', Date.now(), 21.5);
const applied: number = w.pushBatch(['a', 'b'], [1, 2], new Float64Array(2));
const ev: WindowEvent | null = w.poll();
w.free();
const p: ImageInfo = probe(new Uint8Array(10));
const t: TransformResult = transformImage(new Uint8Array(10), { width: 100, fit: 'cover', format: 'auto' });
const bytes: Uint8Array = t.data;
const n: Negotiation = negotiate(new Headers(), { source: { width: 1000 } });
const fmt: 'jpeg' | 'png' | 'webp' | 'avif' = n.format;
const path: string = kernelPath('crc32');
try { version(); } catch (e) { if (e instanceof EkError) { const st: string = e.status; console.log(st, e.code); } }
console.log(wc, applied, simd, c, s, clamped, idx, level, fitted, ev, p, bytes, fmt, path);
