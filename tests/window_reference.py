"""window: count-based and tumbling windows against numpy and plain Python, through ctypes.

Usage: window_reference.py <path to libedgekernels_c shared library>

Count windows: after every push, ek_window_get for that key must match numpy over the key's
last N values (sum, mean, min, max, var ddof=1, first, last). Tumbling windows (with allowed
lateness and out-of-order timestamps): the emitted windows must match windows rebuilt here from
the rule "per-key watermark = max timestamp seen; an event older than watermark - lateness is
dropped; a window [s, s + L) holds the accepted events with s <= ts < s + L". Agreement: 1e-9
relative (exact for count, min, max, first, last).
"""
import ctypes
import math
import sys

import numpy as np

lib = ctypes.CDLL(sys.argv[1])
I64, U64, U32, DBL = ctypes.c_int64, ctypes.c_uint64, ctypes.c_uint32, ctypes.c_double


class Config(ctypes.Structure):
    _fields_ = [("kind", ctypes.c_int), ("key_type", ctypes.c_int), ("aggregates", ctypes.c_uint),
                ("size", I64), ("hop", I64), ("origin", I64), ("lateness", I64),
                ("max_events", U32), ("max_keys", U32), ("max_key_len", U32),
                ("max_pending_events", U32)]


class Agg(ctypes.Structure):
    _fields_ = [("count", U64), ("sum", DBL), ("mean", DBL), ("min", DBL), ("max", DBL),
                ("variance", DBL), ("first", DBL), ("last", DBL)]


class Event(ctypes.Structure):
    _fields_ = [("kind", ctypes.c_int), ("evicted", ctypes.c_int), ("key", ctypes.c_void_p),
                ("key_len", ctypes.c_size_t), ("key_u64", U64), ("start", I64), ("end", I64),
                ("agg", Agg)]


class Counters(ctypes.Structure):
    _fields_ = [(n, U64) for n in ("keys", "evictions", "rejected", "late", "overflow",
                                   "events_dropped", "events_pending", "bytes", "bytes_per_key")]


P = ctypes.POINTER
lib.ek_window_config_init.argtypes = [P(Config)]
lib.ek_window_new.argtypes = [P(Config), ctypes.c_void_p, P(ctypes.c_void_p)]
lib.ek_window_push.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, I64, DBL]
lib.ek_window_get.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, P(Agg)]
lib.ek_window_poll.argtypes = [ctypes.c_void_p, P(Event)]
lib.ek_window_flush.argtypes = [ctypes.c_void_p]
lib.ek_window_stats.argtypes = [ctypes.c_void_p, P(Counters)]
lib.ek_window_free.argtypes = [ctypes.c_void_p]
EK_WINDOW_COUNT, EK_WINDOW_TUMBLING = 0, 2
EK_WINDOW_EVENT_CLOSED = 1

failures = 0


def fail(msg):
    global failures
    failures += 1
    if failures <= 20:
        print("FAIL " + msg)


def close(got, want, rel=1e-9, scale=0.0):
    if isinstance(want, float) and math.isnan(want):
        return math.isnan(got)
    return abs(got - want) <= rel * max(abs(want), scale) + 1e-300


def compare(tag, a, vals, order_first, order_last):
    """a: Agg from the library; vals: numpy array of the window's values."""
    n = len(vals)
    if a.count != n:
        fail("%s count %d want %d" % (tag, a.count, n))
        return
    scale = float(np.max(np.abs(vals)))
    want = dict(sum=float(np.sum(vals)), mean=float(np.mean(vals)),
                variance=float(np.var(vals, ddof=1)) if n > 1 else float("nan"))
    for f, w in want.items():
        got = getattr(a, f)
        # variance relative to itself plus the rounding of the data's magnitude
        sc = scale if f != "variance" else scale * scale * 1e-7
        if not close(got, w, 1e-9, sc):
            fail("%s %s got %r want %r" % (tag, f, got, w))
    for f, w in (("min", float(np.min(vals))), ("max", float(np.max(vals))),
                 ("first", order_first), ("last", order_last)):
        if getattr(a, f) != w:
            fail("%s %s got %r want %r" % (tag, f, getattr(a, f), w))


def new_window(**kw):
    cfg = Config()
    lib.ek_window_config_init(ctypes.byref(cfg))
    for k, v in kw.items():
        setattr(cfg, k, v)
    h = ctypes.c_void_p()
    st = lib.ek_window_new(ctypes.byref(cfg), None, ctypes.byref(h))
    assert st == 0, st
    return h


def count_test(seed, n, nkeys, offset, events):
    rng = np.random.default_rng(seed)
    w = new_window(kind=EK_WINDOW_COUNT, size=n, max_keys=nkeys + 1)
    hist = {}
    keys = [("k%d" % i).encode() for i in range(nkeys)]
    vals = offset + rng.normal(0, 1, events)
    ties = rng.random(events) < 0.1
    vals[ties] = np.round(vals[ties])  # equal values: min/max ties
    kidx = rng.integers(0, nkeys, events)
    agg = Agg()
    for i in range(events):
        k, x = keys[kidx[i]], float(vals[i])
        st = lib.ek_window_push(w, k, len(k), 0, x)
        if st != 0:
            fail("count push status %d" % st)
        h = hist.setdefault(k, [])
        h.append(x)
        del h[:-n]
        lib.ek_window_get(w, k, len(k), ctypes.byref(agg))
        compare("count N=%d seed=%d event %d" % (n, seed, i), agg, np.array(h), h[0], h[-1])
    lib.ek_window_free(w)


def tumbling_test(seed, size, lateness, origin, nkeys, offset, events):
    rng = np.random.default_rng(seed)
    w = new_window(kind=EK_WINDOW_TUMBLING, size=size, lateness=lateness, origin=origin,
                   max_keys=nkeys + 1, max_pending_events=1 << 20)
    keys = [("sensor-%d" % i).encode() for i in range(nkeys)]
    wm = {}
    windows = {}  # (key, start) -> list of (ts, arrival, value)
    late = 0
    clock = 0
    for i in range(events):
        clock += int(rng.integers(0, 3))
        ts = clock - int(rng.integers(0, 2 * lateness + 2))
        k = keys[int(rng.integers(0, nkeys))]
        x = float(offset + rng.normal(0, 1))
        st = lib.ek_window_push(w, k, len(k), ts, x)
        if k in wm and ts < wm[k] - lateness:
            late += 1
            if st != -6:
                fail("tumbling late event status %d" % st)
            continue
        if st != 0:
            fail("tumbling push status %d" % st)
        wm[k] = max(wm.get(k, ts), ts)
        start = origin + ((ts - origin) // size) * size
        windows.setdefault((k, start), []).append((ts, i, x))
    lib.ek_window_flush(w)
    ev = Event()
    seen = set()
    while lib.ek_window_poll(w, ctypes.byref(ev)) == 0:
        k = ctypes.string_at(ev.key, ev.key_len)
        if ev.kind != EK_WINDOW_EVENT_CLOSED or ev.end != ev.start + size:
            fail("tumbling event kind %d [%d, %d)" % (ev.kind, ev.start, ev.end))
        want = windows.get((k, ev.start))
        if want is None:
            fail("tumbling: unexpected window %r %d" % (k, ev.start))
            continue
        if (k, ev.start) in seen:
            fail("tumbling: window emitted twice %r %d" % (k, ev.start))
        seen.add((k, ev.start))
        first = min(want, key=lambda e: (e[0], e[1]))[2]
        last = max(want, key=lambda e: (e[0], e[1]))[2]
        compare("tumbling %r [%d, %d)" % (k, ev.start, ev.end), ev.agg,
                np.array([e[2] for e in want]), first, last)
    if len(seen) != len(windows):
        fail("tumbling: %d windows emitted, %d expected" % (len(seen), len(windows)))
    c = Counters()
    lib.ek_window_stats(w, ctypes.byref(c))
    if c.late != late:
        fail("tumbling: late %d want %d" % (c.late, late))
    lib.ek_window_free(w)
    return len(windows)


count_test(1, 1, 3, 0.0, 2000)
count_test(2, 7, 5, 0.0, 20000)
count_test(3, 100, 3, 1e9, 20000)
count_test(4, 16, 200, 5.0, 20000)
nw = tumbling_test(5, 10, 0, 0, 3, 0.0, 20000)
nw += tumbling_test(6, 10, 7, -3, 50, 1e9, 30000)
nw += tumbling_test(7, 1, 3, 2, 4, 0.0, 5000)
print("window_reference: %d tumbling windows checked, %d failure(s)" % (nw, failures))
sys.exit(1 if failures else 0)
