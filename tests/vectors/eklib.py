"""The shared C library through ctypes, and the evaluation of one test vector with it.

Used by generate.py (to take the values only our kernels define) and check_native.py (the ctest
that keeps the committed vectors true to the native build). A vector's `input` is evaluated
exactly as the JS runner (wasm-bindings/test/vectors.mjs) evaluates it with the npm package, and
the result has the shape of the vector's `expected`.

Value encoding shared with the JS runner (vectors are JSON, which has no NaN, Inf or -0):
  number   a JSON number when finite and not -0, else "NaN", "Infinity", "-Infinity", "-0"
  bytes    base64 (standard alphabet, padded)
  arrays   f32/f64/i32 arrays as base64 of their little-endian bytes
"""
import base64
import ctypes
import hashlib
import math
import struct

P = ctypes.POINTER
c_size, c_double, c_int, c_uint = ctypes.c_size_t, ctypes.c_double, ctypes.c_int, ctypes.c_uint
U8, U32, U64, I32, I64 = ctypes.c_uint8, ctypes.c_uint32, ctypes.c_uint64, ctypes.c_int32, ctypes.c_int64
vp = ctypes.c_void_p

STATUS = {0: "EK_OK", -1: "EK_ERR_NULL", -2: "EK_ERR_ARG", -3: "EK_ERR_OVERFLOW",
          -4: "EK_ERR_NOMEM", -5: "EK_ERR_FORMAT", -6: "EK_ERR_LIMIT", -7: "EK_ERR_UNSUPPORTED"}
FORMATS = {0: None, 1: "jpeg", 2: "png", 4: "webp", 8: "avif", 16: "gif", 32: "bmp"}
FORMAT_IDS = {v: k for k, v in FORMATS.items() if v}
FILTERS = ["nearest", "box", "bilinear", "bicubic", "mitchell", "lanczos3"]
FITS = ["contain", "cover", "fill", "exact"]
CROPS = ["centre", "attention", "entropy"]
WINDOW_KINDS = ["count", "sliding", "tumbling", "hopping"]
AGGS = ["count", "sum", "mean", "min", "max", "variance", "first", "last"]


# ---- value encoding ---------------------------------------------------------------------------
def enc(x):
    """A float as a vector number."""
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0 and math.copysign(1, x) < 0:
        return "-0"
    if x == int(x) and abs(x) < 2 ** 53:
        return int(x)
    return x


def dec(v):
    if isinstance(v, str):
        return {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf, "-0": -0.0}[v]
    return float(v)


def b64(data):
    return base64.b64encode(bytes(data)).decode("ascii")


def unb64(s):
    return base64.b64decode(s)


def pack(fmt, values):
    return b64(struct.pack("<%d%s" % (len(values), fmt), *values))


def unpack(fmt, s):
    raw = unb64(s)
    size = struct.calcsize(fmt)
    return list(struct.unpack("<%d%s" % (len(raw) // size, fmt), raw))


def f32(x):
    """x rounded to float32 (as a Python float)."""
    return ctypes.c_float(x).value  # C's conversion: to nearest, +-Inf beyond the range


# ---- structs (C headers, natural alignment) ---------------------------------------------------
class ZConfig(ctypes.Structure):
    _fields_ = [("window", c_size), ("warmup", c_size), ("warn", c_double), ("crit", c_double)]


class ZResult(ctypes.Structure):
    _fields_ = [("mean", c_double), ("stddev", c_double), ("z", c_double), ("level", c_int),
                ("accepted", c_int)]


class HWConfig(ctypes.Structure):
    _fields_ = [("alpha", c_double), ("beta", c_double), ("gamma", c_double), ("period", c_size),
                ("trend", c_int), ("seasonal", c_int)]


class HWRow(ctypes.Structure):
    _fields_ = [("index", U64), ("value", c_double), ("has_fit", c_int), ("fitted", c_double),
                ("level", c_double), ("trend", c_double), ("season", c_double)]


class WConfig(ctypes.Structure):
    _fields_ = [("kind", c_int), ("key_type", c_int), ("aggregates", c_uint), ("size", I64),
                ("hop", I64), ("origin", I64), ("lateness", I64), ("max_events", U32),
                ("max_keys", U32), ("max_key_len", U32), ("max_pending_events", U32)]


class WAgg(ctypes.Structure):
    _fields_ = [("count", U64), ("sum", c_double), ("mean", c_double), ("min", c_double),
                ("max", c_double), ("variance", c_double), ("first", c_double), ("last", c_double)]


class WEvent(ctypes.Structure):
    _fields_ = [("kind", c_int), ("evicted", c_int), ("key", vp), ("key_len", c_size),
                ("key_u64", U64), ("start", I64), ("end", I64), ("agg", WAgg)]


class WCounters(ctypes.Structure):
    _fields_ = [(n, U64) for n in ("keys", "evictions", "rejected", "late", "overflow",
                                   "events_dropped", "events_pending", "bytes", "bytes_per_key")]


class Limits(ctypes.Structure):
    _fields_ = [("max_width", U32), ("max_height", U32), ("max_pixels", U64),
                ("max_input_bytes", U64)]


class Info(ctypes.Structure):
    _fields_ = [("format", c_int), ("width", U32), ("height", U32), ("channels", U32),
                ("orientation", U32)]


class Hints(ctypes.Structure):
    _fields_ = []
    for _n in ("accept", "dpr", "sec_ch_dpr", "width", "sec_ch_width", "viewport_width",
               "sec_ch_viewport_width", "save_data", "ect"):
        _fields_ += [(_n, ctypes.c_char_p), (_n + "_len", c_size)]


class Policy(ctypes.Structure):
    _fields_ = [("formats", c_uint), ("min_width", U32), ("max_width", U32), ("width_step", U32),
                ("breakpoints", P(U32)), ("breakpoint_count", c_size), ("max_dpr", c_double),
                ("quality", U32), ("save_data_quality", U32), ("ect_3g_quality", U32),
                ("ect_2g_quality", U32), ("max_age", U32), ("reduced_max_age", U32),
                ("width_hints", c_int), ("quality_hints", c_int), ("width_is_css", c_int),
                ("accept_ch", c_int)]


class Source(ctypes.Structure):
    _fields_ = [("width", U32), ("keep_alpha", c_int)]


class Negotiation(ctypes.Structure):
    _fields_ = [("format", c_int), ("width", U32), ("quality", U32), ("max_age", U32),
                ("vary", c_uint), ("hints_used", c_uint), ("vary_header", ctypes.c_char * 128),
                ("accept_ch_header", ctypes.c_char * 128)]


class DecodeOptions(ctypes.Structure):
    _fields_ = [("limits", Limits), ("channels", U32), ("apply_orientation", c_int),
                ("min_width", U32), ("min_height", U32)]


class ResizeOptions(ctypes.Structure):
    _fields_ = [("filter", c_int), ("linear", c_int)]


class EncodeOptions(ctypes.Structure):
    _fields_ = [("format", c_int), ("quality", c_int), ("lossless", c_int), ("speed", c_int)]


class Rect(ctypes.Structure):
    _fields_ = [("x", U32), ("y", U32), ("width", U32), ("height", U32)]


class TransformOptions(ctypes.Structure):
    _fields_ = [("decode", DecodeOptions), ("width", U32), ("height", U32), ("fit", c_int),
                ("resize", ResizeOptions), ("crop", c_int), ("background", U8 * 4),
                ("encode", EncodeOptions), ("shrink_on_load", c_int)]


class TransformResult(ctypes.Structure):
    _fields_ = [("input", Info), ("width", U32), ("height", U32), ("format", c_int), ("crop", Rect)]


class ImageDesc(ctypes.Structure):
    _fields_ = [("width", U32), ("height", U32), ("channels", U32), ("stride", c_size),
                ("pixels", P(U8))]


def load(path):
    lib = ctypes.CDLL(path)
    sig = {
        "ek_crc32": (U32, [U32, ctypes.c_char_p, c_size]),
        "ek_crc32c": (U32, [U32, ctypes.c_char_p, c_size]),
        "ek_crc32_combine": (U32, [U32, U32, U64]),
        "ek_crc32c_combine": (U32, [U32, U32, U64]),
        "ek_zscore_config_init": (c_int, [P(ZConfig)]),
        "ek_zscore_new": (c_int, [P(ZConfig), vp, P(vp)]),
        "ek_zscore_push": (c_int, [vp, c_double, P(ZResult)]),
        "ek_zscore_free": (None, [vp]),
        "ek_holtwinters_config_init": (c_int, [P(HWConfig)]),
        "ek_holtwinters_new": (c_int, [P(HWConfig), vp, P(vp)]),
        "ek_holtwinters_push": (c_int, [vp, c_double, P(c_size)]),
        "ek_holtwinters_get_row": (c_int, [vp, c_size, P(HWRow)]),
        "ek_holtwinters_forecast": (c_int, [vp, c_size, P(c_double)]),
        "ek_holtwinters_state": (c_int, [vp, P(c_double), P(c_double), P(c_double), P(c_double)]),
        "ek_holtwinters_free": (None, [vp]),
        "ek_window_config_init": (c_int, [P(WConfig)]),
        "ek_window_new": (c_int, [P(WConfig), vp, P(vp)]),
        "ek_window_push": (c_int, [vp, ctypes.c_char_p, c_size, I64, c_double]),
        "ek_window_get": (c_int, [vp, ctypes.c_char_p, c_size, P(WAgg)]),
        "ek_window_poll": (c_int, [vp, P(WEvent)]),
        "ek_window_flush": (c_int, [vp]),
        "ek_window_stats": (c_int, [vp, P(WCounters)]),
        "ek_window_free": (None, [vp]),
        "ek_image_limits_init": (c_int, [P(Limits)]),
        "ek_probe": (c_int, [ctypes.c_char_p, c_size, P(Limits), P(Info)]),
        "ek_negotiate_policy_init": (c_int, [P(Policy)]),
        "ek_negotiate": (c_int, [P(Hints), P(Policy), P(Source), P(Negotiation)]),
        "ek_transform_options_init": (c_int, [P(TransformOptions)]),
        "ek_image_transform": (c_int, [ctypes.c_char_p, c_size, P(TransformOptions), P(vp),
                                       P(c_size), P(TransformResult)]),
        "ek_image_decode": (c_int, [ctypes.c_char_p, c_size, vp, vp, P(vp), P(Info)]),
        "ek_image_describe": (c_int, [vp, P(ImageDesc)]),
        "ek_image_free": (None, [vp]),
        "ek_free": (None, [vp]),
        "ek_filter_threshold_u8": (c_int, [vp, vp, c_size, U8]),
        "ek_filter_clamp_u8": (c_int, [vp, vp, c_size, U8, U8]),
        "ek_filter_clamp_i32": (c_int, [vp, vp, c_size, I32, I32]),
        "ek_filter_clamp_f32": (c_int, [vp, vp, c_size, ctypes.c_float, ctypes.c_float]),
        "ek_filter_select_above_u8": (c_int, [vp, c_size, U8, P(U32), c_size, P(c_size)]),
    }
    for t, ct in (("f32", ctypes.c_float), ("f64", c_double)):
        for op in ("sum", "sumsq", "min", "max", "mean"):
            sig["ek_%s_%s" % (op, t)] = (c_int, [vp, c_size, P(ct)])
        sig["ek_dot_" + t] = (c_int, [vp, vp, c_size, P(ct)])
        sig["ek_variance_" + t] = (c_int, [vp, c_size, c_uint, P(ct)])
    for name, (res, args) in sig.items():
        fn = getattr(lib, name)
        fn.restype = res
        fn.argtypes = args
    return lib


class EkError(Exception):
    def __init__(self, status):
        super().__init__(STATUS.get(status, str(status)))
        self.status = STATUS.get(status, str(status))


def ok(st):
    if st != 0:
        raise EkError(st)


ALIGN = 64


def _buf(data):
    """A ctypes buffer holding `data` (bytes) at a 64-byte aligned address, and that address (a
    valid pointer even when empty). The reductions take their first elements separately up to a
    vector boundary (kernels.hpp head_len), so their last bits depend on the input's address
    modulo the vector size: vectors are defined for aligned inputs, as the JS runner passes them."""
    b = ctypes.create_string_buffer(len(data) + ALIGN)
    addr = ctypes.addressof(b)
    off = (-addr) % ALIGN
    ctypes.memmove(addr + off, bytes(data), len(data))
    return b, ctypes.c_void_p(addr + off)


# ---- evaluation of one vector ------------------------------------------------------------------
def evaluate(lib, v):
    """The library's answer to vector v, in the shape of v["expected"]."""
    try:
        return EVALUATORS[v["kind"]](lib, v["input"])
    except EkError as e:
        return {"error": e.status}


def ev_crc(lib, inp, kind):
    fn = lib.ek_crc32 if kind == "crc32" else lib.ek_crc32c
    data = unb64(inp["data"])
    seed = inp.get("seed", 0)
    if "chunks" in inp:  # streaming: the previous result is the next seed
        crc, pos = seed, 0
        for n in inp["chunks"]:
            crc = fn(crc, data[pos:pos + n], n)
            pos += n
        return {"crc": crc}
    return {"crc": fn(seed, data, len(data))}


def ev_combine(lib, inp, kind):
    fn = lib.ek_crc32_combine if kind == "crc32_combine" else lib.ek_crc32c_combine
    return {"crc": fn(inp["crc1"], inp["crc2"], inp["len2"])}


def array_bytes(a):
    """An array input: base64, or {"b64": ..., "repeat": k} for k copies of it (large inputs
    without large files)."""
    if isinstance(a, dict):
        return unb64(a["b64"]) * a["repeat"]
    return unb64(a)


def ev_reduce(lib, inp):
    t = inp["type"]
    ct, fmt = (ctypes.c_float, "f") if t == "f32" else (c_double, "d")
    xraw = array_bytes(inp["x"])
    n = len(xraw) // struct.calcsize(fmt)
    xb, xp = _buf(xraw)
    out = ct()
    op = inp["op"]
    fn = getattr(lib, "ek_%s_%s" % (op, t))
    if op == "dot":
        yb, yp = _buf(array_bytes(inp["y"]))
        ok(fn(xp, yp, n, ctypes.byref(out)))
    elif op == "variance":
        ok(fn(xp, n, inp["ddof"], ctypes.byref(out)))
    else:
        ok(fn(xp, n, ctypes.byref(out)))
    return {"value": enc(out.value)}


def ev_filter(lib, inp):
    op = inp["op"]
    raw = unb64(inp["data"])
    if op == "select_above_u8":
        n = len(raw)
        ib, ip = _buf(raw)
        cap = inp.get("cap", n)
        idx = (U32 * max(cap, 1))()
        count = c_size()
        st = lib.ek_filter_select_above_u8(ip, n, inp["threshold"], idx, cap, ctypes.byref(count))
        if st not in (0, -6):
            raise EkError(st)
        return {"indices": list(idx[:min(cap, count.value)]), "count": count.value}
    size = {"threshold_u8": 1, "clamp_u8": 1, "clamp_i32": 4, "clamp_f32": 4}[op]
    n = len(raw) // size
    ib, ip = _buf(raw)
    ob, optr = _buf(bytes(len(raw)))
    oaddr = optr.value
    if op == "threshold_u8":
        ok(lib.ek_filter_threshold_u8(ip, optr, n, inp["threshold"]))
    elif op == "clamp_u8":
        ok(lib.ek_filter_clamp_u8(ip, optr, n, inp["lo"], inp["hi"]))
    elif op == "clamp_i32":
        ok(lib.ek_filter_clamp_i32(ip, optr, n, inp["lo"], inp["hi"]))
    else:
        ok(lib.ek_filter_clamp_f32(ip, optr, n, dec(inp["lo"]), dec(inp["hi"])))
    return {"out": b64(ctypes.string_at(oaddr, len(raw)))}


def ev_zscore(lib, inp):
    c = ZConfig()
    ok(lib.ek_zscore_config_init(ctypes.byref(c)))
    cfg = inp.get("config", {})
    if "window" in cfg:
        c.window = cfg["window"]
    if cfg.get("warmup") is not None:
        c.warmup = cfg["warmup"]
    for k in ("warn", "crit"):
        if k in cfg:
            setattr(c, k, dec(cfg[k]))
    h = vp()
    ok(lib.ek_zscore_new(ctypes.byref(c), None, ctypes.byref(h)))
    try:
        rows = []
        r = ZResult()
        for x in inp["values"]:
            ok(lib.ek_zscore_push(h, dec(x), ctypes.byref(r)))
            rows.append({"mean": enc(r.mean), "stddev": enc(r.stddev), "z": enc(r.z),
                         "level": r.level, "accepted": bool(r.accepted)})
        return {"results": rows}
    finally:
        lib.ek_zscore_free(h)


def ev_holtwinters(lib, inp):
    c = HWConfig()
    ok(lib.ek_holtwinters_config_init(ctypes.byref(c)))
    cfg = inp.get("config", {})
    for k in ("alpha", "beta", "gamma"):
        if k in cfg:
            setattr(c, k, dec(cfg[k]))
    for k in ("period",):
        if k in cfg:
            setattr(c, k, cfg[k])
    for k in ("trend", "seasonal"):
        if k in cfg:
            setattr(c, k, int(bool(cfg[k])))
    h = vp()
    ok(lib.ek_holtwinters_new(ctypes.byref(c), None, ctypes.byref(h)))
    try:
        fitted = []
        ready = c_size()
        row = HWRow()
        for x in inp["values"]:
            ok(lib.ek_holtwinters_push(h, dec(x), ctypes.byref(ready)))
            for k in range(ready.value):
                ok(lib.ek_holtwinters_get_row(h, k, ctypes.byref(row)))
                fitted.append(enc(row.fitted) if row.has_fit else None)
        fc = []
        out = c_double()
        for s in range(1, inp["horizon"] + 1):
            ok(lib.ek_holtwinters_forecast(h, s, ctypes.byref(out)))
            fc.append(enc(out.value))
        a, b, sse = c_double(), c_double(), c_double()
        season = (c_double * max(c.period, 1))()
        ok(lib.ek_holtwinters_state(h, ctypes.byref(a), ctypes.byref(b), season, ctypes.byref(sse)))
        res = {"fitted": fitted, "forecast": fc, "a": enc(a.value), "b": enc(b.value),
               "sse": enc(sse.value)}
        if c.seasonal:
            res["s"] = [enc(x) for x in season[:c.period]]
        return res
    finally:
        lib.ek_holtwinters_free(h)


def agg_dict(a, mask):
    d = {}
    for i, name in enumerate(AGGS):
        if mask & (1 << i):
            d[name] = a.count if name == "count" else enc(getattr(a, name))
    return d


def ev_window(lib, inp):
    c = WConfig()
    ok(lib.ek_window_config_init(ctypes.byref(c)))
    cfg = inp["config"]
    c.kind = WINDOW_KINDS.index(cfg["kind"])
    mask = 0
    for name in cfg.get("aggregates", AGGS):
        mask |= 1 << AGGS.index(name)
    c.aggregates = mask
    for k in ("size", "hop", "origin", "lateness", "max_events", "max_keys"):
        if k in cfg:
            setattr(c, k, cfg[k])
    h = vp()
    ok(lib.ek_window_new(ctypes.byref(c), None, ctypes.byref(h)))
    try:
        statuses = []
        for key, ts, value in inp["events"]:
            kb = key.encode()
            st = lib.ek_window_push(h, kb, len(kb), ts, dec(value))
            statuses.append(STATUS[st])
        gets = {}
        a = WAgg()
        for key in inp.get("get", []):
            kb = key.encode()
            ok(lib.ek_window_get(h, kb, len(kb), ctypes.byref(a)))
            gets[key] = agg_dict(a, mask)
        if inp.get("flush"):
            ok(lib.ek_window_flush(h))
        events = []
        e = WEvent()
        while lib.ek_window_poll(h, ctypes.byref(e)) == 0:
            events.append({"kind": "closed" if e.kind == 1 else "evicted", "evicted": bool(e.evicted),
                           "key": ctypes.string_at(e.key, e.key_len).decode() if e.key_len else "",
                           "start": e.start, "end": e.end, "agg": agg_dict(e.agg, mask)})
        st = WCounters()
        ok(lib.ek_window_stats(h, ctypes.byref(st)))
        counters = {k: getattr(st, k) for k in ("keys", "evictions", "rejected", "late", "overflow")}
        return {"statuses": statuses, "get": gets, "events": events, "counters": counters}
    finally:
        lib.ek_window_free(h)


def ev_probe(lib, inp):
    data = unb64(inp["data"])
    info = Info()
    ok(lib.ek_probe(data, len(data), None, ctypes.byref(info)))
    return {"format": FORMATS[info.format], "width": info.width, "height": info.height,
            "channels": info.channels, "orientation": info.orientation}


HINT_NAMES = {"accept": "accept", "dpr": "dpr", "sec-ch-dpr": "sec_ch_dpr", "width": "width",
              "sec-ch-width": "sec_ch_width", "viewport-width": "viewport_width",
              "sec-ch-viewport-width": "sec_ch_viewport_width", "save-data": "save_data",
              "ect": "ect"}


def ev_negotiate(lib, inp):
    hints = Hints()
    keep = []
    for name, value in inp.get("headers", {}).items():
        field = HINT_NAMES[name.lower()]
        if field == "accept":
            value += "x" * inp.get("pad_accept", 0)
        raw = value.encode()
        keep.append(raw)
        setattr(hints, field, raw)
        setattr(hints, field + "_len", len(raw))
    pol = Policy()
    ok(lib.ek_negotiate_policy_init(ctypes.byref(pol)))
    src = Source()
    s = inp.get("source", {})
    src.width = s.get("width", 0)
    src.keep_alpha = int(bool(s.get("keep_alpha", False)))
    out = Negotiation()
    ok(lib.ek_negotiate(ctypes.byref(hints), ctypes.byref(pol), ctypes.byref(src), ctypes.byref(out)))
    return {"format": FORMATS[out.format], "width": out.width, "quality": out.quality,
            "max_age": out.max_age, "vary": out.vary_header.decode(),
            "accept_ch": out.accept_ch_header.decode()}


def decode_pixels(lib, data):
    """(width, height, channels, tightly packed pixels) of encoded bytes, decoded by the library."""
    img = vp()
    ok(lib.ek_image_decode(data, len(data), None, None, ctypes.byref(img), None))
    try:
        d = ImageDesc()
        ok(lib.ek_image_describe(img, ctypes.byref(d)))
        row = d.width * d.channels
        base = ctypes.addressof(d.pixels.contents)
        px = b"".join(ctypes.string_at(base + y * d.stride, row) for y in range(d.height))
        return d.width, d.height, d.channels, px
    finally:
        lib.ek_image_free(img)


def ev_transform(lib, inp):
    data = unb64(inp["data"])
    o = TransformOptions()
    ok(lib.ek_transform_options_init(ctypes.byref(o)))
    opt = inp.get("options", {})
    o.width = opt.get("width", 0)
    o.height = opt.get("height", 0)
    o.fit = FITS.index(opt.get("fit", "contain"))
    o.resize.filter = FILTERS.index(opt.get("filter", "lanczos3"))
    o.crop = CROPS.index(opt.get("crop", "centre"))
    if "format" in opt:
        o.encode.format = FORMAT_IDS[opt["format"]]
    if "quality" in opt:
        o.encode.quality = opt["quality"]
    if "background" in opt:
        for i, b in enumerate(opt["background"]):
            o.background[i] = b
    out, out_len, res = vp(), c_size(), TransformResult()
    ok(lib.ek_image_transform(data, len(data), ctypes.byref(o), ctypes.byref(out),
                              ctypes.byref(out_len), ctypes.byref(res)))
    try:
        enc_bytes = ctypes.string_at(out, out_len.value)
    finally:
        lib.ek_free(out)
    w, h, ch, px = decode_pixels(lib, enc_bytes)
    if inp.get("summary"):  # what the fit rules define, and that the output decodes
        return {"format": FORMATS[res.format], "width": w, "height": h, "channels": ch}
    if inp.get("pixels"):  # the decoded pixels themselves (compared within a tolerance)
        return {"format": FORMATS[res.format], "width": res.width, "height": res.height,
                "channels": ch, "pixels": b64(px)}
    return {"format": FORMATS[res.format], "width": res.width, "height": res.height,
            "bytes_sha256": hashlib.sha256(enc_bytes).hexdigest(),
            "pixels_sha256": hashlib.sha256(px).hexdigest(), "channels": ch}


EVALUATORS = {
    "crc32": lambda lib, i: ev_crc(lib, i, "crc32"),
    "crc32c": lambda lib, i: ev_crc(lib, i, "crc32c"),
    "crc32_combine": lambda lib, i: ev_combine(lib, i, "crc32_combine"),
    "crc32c_combine": lambda lib, i: ev_combine(lib, i, "crc32c_combine"),
    "reduce": ev_reduce,
    "filter": ev_filter,
    "zscore": ev_zscore,
    "holtwinters": ev_holtwinters,
    "window": ev_window,
    "probe": ev_probe,
    "negotiate": ev_negotiate,
    "transform": ev_transform,
}


# ---- comparison -----------------------------------------------------------------------------------
def same(a, b):
    """Exact equality of two vector values (numbers bit for bit, NaN == NaN, -0 != 0)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if _isnum(a) and _isnum(b):
        x, y = dec(a), dec(b)
        if math.isnan(x) or math.isnan(y):
            return math.isnan(x) and math.isnan(y)
        return x == y and math.copysign(1, x) == math.copysign(1, y)
    return a == b


def _isnum(v):
    return (isinstance(v, (int, float)) and not isinstance(v, bool)) or v in (
        "NaN", "Infinity", "-Infinity", "-0")


def close(got, ref, tol, key=None):
    """got within the vector's tolerance of the reference; tol maps output field names to
    {"rel": r, "abs": a}: |got - ref| <= a + r*|ref|, or for base64 bytes {"max_abs": m}: every
    byte within m. Fields without a tolerance must be exact."""
    if isinstance(got, dict) and isinstance(ref, dict):
        return got.keys() == ref.keys() and all(close(got[k], ref[k], tol, k) for k in got)
    if isinstance(got, list) and isinstance(ref, list):
        return len(got) == len(ref) and all(close(g, r, tol, key) for g, r in zip(got, ref))
    if key in tol and "max_abs" in tol[key] and isinstance(got, str) and isinstance(ref, str):
        a, b = unb64(got), unb64(ref)  # bytes (pixels): every byte within max_abs
        return len(a) == len(b) and all(abs(x - y) <= tol[key]["max_abs"] for x, y in zip(a, b))
    if key in tol and _isnum(got) and _isnum(ref):
        g, r = dec(got), dec(ref)
        if math.isnan(g) or math.isnan(r) or math.isinf(g) or math.isinf(r):
            return same(got, ref)
        t = tol[key]
        return abs(g - r) <= t.get("abs", 0) + t.get("rel", 0) * abs(r)
    return same(got, ref)
