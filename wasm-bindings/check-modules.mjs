// Checks the four standalone modules' interface and size:
//   node check-modules.mjs <dir with the .wasm files> <exports-core.txt> <exports-full.txt> [--budget]
//
// - imports: exactly env.emscripten_notify_memory_growth, the one function the JS wrapper
//   supplies (it tells the wrapper that memory.buffer was replaced). No WASI, no Emscripten glue.
// - exports: exactly the EK_API functions of the public headers (the lists CMake derived from
//   them), plus memory, _initialize (the reactor's constructor call) and the handful that
//   Emscripten 3.1.6 always adds to a standalone module.
// - the baseline modules contain no SIMD instruction (wabt's wasm-validate --disable-simd), the
//   SIMD ones do.
// - sizes, printed; with --budget also asserted: core <= 64 KiB, full <= 600 KiB (before gzip).
import { readFileSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import zlib from 'node:zlib';

const [dir, coreList, fullList, ...flags] = process.argv.slice(2);
const budget = flags.includes('--budget');
const names = (file) => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((s) => s.replace(/^_/, ''));
const always = ['memory', '_initialize', '__indirect_function_table', '__errno_location',
                'stackSave', 'stackRestore', 'stackAlloc'];
const modules = [
  ['edgekernels-core.wasm', coreList, true, 64 * 1024],
  ['edgekernels-core.baseline.wasm', coreList, false, 64 * 1024],
  ['edgekernels.wasm', fullList, true, 600 * 1024],
  ['edgekernels.baseline.wasm', fullList, false, 600 * 1024],
];

let failed = 0;
const fail = (msg) => { failed++; console.error(`FAIL ${msg}`); };
for (const [file, list, simd, limit] of modules) {
  const p = path.join(dir, file);
  const bytes = readFileSync(p);
  const mod = new WebAssembly.Module(bytes);
  const imports = WebAssembly.Module.imports(mod).map((i) => `${i.module}.${i.name}`);
  if (imports.join() !== 'env.emscripten_notify_memory_growth') fail(`${file}: imports ${imports.join(', ')}`);
  const exported = new Set(WebAssembly.Module.exports(mod).map((e) => e.name));
  const expected = new Set([...names(list), ...always]);
  for (const e of exported) if (!expected.has(e)) fail(`${file}: unexpected export ${e}`);
  for (const e of expected) if (!exported.has(e)) fail(`${file}: missing export ${e}`);
  let simdOk = true;
  try {
    execFileSync('wasm-validate', ['--disable-simd', p], { stdio: 'pipe' });
  } catch (e) {
    if (e.code === 'ENOENT') { fail('wasm-validate (wabt) not found'); continue; }
    simdOk = false;
  }
  if (simdOk === simd) fail(`${file}: ${simd ? 'has no' : 'has'} SIMD instructions`);
  const size = statSync(p).size;
  const gz = zlib.gzipSync(bytes, { level: 9 }).length;
  const over = size > limit;
  if (budget && over) fail(`${file}: ${size} bytes > budget ${limit}`);
  console.log(`${file.padEnd(32)} ${String(size).padStart(8)} B (${(size / 1024).toFixed(1)} KiB, ` +
              `gzip -9 ${(gz / 1024).toFixed(1)} KiB; budget ${limit / 1024} KiB${over ? ' EXCEEDED' : ''}) ` +
              `exports ${exported.size}, imports ${imports.length}`);
}
process.exit(failed ? 1 : 0);
