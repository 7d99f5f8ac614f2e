// ctest wasm_example_node: installs this example against the staged package in a scratch
// folder (as a user would, `npm install`, no network) and runs it.
//   node test.mjs <staged package dir> <scratch dir>
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import assert from 'node:assert/strict';

const here = path.dirname(fileURLToPath(import.meta.url));
const [pkg, work] = process.argv.slice(2).map((p) => path.resolve(p));
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const manifest = JSON.parse(readFileSync(path.join(here, 'package.json'), 'utf8'));
manifest.dependencies.edgekernels = `file:${pkg}`;
writeFileSync(path.join(work, 'package.json'), JSON.stringify(manifest, null, 2));
copyFileSync(path.join(here, 'main.mjs'), path.join(work, 'main.mjs'));
execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: work, stdio: 'inherit' });
const data = path.join(here, '..', 'data');
const out = execFileSync(process.execPath, ['main.mjs', data],
                         { cwd: work, encoding: 'utf8' });
process.stdout.write(out);
assert.match(out, /crc32 check\.txt = cbf43926/);
assert.match(out, /critical at 2026-11-01T15:00Z: value 34\.26/);  // the step in the sample data
assert.match(out, /-> thumbnail\.webp 400x300 webp/);
const webp = readFileSync(path.join(work, 'thumbnail.webp'));
assert.equal(webp.subarray(0, 4).toString('latin1'), 'RIFF');
assert.equal(webp.subarray(8, 12).toString('latin1'), 'WEBP');
