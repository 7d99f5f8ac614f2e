// The stateful objects (detectors, forecasters, windows) against plain-JS references of the
// semantics documented in the C++ headers, and their memory rules (free, use after free).
import test from 'node:test';
import assert from 'node:assert/strict';
import { load, rng, expectEk } from './util.mjs';

const ek = await load();
const close = (a, b, tol = 1e-9, what = '') => {
  if (Number.isNaN(b)) return assert.ok(Number.isNaN(a), `${what}: ${a} should be NaN`);
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
};
const meanOf = (a) => a.reduce((s, v) => s + v, 0) / a.length;
const sampleStd = (a) => { const m = meanOf(a); return Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / (a.length - 1)); };
const median = (a) => { const s = [...a].sort((x, y) => x - y), n = s.length; return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };

function series(n, seed) {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => 10 + Math.sin(i / 5) + r.normal() * 0.5 + (i % 97 === 50 ? 15 : 0));
}

test('ZScoreDetector equals the documented rolling z-score', () => {
  const window = 20, warn = 2, crit = 3;
  const z = new ek.ZScoreDetector({ window, warn, crit });
  const xs = series(500, 1);
  const prev = [];
  let warnings = 0;
  for (const x of xs) {
    const r = z.push(x);
    const w = prev.slice(-window);
    const m = w.length ? meanOf(w) : NaN, sd = w.length >= 2 ? sampleStd(w) : NaN;
    close(r.mean, m, 1e-12, 'mean');
    close(r.stddev, sd, 1e-10, 'stddev');
    const zz = prev.length < window || w.length < 2 || sd === 0 ? 0 : (x - m) / sd;
    close(r.z, zz, 1e-9, 'z');
    assert.equal(r.level, Math.abs(zz) >= crit ? 2 : Math.abs(zz) >= warn ? 1 : 0);
    assert.equal(r.accepted, true);
    if (r.level > 0) warnings++;
    prev.push(x);
  }
  assert.ok(warnings > 0);
  const nan = z.push(NaN);
  assert.equal(nan.accepted, false);
  assert.deepEqual(z.counts(), { accepted: 500, rejected: 1 });
  z.reset();
  assert.deepEqual(z.counts(), { accepted: 0, rejected: 0 });
  z.free();
  z.free(); // idempotent
  expectEk(() => z.push(1), 'EK_ERR_STATE');
  expectEk(() => new ek.ZScoreDetector({ window: 0 }), 'EK_ERR_ARG');
  expectEk(() => new ek.ZScoreDetector({ warn: 3, crit: 2 }), 'EK_ERR_ARG');
});

test('RobustDetector equals rolling median/MAD (Hampel)', () => {
  const window = 15, crit = 3, scale = 1.4826;
  const d = new ek.RobustDetector({ window, crit });
  const xs = series(300, 2);
  const prev = [];
  for (const x of xs) {
    const r = d.push(x);
    const w = prev.slice(-window);
    const med = w.length ? median(w) : NaN;
    const mad = w.length ? median(w.map((v) => Math.abs(v - med))) : NaN;
    close(r.median, med, 0, 'median');
    close(r.mad, mad, 1e-15, 'mad');
    const zz = prev.length < window || w.length < 2 || mad === 0 ? 0 : (x - med) / (scale * mad);
    close(r.z, zz, 1e-12, 'z');
    assert.equal(r.replacement, Math.abs(zz) >= crit ? med : x);
    prev.push(x);
  }
  d.free();
});

test('Ewma equals pandas ewm(adjust=False)', () => {
  const alpha = 0.2;
  const e = new ek.Ewma({ alpha });
  expectEk(() => e.get(), 'EK_ERR_ARG');
  let m, v;
  for (const x of series(200, 3)) {
    e.push(x);
    if (m === undefined) { m = x; v = 0; } else { const dd = x - m; m += alpha * dd; v = (1 - alpha) * (v + alpha * dd * dd); }
  }
  const g = e.get();
  close(g.mean, m, 1e-12, 'mean');
  close(g.variance, v, 1e-10, 'variance');
  e.free();
});

test('SensorDetector: fixed temperature limits and per-channel results', () => {
  const s = new ek.SensorDetector();
  const ok = s.push({ timestamp: 1, temperature: 21, humidity: 40 });
  assert.equal(ok.level, 0);
  assert.equal(ok.channels.temperature.reported, true);
  assert.equal(ok.channels.pressure.reported, false);
  assert.equal(s.push({ timestamp: 2, temperature: 45 }).channels.temperature.thresholdLevel, 1);
  const hot = s.push({ timestamp: 3, temperature: 55 });
  assert.equal(hot.channels.temperature.thresholdLevel, 2);
  assert.equal(hot.level, 2);
  assert.equal(hot.timestamp, 3);
  assert.deepEqual(s.counts('temperature'), { accepted: 3, rejected: 0 });
  assert.deepEqual(s.counts('pressure'), { accepted: 0, rejected: 3 }); // missing readings count as rejected
  s.free();
  const off = new ek.SensorDetector({ temperature: false });
  assert.equal(off.push({ temperature: 99 }).channels.temperature.reported, false);
  off.free();
});

test('Forecaster: simple exponential smoothing and Holt equal R\'s recursions', () => {
  const xs = series(60, 4);
  const alpha = 0.4, beta = 0.2;
  // SES: l.start = x1, first row unfitted.
  const ses = new ek.Forecaster({ alpha, trend: false, seasonal: false });
  let l = xs[0], sse = 0;
  xs.forEach((x, i) => {
    const rows = ses.push(x);
    assert.equal(rows.length, 1);
    const r = rows[0];
    assert.equal(r.index, i);
    assert.equal(r.value, x);
    if (i === 0) { assert.equal(r.hasFit, false); return; }
    assert.equal(r.hasFit, true);
    close(r.fitted, l, 1e-12, 'ses fitted');
    sse += (x - l) ** 2;
    l = alpha * x + (1 - alpha) * l;
  });
  close(ses.forecast(3), l, 1e-12, 'ses forecast');
  const st = ses.state();
  close(st.a, l, 1e-12); close(st.sse, sse, 1e-10); assert.equal(st.s, null);
  ses.free();
  // Holt: l.start = x2, b.start = x2 - x1, rows 0 and 1 unfitted.
  const holt = new ek.Forecaster({ alpha, beta, seasonal: false });
  let L = xs[1], B = xs[1] - xs[0];
  xs.forEach((x, i) => {
    const [r] = holt.push(x);
    if (i < 2) { assert.equal(r.hasFit, false); return; }
    close(r.fitted, L + B, 1e-12, 'holt fitted');
    close(r.level, L, 1e-12); close(r.trend, B, 1e-12);
    const L2 = alpha * x + (1 - alpha) * (L + B);
    B = beta * (L2 - L) + (1 - beta) * B;
    L = L2;
  });
  close(holt.forecast(5), L + 5 * B, 1e-11, 'holt forecast');
  holt.free();
});

test('Forecaster: seasonal model buffers its start-up and forecasts from its state', () => {
  const P = 4;
  const f = new ek.Forecaster({ period: P });
  assert.equal(f.period, P);
  expectEk(() => f.forecast(1), 'EK_ERR_ARG');
  const xs = Array.from({ length: 40 }, (_, i) => 100 + i + [5, -3, 2, -4][i % P] + Math.sin(i));
  const rows = [];
  xs.forEach((x) => rows.push(...f.push(x)));
  assert.equal(rows.length, xs.length);
  rows.forEach((r, i) => {
    assert.equal(r.index, i);
    assert.equal(r.hasFit, i >= P);
    if (r.hasFit) close(r.fitted, r.level + r.trend + r.season, 1e-12, 'fitted = level + trend + season');
  });
  const { a, b, s } = f.state();
  assert.equal(s.length, P);
  for (const h of [1, 2, 5, 9]) close(f.forecast(h), a + h * b + s[(h - 1) % P], 1e-12, `forecast ${h}`);
  expectEk(() => new ek.Forecaster({ alpha: 2 }), 'EK_ERR_ARG');
  f.free();
});

test('TrendForecaster equals ordinary least squares over the window', () => {
  const N = 10;
  const t = new ek.TrendForecaster({ window: N });
  const ys = series(50, 5);
  ys.forEach((y, i) => {
    assert.equal(t.push(y), true);
    const r = t.get(2);
    if (i < N - 1) { assert.equal(r.full, false); return; }
    const w = ys.slice(i - N + 1, i + 1);
    const xm = (N - 1) / 2, ym = meanOf(w);
    let sxy = 0, sxx = 0;
    w.forEach((v, k) => { sxy += (k - xm) * (v - ym); sxx += (k - xm) ** 2; });
    const slope = sxy / sxx, icpt = ym - slope * xm;
    close(r.slope, slope, 1e-9, 'slope');
    close(r.intercept, icpt, 1e-9, 'intercept');
    close(r.forecast, icpt + slope * (N - 1 + 2), 1e-9, 'forecast');
    assert.ok(r.lo < r.forecast && r.forecast < r.hi);
  });
  assert.equal(t.push(Infinity), false);
  assert.deepEqual(t.counts(), { accepted: 50, rejected: 1 });
  t.free();
  expectEk(() => new ek.TrendForecaster({ window: 1 }), 'EK_ERR_ARG');
});

function aggOf(vals) {
  const n = vals.length;
  const m = n ? meanOf(vals) : NaN;
  return { count: n, sum: vals.reduce((s, v) => s + v, 0), mean: m, min: n ? Math.min(...vals) : NaN,
           max: n ? Math.max(...vals) : NaN, variance: n >= 2 ? vals.reduce((s, v) => s + (v - m) ** 2, 0) / (n - 1) : NaN,
           first: n ? vals[0] : NaN, last: n ? vals[n - 1] : NaN };
}
function closeAgg(got, want, what) {
  for (const k of Object.keys(want)) close(got[k], want[k], 1e-9, `${what} ${k}`);
}

test('SlidingWindow tumbling: closed windows per key equal a JS grouping', () => {
  const w = new ek.SlidingWindow({ kind: 'tumbling', size: 10 });
  const r = rng(21);
  const keys = ['alpha', 'béta', 'γ'];
  const ts = { alpha: 0, 'béta': 0, 'γ': 0 };
  const groups = new Map();
  for (let i = 0; i < 600; i++) {
    const k = keys[r.u32() % 3];
    ts[k] += r.u32() % 4;
    const v = Math.round(r.normal() * 100) / 8;
    assert.equal(w.push(k, ts[k], v), true);
    const g = `${k}|${Math.floor(ts[k] / 10) * 10}`;
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g).push(v);
  }
  // Late events (before the end-of-stream flush) are counted and refused.
  assert.equal(w.push('alpha', ts.alpha - 100, 1), false);
  assert.equal(w.push('alpha', ts.alpha, NaN), false);
  const events = w.drain();
  w.flush();
  events.push(...w.drain());
  assert.equal(events.length, groups.size);
  for (const e of events) {
    assert.equal(e.kind, 'closed');
    assert.equal(e.end - e.start, 10);
    assert.deepEqual(e.keyBytes, new TextEncoder().encode(e.key));
    closeAgg(e.agg, aggOf(groups.get(`${e.key}|${e.start}`)), `${e.key}@${e.start}`);
  }
  const st = w.stats();
  assert.equal(st.late, 1);
  assert.equal(st.rejected, 1);
  assert.equal(st.keys, 3);
  assert.ok(st.bytes > 0 && st.bytesPerKey > 0);
  expectEk(() => w.push('x'.repeat(65), 1, 1), 'EK_ERR_LIMIT');
  w.free();
});

test('SlidingWindow count and sliding windows; u64 keys; LRU eviction events', () => {
  const c = new ek.SlidingWindow({ kind: 'count', size: 5 });
  const vals = [];
  for (let i = 0; i < 12; i++) { c.push('k', 0, i * 1.5); vals.push(i * 1.5); }
  closeAgg(c.get('k'), aggOf(vals.slice(-5)), 'count');
  assert.equal(c.get('unknown').count, 0);
  c.free();

  const s = new ek.SlidingWindow({ kind: 'sliding', size: 100, keyType: 'u64' });
  const ev = [];
  const r = rng(8);
  let t = 0;
  for (let i = 0; i < 300; i++) { t += r.u32() % 7; const v = r.normal(); s.push(42n, t, v); ev.push([t, v]); }
  closeAgg(s.get(42), aggOf(ev.filter(([x]) => x > t - 100).map(([, v]) => v)), 'sliding');
  assert.equal(s.get(7n).count, 0);
  s.free();

  const lru = new ek.SlidingWindow({ kind: 'count', size: 4, maxKeys: 2 });
  lru.push('a', 0, 1); lru.push('b', 0, 2); lru.push('a', 0, 3); lru.push('c', 0, 4);
  const [e] = lru.drain();
  assert.equal(e.kind, 'evicted');
  assert.equal(e.key, 'b');
  assert.equal(e.agg.count, 1);
  assert.equal(lru.stats().evictions, 1);
  lru.free();

  const h = new ek.SlidingWindow({ kind: 'hopping', size: 10, hop: 5, keyType: 'u64' });
  h.push(1, 0, 1); h.push(1, 7, 2); h.push(1, 12, 4); h.flush();
  const got = h.drain().map((x) => [x.key, x.start, x.end, x.agg.sum]);
  assert.deepEqual(got, [[1n, -5, 5, 1], [1n, 0, 10, 3], [1n, 5, 15, 6], [1n, 10, 20, 4]]);
  h.free();
  expectEk(() => new ek.SlidingWindow({ kind: 'hopping', size: 10 }), 'EK_ERR_ARG');
  expectEk(() => new ek.SlidingWindow({ kind: 'nope' }), 'EK_ERR_ARG');
});

test('objects implement Symbol.dispose where the host has it', () => {
  const z = new ek.ZScoreDetector();
  if (typeof Symbol.dispose === 'symbol') {
    z[Symbol.dispose]();
    expectEk(() => z.push(1), 'EK_ERR_STATE');
  } else {
    z.free();
  }
});

test('the FinalizationRegistry frees objects that are collected without free()', async () => {
  const v8 = await import('node:v8');
  const vm = await import('node:vm');
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  // 8 MB of ring per detector (untouched pages: address space, not RAM); 1200 of them would
  // need 9.6 GB, more than the module's 4 GiB, unless forgotten ones are released.
  for (let i = 0; i < 1200; i++) {
    new ek.ZScoreDetector({ window: 1 << 20 }); // eslint-disable-line no-new
    if (i % 50 === 49) {
      gc();
      await new Promise((r) => setTimeout(r, 0)); // finalizers run in a later task
    }
  }
  assert.ok(ek._internal.memoryBytes() <= 2 ** 32);
});

test('SlidingWindow.pushBatch equals push() one by one (bytes and u64 keys)', () => {
  const r = rng(33);
  const n = 5000;
  const keys = Array.from({ length: n }, () => `k${r.u32() % 300}`);
  const ts = []; let t = 0;
  for (let i = 0; i < n; i++) { t += r.u32() % 3; ts.push(t - (r.u32() % 50 === 0 ? 40 : 0)); }
  const vals = Float64Array.from({ length: n }, (_, i) => (i % 997 === 3 ? NaN : r.normal()));
  for (const keyType of ['bytes', 'u64']) {
    const opts = { kind: 'tumbling', size: 20, keyType };
    const a = new ek.SlidingWindow(opts), b = new ek.SlidingWindow(opts);
    const ks = keyType === 'u64' ? keys.map((k) => BigInt(k.slice(1))) : keys;
    let applied = 0;
    for (let i = 0; i < n; i++) if (a.push(ks[i], ts[i], vals[i])) applied++;
    assert.equal(b.pushBatch(ks, ts, vals), applied);
    assert.deepEqual(b.stats(), a.stats());
    a.flush(); b.flush();
    assert.deepEqual(b.drain(), a.drain());
    a.free(); b.free();
  }
  const c = new ek.SlidingWindow({ kind: 'count', size: 3 });
  assert.equal(c.pushBatch(['a', 'a', 'b', 'a'], null, [1, 2, 3, 4]), 4);
  assert.equal(c.get('a').sum, 7);
  expectEk(() => c.pushBatch(['a', 'x'.repeat(65)], null, [1, 2]), 'EK_ERR_LIMIT');
  assert.equal(c.get('a').count, 3, 'nothing pushed by a rejected batch');
  expectEk(() => c.pushBatch(['a'], null, [1, 2]), 'EK_ERR_ARG');
  c.free();
});

test('pushBatch timestamps: negative numbers, bigints and BigInt64Array agree with push()', () => {
  const ts = [-5000000000, -17, -1, 0, 3, 4294967296 + 5, 2 ** 40 + 123];
  const vals = ts.map((_, i) => i + 0.5);
  const keys = ts.map((_, i) => BigInt(i % 2));
  const variants = [ts, ts.map(BigInt), BigInt64Array.from(ts.map(BigInt))];
  const ref = new ek.SlidingWindow({ kind: 'tumbling', size: 1000, keyType: 'u64' });
  ts.forEach((t, i) => ref.push(keys[i], t, vals[i]));
  ref.flush();
  const want = ref.drain();
  ref.free();
  assert.ok(want.length >= 5);
  for (const v of variants) {
    const w = new ek.SlidingWindow({ kind: 'tumbling', size: 1000, keyType: 'u64' });
    assert.equal(w.pushBatch(BigUint64Array.from(keys), v, Float64Array.from(vals)), ts.length);
    w.flush();
    assert.deepEqual(w.drain(), want);
    w.free();
  }
});

test('counts() and reset() on every object kind', () => {
  const objs = [
    [new ek.ZScoreDetector(), (o) => o.push(1)],
    [new ek.RobustDetector(), (o) => o.push(1)],
    [new ek.Ewma(), (o) => o.push(1)],
    [new ek.Forecaster({ seasonal: false }), (o) => o.push(1)],
    [new ek.TrendForecaster({ window: 3 }), (o) => o.push(1)],
  ];
  for (const [o, push] of objs) {
    push(o); push(o); o.push(NaN);
    assert.deepEqual(o.counts(), { accepted: 2, rejected: 1 }, o.constructor.name);
    o.reset();
    assert.deepEqual(o.counts(), { accepted: 0, rejected: 0 }, o.constructor.name);
    o.free();
    expectEk(() => o.counts(), 'EK_ERR_STATE');
  }
  const s = new ek.SensorDetector();
  s.push({ temperature: 20 });
  s.reset();
  assert.deepEqual(s.counts(0), { accepted: 0, rejected: 0 });
  expectEk(() => s.counts(9), 'EK_ERR_ARG');
  s.free();
});
