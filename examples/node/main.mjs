// The edgekernels package from Node, the way a Lambda@Edge or a plain Node service uses it.
//
//   cmake --preset wasm && cmake --build --preset wasm     # stages build/wasm/npm/edgekernels
//   cd examples/node && npm install && node main.mjs [data folder, default ../data]
//
// (A published package is `npm install edgekernels`; here package.json points at the staged one.)
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import * as ek from 'edgekernels';

const data = process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'data');
const photo = path.join(data, 'raccoon.jpg');
const csv = path.join(data, 'sensor.csv');

const info = await ek.init();  // the SIMD128 module if this Node validates it, else the baseline
console.log(`edgekernels ${info.version} (simd: ${info.simd})`);

// 1. CRC-32 (zlib's) of a file.
const check = await readFile(path.join(data, 'check.txt'));
console.log(`crc32 check.txt = ${ek.crc32(check).toString(16).padStart(8, '0')}`);

// 2. Anomalies in a sensor CSV (timestamp,value): a rolling z-score over the last 60 readings.
const lines = (await readFile(csv, 'utf8')).split('\n').slice(1).filter(Boolean);
const detector = new ek.ZScoreDetector({ window: 60 });
try {
  for (const line of lines) {
    const [ts, value] = line.split(',');
    const r = detector.push(Number(value));
    if (r.level === 2) console.log(`critical at ${ts}: value ${value}, z = ${r.z.toFixed(2)}`);
  }
} finally {
  detector.free();  // wasm memory is released now, not whenever the GC gets to it
}

// 3. A 400x300 thumbnail, cropped where the picture is interesting, in the format a browser
//    that sends this Accept header prefers, among the formats this module encodes (the wasm
//    build has no AVIF encoder, so this browser gets WebP).
const accept = 'image/avif,image/webp,image/*,*/*;q=0.8';
const choice = ek.negotiate({ accept }, { formats: ek.codecs().encode });
const out = ek.transformImage(await readFile(photo), {
  width: 400, height: 300, fit: 'cover', smartCrop: true, format: choice.format,
});
const file = `thumbnail.${out.format === 'jpeg' ? 'jpg' : out.format}`;
await writeFile(file, out.data);
console.log(`${path.basename(photo)} ${out.input.width}x${out.input.height} -> ${file} ` +
            `${out.width}x${out.height} ${out.format}, ${out.data.length} bytes ` +
            `(Accept: ${accept} -> ${choice.format})`);
