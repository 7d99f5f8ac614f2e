// Node (node --test): the JSON test vectors of the native suite through the package, imported
// by name from a temporary project (the "node" export condition). One subtest per vector kind.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadVectorDocs, importByName } from './host.mjs';
import { flatten, runVectors, summarize } from './vectors.mjs';

const vectors = flatten(loadVectorDocs());
const { ek, cleanup } = await importByName();
const info = await ek.init();
test.after(cleanup);

test('module', () => {
  assert.ok(info.image, 'the full module (with image functions) is loaded');
  console.log(`node ${process.version}, module ${JSON.stringify(info)}, kernels ${JSON.stringify(ek.kernelPath())}`);
});

const results = await runVectors(ek, vectors);
const kinds = [...new Set(vectors.map((v) => v.kind))];
for (const kind of kinds) {
  test(`vectors: ${kind}`, () => {
    const mine = results.filter((r) => r.kind === kind);
    const failed = mine.filter((r) => !r.ok);
    assert.ok(mine.length > 0);
    assert.equal(failed.length, 0, summarize(mine));
  });
}
test('summary', () => {
  console.log(summarize(results));
  assert.equal(results.length, vectors.length);
});
