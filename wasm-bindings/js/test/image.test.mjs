// Images: probe / decode against PNGs written here with node:zlib (an independent encoder) and
// a JPEG whose header is parsed here; transform, resize, crop, encode, negotiate.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { load, pkgDir, requireRef, sourceDir, expectEk } from './util.mjs';

const ek = await load();
const CRC32 = requireRef('crc-32');
const jpeg = new Uint8Array(fs.readFileSync(path.join(sourceDir, 'examples/data/raccoon.jpg')));

function png(width, height, channels, pixel, { declaredWidth = width, declaredHeight = height } = {}) {
  const colorType = { 1: 0, 2: 4, 3: 2, 4: 6 }[channels];
  const raw = Buffer.alloc((width * channels + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * channels + 1)] = 0;
    for (let x = 0; x < width; x++) {
      const px = pixel(x, y);
      for (let c = 0; c < channels; c++) raw[y * (width * channels + 1) + 1 + x * channels + c] = px[c];
    }
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(CRC32.buf(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(declaredWidth, 0); ihdr.writeUInt32BE(declaredHeight, 4);
  ihdr[8] = 8; ihdr[9] = colorType;
  return new Uint8Array(Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]));
}
const rgb = (x, y) => [x * 4 & 255, y * 5 & 255, (x * y) & 255];
const rgba = (x, y) => [...rgb(x, y), (x + y) * 3 & 255];

function jpegSize(b) {
  for (let i = 2; i < b.length;) {
    const m = b[i + 1];
    if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) {
      return { height: (b[i + 5] << 8) | b[i + 6], width: (b[i + 7] << 8) | b[i + 8], components: b[i + 9] };
    }
    i += 2 + ((b[i + 2] << 8) | b[i + 3]);
  }
  throw new Error('no SOF');
}

test('codecs: the full module decodes jpeg/png/webp/gif/bmp and encodes jpeg/png/webp', () => {
  const c = ek.codecs();
  for (const f of ['jpeg', 'png', 'webp', 'gif', 'bmp']) assert.ok(c.decode.includes(f), f);
  for (const f of ['jpeg', 'png', 'webp']) assert.ok(c.encode.includes(f), f);
});

test('probe reads PNG and JPEG headers', () => {
  assert.deepEqual(ek.probe(png(64, 48, 3, rgb)), { format: 'png', width: 64, height: 48, channels: 3, orientation: 1 });
  assert.equal(ek.probe(png(5, 7, 4, rgba)).channels, 4);
  assert.equal(ek.probe(png(5, 7, 2, (x) => [x, 9])).channels, 2);
  const j = jpegSize(jpeg);
  const p = ek.probe(jpeg);
  assert.equal(p.format, 'jpeg');
  assert.equal(p.width, j.width);
  assert.equal(p.height, j.height);
  assert.equal(p.channels, j.components === 1 ? 1 : 3);
  assert.deepEqual(ek.probe(jpeg.buffer), p);
});

test('probe and transform reject bad input with a clear status', () => {
  expectEk(() => ek.probe(new Uint8Array(0)), 'EK_ERR_FORMAT');
  expectEk(() => ek.probe('definitely not an image'), 'EK_ERR_FORMAT');
  expectEk(() => ek.probe(jpeg.subarray(0, 20)), 'EK_ERR_FORMAT');
  const huge = png(4, 4, 3, rgb, { declaredWidth: 100000, declaredHeight: 100000 });
  expectEk(() => ek.probe(huge), 'EK_ERR_LIMIT');
  expectEk(() => ek.transformImage(huge, { width: 10 }), 'EK_ERR_LIMIT');
  expectEk(() => ek.transformImage(new Uint8Array([1, 2, 3])), 'EK_ERR_FORMAT');
  expectEk(() => ek.probe(png(64, 64, 3, rgb), { maxPixels: 100 }), 'EK_ERR_LIMIT');
  expectEk(() => ek.transformImage(jpeg, { fit: 'sideways' }), 'EK_ERR_ARG');
  expectEk(() => ek.transformImage(jpeg, { format: 'tiff' }), 'EK_ERR_ARG');
});

test('decode returns exactly the pixels written', () => {
  for (const [c, f] of [[3, rgb], [4, rgba], [1, (x, y) => [x ^ y]]]) {
    const img = ek.decode(png(33, 17, c, f));
    assert.equal(img.width, 33); assert.equal(img.height, 17); assert.equal(img.channels, c);
    const want = new Uint8Array(33 * 17 * c);
    for (let y = 0; y < 17; y++) for (let x = 0; x < 33; x++) want.set(f(x, y), (y * 33 + x) * c);
    assert.deepEqual(img.data, want);
    assert.equal(img.info.format, 'png');
  }
  assert.equal(ek.decode(png(8, 8, 3, rgb), { channels: 4 }).channels, 4);
});

test('resize: nearest picks Pillow\'s source pixels; box 2x averages 2x2 blocks', () => {
  const src = ek.decode(png(64, 48, 3, rgb));
  const n = ek.resize(src, 32, 24, { filter: 'nearest' });
  for (let y = 0; y < 24; y++) for (let x = 0; x < 32; x++) {
    const sx = Math.floor((x + 0.5) * 2), sy = Math.floor((y + 0.5) * 2);
    for (let c = 0; c < 3; c++) assert.equal(n.data[(y * 32 + x) * 3 + c], src.data[(sy * 64 + sx) * 3 + c]);
  }
  const b = ek.resize(src, 32, 24, { filter: 'box' });
  let worst = 0;
  for (let y = 0; y < 24; y++) for (let x = 0; x < 32; x++) for (let c = 0; c < 3; c++) {
    const at = (xx, yy) => src.data[(yy * 64 + xx) * 3 + c];
    const avg = (at(2 * x, 2 * y) + at(2 * x + 1, 2 * y) + at(2 * x, 2 * y + 1) + at(2 * x + 1, 2 * y + 1)) / 4;
    worst = Math.max(worst, Math.abs(b.data[(y * 32 + x) * 3 + c] - avg));
  }
  assert.ok(worst <= 1, `box average off by ${worst}`);
  expectEk(() => ek.resize({ data: new Uint8Array(10), width: 2, height: 2, channels: 3 }, 1, 1), 'EK_ERR_ARG');
});

test('transformImage: fit modes, formats, auto format, and agreement with decode + resize + encode', () => {
  const src = png(64, 48, 3, rgb);
  const a = ek.transformImage(src, { width: 32, format: 'png', filter: 'lanczos3' });
  assert.equal(a.format, 'png'); assert.equal(a.width, 32); assert.equal(a.height, 24);
  assert.deepEqual(a.input, { format: 'png', width: 64, height: 48, channels: 3, orientation: 1 });
  const manual = ek.resize(ek.decode(src), 32, 24, { filter: 'lanczos3' });
  assert.deepEqual(ek.decode(a.data).data, manual.data);
  assert.deepEqual(ek.probe(ek.encode(manual, { format: 'png' })), ek.probe(a.data));

  const j = ek.transformImage(jpeg, { width: 200, format: 'jpeg', quality: 70 });
  assert.equal(j.data[0], 0xff); assert.equal(j.data[1], 0xd8);
  assert.equal(j.width, 200);
  const w = ek.transformImage(jpeg, { width: 120, height: 120, fit: 'cover', smartCrop: true, format: 'webp' });
  assert.equal(new TextDecoder().decode(w.data.subarray(8, 12)), 'WEBP');
  assert.deepEqual([w.width, w.height], [120, 120]);
  assert.deepEqual(ek.probe(w.data), { format: 'webp', width: 120, height: 120, channels: 3, orientation: 1 });
  const fill = ek.transformImage(src, { width: 100, height: 100, fit: 'fill', format: 'png', background: [255, 0, 0, 255] });
  assert.deepEqual([fill.width, fill.height, fill.crop.width, fill.crop.height], [100, 100, 100, 75]);
  const px = ek.decode(fill.data, { channels: 4 });
  assert.deepEqual([...px.data.subarray(0, 4)], [255, 0, 0, 255]);
  const exact = ek.transformImage(src, { width: 10, height: 40, fit: 'exact', format: 'png' });
  assert.deepEqual([exact.width, exact.height], [10, 40]);
  // 'auto': PNG for a PNG with alpha, JPEG otherwise.
  assert.equal(ek.transformImage(png(16, 16, 4, rgba), { width: 8, format: 'auto' }).format, 'png');
  assert.equal(ek.transformImage(src, { width: 8 }).format, 'jpeg');
  const lossless = ek.transformImage(src, { format: 'webp', lossless: true });
  assert.deepEqual(ek.decode(lossless.data).data, ek.decode(src).data);
});

test('smartCrop and crop', () => {
  const src = ek.decode(png(40, 30, 3, (x, y) => (x > 25 && y > 15 ? [250, 30, 30] : [128, 128, 128])));
  const r = ek.smartCrop(src, 10, 10, 'entropy');
  assert.ok(r.x + r.width <= 40 && r.y + r.height <= 30 && r.width === 10 && r.height === 10);
  const c = ek.crop(src, { x: 5, y: 6, width: 7, height: 8 });
  assert.equal(c.width, 7);
  for (let y = 0; y < 8; y++) assert.deepEqual(c.data.subarray(y * 21, y * 21 + 21), src.data.subarray(((y + 6) * 40 + 5) * 3, ((y + 6) * 40 + 12) * 3));
  expectEk(() => ek.crop(src, { x: 35, y: 0, width: 10, height: 1 }), 'EK_ERR_ARG');
});

test('negotiate: format by Accept, width by client hints, quality by Save-Data, exact Vary', () => {
  const source = { width: 4000 };
  // By default only formats this module encodes: no AVIF in wasm, so WebP; allowed explicitly,
  // the C library's choice.
  assert.equal(ek.negotiate({ accept: 'image/avif,image/webp,*/*' }, { source }).format, 'webp');
  assert.ok(!ek.codecs().encode.includes('avif'));
  assert.equal(ek.negotiate({ accept: 'image/avif,image/webp,*/*' }, { source, formats: ['avif', 'webp', 'jpeg', 'png'] }).format, 'avif');
  assert.equal(ek.negotiate({ Accept: 'image/webp,*/*' }, { source }).format, 'webp');
  assert.equal(ek.negotiate({ Accept: 'image/*,*/*' }, { source }).format, 'jpeg');
  assert.equal(ek.negotiate({ Accept: 'image/avif;q=0,image/webp' }, { source }).format, 'webp');
  assert.equal(ek.negotiate({}, { source: { width: 500, keepAlpha: true } }).format, 'png');
  assert.equal(ek.negotiate({ Accept: 'image/avif' }, { source, formats: ['webp', 'jpeg'] }).format, 'jpeg');
  const h = new Headers({ Accept: 'image/webp', 'Sec-CH-Width': '401', 'Save-Data': 'on' });
  const r = ek.negotiate(h, { source });
  assert.equal(r.width, 500); // snapped up to the 100-pixel step
  assert.equal(r.quality, 50);
  assert.equal(r.maxAge, 86400);
  assert.equal(r.vary, 'Accept, Sec-CH-Width, Save-Data, ECT');
  assert.match(r.acceptCH, /^Sec-CH-DPR, Sec-CH-Width/);
  const m = ek.negotiate(new Map([['viewport-width', '320'], ['dpr', '2']]), { source, breakpoints: [300, 640, 1280] });
  assert.equal(m.width, 640);
  assert.equal(ek.negotiate(null, { source: { width: 800 } }).width, 800);
  // Long Accept values go through a heap copy; over 64 KiB is EK_ERR_LIMIT.
  assert.equal(ek.negotiate({ accept: 'text/plain, '.repeat(4000) + 'image/webp' }, { source }).format, 'webp');
  expectEk(() => ek.negotiate({ accept: 'x'.repeat(70000) }, { source }), 'EK_ERR_LIMIT');
  expectEk(() => ek.negotiate({}, { source, formats: ['webp'] }), 'EK_ERR_ARG');
});

test('the core module has no image functions but every kernel', () => {
  const script = `
    const ek = await import(${JSON.stringify(new URL(`file://${path.join(pkgDir, 'src/node.js')}`).href)});
    const info = await ek.init({ core: true, simd: false });
    const out = { info, crc: ek.crc32('123456789'), sum: ek.sum([1, 2, 3]) };
    try { ek.probe(new Uint8Array(10)); } catch (e) { out.err = e.status; }
    console.log(JSON.stringify(out));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out.info.core, true);
  assert.deepEqual(out.info.simd, false);
  assert.equal(out.crc, 0xcbf43926);
  assert.equal(out.sum, 6);
  assert.equal(out.err, 'EK_ERR_UNSUPPORTED');
});
