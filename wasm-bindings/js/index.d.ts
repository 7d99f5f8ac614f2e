// edgekernels: TypeScript declarations (the documented contract of the package).
//
// Call `await init()` once; every other function is synchronous. Inputs are copied into the
// module's memory once and outputs copied out, so nothing returned aliases wasm memory.
// Every failure of the C library becomes an EkError carrying the ek_status name.

/** Bytes as accepted by the byte-oriented functions (strings are UTF-8 encoded). */
export type Bytes = Uint8Array | ArrayBuffer | ArrayBufferView | string;
/** Float input of the reductions: typed arrays dispatch to the _f32/_f64 kernels; arrays of numbers are doubles. */
export type Floats = Float32Array | Float64Array | readonly number[];

export type StatusName =
  | 'EK_ERR_NULL' | 'EK_ERR_ARG' | 'EK_ERR_OVERFLOW' | 'EK_ERR_NOMEM' | 'EK_ERR_FORMAT'
  | 'EK_ERR_LIMIT' | 'EK_ERR_UNSUPPORTED'
  /** The module trapped (WebAssembly.RuntimeError); it has been re-instantiated. */
  | 'EK_ERR_TRAP'
  /** Not initialised, object already freed. */
  | 'EK_ERR_STATE';

export class EkError extends Error {
  readonly name: 'EkError';
  /** ek_status name, e.g. 'EK_ERR_FORMAT'. */
  readonly status: StatusName;
  /** ek_status value (negative); -100 EK_ERR_TRAP, -101 EK_ERR_STATE are the wrapper's own. */
  readonly code: number;
}

// ---- init ---------------------------------------------------------------------------------

export type ModuleSource =
  | WebAssembly.Module | ArrayBuffer | ArrayBufferView | Response | Promise<Response> | URL | string;

export interface InitOptions {
  /** Use this module (compiled, bytes, a Response or a URL to fetch) instead of the package's. */
  module?: ModuleSource;
  bytes?: ArrayBuffer | ArrayBufferView;
  url?: URL | string;
  response?: Response | Promise<Response>;
  /** Default: detected with WebAssembly.validate. false picks the baseline module. */
  simd?: boolean;
  /** The core module (no image functions): ~3x smaller, faster to compile. Default false. */
  core?: boolean;
}

export interface ModuleInfo {
  simd: boolean;
  core: boolean;
  /** Image functions available (full module). */
  image: boolean;
  /** "MAJOR.MINOR.PATCH" of the library in the module. */
  version: string;
}

/** Loads and instantiates the module; concurrent and repeated calls share one promise. */
export function init(options?: InitOptions | ModuleSource): Promise<ModuleInfo>;
export function initialized(): boolean;
export function moduleInfo(): ModuleInfo;
/** Whether this host validates WebAssembly SIMD128. */
export function simdSupported(): boolean;
/** File name of the module `init` would load: 'edgekernels.wasm', 'edgekernels-core.baseline.wasm', ... */
export function moduleFileName(options?: { simd?: boolean; core?: boolean }): string;
export function version(): string;
/** MAJOR*10000 + MINOR*100 + PATCH. */
export function versionNumber(): number;

export type KernelFamily = 'crc32' | 'crc32c' | 'reduce_f32' | 'reduce_f64' | 'filter' | 'resize';
/** Variant a kernel family runs ('portable', 'wasm-simd128', ...). */
export function kernelPath(kernel: KernelFamily): string;
export function kernelPath(): Record<KernelFamily, string>;

/** Features the module detected and those its kernels use now (names as 'wasm_simd128'). */
export function cpuFeatures(): { detected: string[]; enabled: string[] };
/** Act as if `features` were absent: 'all' (portable code only), names, or null/[] to reset. */
export function cpuDisable(features: 'all' | readonly string[] | null): void;

// ---- checksum -------------------------------------------------------------------------------

/** CRC-32 (zlib/gzip/PNG), unsigned. seed: the CRC of preceding data (0 to start). */
export function crc32(data: Bytes | WasmBuffer, seed?: number): number;
/** CRC-32C (Castagnoli), unsigned. */
export function crc32c(data: Bytes | WasmBuffer, seed?: number): number;
/** CRC-32 of A||B from crc32(A), crc32(B) and the length of B. */
export function crc32Combine(crc1: number, crc2: number, len2: number | bigint): number;
export function crc32cCombine(crc1: number, crc2: number, len2: number | bigint): number;

/** Bytes that live in the module's memory: fill once, then pass to crc32, crc32c, probe, decode
 * or transformImage without a copy. Owns wasm memory: free() it. */
export class WasmBuffer implements EkObject {
  constructor(length: number);
  readonly length: number;
  readonly byteLength: number;
  /** A view on wasm memory, valid until the next call that may grow the memory. */
  view(): Uint8Array;
  set(bytes: Bytes, offset?: number): void;
  /** A JS-owned copy of [start, end). */
  read(start?: number, end?: number): Uint8Array;
  free(): void;
}

// ---- reductions (compensated, NaN in -> NaN out) ------------------------------------------------

export function sum(x: Floats): number;
export function sumsq(x: Floats): number;
/** EK_ERR_ARG for an empty input (also max, mean). */
export function min(x: Floats): number;
export function max(x: Floats): number;
export function mean(x: Floats): number;
/** ddof 0: population (default), 1: sample. EK_ERR_ARG when length <= ddof. */
export function variance(x: Floats, ddof?: number): number;
/** x and y of the same type and length (EK_ERR_ARG otherwise). */
export function dot(x: Floats, y: Floats): number;

// ---- filters (return new arrays) ------------------------------------------------------------------

/** out[i] = x[i] > t ? x[i] : 0 */
export function threshold(x: Uint8Array, t: number): Uint8Array;
/** min(max(x[i], lo), hi); lo > hi or a NaN bound: EK_ERR_ARG. */
export function clamp<T extends Uint8Array | Int32Array | Float32Array>(x: T, lo: number, hi: number): T;
/** Ascending indices i with x[i] > t. */
export function selectAbove(x: Uint8Array, t: number): Uint32Array;

// ---- objects --------------------------------------------------------------------------------

/** Objects own wasm memory: call free(); a FinalizationRegistry frees forgotten ones. Where the
 * host has Symbol.dispose, objects also implement it (`using` works; not declared here so that
 * the types need no esnext.disposable lib). */
export interface EkObject {
  /** Releases the wasm memory now; idempotent. Later calls throw EK_ERR_STATE. */
  free(): void;
}
export interface Counts { accepted: number; rejected: number; }

export interface ZScoreOptions {
  /** Values in the window (>= 1) [30]. */
  window?: number;
  /** Accepted values before scoring [= window]. */
  warmup?: number;
  /** |z| thresholds, 0 <= warn <= crit [2, 3]. */
  warn?: number;
  crit?: number;
}
export interface ZScoreResult {
  mean: number; stddev: number; z: number;
  /** 0 normal, 1 warning, 2 critical. */
  level: 0 | 1 | 2 | number;
  /** false: NaN/Inf input, ignored. */
  accepted: boolean;
}
/** Rolling z-score of each value against the previous `window` values. */
export class ZScoreDetector implements EkObject {
  constructor(options?: ZScoreOptions);
  push(x: number): ZScoreResult;
  counts(): Counts;
  reset(): void;
  free(): void;
}

export interface RobustOptions extends ZScoreOptions {
  /** MAD scale [1.4826]. window default 31. */
  scale?: number;
}
export interface RobustResult {
  median: number; mad: number; z: number;
  /** The median when |z| >= crit, else the value (Hampel filter). */
  replacement: number;
  level: number;
  accepted: boolean;
}
/** Rolling median/MAD detector. */
export class RobustDetector implements EkObject {
  constructor(options?: RobustOptions);
  push(x: number): RobustResult;
  counts(): Counts;
  reset(): void;
  free(): void;
}

/** Exponentially weighted mean/variance (pandas ewm(adjust=False), var(bias=True)). */
export class Ewma implements EkObject {
  /** alpha in (0, 1] [0.1]; halfLife > 0 overrides alpha. */
  constructor(options?: { alpha?: number; halfLife?: number });
  push(x: number): void;
  /** EK_ERR_ARG before the first accepted value. */
  get(): { mean: number; variance: number };
  counts(): Counts;
  reset(): void;
  free(): void;
}

export type SensorChannel = 'temperature' | 'humidity' | 'pressure' | 'light' | 'motion';
export interface SensorChannelOptions {
  enabled?: boolean;
  warnLow?: number; warnHigh?: number; critLow?: number; critHigh?: number;
  zscore?: ZScoreOptions;
}
export interface SensorRecord {
  timestamp?: number;
  temperature?: number | null; humidity?: number | null; pressure?: number | null;
  light?: number | null; motion?: number | null;
}
export interface SensorChannelResult {
  reported: boolean;
  thresholdLevel: number;
  zscore: ZScoreResult;
  level: number;
}
export interface SensorResult {
  timestamp: number;
  channels: Record<SensorChannel, SensorChannelResult>;
  level: number;
}
/** Multi-channel sensor records (defaults per channel in edgekernels/stats/sensor.hpp). */
export class SensorDetector implements EkObject {
  constructor(options?: Partial<Record<SensorChannel, SensorChannelOptions | boolean>>);
  push(record: SensorRecord): SensorResult;
  counts(channel: SensorChannel | number): Counts;
  reset(): void;
  free(): void;
  static readonly channels: readonly SensorChannel[];
}

export interface ForecasterOptions {
  /** Smoothing in [0, 1] [0.3, 0.1, 0.1]. */
  alpha?: number; beta?: number; gamma?: number;
  /** Season length (>= 2 when seasonal) [12]. */
  period?: number;
  /** Include a trend / a seasonal component [true, true]. */
  trend?: boolean;
  seasonal?: boolean;
}
export interface ForecastRow {
  /** 0-based among accepted values. */
  index: number;
  value: number;
  /** false on the start-up rows (then fitted/level/trend/season are 0). */
  hasFit: boolean;
  fitted: number; level: number; trend: number; season: number;
}
/** Additive Holt-Winters with R's stats::HoltWinters start values. */
export class Forecaster implements EkObject {
  constructor(options?: ForecasterOptions);
  /** Season length, 0 for a non-seasonal model. */
  readonly period: number;
  /** Rows made ready by this value (usually 1; 0 while a seasonal model buffers its start). */
  push(x: number): ForecastRow[];
  /** a + steps*b + s[(steps-1) mod P]; EK_ERR_ARG before the start values are known. */
  forecast(steps?: number): number;
  state(): { a: number; b: number; s: Float64Array | null; sse: number };
  counts(): Counts;
  reset(): void;
  free(): void;
}

export interface TrendResult {
  /** false until `window` values are in (then the numbers are NaN). */
  full: boolean;
  slope: number;
  /** The line at the oldest value. */
  intercept: number;
  forecast: number;
  lo: number; hi: number;
  residualStd: number;
}
/** Rolling least-squares line over the last `window` values. */
export class TrendForecaster implements EkObject {
  /** window >= 2 (required), level in (0, 1) [0.95]. */
  constructor(options: { window: number; level?: number });
  /** false: NaN/Inf, ignored. */
  push(y: number): boolean;
  get(horizon?: number): TrendResult;
  counts(): Counts;
  reset(): void;
  free(): void;
}

/** Student's t quantile / CDF. */
export function tQuantile(p: number, dof: number): number;
export function tCdf(t: number, dof: number): number;
/** Least-squares polynomial of degree 0..8, coefficients highest power first (np.polyfit). */
export function polyfit(y: Floats, degree: number, x?: Floats): { coef: Float64Array; residualStd: number };
export function polyfitPredict(y: Floats, degree: number, x0: number, level?: number, x?: Floats):
  { yhat: number; lo: number; hi: number };

// ---- keyed windows --------------------------------------------------------------------------

export type WindowKind = 'count' | 'sliding' | 'tumbling' | 'hopping';
export type Aggregate = 'count' | 'sum' | 'mean' | 'min' | 'max' | 'variance' | 'first' | 'last';
export interface WindowOptions {
  /** [count] */
  kind?: WindowKind;
  /** 'bytes' (string / Uint8Array keys) [default] or 'u64' (number / bigint keys). */
  keyType?: 'bytes' | 'u64';
  /** Aggregates to compute [all]; or an EK_AGG_* bit mask. */
  aggregates?: readonly Aggregate[] | number;
  /** count: events; event time: length in timestamp units [16]. */
  size?: number | bigint;
  /** Hopping windows: the hop (required for hopping). */
  hop?: number | bigint;
  origin?: number | bigint;
  lateness?: number | bigint;
  /** Sliding: events held per key [1024]. */
  maxEvents?: number;
  /** Keys held before LRU eviction [65536]. */
  maxKeys?: number;
  /** Longest key in bytes [64]; longer: EK_ERR_LIMIT. */
  maxKeyLen?: number;
  maxPendingEvents?: number;
}
export interface WindowAgg {
  count: number; sum: number; mean: number; min: number; max: number;
  /** Sample variance (NaN when count < 2). */
  variance: number;
  first: number; last: number;
}
export interface WindowEvent {
  kind: 'closed' | 'evicted';
  /** A CLOSED event emitted because its key was evicted. */
  evicted: boolean;
  /** UTF-8 decoded key (bytes windows) or the bigint key (u64 windows). */
  key: string | bigint;
  /** Raw key bytes (bytes windows), else null. */
  keyBytes: Uint8Array | null;
  start: number;
  end: number;
  agg: WindowAgg;
}
export interface WindowStats {
  keys: number; evictions: number; rejected: number; late: number; overflow: number;
  eventsDropped: number; eventsPending: number; bytes: number; bytesPerKey: number;
}
/** Keyed window aggregation: count, sliding, tumbling or hopping windows per key. */
export class SlidingWindow implements EkObject {
  constructor(options?: WindowOptions);
  readonly u64Keys: boolean;
  readonly maxKeyLen: number;
  /** true: applied; false: counted and dropped (NaN/Inf value, timestamp out of range, late,
   * sliding overflow; see stats()). A key longer than maxKeyLen throws EK_ERR_LIMIT. */
  push(key: string | Uint8Array | number | bigint, ts: number | bigint, value: number): boolean;
  /** n events in order, exactly like n push() calls but faster with many keys; ts null = all 0.
   * Returns how many were applied (the rest were counted, see stats()). */
  pushBatch(keys: readonly (string | Uint8Array)[] | readonly (number | bigint)[] | BigUint64Array,
            ts: readonly (number | bigint)[] | BigInt64Array | Float64Array | null,
            values: readonly number[] | Float64Array): number;
  get(key: string | Uint8Array | number | bigint): WindowAgg;
  /** The oldest queued event, or null. */
  poll(): WindowEvent | null;
  drain(): WindowEvent[];
  /** End of stream: close every open tumbling/hopping window. */
  flush(): void;
  stats(): WindowStats;
  free(): void;
}

// ---- image ----------------------------------------------------------------------------------

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'avif' | 'gif' | 'bmp';
export type OutputFormat = 'jpeg' | 'png' | 'webp' | 'avif';
export type Filter = 'nearest' | 'box' | 'bilinear' | 'bicubic' | 'mitchell' | 'lanczos3';
export type Fit = 'contain' | 'cover' | 'fill' | 'exact';
export type CropMode = 'centre' | 'center' | 'attention' | 'entropy';

export interface ImageInfo {
  format: ImageFormat;
  width: number;
  height: number;
  /** 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA. */
  channels: number;
  /** EXIF orientation 1..8. */
  orientation: number;
}
export interface ImageLimits {
  maxWidth?: number; maxHeight?: number;
  /** [100000000] */
  maxPixels?: number | bigint;
  /** [256 MiB] */
  maxInputBytes?: number | bigint;
}
export interface Rect { x: number; y: number; width: number; height: number; }
/** 8-bit interleaved pixels, rows top to bottom, no padding. */
export interface Pixels { data: Uint8Array; width: number; height: number; channels: number; }

/** Header only: EK_ERR_FORMAT for unknown/truncated input, EK_ERR_LIMIT beyond the limits. */
export function probe(bytes: Bytes | WasmBuffer, limits?: ImageLimits): ImageInfo;
export function codecs(): { decode: ImageFormat[]; encode: OutputFormat[] };

export interface DecodeOptions {
  limits?: ImageLimits;
  /** 0: as stored; 1..4: converted. */
  channels?: number;
  /** Apply the EXIF orientation [true]. */
  orientation?: boolean;
}
export interface TransformOptions extends DecodeOptions {
  /** 0 / absent: unconstrained; both absent: keep the size. */
  width?: number;
  height?: number;
  /** [contain] */
  fit?: Fit;
  /** [lanczos3] */
  filter?: Filter;
  /** Resample in linear light [false]. */
  linear?: boolean;
  /** Where 'cover' crops [centre]; smartCrop: true = 'attention'. */
  crop?: CropMode;
  smartCrop?: boolean | CropMode;
  /** 'fill' padding RGBA [255, 255, 255, 0]. */
  background?: readonly number[];
  /** 'auto' (default): PNG if the input has alpha and is PNG/WebP/AVIF/GIF, else JPEG. */
  format?: OutputFormat | 'auto';
  /** 1..100; 0/absent: the format's default. */
  quality?: number;
  /** WebP lossless. */
  lossless?: boolean;
  /** AVIF speed 0..10. */
  speed?: number;
  /** Let the decoder shrink on load (much faster, a few levels off a full decode) [true]. */
  shrinkOnLoad?: boolean;
}
export interface TransformResult {
  /** The encoded output (a copy owned by JS). */
  data: Uint8Array;
  format: OutputFormat;
  width: number;
  height: number;
  /** The input's header. */
  input: ImageInfo;
  /** cover: the window kept; fill: where the image sits on the canvas; else the output. */
  crop: Rect;
}
/** decode -> orient -> resize (fit) -> crop -> encode in one call. */
export function transformImage(bytes: Bytes | WasmBuffer, options?: TransformOptions): TransformResult;
export function decode(bytes: Bytes | WasmBuffer, options?: DecodeOptions): Pixels & { info: ImageInfo };
export function resize(image: Pixels, width: number, height: number, options?: { filter?: Filter; linear?: boolean }): Pixels;
export function smartCrop(image: Pixels, width: number, height: number, mode?: CropMode): Rect;
export function crop(image: Pixels, rect: Rect): Pixels;
/** JPEG composites alpha over white. format default 'jpeg'. */
export function encode(image: Pixels, options?: { format?: OutputFormat; quality?: number; lossless?: boolean; speed?: number }): Uint8Array;

// ---- negotiate ------------------------------------------------------------------------------

export interface NegotiatePolicy {
  /** Allowed output formats (must include jpeg or png) [those this module encodes: no AVIF in wasm]. */
  formats?: readonly OutputFormat[];
  minWidth?: number; maxWidth?: number;
  /** Snap widths up to a multiple [100]; breakpoints (ascending, <= 64) replace it. */
  widthStep?: number;
  breakpoints?: readonly number[];
  maxDpr?: number;
  quality?: number; saveDataQuality?: number; ect3gQuality?: number; ect2gQuality?: number;
  maxAge?: number; reducedMaxAge?: number;
  widthHints?: boolean; qualityHints?: boolean; widthIsCss?: boolean;
  /** Fill acceptCH [true]. */
  acceptCH?: boolean;
}
export interface NegotiateOptions extends NegotiatePolicy {
  policy?: NegotiatePolicy;
  source?: { width?: number; keepAlpha?: boolean };
}
export interface Negotiation {
  format: OutputFormat;
  width: number;
  quality: number;
  /** Cache-Control max-age seconds. */
  maxAge: number;
  /** Exact Vary header value ('' when nothing varies). */
  vary: string;
  /** Accept-CH header value ('' unless policy.acceptCH). */
  acceptCH: string;
  varyBits: number;
  hintsUsed: number;
}
/** Headers: a fetch Headers, a Map, or a plain object (names case-insensitive). */
export type HeadersLike =
  | { get(name: string): string | null }
  | Map<string, string>
  | Record<string, string | string[] | undefined>;
/** Output format, width, quality, cache lifetime and Vary from Accept and client hints. */
export function negotiate(headers: HeadersLike | null | undefined, options?: NegotiateOptions): Negotiation;

/** Test hooks: not part of the supported API. */
export const _internal: {
  call(name: string, ...args: unknown[]): unknown;
  malloc(n: number): number;
  free(p: number): void;
  memoryBytes(): number;
  generation(): number;
  readonly scratchBytes: number;
};
