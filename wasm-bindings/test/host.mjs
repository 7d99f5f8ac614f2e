// Host helpers for the runners that have node: built-ins (Node, Bun, Deno): where the vectors and
// the staged package are, and how each runtime imports the package the way an application would.
import { readFileSync, readdirSync, mkdtempSync, mkdirSync, symlinkSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

/** tests/vectors of this source tree (EK_VECTORS_DIR overrides). */
export function vectorsDir() {
  return process.env.EK_VECTORS_DIR || resolve(here, '../../tests/vectors');
}

/** Every vector file, parsed, in name order. */
export function loadVectorDocs(dir = vectorsDir()) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  if (files.length === 0) throw new Error(`no vector files in ${dir}`);
  return files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
}

/** The staged package directory (${BUILD}/npm/edgekernels), from EDGEKERNELS_PKG. */
export function packageDir() {
  const d = process.env.EDGEKERNELS_PKG;
  if (!d) throw new Error('EDGEKERNELS_PKG is not set (the staged package, ${BUILD}/npm/edgekernels)');
  return resolve(d);
}

/** Imports `edgekernels` by name from a fresh temporary project whose node_modules links the
 * staged package, so the runtime's own resolver picks the export condition (node, bun, ...).
 * Returns { ek, cleanup }. */
export async function importByName(pkg = packageDir()) {
  const dir = mkdtempSync(join(tmpdir(), 'ek-vectors-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(pkg, join(dir, 'node_modules', 'edgekernels'), 'dir');
  writeFileSync(join(dir, 'package.json'), '{ "name": "ek-vectors-host", "private": true, "type": "module" }\n');
  writeFileSync(join(dir, 'entry.mjs'), "export * from 'edgekernels';\n");
  const ek = await import(pathToFileURL(join(dir, 'entry.mjs')).href);
  return { ek, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Imports the file package.json's exports["."][condition] names (for hosts without a
 * node_modules resolver of their own, or to pin a condition). */
export async function importCondition(condition, pkg = packageDir()) {
  const meta = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
  const target = meta.exports['.'][condition];
  if (!target) throw new Error(`package.json has no "${condition}" export`);
  return import(pathToFileURL(join(pkg, target)).href);
}
