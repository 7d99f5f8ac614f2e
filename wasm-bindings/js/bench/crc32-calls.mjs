// Call overhead of the package's crc32 vs Node's zlib.crc32 and the crc-32 npm package, in
// calls/s and GB/s at 64 B, 4 KiB and 1 MiB (two alternating rounds; not part of the package).
//   node wasm-bindings/js/bench/crc32-calls.mjs [staged package dir]
import zlib from 'node:zlib';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const pkg = process.argv[2] ?? path.join(root, 'build/wasm/npm/edgekernels');
const CRC32 = createRequire(path.join(root, 'wasm-bindings/test/node_modules/x.js'))('crc-32');
const ek = await import(pathToFileURL(path.join(pkg, 'src/node.js')).href);
await ek.init();
console.log(`edgekernels ${ek.version()}, crc32 kernel ${ek.kernelPath('crc32')}, node ${process.version}`);

function bench(fn, buf, minMs) {
  let n = 0, x = 0, t;
  const t0 = performance.now();
  do { for (let i = 0; i < 1000; i++) x ^= fn(buf); n += 1000; t = performance.now(); } while (t - t0 < minMs);
  if (x === 0.5) console.log(x); // keep x alive
  const ns = ((t - t0) / n) * 1e6;
  return `${(1e3 / ns).toFixed(2)} M calls/s ${(buf.length / ns).toFixed(2)} GB/s`;
}
for (const size of [64, 4096, 1 << 20]) {
  const buf = new Uint8Array(size).map((_, i) => (i * 31) & 255);
  const ms = size > 100000 ? 1500 : 400;
  for (let round = 1; round <= 2; round++) {
    console.log(`${size} B round ${round}: edgekernels ${bench((b) => ek.crc32(b), buf, ms)} | zlib.crc32 ${bench((b) => zlib.crc32(b), buf, ms)} | crc-32 ${bench((b) => CRC32.buf(b), buf, ms)}`);
  }
}
