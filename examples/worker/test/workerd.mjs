// Runs examples/worker in the real workerd: builds the module list a bundler (wrangler) would,
// writes a .capnp config from config.capnp.in into a temporary directory, starts workerd on
// 127.0.0.1 (port 0: the kernel picks a free one, workerd reports it on --control-fd) and stops
// it again. Used by run.mjs; `node workerd.mjs --package DIR [--workerd BIN]` serves the worker
// until Ctrl-C, for trying it with curl.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const workerDir = path.resolve(here, '..');

// The few wrangler.toml keys the local run needs: compatibility date and flags, [vars] strings.
// (A full TOML parser would be a dependency; this file is ours and keeps to simple lines.)
export function readWranglerToml(file = path.join(workerDir, 'wrangler.toml')) {
  const out = { main: 'worker.js', compatibility_date: '', compatibility_flags: [], vars: {} };
  let table = '';
  for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
    const line = raw.replace(/\s+#.*$/, '').trim();
    if (!line || line.startsWith('#')) continue;
    const t = /^\[+([^\]]+)\]+$/.exec(line);
    if (t) {
      table = t[1].trim();
      continue;
    }
    const kv = /^([A-Za-z0-9_]+)\s*=\s*(.+)$/.exec(line);
    if (!kv) continue;
    const [, key, value] = kv;
    if (table === '' && key === 'main') out.main = JSON.parse(value);
    else if (table === '' && key === 'compatibility_date') out.compatibility_date = JSON.parse(value);
    else if (table === '' && key === 'compatibility_flags') out.compatibility_flags = JSON.parse(value);
    else if (table === 'vars') out.vars[key] = String(JSON.parse(value));
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(out.compatibility_date)) throw new Error(`${file}: no compatibility_date`);
  return out;
}

// The package's entry for workerd, as a bundler resolves `import ... from 'edgekernels'` with
// the conditions wrangler uses (workerd, worker, browser, then import/default).
export function packageEntry(pkgDir) {
  const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  const conditions = ['workerd', 'worker', 'browser', 'import', 'default'];
  const pick = (target) => {
    if (typeof target === 'string') return target;
    if (Array.isArray(target)) {
      for (const t of target) {
        const r = pick(t);
        if (r) return r;
      }
      return null;
    }
    if (target && typeof target === 'object') {
      for (const [k, v] of Object.entries(target)) {
        if (!conditions.includes(k)) continue;
        const r = pick(v);
        if (r) return r;
      }
    }
    return null;
  };
  let target = pkg.exports;
  if (target && typeof target === 'object' && !Array.isArray(target) && '.' in target) target = target['.'];
  const entry = pick(target) ?? pkg.module ?? pkg.main;
  if (!entry) throw new Error(`${pkgDir}/package.json: no entry for the workerd condition`);
  return path.normalize(entry);
}

// Files reachable from `entry` through relative static imports/exports (and literal dynamic
// imports): what a bundler would include. Paths relative to `root`.
function reachable(root, entry) {
  const seen = new Set();
  const todo = [entry];
  const spec = /(?:\bimport\s*(?:[\w*{}\s,$]+\s*from\s*)?|\bexport\s*[\w*{}\s,$]*\s*from\s*|\bimport\s*\(\s*)(['"])(\.{1,2}\/[^'"]+)\1/g;
  while (todo.length) {
    const rel = todo.pop();
    if (seen.has(rel)) continue;
    const abs = path.join(root, rel);
    if (!fs.existsSync(abs)) throw new Error(`${abs}: imported but missing`);
    seen.add(rel);
    if (!/\.m?js$/.test(rel)) continue;
    const src = fs.readFileSync(abs, 'utf8');
    for (const m of src.matchAll(spec)) todo.push(path.normalize(path.join(path.dirname(rel), m[2])));
  }
  return [...seen];
}

const capnpString = (s) => JSON.stringify(s); // capnp text strings take JSON's escapes

// Writes the config and copies the modules into a fresh temporary directory; returns its path.
export function writeConfig({ pkgDir, dir, extraVars = {} }) {
  const toml = readWranglerToml();
  const modules = [];
  const copy = (from, name) => {
    const to = path.join(dir, 'm', name);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(from, to);
    return `m/${name}`;
  };
  // The first module is the main one.
  modules.push(`(name = "worker.js", esModule = embed ${capnpString(copy(path.join(workerDir, toml.main), 'worker.js'))})`);
  const entry = packageEntry(pkgDir);
  const prefix = 'node_modules/edgekernels/';
  const entryName = prefix + entry.split(path.sep).join('/');
  const alias = `export * from ${JSON.stringify('./' + entryName)};\n`;
  modules.push(`(name = "edgekernels", esModule = ${capnpString(alias)})`);
  for (const rel of reachable(pkgDir, entry)) {
    const name = prefix + rel.split(path.sep).join('/');
    const file = copy(path.join(pkgDir, rel), name);
    const type = rel.endsWith('.wasm') ? 'wasm' : /\.m?js$/.test(rel) ? 'esModule' : 'data';
    modules.push(`(name = ${capnpString(name)}, ${type} = embed ${capnpString(file)})`);
  }
  const vars = { ...toml.vars, ...extraVars };
  const bindings = Object.entries(vars).map(([k, v]) => `(name = ${capnpString(k)}, text = ${capnpString(v)})`);
  const template = fs.readFileSync(path.join(here, 'config.capnp.in'), 'utf8');
  const config = template
    .replace('@MODULES@', modules.map((m) => '    ' + m).join(',\n'))
    .replace('@BINDINGS@', bindings.map((b) => '    ' + b).join(',\n'))
    .replace('@COMPATIBILITY_DATE@', toml.compatibility_date)
    .replace('@COMPATIBILITY_FLAGS@', toml.compatibility_flags.map(capnpString).join(', '));
  const file = path.join(dir, 'config.capnp');
  fs.writeFileSync(file, config);
  return file;
}

// Starts workerd; resolves to { url, stop(), output() } once it listens.
export async function startWorkerd({ workerd, pkgDir, startTimeoutMs = 30000, extraVars }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ek-worker-'));
  let child;
  const log = [];
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    const config = writeConfig({ pkgDir, dir, extraVars });
    child = spawn(workerd, ['serve', config, '--control-fd=3'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
  } catch (e) {
    cleanup();
    throw e;
  }
  for (const s of [child.stdout, child.stderr]) s.on('data', (d) => log.push(d.toString()));
  const exited = once(child, 'exit');
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    }
    cleanup();
    process.removeListener('exit', onExit);
  };
  // Also on an unexpected exit of this process (an uncaught error, process.exit).
  const onExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  try {
    const port = await new Promise((resolve, reject) => {
      let buf = '';
      const timer = setTimeout(() => reject(new Error(`workerd did not listen within ${startTimeoutMs} ms`)), startTimeoutMs);
      child.stdio[3].on('data', (d) => {
        buf += d.toString();
        for (const line of buf.split('\n').slice(0, -1)) {
          try {
            const msg = JSON.parse(line);
            if (msg.event === 'listen' && msg.socket === 'http') {
              clearTimeout(timer);
              resolve(msg.port);
            }
          } catch {}
        }
        buf = buf.slice(buf.lastIndexOf('\n') + 1);
      });
      child.once('exit', (code, sig) => {
        clearTimeout(timer);
        reject(new Error(`workerd exited (${code ?? sig}) before listening`));
      });
      child.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
    return { url: `http://127.0.0.1:${port}`, stop, output: () => log.join(''), pid: child.pid };
  } catch (e) {
    await stop();
    e.message += `\n--- workerd output ---\n${log.join('')}`;
    throw e;
  }
}

function parseArgs(argv) {
  const o = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([\w-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new Error(`unexpected argument ${argv[i]}`);
    o[m[1]] = m[2] ?? argv[++i];
  }
  return o;
}

export function options(argv) {
  const o = parseArgs(argv);
  if (!o.package) throw new Error('--package DIR (the staged npm/edgekernels) is required');
  const modules = o['test-modules'] ?? path.resolve(workerDir, '../../wasm-bindings/test/node_modules');
  return {
    ...o,
    pkgDir: path.resolve(o.package),
    testModules: modules,
    workerd: o.workerd ?? path.join(modules, '@cloudflare/workerd-linux-64/bin/workerd'),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const o = options(process.argv.slice(2));
  const w = await startWorkerd(o);
  console.log(`serving examples/worker at ${w.url} (Ctrl-C stops)`);
  for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, async () => {
    await w.stop();
    process.exit(0);
  });
}
