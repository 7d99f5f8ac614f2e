// edgekernels in a Cloudflare Worker: CRC, image resizing with format negotiation, and anomaly
// detection on a CSV series, all through the `edgekernels` package (its workerd entry imports
// the .wasm as a module and instantiates it once per isolate). See README.md.
//
//   POST /crc32                              body bytes -> {"crc32","crc32c","bytes"}
//   POST /resize?w=&h=&fit=&format=&q=       image -> image (format auto: by Accept/client hints)
//   POST /sensor?window=&warmup=&warn=&crit=&time=&value=&skip_bad=
//                                            CSV -> {"anomalies": [...], ...} (ek zscore's rules)
//
// Every failure is a JSON body {"error": <message>, "status": <name>} with a 4xx code: `status`
// is the EkError's status name (EK_ERR_FORMAT, ...) when the library refused the input, the same
// vocabulary for the worker's own checks (an empty body is EK_ERR_ARG, a body over the limit
// EK_ERR_LIMIT), and NOT_FOUND / METHOD_NOT_ALLOWED for routing. A bad request never costs the
// isolate: the package turns a failure inside the module into an EkError.
import * as ek from 'edgekernels';

// Defaults for the [vars] in wrangler.toml (strings there, as Workers bindings are).
const DEFAULTS = {
  MAX_BODY_BYTES: 16 * 1024 * 1024,
  // Decoded RGBA at this size is 100 MB: about what one isolate may hold on Workers (128 MB).
  MAX_IMAGE_PIXELS: 25_000_000,
  MAX_OUTPUT_SIDE: 4096,
  MAX_ANOMALIES: 10_000,
};

// HTTP code for each ek status: the client's input was at fault in every case.
const HTTP_FOR_STATUS = {
  EK_ERR_NULL: 400,
  EK_ERR_ARG: 400,
  EK_ERR_OVERFLOW: 413,
  EK_ERR_NOMEM: 413, // the input decodes to more than the module can hold
  EK_ERR_FORMAT: 422,
  EK_ERR_LIMIT: 413,
  EK_ERR_UNSUPPORTED: 415,
};

class HttpError extends Error {
  constructor(http, status, message, headers = {}) {
    super(message);
    this.http = http;
    this.status = status;
    this.headers = headers;
  }
}
const badArg = (message) => new HttpError(400, 'EK_ERR_ARG', message);

function json(value, init = {}) {
  return new Response(JSON.stringify(value), {
    ...init,
    headers: { 'content-type': 'application/json; charset=utf-8', ...(init.headers ?? {}) },
  });
}

// The ek_status name an EkError carries (EK_ERR_FORMAT, ...); '' for any other error.
const statusName = (e) => (e instanceof ek.EkError && typeof e.status === 'string' ? e.status : '');

function errorResponse(e) {
  if (e instanceof HttpError) return json({ error: e.message, status: e.status }, { status: e.http, headers: e.headers });
  const name = statusName(e);
  if (name && HTTP_FOR_STATUS[name]) return json({ error: e.message, status: name }, { status: HTTP_FOR_STATUS[name] });
  // Not the client's fault: a bug here or in the module (EK_ERR_TRAP: the package has already
  // re-instantiated it, so the next request is served). Say so, without a stack.
  console.error('edgekernels worker: unexpected error', e?.stack ?? e);
  return json({ error: name ? e.message : 'internal error', status: name || 'INTERNAL' }, { status: 500 });
}

// Runs fn; an EkError whose status has an entry in `why` gets that explanation appended (the
// library's messages say what went wrong, not what the client can do about it), and the entry
// may give a more precise HTTP code: [code, explanation].
function explain(fn, why) {
  try {
    return fn();
  } catch (e) {
    const name = statusName(e);
    const [http, text] = Array.isArray(why[name]) ? why[name] : [HTTP_FOR_STATUS[name], why[name]];
    if (text && http) throw new HttpError(http, name, `${e.message}: ${text}`);
    throw e;
  }
}

function config(env) {
  const out = {};
  for (const [k, d] of Object.entries(DEFAULTS)) {
    const v = env?.[k];
    const n = v === undefined || v === '' ? d : Number(v);
    out[k] = Number.isSafeInteger(n) && n > 0 ? n : d;
  }
  return out;
}

// ---- request bodies ------------------------------------------------------------------------

// Refuses a declared length over the limit before reading anything; a body without one
// (chunked) is counted as it arrives and cancelled once it passes the limit.
function checkDeclaredLength(request, limit) {
  const declared = request.headers.get('content-length');
  if (declared === null) return;
  if (!/^\d+$/.test(declared.trim())) throw badArg(`Content-Length "${declared}" is not a byte count`);
  if (Number(declared) > limit)
    throw new HttpError(413, 'EK_ERR_LIMIT', `body of ${declared} bytes is over the limit of ${limit} bytes`);
}

async function* chunks(request, limit) {
  checkDeclaredLength(request, limit);
  if (!request.body) return;
  const reader = request.body.getReader();
  let total = 0;
  try {
    for (;;) {
      let r;
      try {
        r = await reader.read();
      } catch (e) {
        throw new HttpError(400, 'EK_ERR_ARG', `could not read the request body: ${e?.message ?? e}`);
      }
      if (r.done) return;
      total += r.value.byteLength;
      if (total > limit) throw new HttpError(413, 'EK_ERR_LIMIT', `body is over the limit of ${limit} bytes`);
      if (r.value.byteLength) yield r.value;
    }
  } finally {
    reader.releaseLock();
    if (total > limit) request.body.cancel().catch(() => {});
  }
}

async function readBody(request, limit) {
  const parts = [];
  let total = 0;
  for await (const c of chunks(request, limit)) {
    parts.push(c);
    total += c.byteLength;
  }
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

const emptyBody = (what) => badArg(`empty body: POST ${what}`);

// ---- query parameters ----------------------------------------------------------------------

function intParam(params, name, lo, hi) {
  const v = params.get(name);
  if (v === null || v === '') return undefined;
  if (!/^\d+$/.test(v) || Number(v) < lo || Number(v) > hi)
    throw badArg(`${name} must be an integer in [${lo}, ${hi}], not "${v}"`);
  return Number(v);
}

function realParam(params, name) {
  const v = params.get(name);
  if (v === null || v === '') return undefined;
  const n = parseNumber(v);
  if (n === null || !Number.isFinite(n)) throw badArg(`${name} must be a finite number, not "${v}"`);
  return n;
}

function enumParam(params, name, allowed, dflt) {
  const v = params.get(name);
  if (v === null || v === '') return dflt;
  const lc = v.toLowerCase();
  if (!allowed.includes(lc)) throw badArg(`${name} must be one of ${allowed.join(', ')}, not "${v}"`);
  return lc;
}

// ---- POST /crc32 ---------------------------------------------------------------------------

async function handleCrc32(request, cfg) {
  // Streamed: each chunk continues the previous CRC, so no body is ever held whole.
  let crc = 0;
  let crcc = 0;
  let bytes = 0;
  for await (const c of chunks(request, cfg.MAX_BODY_BYTES)) {
    crc = ek.crc32(c, crc);
    crcc = ek.crc32c(c, crcc);
    bytes += c.byteLength;
  }
  if (bytes === 0) throw emptyBody('/crc32 needs the bytes to checksum');
  const hex = (x) => (x >>> 0).toString(16).padStart(8, '0');
  return json({ crc32: hex(crc), crc32c: hex(crcc), bytes });
}

// ---- POST /resize --------------------------------------------------------------------------

const MIME = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', avif: 'image/avif', gif: 'image/gif', bmp: 'image/bmp' };

// What this module encodes (JPEG, PNG and WebP in the project's build; AVIF if it was built).
let encoders = null;
function encodable() {
  encoders ??= ek.codecs().encode.filter((f) => MIME[f]);
  return encoders;
}

async function handleResize(request, url, cfg) {
  const p = url.searchParams;
  const w = intParam(p, 'w', 1, cfg.MAX_OUTPUT_SIDE);
  const h = intParam(p, 'h', 1, cfg.MAX_OUTPUT_SIDE);
  const fit = enumParam(p, 'fit', ['contain', 'cover', 'fill', 'exact'], 'contain');
  const formats = encodable();
  const format = enumParam(p, 'format', ['auto', 'jpeg', 'jpg', 'png', 'webp', 'avif'], 'auto').replace('jpg', 'jpeg');
  if (format !== 'auto' && !formats.includes(format))
    throw badArg(`format=${format} is not available in this build (it encodes ${formats.join(', ')})`);
  const q = intParam(p, 'q', 1, 100);

  const body = await readBody(request, cfg.MAX_BODY_BYTES);
  if (body.byteLength === 0) throw emptyBody('/resize needs an image (JPEG, PNG, WebP, GIF or BMP)');
  const limits = { maxWidth: 65535, maxHeight: 65535, maxPixels: cfg.MAX_IMAGE_PIXELS, maxInputBytes: cfg.MAX_BODY_BYTES };
  // The header alone says whether the image is one we read and within the limits: a hostile
  // "100000 x 100000" PNG is refused here, before any pixel memory exists.
  const info = explain(() => ek.probe(body, limits), {
    EK_ERR_LIMIT: `the image may have at most ${cfg.MAX_IMAGE_PIXELS} pixels and ${limits.maxWidth} per side`,
    EK_ERR_FORMAT: 'the body is not a JPEG, PNG, WebP, GIF or BMP image, or its header is damaged',
    EK_ERR_UNSUPPORTED: 'a container this module does not decode',
  });
  const headers = {};
  let outFormat = format;
  let width = w;
  let quality = q;
  if (format === 'auto') {
    const swapped = info.orientation >= 5; // EXIF 5..8 turn the image a quarter
    const shown = swapped ? info.height : info.width;
    const n = explain(() => ek.negotiate(request.headers, {
      policy: {
        formats,
        // An explicit size wins over the client's width hints, and then they must not be in Vary.
        widthHints: w === undefined && h === undefined,
        maxWidth: cfg.MAX_OUTPUT_SIDE,
      },
      source: { width: shown, keepAlpha: info.channels === 2 || info.channels === 4 },
    }), { EK_ERR_LIMIT: [431, 'send a shorter header'] });
    outFormat = n.format;
    if (w === undefined && h === undefined) width = n.width;
    quality = q ?? n.quality;
    headers['vary'] = n.vary || 'Accept';
    if (n.acceptCH) headers['accept-ch'] = n.acceptCH;
    headers['cache-control'] = `public, max-age=${n.maxAge}`;
  }
  const out = explain(() => ek.transformImage(body, {
    width: width ?? 0,
    height: h ?? 0,
    fit,
    format: outFormat,
    quality: quality ?? 0,
    limits,
  }), { EK_ERR_FORMAT: 'the image data is damaged or truncated' });
  headers['content-type'] = MIME[out.format] ?? 'application/octet-stream';
  headers['x-ek-image'] = `${info.format} ${info.width}x${info.height} -> ${out.format} ${out.width}x${out.height}`;
  return new Response(out.data, { headers });
}

// ---- POST /sensor --------------------------------------------------------------------------

// Numbers as the ek tool reads them (std::from_chars, general format): decimal with optional
// sign, point and exponent, or inf/infinity/nan; a leading '+' is allowed, hex and blanks
// inside are not, and a value out of double range is malformed rather than Infinity.
function parseNumber(s) {
  s = s.replace(/^[ \t]+|[ \t\r]+$/g, '');
  if (s.startsWith('+')) s = s.slice(1);
  if (/^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(s)) {
    const n = Number(s);
    return Number.isFinite(n) ? n : null;
  }
  if (/^-?(?:inf|infinity)$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^-?nan(?:\([0-9A-Za-z_]*\))?$/i.test(s)) return NaN;
  return null;
}

const trim = (s) => s.replace(/^[ \t]+|[ \t\r]+$/g, '');

// One CSV record the way the ek tool splits it: fields trimmed of blanks, "quoted" fields
// with "" for a quote, a trailing comma giving one more empty field. Throws a message string.
function splitCsv(line) {
  if (line.endsWith('\r')) line = line.slice(0, -1);
  const fields = [];
  let i = 0;
  for (;;) {
    let j = i;
    while (j < line.length && (line[j] === ' ' || line[j] === '\t')) ++j;
    if (j < line.length && line[j] === '"') {
      let v = '';
      ++j;
      for (;;) {
        if (j >= line.length) throw 'unterminated quoted field';
        if (line[j] === '"') {
          if (line[j + 1] === '"') {
            v += '"';
            j += 2;
            continue;
          }
          ++j;
          break;
        }
        v += line[j++];
      }
      while (j < line.length && (line[j] === ' ' || line[j] === '\t')) ++j;
      if (j < line.length && line[j] !== ',') throw 'text after a closing quote';
      fields.push(v);
      i = j;
    } else {
      const comma = line.indexOf(',', i);
      const e = comma < 0 ? line.length : comma;
      fields.push(trim(line.slice(i, e)));
      i = e;
    }
    if (i >= line.length) break;
    ++i;
    if (i === line.length) {
      fields.push('');
      break;
    }
  }
  return fields;
}

const MAX_LINE = 1 << 20; // as the ek tool: a longer line is an error, not an unbounded string

// Lines of the body; a line over MAX_LINE comes out as TOO_LONG (once) and its rest is skipped.
const TOO_LONG = Symbol('line too long');
async function* csvLines(request, limit) {
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  let dropping = false;
  for await (const c of chunks(request, limit)) {
    rest += decoder.decode(c, { stream: true });
    let start = 0;
    let nl;
    while ((nl = rest.indexOf('\n', start)) >= 0) {
      const line = rest.slice(start, nl);
      start = nl + 1;
      if (dropping) dropping = false; // the end of a line already reported
      else yield line.length > MAX_LINE ? TOO_LONG : line;
    }
    rest = rest.slice(start);
    if (rest.length > MAX_LINE) {
      if (!dropping) yield TOO_LONG;
      dropping = true;
      rest = '';
    }
  }
  rest += decoder.decode();
  if (rest.length && !dropping) yield rest.length > MAX_LINE ? TOO_LONG : rest;
}

async function handleSensor(request, url, cfg) {
  const p = url.searchParams;
  const window = intParam(p, 'window', 1, 100000) ?? 60;
  const warmup = intParam(p, 'warmup', 0, 100000) ?? window;
  const warn = realParam(p, 'warn') ?? 2;
  const crit = realParam(p, 'crit') ?? 3;
  if (!(warn >= 0 && warn <= crit)) throw badArg('need 0 <= warn <= crit');
  const skipBad = ['1', 'true', 'yes'].includes((p.get('skip_bad') ?? '').toLowerCase());
  const colSpec = { time: p.get('time') || '1', value: p.get('value') || '2' };
  for (const [k, v] of Object.entries(colSpec))
    if (/^\d+$/.test(v) && (Number(v) < 1 || Number(v) > 1 << 20)) throw badArg(`${k}: column numbers start at 1`);

  const det = new ek.ZScoreDetector({ window, warmup, warn, crit });
  try {
    const anomalies = [];
    const counts = { warn: 0, crit: 0 };
    let lineNo = 0;
    let rows = 0;
    let skipped = 0;
    let started = false;
    let bytes = 0;
    let tc = 0;
    let vc = 1;
    const reject = (why) => {
      if (skipBad) {
        ++skipped;
        return;
      }
      throw new HttpError(422, 'EK_ERR_FORMAT', `line ${lineNo}: ${why}`);
    };
    for await (const line of csvLines(request, cfg.MAX_BODY_BYTES)) {
      ++lineNo;
      if (line === TOO_LONG) {
        bytes += MAX_LINE;
        reject('line too long');
        continue;
      }
      bytes += line.length + 1;
      const t = trim(line);
      if (t === '' || t.startsWith('#')) continue;
      let f;
      try {
        f = splitCsv(line);
      } catch (why) {
        reject(why);
        continue;
      }
      if (!started) {
        started = true;
        // A header when a column is named, or when the value column holds text on the first
        // record (the ek tool's rule).
        const named = !/^\d+$/.test(colSpec.time) || !/^\d+$/.test(colSpec.value);
        const find = (spec) => {
          if (/^\d+$/.test(spec)) return Number(spec) - 1;
          const i = f.indexOf(spec);
          if (i < 0) throw new HttpError(422, 'EK_ERR_FORMAT', `no column named "${spec}" in the header row`);
          return i;
        };
        tc = find(colSpec.time);
        vc = find(colSpec.value);
        if (named || (vc < f.length && parseNumber(f[vc]) === null)) continue;
      }
      const need = Math.max(tc, vc) + 1;
      if (f.length < need) {
        reject(`expected at least ${need} fields, found ${f.length}`);
        continue;
      }
      const x = parseNumber(f[vc]);
      if (x === null) {
        reject(`not a number: "${f[vc]}"`);
        continue;
      }
      if (!Number.isFinite(x)) {
        reject('not a finite number');
        continue;
      }
      const r = det.push(x);
      ++rows;
      if (r.level > 0) {
        r.level === 2 ? ++counts.crit : ++counts.warn;
        if (anomalies.length < cfg.MAX_ANOMALIES)
          anomalies.push({ line: lineNo, timestamp: f[tc], value: x, mean: r.mean, stddev: r.stddev, z: r.z, level: r.level });
      }
    }
    if (bytes === 0) throw emptyBody('/sensor needs CSV rows: timestamp,value');
    if (rows === 0) throw new HttpError(422, 'EK_ERR_FORMAT', 'no data rows in the CSV');
    return json({
      detector: { kind: 'zscore', window, warmup, warn, crit },
      rows,
      skipped,
      counts,
      truncated: counts.warn + counts.crit > anomalies.length,
      anomalies,
    });
  } finally {
    det.free();
  }
}

// ---- routing -------------------------------------------------------------------------------

const ROUTES = {
  '/crc32': (req, url, cfg) => handleCrc32(req, cfg),
  '/resize': handleResize,
  '/sensor': handleSensor,
};

// Instantiated once per isolate, on the first request (no async work at global scope); the
// package compiles nothing at run time: workerd hands it the module it compiled at load.
let ready = null;

export default {
  async fetch(request, env) {
    try {
      await (ready ??= ek.init().catch((e) => {
        ready = null; // let the next request try again
        throw e;
      }));
      const url = new URL(request.url);
      const route = ROUTES[url.pathname];
      if (!route) {
        if (url.pathname === '/' && request.method === 'GET')
          return json({ routes: ['POST /crc32', 'POST /resize?w=&h=&fit=&format=&q=', 'POST /sensor?window=&warmup=&warn=&crit='], version: ek.version?.() });
        throw new HttpError(404, 'NOT_FOUND', `no route ${url.pathname}: POST /crc32, /resize or /sensor`);
      }
      if (request.method !== 'POST')
        throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${url.pathname} takes POST, not ${request.method}`, { allow: 'POST' });
      return await route(request, url, config(env));
    } catch (e) {
      await drainSmallBody(request);
      return errorResponse(e);
    }
  },
};

// An error answered before the body was read: read (and drop) a small one first. workerd
// otherwise closes the connection with the body unread, and the kernel may then reset it
// before the client has read the answer. Large or undeclared bodies are not waited for.
async function drainSmallBody(request) {
  if (!request.body || request.bodyUsed) return;
  const declared = request.headers.get('content-length');
  if (declared === null || !/^\d+$/.test(declared.trim()) || Number(declared) > 1 << 20) return;
  try {
    await request.arrayBuffer();
  } catch {}
}
