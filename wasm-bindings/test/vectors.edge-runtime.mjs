// Vercel Edge (npm edge-runtime): the JSON test vectors inside an EdgeRuntime VM context, the
// way an Edge Function runs: the package's platform-independent code (src/core.js, layout.js)
// and the runner are evaluated as a script in the VM, and the wasm arrives as an already
// compiled WebAssembly.Module (Vercel compiles `import wasm from './x.wasm?module'` at build
// time; the function never compiles bytes itself), handed to the package's init({ module }).
// EDGEKERNELS_PKG: the staged package. Exits 1 on any mismatch, 2 when it cannot run at all.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EdgeRuntime } from 'edge-runtime';
import { bundle } from './esm-script.mjs';
import { flatten, summarize } from './vectors.mjs';
import { loadVectorDocs, packageDir } from './host.mjs';

try {
  const pkg = packageDir();
  const here = fileURLToPath(new URL('.', import.meta.url));
  const script = bundle([
    { id: 'layout.js', source: readFileSync(join(pkg, 'src/layout.js'), 'utf8') },
    { id: 'core.js', source: readFileSync(join(pkg, 'src/core.js'), 'utf8') },
    { id: 'vectors.mjs', source: readFileSync(join(here, 'vectors.mjs'), 'utf8') },
  ]);
  const vectors = flatten(loadVectorDocs());
  const runtime = new EdgeRuntime({
    extend(context) {
      context.__ekVectors = JSON.stringify(vectors);
      return context;
    },
  });
  // Compiled by the host with the VM realm's own WebAssembly, so that it is a Module of that
  // realm (as a bundled Edge Function's import is), not one that fails `instanceof` there.
  runtime.context.__ekModule = await runtime.evaluate('WebAssembly').compile(
    new Uint8Array(readFileSync(join(pkg, 'src/edgekernels.wasm'))));
  // The VM must not see Node: the package has to work on Web APIs alone.
  const probeNode = runtime.evaluate('typeof process === "undefined" ? "" : "process"');
  const json = await runtime.evaluate(`${script}
(async () => {
  const ek = __mod['core.js'];
  const info = await ek.initWith({ module: __ekModule }, () => __ekModule);
  const results = await __mod['vectors.mjs'].runVectors(ek, JSON.parse(__ekVectors));
  return JSON.stringify({ info, kernels: ek.kernelPath(), results, edge: typeof EdgeRuntime === 'string' ? EdgeRuntime : '' });
})()`);
  const { info, kernels, results, edge } = JSON.parse(json);
  const version = JSON.parse(readFileSync(join(here, 'node_modules/edge-runtime/package.json'), 'utf8')).version;
  console.log(`edge-runtime ${version} (EdgeRuntime=${edge || '?'}, node globals in the VM: ${probeNode || 'none'}), ` +
              `module ${JSON.stringify(info)}, kernels ${JSON.stringify(kernels)}`);
  console.log(summarize(results));
  const failed = results.filter((r) => !r.ok).length;
  process.exitCode = failed || results.length !== vectors.length || !info.image ? 1 : 0;
} catch (e) {
  console.log(`FAIL: ${e && e.stack ? e.stack : e}`);
  process.exitCode = 2;
}
