// src/layout.js (every struct offset the wrapper uses) against the C headers: the table is
// turned into _Static_asserts and compiled for wasm32 with the Emscripten compiler (EK_CC).
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { pkgDir, sourceDir } from './util.mjs';

const { LAYOUT } = await import(pathToFileURL(path.join(pkgDir, 'src/layout.js')).href);
const cc = process.env.EK_CC ?? 'emcc';

function source(layout) {
  const lines = ['#include <stddef.h>', '#include <edgekernels/edgekernels.h>'];
  for (const [name, [size, align, fields]] of Object.entries(layout)) {
    lines.push(`_Static_assert(sizeof(${name}) == ${size}, "sizeof ${name}");`);
    lines.push(`_Static_assert(_Alignof(${name}) == ${align}, "alignof ${name}");`);
    for (const [f, off] of Object.entries(fields)) {
      lines.push(`_Static_assert(offsetof(${name}, ${f}) == ${off}, "offsetof ${name}.${f}");`);
    }
  }
  return lines.join('\n') + '\n';
}

function compile(text) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ek-layout-'));
  try {
    const file = path.join(dir, 'layout.c');
    fs.writeFileSync(file, text);
    return spawnSync(cc, ['-fsyntax-only', '-std=c11', `-I${path.join(sourceDir, 'include')}`, file], { encoding: 'utf8' });
  } finally { fs.rmSync(dir, { recursive: true, force: true }); }
}

test('every struct size, alignment and offset matches the wasm32 C layout', () => {
  const r = compile(source(LAYOUT));
  assert.equal(r.error, undefined, `could not run ${cc}: ${r.error}`);
  assert.equal(r.status, 0, r.stderr);
});

test('the check fails when an offset is wrong', () => {
  const bad = structuredClone(LAYOUT);
  bad.ek_transform_options[2].encode += 4;
  const r = compile(source(bad));
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /offsetof ek_transform_options\.encode/);
});
