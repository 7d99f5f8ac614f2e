// The TypeScript declarations, resolved the way a user's project resolves them: a temporary
// project with node_modules/edgekernels -> the staged package, module "nodenext" (package.json
// exports, "types" condition), `tsc --noEmit --strict`.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pkgDir, nodeModules } from './util.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const tsc = path.join(nodeModules, '.bin', 'tsc');

function check(file) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ek-types-'));
  try {
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(pkgDir, path.join(dir, 'node_modules', 'edgekernels'), 'dir');
    fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
    fs.copyFileSync(path.join(here, file), path.join(dir, 'main.ts'));
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'nodenext',
                         moduleResolution: 'nodenext', lib: ['es2022', 'dom'], skipLibCheck: false, types: [] },
      files: ['main.ts'],
    }));
    return spawnSync(tsc, ['-p', dir], { encoding: 'utf8', cwd: dir });
  } finally { fs.rmSync(dir, { recursive: true, force: true }); }
}

test('a program using the API type-checks under --strict', () => {
  const r = check('types-check.ts');
  assert.equal(r.error, undefined, `could not run ${tsc}: ${r.error}`);
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test('misuse does not type-check (the types are not any)', () => {
  const r = check('types-bad.ts');
  assert.notEqual(r.status, 0);
  const out = r.stdout + r.stderr;
  assert.match(out, /main\.ts\(3,/);
  assert.match(out, /main\.ts\(4,/);
  assert.match(out, /main\.ts\(5,/);
});
