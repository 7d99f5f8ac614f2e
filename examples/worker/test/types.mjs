// Type-checks worker.js (checkJs) against the staged package's index.d.ts with the test
// runtimes' TypeScript: the example must use the package's typed API as published.
//   node examples/worker/test/types.mjs --package BUILD/npm/edgekernels [--test-modules DIR]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { options, workerDir } from './workerd.mjs';

const o = options(process.argv.slice(2));
const tsc = path.join(o.testModules, 'typescript/bin/tsc');
const types = path.join(o.pkgDir, 'index.d.ts');
for (const f of [tsc, types]) {
  if (!fs.existsSync(f)) {
    console.error(`types.mjs: ${f} not found`);
    process.exit(1);
  }
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ek-worker-types-'));
try {
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      allowJs: true, checkJs: true, noEmit: true, strict: false, target: 'es2022', module: 'esnext',
      moduleResolution: 'bundler', lib: ['es2022', 'webworker'], skipLibCheck: false,
      paths: { edgekernels: [types] },
    },
    files: [path.join(workerDir, 'worker.js')],
  }, null, 2));
  const r = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8', timeout: 120000 });
  process.stdout.write(r.stdout ?? '');
  process.stderr.write(r.stderr ?? '');
  if (r.status !== 0) {
    console.log(`FAIL worker.js does not type-check against ${types} (tsc exit ${r.status ?? r.signal})`);
    process.exitCode = 1;
  } else {
    console.log(`ok   worker.js type-checks against the package's index.d.ts`);
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
