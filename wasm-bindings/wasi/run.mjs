#!/usr/bin/env node
// Runs ek.wasm (any WASI preview1 command module) under Node's node:wasi, like a WASI runtime:
//
//   node run.mjs [--dir DIR]... ek.wasm [ARGS...]
//
// The current directory is pre-opened as "." (relative paths in ARGS resolve there), and each
// --dir DIR as DIR itself (so `--dir out` lets the program write out/x.webp), like
// `wasmtime run --dir`. stdin, stdout, stderr and the environment are the process's own (ek.wasm
// reads EK_CPU_DISABLE like the native tool). The exit status is the program's.
//
// Nothing here may touch process.stdin/stdout/stderr (nor import 'node:process', whose ESM
// facade reads them all): creating those streams switches fds 0-2 to non-blocking mode, and the
// program's reads of a slow pipe would then fail with EAGAIN.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const usage = 'usage: node run.mjs [--dir DIR]... MODULE.wasm [ARGS...]';
const argv = process.argv.slice(2);
const preopens = { '.': process.cwd() };
while (argv.length && argv[0].startsWith('--dir')) {
  const a = argv.shift();
  const dir = a.startsWith('--dir=') ? a.slice(6) : argv.shift();
  if (!dir) {
    console.error(usage);
    process.exit(2);
  }
  preopens[dir] = path.resolve(dir);
}
if (!argv.length) {
  console.error(usage);
  process.exit(2);
}
const [file, ...args] = argv;

// Node 20 flags node:wasi as experimental on every run; that notice is not the program's output.
const emitWarning = process.emitWarning;
process.emitWarning = function (warning, ...rest) {
  const type = typeof rest[0] === 'string' ? rest[0] : rest[0]?.type;
  if (type === 'ExperimentalWarning' && String(warning).includes('WASI')) return;
  return emitWarning.call(process, warning, ...rest);
};
const { WASI } = await import('node:wasi');

const wasi = new WASI({
  version: 'preview1',
  args: [path.basename(file, '.wasm'), ...args],
  env: process.env,
  preopens,
  returnOnExit: true,
});
const module = await WebAssembly.compile(await readFile(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
