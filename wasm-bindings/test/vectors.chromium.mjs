// Headless Chromium (Debian's /usr/bin/chromium, or EK_CHROMIUM): the JSON test vectors in a
// page served on 127.0.0.1 (random port) by a tiny Node HTTP server. The page imports the
// package's "browser" entry (which fetches and stream-compiles the .wasm, served as
// application/wasm), runs the vectors and POSTs the results back; the server then stops the
// browser. No network beyond 127.0.0.1. Exits 1 on any mismatch, 2 when it cannot run at all
// (no browser, a page error, or no answer within EK_CHROMIUM_TIMEOUT seconds, default 180).
import { createServer } from 'node:http';
import { spawn } from 'node:child_process';
import { readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, normalize, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { flatten, summarize } from './vectors.mjs';
import { loadVectorDocs, packageDir } from './host.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const chromium = process.env.EK_CHROMIUM || '/usr/bin/chromium';
const timeoutS = Number(process.env.EK_CHROMIUM_TIMEOUT || 180);
const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm',
                '.json': 'application/json', '.html': 'text/html; charset=utf-8' };

const PAGE = (entry) => `<!doctype html>
<meta charset="utf-8"><title>edgekernels vectors</title>
<script type="module">
const post = (body) => fetch('/results', { method: 'POST', body: JSON.stringify(body) });
try {
  const ek = await import(${JSON.stringify(entry)});
  const { runVectors } = await import('/test/vectors.mjs');
  const info = await ek.init();
  const vectors = await (await fetch('/vectors.json')).json();
  const results = await runVectors(ek, vectors);
  await post({ info, kernels: ek.kernelPath(), ua: navigator.userAgent, results });
} catch (e) {
  await post({ error: String(e && e.stack ? e.stack : e) });
}
</script>`;

function serveFile(res, root, rel) {
  const path = normalize(join(root, rel));
  if (!path.startsWith(root) || !existsSync(path)) {
    res.writeHead(404).end('not found');
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
  res.end(readFileSync(path));
}

async function main() {
  if (!existsSync(chromium)) throw new Error(`no Chromium at ${chromium} (Debian package chromium)`);
  const pkg = packageDir();
  const meta = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
  const entry = '/pkg/' + meta.exports['.'].browser.replace(/^\.\//, '');
  const vectors = flatten(loadVectorDocs());
  const vectorsJson = JSON.stringify(vectors);

  let answer;
  const answered = new Promise((resolve) => { answer = resolve; });
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (req.method === 'POST' && url.pathname === '/results') {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        res.writeHead(204).end();
        answer(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      });
      return;
    }
    if (url.pathname === '/') res.writeHead(200, { 'content-type': TYPES['.html'] }).end(PAGE(entry));
    else if (url.pathname === '/vectors.json') res.writeHead(200, { 'content-type': TYPES['.json'] }).end(vectorsJson);
    else if (url.pathname.startsWith('/pkg/')) serveFile(res, pkg, url.pathname.slice(5));
    else if (url.pathname === '/test/vectors.mjs') serveFile(res, here, 'vectors.mjs');
    else res.writeHead(404).end('not found');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = server.address().port;

  const profile = mkdtempSync(join(tmpdir(), 'ek-chromium-'));
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
  const args = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
                '--no-default-browser-check', '--disable-extensions', '--disable-background-networking',
                '--disable-component-update', '--disable-sync', '--metrics-recording-only',
                `--user-data-dir=${profile}`, `http://127.0.0.1:${port}/`];
  const browser = spawn(chromium, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  browser.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
  const exited = new Promise((resolve) => browser.on('exit', (code, sig) => resolve({ exit: code ?? sig })));
  let timer;
  const timedOut = new Promise((resolve) => { timer = setTimeout(() => resolve({ timeout: true }), timeoutS * 1000); });
  try {
    const r = await Promise.race([answered, exited, timedOut]);
    if (r.timeout) throw new Error(`no results from Chromium within ${timeoutS} s\n${stderr}`);
    if (r.exit !== undefined) throw new Error(`Chromium exited (${r.exit}) before posting results\n${stderr}`);
    if (r.error) throw new Error(`page error: ${r.error}`);
    const ver = r.ua.match(/(?:Headless)?Chrome\/[\d.]+/)?.[0] ?? r.ua;
    console.log(`${ver} on 127.0.0.1:${port}: package via "browser" (${entry}), module ${JSON.stringify(r.info)}, ` +
                `kernels ${JSON.stringify(r.kernels)}`);
    console.log(summarize(r.results));
    const failed = r.results.filter((x) => !x.ok).length;
    return failed || r.results.length !== vectors.length || !r.info.image ? 1 : 0;
  } finally {
    clearTimeout(timer);
    // The browser and its helper processes form one process group (detached above).
    try { process.kill(-browser.pid, 'SIGKILL'); } catch { /* already gone */ }
    server.close();
    server.closeAllConnections?.();
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    rmSync(profile, { recursive: true, force: true });
  }
}

try {
  process.exitCode = await main();
} catch (e) {
  console.log(`FAIL: ${e && e.stack ? e.stack : e}`);
  process.exitCode = 2;
}
