// wasm32 layouts of the C structs the wrapper reads and writes (natural alignment, enums are
// int32, size_t and pointers 4 bytes, uint64_t/int64_t/double 8-byte aligned). One table, so
// that test/layout.test.mjs can turn it into C _Static_asserts and compile them with the
// Emscripten compiler against include/edgekernels: a header change that moves a field fails
// that test instead of silently corrupting memory.
//
// Each entry: [sizeof, alignof, { field: offset }].
export const LAYOUT = {
  ek_welford: [56, 8, { count: 0, rejected: 8, mean: 16, mean_err: 24, m2: 32, min: 40, max: 48 }],
  ek_ewma_config: [16, 8, { alpha: 0, half_life: 8 }],
  ek_zscore_config: [24, 8, { window: 0, warmup: 4, warn: 8, crit: 16 }],
  ek_zscore_result: [32, 8, { mean: 0, stddev: 8, z: 16, level: 24, accepted: 28 }],
  ek_robust_config: [32, 8, { window: 0, warmup: 4, warn: 8, crit: 16, scale: 24 }],
  ek_robust_result: [40, 8, { median: 0, mad: 8, z: 16, replacement: 24, level: 32, accepted: 36 }],
  ek_sensor_record: [48, 8, { timestamp: 0, temperature: 8, humidity: 16, pressure: 24, light: 32, motion: 40 }],
  ek_sensor_channel_config: [64, 8, { enabled: 0, warn_low: 8, warn_high: 16, crit_low: 24, crit_high: 32, zscore: 40 }],
  ek_sensor_config: [320, 8, { channel: 0 }],
  ek_sensor_channel_result: [48, 8, { reported: 0, threshold_level: 4, zscore: 8, level: 40 }],
  ek_sensor_result: [256, 8, { timestamp: 0, channel: 8, level: 248 }],
  ek_trend_config: [16, 8, { window: 0, level: 8 }],
  ek_trend_result: [56, 8, { full: 0, slope: 8, intercept: 16, forecast: 24, lo: 32, hi: 40, residual_std: 48 }],
  ek_holtwinters_config: [40, 8, { alpha: 0, beta: 8, gamma: 16, period: 24, trend: 28, seasonal: 32 }],
  ek_holtwinters_row: [56, 8, { index: 0, value: 8, has_fit: 16, fitted: 24, level: 32, trend: 40, season: 48 }],
  ek_window_config: [64, 8, {
    kind: 0, key_type: 4, aggregates: 8, size: 16, hop: 24, origin: 32, lateness: 40,
    max_events: 48, max_keys: 52, max_key_len: 56, max_pending_events: 60,
  }],
  ek_window_agg: [64, 8, { count: 0, sum: 8, mean: 16, min: 24, max: 32, variance: 40, first: 48, last: 56 }],
  ek_window_event: [104, 8, { kind: 0, evicted: 4, key: 8, key_len: 12, key_u64: 16, start: 24, end: 32, agg: 40 }],
  ek_window_counters: [72, 8, {
    keys: 0, evictions: 8, rejected: 16, late: 24, overflow: 32, events_dropped: 40,
    events_pending: 48, bytes: 56, bytes_per_key: 64,
  }],
  ek_client_hints: [72, 4, {
    accept: 0, accept_len: 4, dpr: 8, dpr_len: 12, sec_ch_dpr: 16, sec_ch_dpr_len: 20,
    width: 24, width_len: 28, sec_ch_width: 32, sec_ch_width_len: 36,
    viewport_width: 40, viewport_width_len: 44, sec_ch_viewport_width: 48,
    sec_ch_viewport_width_len: 52, save_data: 56, save_data_len: 60, ect: 64, ect_len: 68,
  }],
  ek_negotiate_policy: [72, 8, {
    formats: 0, min_width: 4, max_width: 8, width_step: 12, breakpoints: 16, breakpoint_count: 20,
    max_dpr: 24, quality: 32, save_data_quality: 36, ect_3g_quality: 40, ect_2g_quality: 44,
    max_age: 48, reduced_max_age: 52, width_hints: 56, quality_hints: 60, width_is_css: 64,
    accept_ch: 68,
  }],
  ek_negotiate_source: [8, 4, { width: 0, keep_alpha: 4 }],
  ek_negotiation: [280, 4, {
    format: 0, width: 4, quality: 8, max_age: 12, vary: 16, hints_used: 20, vary_header: 24,
    accept_ch_header: 152,
  }],
  ek_image_info: [20, 4, { format: 0, width: 4, height: 8, channels: 12, orientation: 16 }],
  ek_image_limits: [24, 8, { max_width: 0, max_height: 4, max_pixels: 8, max_input_bytes: 16 }],
  ek_rect: [16, 4, { x: 0, y: 4, width: 8, height: 12 }],
  ek_image_desc: [20, 4, { width: 0, height: 4, channels: 8, stride: 12, pixels: 16 }],
  ek_decode_options: [40, 8, { limits: 0, channels: 24, apply_orientation: 28, min_width: 32, min_height: 36 }],
  ek_resize_options: [8, 4, { filter: 0, linear: 4 }],
  ek_encode_options: [16, 4, { format: 0, quality: 4, lossless: 8, speed: 12 }],
  ek_transform_options: [88, 8, {
    decode: 0, width: 40, height: 44, fit: 48, resize: 52, crop: 60, background: 64, encode: 68,
    shrink_on_load: 84,
  }],
  ek_transform_result: [48, 4, { input: 0, width: 20, height: 24, format: 28, crop: 32 }],
};

// Field offsets by struct, for the wrapper: O.ek_zscore_result.z === 16.
export const O = Object.fromEntries(Object.entries(LAYOUT).map(([k, v]) => [k, v[2]]));
export const SIZE = Object.fromEntries(Object.entries(LAYOUT).map(([k, v]) => [k, v[0]]));
