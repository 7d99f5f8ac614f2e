// `npm pack` of the staged package: exactly the intended files, then installed from the tarball
// into a fresh temporary project (offline) and used there through the "node" condition.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pkgDir } from './util.mjs';

const npm = process.env.EK_NPM || 'npm';
const EXPECTED = [
  'LICENSE', 'README.md', 'index.d.ts', 'package.json',
  'src/core.js', 'src/layout.js', 'src/node.js', 'src/urls.js', 'src/web.js', 'src/workerd.js',
  'src/edgekernels.wasm', 'src/edgekernels.baseline.wasm',
  'src/edgekernels-core.wasm', 'src/edgekernels-core.baseline.wasm',
].sort();

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' } });
  assert.equal(r.error, undefined, `${cmd}: ${r.error}`);
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

test('npm pack ships exactly the package files; the tarball installs and works', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ek-pack-'));
  try {
    const out = JSON.parse(run(npm, ['pack', pkgDir, '--json', '--pack-destination', dir], dir));
    const files = out[0].files.map((f) => f.path).sort();
    assert.deepEqual(files, EXPECTED);
    const version = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
    assert.equal(out[0].version, version);
    const tarball = path.join(dir, out[0].filename);

    const app = path.join(dir, 'app');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'ek-consumer', private: true, type: 'module' }));
    run(npm, ['install', tarball, '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], app);
    fs.writeFileSync(path.join(app, 'main.js'), `
      import { init, crc32, sum, version, probe, moduleInfo } from 'edgekernels';
      import { fileURLToPath } from 'node:url';
      const entry = fileURLToPath(import.meta.resolve('edgekernels'));
      await init();
      let probeErr = null;
      try { probe(new Uint8Array(4)); } catch (e) { probeErr = e.status; }
      console.log(JSON.stringify({ entry, crc: crc32('123456789'), sum: sum([1, 2, 3.5]), version: version(), info: moduleInfo(), probeErr }));
    `);
    const res = JSON.parse(run(process.execPath, ['main.js'], app));
    assert.equal(res.crc, 0xcbf43926);
    assert.equal(res.sum, 6.5);
    assert.equal(res.version, version);
    assert.equal(res.probeErr, 'EK_ERR_FORMAT');
    assert.ok(res.entry.endsWith(path.join('node_modules', 'edgekernels', 'src', 'node.js')), res.entry);
    assert.ok(fs.realpathSync(res.entry).startsWith(fs.realpathSync(app)), 'installed copy, not a link to the build');
  } finally { fs.rmSync(dir, { recursive: true, force: true }); }
});
