// The JSON test vectors through the package in any runtime with node: built-ins (Deno, Bun, Node):
//   <runtime> run-vectors.mjs name         import 'edgekernels' by name from a temporary project
//                                          (the runtime's own export-condition resolution)
//   <runtime> run-vectors.mjs <condition>  import the file package.json exports["."][condition]
//   ... --baseline                         init({ simd: false }): the module without SIMD128
// EDGEKERNELS_PKG: the staged package. Exits 1 on any mismatch, 2 when it cannot run at all.
import process from 'node:process';
import { loadVectorDocs, importByName, importCondition } from './host.mjs';
import { flatten, runVectors, summarize } from './vectors.mjs';

const how = process.argv[2] ?? 'name';
const baseline = process.argv.includes('--baseline');
let cleanup = () => {};
try {
  const vectors = flatten(loadVectorDocs());
  let ek;
  if (how === 'name') ({ ek, cleanup } = await importByName());
  else ek = await importCondition(how);
  const info = await ek.init(baseline ? { simd: false } : undefined);
  const runtime = globalThis.Deno ? `deno ${Deno.version.deno}` : globalThis.Bun ? `bun ${Bun.version}` : `node ${process.version}`;
  console.log(`${runtime}: package via ${how}, module ${JSON.stringify(info)}, kernels ${JSON.stringify(ek.kernelPath())}`);
  const results = await runVectors(ek, vectors);
  console.log(summarize(results));
  const failed = results.filter((r) => !r.ok).length;
  if (!info.image || info.simd === baseline) {
    console.log(`FAIL: not the full ${baseline ? 'baseline' : 'SIMD128'} module`);
    process.exitCode = 1;
  } else {
    process.exitCode = failed || results.length !== vectors.length ? 1 : 0;
  }
} catch (e) {
  console.log(`FAIL: ${e && e.stack ? e.stack : e}`);
  process.exitCode = 2;
} finally {
  cleanup();
}
