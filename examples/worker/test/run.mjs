// Test of examples/worker in the real workerd (ctest: wasm_worker_workerd).
//
//   node examples/worker/test/run.mjs --package BUILD/npm/edgekernels
//        [--test-modules wasm-bindings/test/node_modules] [--workerd BIN] [--data examples/data]
//        [--native-ek BUILD/release/ek] [--timeout 180]
//
// Starts workerd on 127.0.0.1 (workerd.mjs), sends requests, checks the answers against
// independent references (SheetJS crc-32, image headers parsed here, the native `ek zscore`
// output: test/sensor-zscore60.csv, or --native-ek run now), and stops workerd however it ends.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { options, packageEntry, startWorkerd, workerDir } from './workerd.mjs';

const o = options(process.argv.slice(2));
const dataDir = path.resolve(o.data ?? path.join(workerDir, '../data'));
const timeoutS = Number(o.timeout ?? 180);

let failures = 0;
let checks = 0;
function check(name, ok, detail) {
  ++checks;
  if (ok) {
    console.log(`ok   ${name}`);
  } else {
    ++failures;
    console.log(`FAIL ${name}${detail === undefined ? '' : ': ' + (typeof detail === 'string' ? detail : JSON.stringify(detail))}`);
  }
  return ok;
}

for (const [what, p] of [['workerd', o.workerd], ['package', path.join(o.pkgDir, 'package.json')]]) {
  if (!fs.existsSync(p)) {
    console.error(`run.mjs: ${what} not found at ${p}` +
      (what === 'workerd' ? ' (run `npm ci` in wasm-bindings/test)' : ' (build the wasm preset: it stages the package)'));
    process.exit(1);
  }
}
const req = createRequire(path.join(path.resolve(o.testModules), 'noop.js'));
const CRC32 = req('crc-32');
const CRC32C = req('crc-32/crc32c');

// ---- image headers, parsed here (not by the code under test) ----------------------------------

function imageHeader(b) {
  const u8 = new Uint8Array(b);
  const dv = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
  const ascii = (at, n) => String.fromCharCode(...u8.subarray(at, at + n));
  if (u8.length >= 24 && u8[0] === 0x89 && ascii(1, 3) === 'PNG' && ascii(12, 4) === 'IHDR')
    return { format: 'png', width: dv.getUint32(16), height: dv.getUint32(20), complete: ascii(u8.length - 8, 4) === 'IEND' };
  if (u8.length >= 4 && u8[0] === 0xff && u8[1] === 0xd8) {
    for (let i = 2; i + 9 < u8.length;) {
      if (u8[i] !== 0xff) return null;
      const m = u8[i + 1];
      if (m === 0xff) { ++i; continue; }
      const len = dv.getUint16(i + 2);
      if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc)
        return { format: 'jpeg', width: dv.getUint16(i + 7), height: dv.getUint16(i + 5),
                 complete: u8[u8.length - 2] === 0xff && u8[u8.length - 1] === 0xd9 };
      i += 2 + len;
    }
    return null;
  }
  if (u8.length >= 30 && ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP') {
    const complete = dv.getUint32(4, true) + 8 === u8.length;
    const chunk = ascii(12, 4);
    if (chunk === 'VP8 ' && u8[23] === 0x9d && u8[24] === 0x01 && u8[25] === 0x2a)
      return { format: 'webp', width: dv.getUint16(26, true) & 0x3fff, height: dv.getUint16(28, true) & 0x3fff, complete };
    if (chunk === 'VP8L' && u8[20] === 0x2f) {
      const bits = dv.getUint32(21, true);
      return { format: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, complete };
    }
    if (chunk === 'VP8X')
      return { format: 'webp', width: (dv.getUint32(24, true) & 0xffffff) + 1,
               height: (dv.getUint32(27, true) & 0xffffff) + 1, complete };
  }
  return null;
}

// A PNG whose header claims `w` x `h` (valid signature, IHDR with its CRC, a small IDAT, IEND).
function pngHeader(w, h) {
  const chunk = (type, data) => {
    const out = new Uint8Array(12 + data.length);
    const dv = new DataView(out.buffer);
    dv.setUint32(0, data.length);
    out.set(new TextEncoder().encode(type), 4);
    out.set(data, 8);
    dv.setUint32(8 + data.length, CRC32.buf(out.subarray(4, 8 + data.length)) >>> 0);
    return out;
  };
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, w);
  dv.setUint32(4, h);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const idat = new Uint8Array([0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01]);
  const parts = [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))];
  return Buffer.concat(parts);
}

// Headers of other formats claiming huge sizes, each otherwise well formed up to the image data.
function hugeJpeg() {
  return new Uint8Array([0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 8, 0xfd, 0xe8, 0xfd, 0xe8, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1,
    0xff, 0xda, 0x00, 0x0c, 3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3f, 0, 0, 0, 0xff, 0xd9]);
}
function hugeGif() {
  return new Uint8Array([...new TextEncoder().encode('GIF89a'), 0xff, 0xff, 0xff, 0xff, 0, 0, 0,
    0x2c, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 2, 2, 0x4c, 0x01, 0, 0x3b]);
}
function hugeBmp() {
  const b = new Uint8Array(54 + 16);
  const dv = new DataView(b.buffer);
  b.set([0x42, 0x4d]);
  dv.setUint32(2, b.length, true);
  dv.setUint32(10, 54, true);
  dv.setUint32(14, 40, true);
  dv.setInt32(18, 100000, true);
  dv.setInt32(22, 100000, true);
  dv.setUint16(26, 1, true);
  dv.setUint16(28, 24, true);
  return b;
}

// Deterministic bytes (xorshift32), so a failure reproduces.
function noise(n, seed) {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

// ---- the native ek zscore anomalies ----------------------------------------------------------

function parseZscoreCsv(text) {
  const rows = [];
  for (const line of text.split('\n').slice(1)) {
    if (!line) continue;
    const f = line.split(',');
    const level = Number(f[5]);
    if (level === 0) continue;
    rows.push({ timestamp: f[0], value: Number(f[1]), mean: Number(f[2]), stddev: Number(f[3]), z: Number(f[4]), level });
  }
  return rows;
}

function nativeAnomalies(sensorCsv) {
  if (o['native-ek']) {
    const r = spawnSync(o['native-ek'], ['zscore', '--window', '60', sensorCsv], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${o['native-ek']} zscore failed: ${r.stderr}`);
    return { source: `${o['native-ek']} zscore --window 60`, rows: parseZscoreCsv(r.stdout) };
  }
  // Rows with level != 0 of `ek zscore --window 60 examples/data/sensor.csv` (native build).
  const file = path.join(workerDir, 'test/sensor-zscore60.csv');
  return { source: 'test/sensor-zscore60.csv (native ek)', rows: parseZscoreCsv(fs.readFileSync(file, 'utf8')) };
}

// ---- requests ---------------------------------------------------------------------------------

async function request(base, method, route, { body, headers = {}, duplex } = {}) {
  const t0 = performance.now();
  const res = await fetch(base + route, { method, body, headers, ...(duplex ? { duplex } : {}) });
  const buf = new Uint8Array(await res.arrayBuffer());
  const ms = performance.now() - t0;
  let json = null;
  if ((res.headers.get('content-type') ?? '').startsWith('application/json')) {
    try { json = JSON.parse(new TextDecoder().decode(buf)); } catch {}
  }
  return { status: res.status, headers: res.headers, body: buf, json, ms };
}

// A POST that keeps sending `chunk` (up to `total` bytes) until the response arrives, with
// node:http rather than fetch: a server that answers an oversized upload early and stops
// reading must not turn into a client-side "fetch failed" race.
function uploadUntilAnswered(base, route, { headers = {}, chunk, total }) {
  return new Promise((resolve, reject) => {
    const u = new URL(base + route);
    const t0 = performance.now();
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method: 'POST', headers });
    let answered = false;
    let sent = 0;
    req.on('response', (res) => {
      answered = true;
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => {
        const buf = new Uint8Array(Buffer.concat(parts));
        let json = null;
        try { json = JSON.parse(new TextDecoder().decode(buf)); } catch {}
        req.destroy();
        resolve({ status: res.statusCode, headers: new Headers(res.headers), body: buf, json, ms: performance.now() - t0, sent });
      });
      res.on('error', reject);
    });
    req.on('error', (e) => { if (!answered) reject(e); });
    const pump = () => {
      while (!answered && sent < total) {
        const n = Math.min(chunk.length, total - sent);
        sent += n;
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void req.once('drain', pump);
      }
      // With a declared length larger than `total`, the request stays open: the answer must
      // come without the rest of the body.
      if (!answered && headers['content-length'] === undefined) req.end();
      else if (sent === 0) req.flushHeaders(); // headers only: the body never comes
    };
    pump();
  });
}

// A chunked upload over the limit is still being sent when workerd answers and closes the
// connection; the unread bytes may make the kernel send a reset that discards the answer
// before the client reads it (TCP, not the worker). Up to 3 tries, each reported.
async function uploadRetryingReset(base, route, opts) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await uploadUntilAnswered(base, route, opts);
    } catch (e) {
      if (attempt >= 3 || !['ECONNRESET', 'EPIPE'].includes(e.code)) throw e;
      console.log(`note: ${route} upload: ${e.code} before the answer was read (try ${attempt}); again`);
    }
  }
}

// A 4xx with {error: non-empty, status: expected}.
function checkError(name, r, http, status) {
  const ok = r.status === http && r.json && typeof r.json.error === 'string' && r.json.error.length > 0 &&
    r.json.status === status;
  check(`${name} -> ${http} ${status}`, ok, { got: r.status, body: r.json ?? new TextDecoder().decode(r.body.subarray(0, 300)) });
  if (ok) console.log(`       "${r.json.error}"`);
}

async function runTests(base, pkg) {
  const check_txt = fs.readFileSync(path.join(dataDir, 'check.txt'));
  const raccoon = fs.readFileSync(path.join(dataDir, 'raccoon.jpg'));
  const sensorPath = path.join(dataDir, 'sensor.csv');
  const sensor = fs.readFileSync(sensorPath);
  const hex = (x) => (x >>> 0).toString(16).padStart(8, '0');

  // crc32
  {
    const r = await request(base, 'POST', '/crc32', { body: check_txt });
    console.log(`info first request (crc32 of 9 bytes, includes the isolate's init()): ${r.ms.toFixed(1)} ms`);
    check('crc32 check.txt', r.status === 200 && r.json?.crc32 === 'cbf43926' && r.json.crc32 === hex(CRC32.buf(check_txt)) &&
      r.json.crc32c === 'e3069283' && r.json.crc32c === hex(CRC32C.buf(check_txt)) && r.json.bytes === check_txt.length, r.json);
    // 3 MiB + 5 arriving in uneven chunks without a length: the worker chains the CRC per chunk.
    const big = noise(3 * 1024 * 1024 + 5, 7);
    const stream = new ReadableStream({
      start(c) {
        for (let at = 0, k = 1; at < big.length; at += 65521 * k, k = (k % 5) + 1) c.enqueue(big.slice(at, at + 65521 * k));
        c.close();
      },
    });
    const r2 = await request(base, 'POST', '/crc32', { body: stream, duplex: 'half' });
    check('crc32 of 3 MiB streamed (chunked)', r2.status === 200 && r2.json?.crc32 === hex(CRC32.buf(big)) &&
      r2.json.crc32c === hex(CRC32C.buf(big)) && r2.json.bytes === big.length, r2.json);
  }

  // resize
  const resize = async (query, accept, body = raccoon, extra = {}) =>
    request(base, 'POST', '/resize' + query, { body, headers: { ...(accept ? { accept } : {}), ...extra } });
  const webpTimes = [];
  {
    const r = await resize('?w=200', 'image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8');
    webpTimes.push(r.ms);
    const h = imageHeader(r.body);
    check('resize w=200, Chrome Accept -> WebP', r.status === 200 && r.headers.get('content-type') === 'image/webp' &&
      h?.format === 'webp' && h.width === 200 && h.height === 150 && h.complete,
      { status: r.status, type: r.headers.get('content-type'), header: h, json: r.json });
    check('resize auto: Vary names Accept', /\bAccept\b/i.test(r.headers.get('vary') ?? ''), r.headers.get('vary'));
    if (pkg && h?.format === 'webp') {
      const p = pkg.probe(r.body);
      check('WebP output: the package probe agrees', p.width === 200 && p.height === 150 && String(p.format).toLowerCase() === 'webp', p);
      // Decodes completely (not just a header): re-encode it to PNG in Node.
      const back = pkg.transformImage(r.body, { format: 'png' });
      const bh = imageHeader(back.data);
      check('WebP output decodes (to PNG in Node)', bh?.format === 'png' && bh.width === 200 && bh.height === 150, bh);
    }
  }
  {
    const r = await resize('?w=200&format=auto', 'image/jpeg');
    const h = imageHeader(r.body);
    check('resize w=200, Accept: image/jpeg -> JPEG', r.status === 200 && r.headers.get('content-type') === 'image/jpeg' &&
      h?.format === 'jpeg' && h.width === 200 && h.height === 150 && h.complete, { status: r.status, header: h, json: r.json });
    check('resize JPEG: Vary names Accept', /\bAccept\b/i.test(r.headers.get('vary') ?? ''), r.headers.get('vary'));
  }
  {
    const r = await resize('?w=200', null);
    const h = imageHeader(r.body);
    check('resize, no Accept -> JPEG', r.status === 200 && h?.format === 'jpeg' && h.width === 200, { status: r.status, header: h, json: r.json });
  }
  {
    const r = await resize('?w=120&h=120&fit=cover&format=png', 'image/webp');
    const h = imageHeader(r.body);
    check('resize fit=cover 120x120 format=png (explicit, Accept ignored)', r.status === 200 &&
      r.headers.get('content-type') === 'image/png' && h?.format === 'png' && h.width === 120 && h.height === 120 && h.complete,
      { status: r.status, header: h, json: r.json });
  }
  if (pkg) {
    // A translucent PNG (made in Node by the package) stays PNG when the client takes no WebP.
    const px = new Uint8Array(64 * 48 * 4).map((_, i) => (i % 4 === 3 ? 128 : i * 7));
    const png = pkg.encode({ data: px, width: 64, height: 48, channels: 4 }, { format: 'png' });
    const r = await resize('?w=32', 'image/jpeg,image/png', png);
    const h = imageHeader(r.body);
    check('resize auto of a PNG with alpha, no WebP accepted -> PNG', r.status === 200 && h?.format === 'png' &&
      h.width === 32 && h.height === 24, { status: r.status, header: h, json: r.json });
  }
  {
    const r = await request(base, 'GET', '/');
    check('GET / lists the routes', r.status === 200 && Array.isArray(r.json?.routes), r.json);
  }
  {
    // Client hints: no w, Sec-CH-Width 300 (physical pixels) -> 300 wide, and Vary says so.
    const r = await resize('', 'image/webp', raccoon, { 'sec-ch-width': '300' });
    const h = imageHeader(r.body);
    check('resize by client hint Sec-CH-Width: 300', r.status === 200 && h?.format === 'webp' && h.width === 300 &&
      /Sec-CH-Width/i.test(r.headers.get('vary') ?? ''), { status: r.status, header: h, vary: r.headers.get('vary'), json: r.json });
  }

  // sensor
  {
    const native = nativeAnomalies(sensorPath);
    const r = await request(base, 'POST', '/sensor', { body: sensor, headers: { 'content-type': 'text/csv' } });
    const got = r.json?.anomalies ?? [];
    const same = got.length === native.rows.length && got.every((a, i) => a.timestamp === native.rows[i].timestamp && a.level === native.rows[i].level);
    check(`sensor.csv anomalies = ${native.source} (${native.rows.length} rows, ${native.rows.filter((x) => x.level === 2).length} critical)`,
      r.status === 200 && same && r.json.rows === 1440, { status: r.status, got: got.length, json: r.status === 200 ? undefined : r.json });
    if (same) {
      let exact = 0;
      let worst = 0;
      for (let i = 0; i < got.length; i++) {
        const a = got[i];
        const b = native.rows[i];
        let all = true;
        for (const k of ['value', 'mean', 'stddev', 'z']) {
          if (a[k] !== b[k]) all = false;
          worst = Math.max(worst, Math.abs(a[k] - b[k]) / Math.max(1e-300, Math.abs(b[k])));
        }
        if (all) ++exact;
      }
      check(`sensor numbers match native (bit-identical in ${exact}/${got.length} rows, worst relative difference ${worst})`, worst <= 1e-12);
      check('sensor: the 15:00 heater spike is critical', got.some((a) => a.timestamp === '2026-11-01T15:00Z' && a.level === 2));
    }
    // A header-less series in columns 3 and 1, values as "+1e0"-style numbers, comments, CRLF.
    let csv = '# comment\r\n';
    for (let i = 0; i < 40; i++) csv += `${i === 30 ? '+5e1' : (10 + (i % 3) * 0.1).toFixed(1)},x,t${i}\r\n`;
    const r2 = await request(base, 'POST', '/sensor?window=20&time=3&value=1', { body: csv });
    check('sensor: chosen columns, no header, CRLF, comment', r2.status === 200 && r2.json?.rows === 40 &&
      r2.json.anomalies.length === 1 && r2.json.anomalies[0].timestamp === 't30' && r2.json.anomalies[0].level === 2, r2.json);
    const r3 = await request(base, 'POST', '/sensor?skip_bad=1', { body: 'timestamp,value\na,1\nb,oops\nc,2\n' });
    check('sensor skip_bad=1 skips a malformed row', r3.status === 200 && r3.json?.rows === 2 && r3.json.skipped === 1, r3.json);
  }

  // bad input
  checkError('resize of garbage bytes', await resize('?w=200', 'image/webp', noise(4096, 99)), 422, 'EK_ERR_FORMAT');
  checkError('resize of a PNG header claiming 100000x100000', await resize('?w=200', 'image/webp', pngHeader(100000, 100000)), 413, 'EK_ERR_LIMIT');
  checkError('resize of a JPEG header claiming 65000x65000', await resize('?w=200', 'image/webp', hugeJpeg()), 413, 'EK_ERR_LIMIT');
  checkError('resize of a GIF header claiming 65535x65535', await resize('?w=200', 'image/webp', hugeGif()), 413, 'EK_ERR_LIMIT');
  checkError('resize of a BMP header claiming 100000x100000', await resize('?w=200', 'image/webp', hugeBmp()), 413, 'EK_ERR_LIMIT');
  checkError('resize of a PNG header claiming 7000x7000 (49 MP > 25 MP limit)', await resize('?w=200', null, pngHeader(7000, 7000)), 413, 'EK_ERR_LIMIT');
  for (const route of ['/crc32', '/resize?w=10', '/sensor'])
    checkError(`empty body POST ${route}`, await request(base, 'POST', route, { body: new Uint8Array(0) }), 400, 'EK_ERR_ARG');
  checkError('GET /crc32', await request(base, 'GET', '/crc32'), 405, 'METHOD_NOT_ALLOWED');
  checkError('PUT /resize', await request(base, 'PUT', '/resize', { body: raccoon }), 405, 'METHOD_NOT_ALLOWED');
  checkError('POST /nope', await request(base, 'POST', '/nope', { body: check_txt }), 404, 'NOT_FOUND');
  checkError('resize with a 68 KB Accept header', await resize('?w=100', 'image/webp;q=0.5,'.repeat(4000)), 431, 'EK_ERR_LIMIT');
  checkError('resize w=0', await resize('?w=0', null), 400, 'EK_ERR_ARG');
  checkError('resize w=abc', await resize('?w=abc', null), 400, 'EK_ERR_ARG');
  checkError('resize w=100000', await resize('?w=100000', null), 400, 'EK_ERR_ARG');
  checkError('resize fit=squash', await resize('?w=10&fit=squash', null), 400, 'EK_ERR_ARG');
  checkError('resize format=tiff', await resize('?w=10&format=tiff', null), 400, 'EK_ERR_ARG');
  checkError('sensor: text where a number belongs', await request(base, 'POST', '/sensor', { body: 'timestamp,value\nt1,1\nt2,abc\n' }), 422, 'EK_ERR_FORMAT');
  checkError('sensor: unterminated quote', await request(base, 'POST', '/sensor', { body: 't1,1\n"t2,2\n' }), 422, 'EK_ERR_FORMAT');
  checkError('sensor: a line over 1 MiB', await request(base, 'POST', '/sensor', { body: 't,' + '1'.repeat(1100000) + '\n' }), 422, 'EK_ERR_FORMAT');
  {
    const r = await request(base, 'POST', '/sensor?skip_bad=1', { body: 't0,1\nt1,' + '1'.repeat(1100000) + '\nt2,2\nt3,3\n' });
    check('sensor skip_bad=1 skips a line over 1 MiB as one row', r.status === 200 && r.json?.rows === 3 && r.json.skipped === 1 &&
      r.json.anomalies.length === 0, r.json);
  }
  checkError('sensor: window=0', await request(base, 'POST', '/sensor?window=0', { body: sensor }), 400, 'EK_ERR_ARG');
  checkError('sensor: warn > crit', await request(base, 'POST', '/sensor?warn=4&crit=3', { body: sensor }), 400, 'EK_ERR_ARG');
  {
    // Oversized: a declared length over MAX_BODY_BYTES is refused before the body is read
    // (none of it is sent: bytes left unread when workerd closes the connection could make
    // the kernel reset it before the answer is read)...
    const declared = { 'content-length': String(16 * 1024 * 1024 + 1) };
    const zeros = new Uint8Array(64 * 1024);
    checkError('crc32 declaring a 16 MiB + 1 body', await uploadUntilAnswered(base, '/crc32', { headers: declared, chunk: zeros, total: 0 }), 413, 'EK_ERR_LIMIT');
    checkError('resize declaring a 16 MiB + 1 body', await uploadUntilAnswered(base, '/resize?w=10', { headers: declared, chunk: zeros, total: 0 }), 413, 'EK_ERR_LIMIT');
    // ...and a chunked one (no length) once it passes the limit.
    const rows = new TextEncoder().encode('2026-11-01T00:00Z,18.5\n'.repeat(48 * 1024)); // ~1.1 MB
    const r = await uploadRetryingReset(base, '/sensor', { chunk: rows, total: 24 * 1024 * 1024 });
    checkError(`sensor with a chunked body over 16 MiB (answered after ${(r.sent / 1048576).toFixed(1)} MiB sent)`, r, 413, 'EK_ERR_LIMIT');
    const r2 = await uploadRetryingReset(base, '/crc32', { chunk: zeros, total: 24 * 1024 * 1024 });
    checkError('crc32 with a chunked body over 16 MiB', r2, 413, 'EK_ERR_LIMIT');
    // Exactly at the limit is fine.
    const r3 = await uploadUntilAnswered(base, '/crc32', { headers: { 'content-length': String(16 * 1024 * 1024) }, chunk: zeros, total: 16 * 1024 * 1024 });
    check('crc32 of a body of exactly 16 MiB (the limit)', r3.status === 200 &&
      r3.json?.crc32 === hex(CRC32.buf(new Uint8Array(16 * 1024 * 1024))) && r3.json.bytes === 16 * 1024 * 1024, { status: r3.status, json: r3.json });
  }
  {
    // Damaged images: truncated and bit-flipped JPEGs, noise after valid signatures. Any
    // answer but a 5xx is acceptable (a decoder may return a partial image).
    const cases = [];
    for (const n of [2, 100, 600, 5000, 40000, raccoon.length - 10]) cases.push([`raccoon.jpg cut to ${n} bytes`, raccoon.subarray(0, n)]);
    for (let k = 0; k < 6; k++) {
      const b = Buffer.from(raccoon);
      const rnd = noise(64, 1000 + k);
      for (let j = 0; j < 16; j++) b[(rnd[j * 4] << 16 | rnd[j * 4 + 1] << 8 | rnd[j * 4 + 2]) % b.length] ^= 1 << (rnd[j * 4 + 3] & 7);
      cases.push([`raccoon.jpg with 16 flipped bits (#${k})`, b]);
    }
    cases.push(['PNG signature + noise', Buffer.concat([pngHeader(64, 64).subarray(0, 33), noise(2000, 5)])]);
    cases.push(['RIFF/WEBP + noise', Buffer.concat([Buffer.from('RIFF\x00\x10\x00\x00WEBPVP8 '), noise(3000, 6)])]);
    cases.push(['GIF89a + noise', Buffer.concat([Buffer.from('GIF89a'), noise(3000, 8)])]);
    const results = [];
    for (const [name, body] of cases) {
      const r = await resize('?w=100', 'image/webp', body);
      results.push(`${name}: ${r.status}${r.json ? ' ' + r.json.status : ''}`);
      check(`damaged image (${name}) -> not 5xx`, r.status < 500 && (r.status === 200 || (r.json?.error && r.json?.status)), results.at(-1));
    }
  }

  {
    // Concurrent requests share one isolate and one module instance: streamed CSV bodies
    // interleave their detector pushes with other requests' resizes and CRCs at every await.
    const native = nativeAnomalies(sensorPath).rows.map((a) => `${a.timestamp}:${a.level}`).join(',');
    const slowly = (bytes, piece) => new ReadableStream({
      async start(c) {
        for (let at = 0; at < bytes.length; at += piece) {
          c.enqueue(bytes.slice(at, at + piece));
          await new Promise((r) => setTimeout(r, 1));
        }
        c.close();
      },
    });
    const big = noise(1 << 20, 11);
    const jobs = [];
    for (let i = 0; i < 4; i++) {
      jobs.push(request(base, 'POST', '/sensor', { body: slowly(sensor, 2048 + 517 * i), duplex: 'half' }).then((r) =>
        r.status === 200 && r.json.anomalies.map((a) => `${a.timestamp}:${a.level}`).join(',') === native ? '' : `sensor #${i}: ${r.status}`));
      jobs.push(resize(`?w=${100 + 10 * i}`, 'image/webp').then((r) => {
        const h = imageHeader(r.body);
        return r.status === 200 && h?.format === 'webp' && h.width === 100 + 10 * i ? '' : `resize #${i}: ${r.status}`;
      }));
      jobs.push(request(base, 'POST', '/crc32', { body: slowly(big, 4096 * (i + 1)), duplex: 'half' }).then((r) =>
        r.status === 200 && r.json.crc32 === hex(CRC32.buf(big)) && r.json.crc32c === hex(CRC32C.buf(big)) ? '' : `crc32 #${i}: ${r.status}`));
      jobs.push(resize('?w=100', 'image/webp', noise(3000, 50 + i)).then((r) => (r.status === 422 ? '' : `garbage #${i}: ${r.status}`)));
    }
    const bad = (await Promise.all(jobs)).filter(Boolean);
    check(`${jobs.length} concurrent requests (streamed sensor and crc32 bodies, resizes, garbage) all right`, bad.length === 0, bad);
  }

  // still serving
  {
    const r = await request(base, 'POST', '/crc32', { body: check_txt });
    check('after the bad input: crc32 still answers', r.status === 200 && r.json?.crc32 === 'cbf43926', r.json);
    for (let i = 0; i < 10; i++) webpTimes.push((await resize('?w=200', 'image/webp')).ms);
    const r2 = await resize('?w=200', 'image/webp');
    const h = imageHeader(r2.body);
    check('after the bad input: resize still answers', r2.status === 200 && h?.format === 'webp' && h.width === 200, { status: r2.status, header: h });
    const r3 = await request(base, 'POST', '/sensor', { body: sensor });
    check('after the bad input: sensor still answers', r3.status === 200 && r3.json?.rows === 1440, r3.status);
  }
  const sorted = [...webpTimes].sort((a, b) => a - b);
  console.log(`info resize raccoon.jpg 1024x768 -> WebP 200x150 over HTTP: first ${webpTimes[0].toFixed(1)} ms, ` +
    `median of the next ${webpTimes.length - 1}: ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} ms`);
}

// The package in Node (a second opinion on the output images); optional.
async function loadPackage() {
  try {
    const pj = JSON.parse(fs.readFileSync(path.join(o.pkgDir, 'package.json'), 'utf8'));
    const exp = pj.exports?.['.'] ?? pj.exports;
    let entry = typeof exp === 'string' ? exp : exp?.node?.import ?? exp?.node?.default ?? exp?.node ?? exp?.import ?? exp?.default ?? pj.main;
    if (typeof entry !== 'string') entry = packageEntry(o.pkgDir);
    const m = await import(pathToFileURL(path.join(o.pkgDir, entry)).href);
    if (typeof m.init === 'function') await m.init();
    return m;
  } catch (e) {
    console.log(`note: the package did not load in Node (${e.message}); skipping its checks of the output`);
    return null;
  }
}

const timer = setTimeout(() => {
  console.error(`run.mjs: timed out after ${timeoutS} s`);
  process.exit(2); // the exit hook in workerd.mjs kills workerd
}, timeoutS * 1000);
timer.unref();
// Killed from outside (ctest, Ctrl-C): exit through process.exit so that workerd is stopped too.
for (const [sig, n] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]]) process.once(sig, () => process.exit(128 + n));

let w;
try {
  const pkg = await loadPackage();
  w = await startWorkerd(o);
  console.log(`workerd ${spawnSync(o.workerd, ['--version'], { encoding: 'utf8' }).stdout.trim()} listening at ${w.url}`);
  await runTests(w.url, pkg);
} catch (e) {
  ++failures;
  console.log(`FAIL ${e.stack ?? e}`);
} finally {
  if (w) {
    const out = w.output();
    await w.stop();
    if (failures && out.trim()) console.log(`--- workerd output ---\n${out}`);
  }
}
clearTimeout(timer);
console.log(`${checks - failures + (failures > checks ? 1 : 0)}/${checks} checks passed${failures ? `, ${failures} failed` : ''}`);
process.exit(failures ? 1 : 0);
