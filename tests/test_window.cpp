// window: every window kind against a brute-force model that keeps every event and recomputes
// each aggregate from scratch (two-pass in long double), on random keyed streams with
// out-of-order timestamps, NaN/Inf, huge offsets, LRU eviction and overflow; the C ABI's
// validation; allocation failure at every allocation.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <list>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "edgekernels/edgekernels.h"
#include "edgekernels/window/count_window.hpp"
#include "edgekernels/window/window.hpp"
#include "test_rng.hpp"

namespace {

const double qnan = std::numeric_limits<double>::quiet_NaN();
const double inf = std::numeric_limits<double>::infinity();

struct ev {
  std::int64_t ts;
  double v;
  std::uint64_t arrival;
};

// Aggregates recomputed from scratch; `evs` in any order, first/last by (ts, arrival).
ek_window_agg brute(const std::vector<ev> &evs) {
  ek_window_agg a{0, 0.0, qnan, qnan, qnan, qnan, qnan, qnan};
  a.count = evs.size();
  if (evs.empty()) return a;
  long double s = 0;
  double mn = evs[0].v, mx = evs[0].v;
  const ev *f = &evs[0], *l = &evs[0];
  for (const ev &e : evs) {
    s += e.v;
    mn = std::min(mn, e.v), mx = std::max(mx, e.v);
    if (e.ts < f->ts || (e.ts == f->ts && e.arrival < f->arrival)) f = &e;
    if (e.ts > l->ts || (e.ts == l->ts && e.arrival > l->arrival)) l = &e;
  }
  const long double m = s / evs.size();
  long double m2 = 0;
  for (const ev &e : evs) m2 += (e.v - m) * (e.v - m);
  a.sum = static_cast<double>(s);
  a.mean = static_cast<double>(m);
  a.variance = evs.size() > 1 ? static_cast<double>(m2 / (evs.size() - 1)) : qnan;
  a.min = mn, a.max = mx, a.first = f->v, a.last = l->v;
  return a;
}

double abs_scale(const std::vector<ev> &evs) {
  double s = 0;
  for (const ev &e : evs) s = std::max(s, std::fabs(e.v));
  return s;
}

bool close_to(double got, double want, double tol) {
  if (std::isnan(want)) return std::isnan(got);
  return std::fabs(got - want) <= tol;
}

// sum/mean within 1e-13 of the largest |value| * count (the compensated sums are far better);
// variance within 1e-11 relative plus the rounding of the data's own deviations.
// `spread`: the data's noise scale. The anchored sums carry an error of a few ulps of the
// deviations from their anchor, a value of the recent past, so the tolerance scales with the
// data's spread (and its offset), not only with the values now in the window.
void check_agg(const ek_window_agg &got, const std::vector<ev> &evs, const char *what,
               unsigned aggs = EK_AGG_ALL, double offset = 0, double spread = 1) {
  const ek_window_agg want = brute(evs);
  const double sc = std::max(abs_scale(evs), std::fabs(offset) + 10 * spread);
  INFO(what << " count " << want.count << " got sum/mean/var " << got.sum << " " << got.mean << " "
              << got.variance << " want " << want.sum << " " << want.mean << " " << want.variance);
  REQUIRE(got.count == want.count);
  if (want.count == 0) {
    CHECK(got.sum == 0);
    CHECK(std::isnan(got.mean));
    CHECK(std::isnan(got.max));
    return;
  }
  const double n = static_cast<double>(want.count);
  // aggregates that were not selected read NaN
  auto sel = [aggs](unsigned bit, double v) { return (aggs & bit) ? v : qnan; };
  CHECK(close_to(got.sum, sel(EK_AGG_SUM, want.sum), 1e-13 * sc * n));
  CHECK(close_to(got.mean, sel(EK_AGG_MEAN, want.mean), 1e-13 * sc));
  CHECK(close_to(got.variance, sel(EK_AGG_VARIANCE, want.variance),
                 1e-11 * (std::isnan(want.variance) ? 0 : want.variance) +
                     1e-13 * n * spread * spread));
  CHECK(close_to(got.min, sel(EK_AGG_MIN, want.min), 0));
  CHECK(close_to(got.max, sel(EK_AGG_MAX, want.max), 0));
  CHECK(close_to(got.first, sel(EK_AGG_FIRST, want.first), 0));
  CHECK(close_to(got.last, sel(EK_AGG_LAST, want.last), 0));
}

// ---- the keyed model ------------------------------------------------------------------------

struct mevent {
  int kind, evicted;
  std::string key;
  std::int64_t start, end;
  std::vector<ev> evs;
};

struct model {
  ek::window_config c;
  struct kstate {
    bool has_wm = false;
    std::int64_t wm = 0;
    std::vector<ev> evs;                           // count: last N; sliding: in window
    std::map<std::int64_t, std::vector<ev>> open;  // tumbling/hopping: window number -> events
  };
  std::map<std::string, kstate> keys;
  std::list<std::string> lru;  // front = most recent
  std::vector<mevent> events;
  std::uint64_t arrival = 0, rejected = 0, late = 0, overflow = 0, evictions = 0;

  std::int64_t hop() const { return c.kind == EK_WINDOW_TUMBLING ? c.size : c.hop; }
  static std::int64_t fdiv(std::int64_t a, std::int64_t b) {
    return static_cast<std::int64_t>(std::floor(static_cast<long double>(a) / b));
  }
  void close(const std::string &k, kstate &s, bool all, int evicted) {
    for (auto it = s.open.begin(); it != s.open.end();) {
      const std::int64_t start = c.origin + it->first * hop();
      if (!all && start + c.size + c.lateness > s.wm) break;
      events.push_back({EK_WINDOW_EVENT_CLOSED, evicted, k, start, start + c.size, it->second});
      it = s.open.erase(it);
    }
  }
  void evict() {
    const std::string k = lru.back();
    lru.pop_back();
    kstate &s = keys[k];
    if (c.kind == EK_WINDOW_COUNT) {
      events.push_back({EK_WINDOW_EVENT_EVICTED, 1, k, 0, 0, s.evs});
    } else if (c.kind == EK_WINDOW_SLIDING) {
      events.push_back({EK_WINDOW_EVENT_EVICTED, 1, k, s.wm - c.size, s.wm, s.evs});
    } else {
      close(k, s, true, 1);
      events.push_back({EK_WINDOW_EVENT_EVICTED, 1, k, 0, 0, {}});
    }
    keys.erase(k);
    ++evictions;
  }
  int push(const std::string &k, std::int64_t ts, double v) {
    if (!std::isfinite(v) ||
        (c.kind != EK_WINDOW_COUNT && (ts > EK_WINDOW_TS_LIMIT || ts < -EK_WINDOW_TS_LIMIT))) {
      ++rejected;
      return EK_ERR_ARG;
    }
    auto it = keys.find(k);
    if (it == keys.end()) {
      if (keys.size() == c.max_keys) evict();
      it = keys.emplace(k, kstate{}).first;
    } else {
      lru.remove(k);
    }
    lru.push_front(k);
    kstate &s = it->second;
    const ev e{ts, v, arrival++};
    if (c.kind == EK_WINDOW_COUNT) {
      s.evs.push_back({0, v, e.arrival});  // count windows: first/last by arrival
      if (s.evs.size() > static_cast<std::size_t>(c.size)) s.evs.erase(s.evs.begin());
      return EK_OK;
    }
    if (s.has_wm && ts < s.wm - c.lateness) {
      ++late;
      return EK_ERR_LIMIT;
    }
    const bool advance = !s.has_wm || ts > s.wm;
    if (advance) s.wm = ts, s.has_wm = true;
    if (c.kind == EK_WINDOW_SLIDING) {
      std::vector<ev> keep;
      for (const ev &x : s.evs)
        if (x.ts > s.wm - c.size) keep.push_back(x);
      s.evs = keep;
      if (ts <= s.wm - c.size) return EK_OK;
      if (s.evs.size() == c.max_events) {
        ++overflow;
        return EK_ERR_LIMIT;
      }
      s.evs.push_back(e);
      return EK_OK;
    }
    if (advance) close(k, s, false, 0);
    // every window number j whose [start, start + size) holds ts, found by scanning
    for (std::int64_t j = fdiv(ts - c.origin, hop());; --j) {
      const std::int64_t start = c.origin + j * hop();
      if (start + c.size <= ts) break;
      s.open[j].push_back(e);
    }
    return EK_OK;
  }
  std::vector<ev> current(const std::string &k) const {
    auto it = keys.find(k);
    if (it == keys.end()) return {};
    const kstate &s = it->second;
    if (c.kind == EK_WINDOW_COUNT || c.kind == EK_WINDOW_SLIDING) return s.evs;
    if (!s.has_wm) return {};
    auto b = s.open.find(fdiv(s.wm - c.origin, hop()));
    return b == s.open.end() ? std::vector<ev>{} : b->second;
  }
  void flush() {
    if (c.kind != EK_WINDOW_TUMBLING && c.kind != EK_WINDOW_HOPPING) return;
    for (auto it = lru.rbegin(); it != lru.rend(); ++it) {
      kstate &s = keys[*it];
      close(*it, s, true, 0);
      s = kstate{};
    }
  }
};

std::string key_name(std::uint64_t i, bool u64) {
  return u64 ? std::to_string(i) : "key-" + std::to_string(i * 7919 % 100003);
}

struct stream_params {
  std::uint64_t seed;
  std::size_t events;
  std::uint64_t nkeys;
  double offset = 0, scale = 1;
  double bad_rate = 0.01;       // NaN/Inf injections
  std::int64_t max_delay = 0;   // out-of-order: ts = clock - uniform delay in [0, max_delay]
  bool u64 = false;
  bool batch = false;           // push_batch in chunks instead of push()
};

// Runs cfg on a random stream through the C++ object, checks every push status and the pushed
// key's aggregates against the model, and finally the whole event sequence and the counters.
void run_stream(ek::window_config cfg, const stream_params &p) {
  cfg.key_type = p.u64 ? EK_WINDOW_KEY_U64 : EK_WINDOW_KEY_BYTES;
  ek::keyed_window w;
  REQUIRE(w.init(cfg) == EK_OK);
  model m;
  m.c = cfg;
  rng r{p.seed};
  std::int64_t clock = 1000;
  std::vector<std::uint64_t> kids(p.events);
  std::vector<std::string> names(p.events);
  std::vector<std::int64_t> tss(p.events);
  std::vector<double> vs(p.events);
  for (std::size_t i = 0; i < p.events; ++i) {
    kids[i] = r.below(static_cast<std::size_t>(p.nkeys));
    names[i] = key_name(kids[i], p.u64);
    clock += static_cast<std::int64_t>(r.below(4));
    tss[i] = clock - (p.max_delay ? static_cast<std::int64_t>(r.below(static_cast<std::size_t>(p.max_delay) + 1)) : 0);
    double v = p.offset + p.scale * r.normal();
    if (r.uniform() < p.bad_rate) v = (r.next() & 1) ? qnan : ((r.next() & 1) ? inf : -inf);
    if (r.uniform() < 0.05) v = std::round(v);  // ties for min/max
    vs[i] = v;
  }
  // One event at a time through push(), or chunks of 1..64 through push_batch().
  std::vector<const void *> kp(p.events);
  std::vector<std::size_t> kl(p.events);
  for (std::size_t i = 0; i < p.events; ++i) kp[i] = names[i].data(), kl[i] = names[i].size();
  std::vector<ek_status> sts(64);
  std::vector<ek_window_agg> outs(64);
  bool flushed = false;
  for (std::size_t i = 0; i < p.events;) {
    const std::size_t c = p.batch ? std::min<std::size_t>(1 + r.below(64), p.events - i) : 1;
    if (!p.batch) {
      sts[0] = p.u64 ? w.push(kids[i], tss[i], vs[i], &outs[0])
                     : w.push(names[i].data(), names[i].size(), tss[i], vs[i], &outs[0]);
    } else {
      const std::size_t applied =
          p.u64 ? w.push_batch(kids.data() + i, tss.data() + i, vs.data() + i, c, sts.data(), outs.data())
                : w.push_batch(kp.data() + i, kl.data() + i, tss.data() + i, vs.data() + i, c, sts.data(), outs.data());
      CHECK(applied == static_cast<std::size_t>(std::count(sts.begin(), sts.begin() + static_cast<std::ptrdiff_t>(c), EK_OK)));
    }
    for (std::size_t j = 0; j < c; ++j, ++i) {
      const std::string &k = names[i];
      const int want = m.push(k, tss[i], vs[i]);
      INFO("event " << i << " key " << k << " ts " << tss[i] << " v " << vs[i]);
      REQUIRE(sts[j] == want);
      if (sts[j] == EK_OK) check_agg(outs[j], m.current(k), "push", cfg.aggregates, p.offset, p.scale);
    }
    if (r.below(97) == 0) {  // get() of a random key, maybe unknown
      const std::string q = key_name(r.below(static_cast<std::size_t>(p.nkeys + 2)), p.u64);
      ek_window_agg a;
      const bool found = p.u64 ? w.get(std::stoull(q), a) : w.get(q.data(), q.size(), a);
      CHECK(found == (m.keys.count(q) == 1));
      check_agg(a, m.current(q), "get", cfg.aggregates, p.offset, p.scale);
    }
    if (!flushed && i >= p.events / 2) {
      flushed = true;
      w.flush();
      m.flush();
    }
  }
  w.flush();
  m.flush();
  std::size_t n = 0;
  ek_window_event e;
  while (w.poll(e)) {
    REQUIRE(n < m.events.size());
    const mevent &me = m.events[n++];
    INFO("event #" << n);
    CHECK(e.kind == me.kind);
    CHECK(e.evicted == me.evicted);
    if (p.u64) CHECK(std::to_string(e.key_u64) == me.key);
    else CHECK(std::string(static_cast<const char *>(e.key), e.key_len) == me.key);
    CHECK(e.start == me.start);
    CHECK(e.end == me.end);
    check_agg(e.agg, me.evs, "event", cfg.aggregates, p.offset, p.scale);
  }
  CHECK(n == m.events.size());
  const ek_window_counters s = w.stats();
  CHECK(s.keys == m.keys.size());
  CHECK(s.evictions == m.evictions);
  CHECK(s.rejected == m.rejected);
  CHECK(s.late == m.late);
  CHECK(s.overflow == m.overflow);
  CHECK(s.events_dropped == 0);
  CHECK(s.events_pending == 0);
  CHECK(s.bytes > 0);
}

ek::window_config config(ek_window_kind kind, std::int64_t size, std::uint32_t max_keys) {
  ek::window_config c;
  c.kind = kind;
  c.size = size;
  c.max_keys = max_keys;
  c.max_pending_events = 1u << 20;
  return c;
}

}  // namespace

TEST_CASE("count_window: every aggregate vs brute force, N = 1 .. 1000", "[window]") {
  for (std::size_t n : {1, 2, 3, 7, 16, 100, 1000}) {
    ek::count_window<> w;
    ek::count_window<EK_AGG_MAX> wmax;
    ek::count_window<EK_AGG_MIN | EK_AGG_COUNT> wmin;
    REQUIRE(w.init(n) == EK_OK);
    REQUIRE(wmax.init(n) == EK_OK);
    REQUIRE(wmin.init(n) == EK_OK);
    check_agg(w.aggregates(), {}, "empty");
    rng r{n};
    std::vector<ev> all;
    std::uint64_t bad = 0;
    for (std::size_t i = 0; i < 3 * n + 50; ++i) {
      double v = r.uniform() < 0.3 ? std::round(r.normal() * 3) : r.normal();
      if (r.uniform() < 0.02) v = qnan, ++bad;
      const bool ok = w.push(v);
      wmax.push(v), wmin.push(v);
      REQUIRE(ok == std::isfinite(v));
      if (!ok) continue;
      all.push_back({0, v, i});
      std::vector<ev> win(all.end() - static_cast<std::ptrdiff_t>(std::min(n, all.size())), all.end());
      INFO("n " << n << " i " << i);
      check_agg(w.aggregates(), win, "count_window");
      CHECK(wmax.max() == brute(win).max);
      CHECK(wmin.min() == brute(win).min);
      CHECK(wmin.count() == win.size());
      CHECK(w.first() == brute(win).first);
      CHECK(w.last() == v);
    }
    CHECK(w.rejected() == bad);
  }
  ek::count_window<> w;
  CHECK(w.init(0) == EK_ERR_ARG);
}

TEST_CASE("count_window: 1e9 + noise, and 1e6 events stay within ulps of a fresh two-pass",
          "[window]") {
  // 1e9 + {4, 7, 13, 16}: sample variance exactly 30.
  ek::count_window<> w4;
  REQUIRE(w4.init(4) == EK_OK);
  for (double x : {1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16}) w4.push(x);
  CHECK(w4.variance() == 30.0);
  CHECK(w4.mean() == 1e9 + 10);

  const std::size_t n = 64;
  ek::count_window<> w;
  REQUIRE(w.init(n) == EK_OK);
  rng r{99};
  std::vector<double> ring;
  double worst_var = 0, worst_mean = 0;
  for (std::size_t i = 0; i < 1000000; ++i) {
    const double x = 1e9 + r.normal() * (i < 500000 ? 1.0 : 1e-3);  // variance shrinks mid-run
    w.push(x);
    ring.push_back(x);
    if (ring.size() > n) ring.erase(ring.begin());
    if (i % 7 && i < 999000) continue;
    long double s = 0;
    for (double v : ring) s += v;
    const long double mean = s / ring.size();
    long double m2 = 0;
    for (double v : ring) m2 += (v - mean) * (v - mean);
    const double var = static_cast<double>(m2 / (ring.size() - 1));
    if (ring.size() < 2) continue;
    worst_var = std::max(worst_var, std::fabs(w.variance() - var) / var);
    worst_mean = std::max(worst_mean, std::fabs(w.mean() - static_cast<double>(mean)) / 1e9);
  }
  INFO("worst relative variance error " << worst_var << ", mean " << worst_mean);
  CHECK(worst_var < 64 * 0x1p-52);
  CHECK(worst_mean < 4 * 0x1p-52);
}

TEST_CASE("keyed count windows vs brute force: few and many keys, bytes and u64", "[window]") {
  for (bool u64 : {false, true}) {
    auto c = config(EK_WINDOW_COUNT, 5, 1000);
    c.key_type = u64 ? EK_WINDOW_KEY_U64 : EK_WINDOW_KEY_BYTES;
    run_stream(c, {1, 4000, 3, 0, 1, 0.01, 0, u64});
    run_stream(c, {2, 20000, 400, 1e9, 1, 0.01, 0, u64});
    c.size = 1;
    run_stream(c, {3, 3000, 10, 0, 1, 0.02, 0, u64});
    c.size = 37;
    c.aggregates = EK_AGG_MAX | EK_AGG_LAST;
    run_stream(c, {4, 5000, 20, 0, 1, 0.01, 0, u64});
    c.size = 300;  // ring of 512: 4-byte deque entries (1-byte up to 128)
    c.aggregates = EK_AGG_ALL;
    run_stream(c, {5, 8000, 3, 1e9, 1, 0.01, 0, u64});
    c.size = 128;
    run_stream(c, {6, 8000, 3, 0, 1, 0.01, 0, u64});
  }
}

TEST_CASE("keyed LRU eviction: order and reporting with a tiny max_keys", "[window]") {
  for (ek_window_kind k : {EK_WINDOW_COUNT, EK_WINDOW_SLIDING, EK_WINDOW_TUMBLING, EK_WINDOW_HOPPING}) {
    auto c = config(k, 8, 3);
    c.hop = 3;
    c.lateness = 4;
    run_stream(c, {10u + static_cast<unsigned>(k), 5000, 7, 0, 1, 0.01, 6, false});
    c.max_keys = 1;
    run_stream(c, {20u + static_cast<unsigned>(k), 2000, 3, 0, 1, 0.01, 6, true});
  }
  // Explicit order: keys a b c, touch a, add d -> b is evicted with its aggregates.
  auto c = config(EK_WINDOW_COUNT, 4, 3);
  ek::keyed_window w;
  REQUIRE(w.init(c) == EK_OK);
  REQUIRE(w.push("a", 1, 0, 1.0) == EK_OK);
  REQUIRE(w.push("b", 1, 0, 2.0) == EK_OK);
  REQUIRE(w.push("b", 1, 0, 4.0) == EK_OK);
  REQUIRE(w.push("c", 1, 0, 3.0) == EK_OK);
  REQUIRE(w.push("a", 1, 0, 5.0) == EK_OK);
  REQUIRE(w.push("d", 1, 0, 6.0) == EK_OK);
  ek_window_event e;
  REQUIRE(w.poll(e));
  CHECK(e.kind == EK_WINDOW_EVENT_EVICTED);
  CHECK(std::string(static_cast<const char *>(e.key), e.key_len) == "b");
  CHECK(e.agg.count == 2);
  CHECK(e.agg.sum == 6.0);
  CHECK(e.agg.max == 4.0);
  CHECK(!w.poll(e));
  CHECK(w.stats().evictions == 1);
  CHECK(w.stats().keys == 3);
  ek_window_agg a;
  CHECK(!w.get("b", 1, a));
  CHECK(a.count == 0);
  CHECK(w.get("a", 1, a));
  CHECK(a.count == 2);
}

TEST_CASE("keyed sliding event-time windows vs brute force: out of order, lateness, overflow",
          "[window]") {
  for (std::int64_t lateness : {0, 5, 40}) {
    auto c = config(EK_WINDOW_SLIDING, 30, 1000);
    c.lateness = lateness;
    c.max_events = 1024;
    run_stream(c, {30u + static_cast<unsigned>(lateness), 8000, 4, 0, 1, 0.01, 20, false});
    run_stream(c, {40u + static_cast<unsigned>(lateness), 8000, 200, 1e9, 1, 0.01, 20, true});
    c.max_events = 5;  // overflow
    run_stream(c, {50u + static_cast<unsigned>(lateness), 8000, 3, 0, 1, 0.01, 20, false});
    c.max_events = 1024;
    c.aggregates = EK_AGG_MIN | EK_AGG_FIRST;
    c.size = 1;
    run_stream(c, {60u + static_cast<unsigned>(lateness), 4000, 3, 0, 1, 0.01, 3, false});
  }
}

TEST_CASE("keyed tumbling and hopping windows vs brute force: emission, lateness", "[window]") {
  for (std::int64_t lateness : {0, 7, 50}) {
    auto c = config(EK_WINDOW_TUMBLING, 10, 1000);
    c.lateness = lateness;
    c.origin = -3;
    run_stream(c, {70u + static_cast<unsigned>(lateness), 8000, 4, 0, 1, 0.01, 25, false});
    run_stream(c, {80u + static_cast<unsigned>(lateness), 8000, 150, 1e9, 1, 0.01, 25, true});
    c.size = 1;
    run_stream(c, {85u + static_cast<unsigned>(lateness), 3000, 3, 0, 1, 0.01, 5, false});
    for (std::int64_t hop : {1, 3, 5, 10, 13}) {
      c = config(EK_WINDOW_HOPPING, 10, 1000);
      c.hop = hop;
      c.lateness = lateness;
      c.origin = 4;
      run_stream(c, {90u + static_cast<unsigned>(lateness + hop), 6000, 5, 0, 1, 0.01, 25, false});
    }
  }
}

TEST_CASE("push_batch equals one push per event: every kind, both key types", "[window]") {
  for (ek_window_kind k : {EK_WINDOW_COUNT, EK_WINDOW_SLIDING, EK_WINDOW_TUMBLING, EK_WINDOW_HOPPING}) {
    for (bool u64 : {false, true}) {
      auto c = config(k, 12, 50);
      c.hop = 5;
      c.lateness = 6;
      c.max_events = 8;
      stream_params sp{100u + static_cast<unsigned>(k), 6000, 70, 0, 1, 0.01, 10, u64};
      sp.batch = true;
      run_stream(c, sp);  // with evictions (70 keys, 50 slots), lateness, overflow
      c.max_keys = 1000;
      sp.nkeys = 500;
      run_stream(c, sp);
    }
  }
  ek::keyed_window w;
  ek::window_config c;
  REQUIRE(w.init(c) == EK_OK);
  const void *keys[3] = {"a", nullptr, "toolong-toolong-toolong-toolong-toolong-toolong-toolong-toolong-x"};
  const std::size_t lens[3] = {1, 1, 65};
  const double vals[3] = {1, 2, 3};
  ek_status st[3];
  CHECK(w.push_batch(keys, lens, nullptr, vals, 3, st) == 1);
  CHECK(st[0] == EK_OK);
  CHECK(st[1] == EK_ERR_NULL);
  CHECK(st[2] == EK_ERR_LIMIT);
  const std::uint64_t ukeys[1] = {1};
  CHECK(w.push_batch(ukeys, nullptr, vals, 1, st) == 0);  // bytes-keyed window
  CHECK(st[0] == EK_ERR_ARG);
}

TEST_CASE("window: timestamps beyond the limit and huge jumps", "[window]") {
  auto c = config(EK_WINDOW_TUMBLING, 10, 8);
  c.key_type = EK_WINDOW_KEY_U64;
  ek::keyed_window w;
  REQUIRE(w.init(c) == EK_OK);
  CHECK(w.push(1, EK_WINDOW_TS_LIMIT + 1, 1.0) == EK_ERR_ARG);
  CHECK(w.push(1, -EK_WINDOW_TS_LIMIT - 1, 1.0) == EK_ERR_ARG);
  CHECK(w.push(1, -EK_WINDOW_TS_LIMIT, 1.0) == EK_OK);
  CHECK(w.push(1, EK_WINDOW_TS_LIMIT, 2.0) == EK_OK);  // closes the first window
  CHECK(w.push(1, 0, 2.0) == EK_ERR_LIMIT);            // late
  ek_window_event e;
  REQUIRE(w.poll(e));
  CHECK(e.start == -EK_WINDOW_TS_LIMIT - 8);  // floor(-2^61 / 10) * 10
  CHECK(e.agg.count == 1);
  CHECK(!w.poll(e));
  const auto s = w.stats();
  CHECK(s.rejected == 2);
  CHECK(s.late == 1);
  // the configuration limits
  c.size = (std::int64_t{1} << 60) + 1;
  CHECK(w.init(c) == EK_ERR_ARG);
  c.size = 100000;
  c.kind = EK_WINDOW_HOPPING;
  c.hop = 1;
  CHECK(w.init(c) == EK_ERR_LIMIT);
  c.hop = 0;
  CHECK(w.init(c) == EK_ERR_ARG);
}

TEST_CASE("window: pending-event bound drops and counts", "[window]") {
  auto c = config(EK_WINDOW_TUMBLING, 1, 8);
  c.max_pending_events = 3;
  ek::keyed_window w;
  REQUIRE(w.init(c) == EK_OK);
  for (int t = 0; t < 10; ++t) REQUIRE(w.push("k", 1, t, 1.0) == EK_OK);
  auto s = w.stats();
  CHECK(s.events_pending == 3);
  CHECK(s.events_dropped == 6);
  ek_window_event e;
  REQUIRE(w.poll(e));
  CHECK(e.start == 0);
}

// ---- C ABI ----------------------------------------------------------------------------------

namespace {

struct counting_alloc {
  long fail_after = -1;  // allocations before the first failure; -1 never
  long allocs = 0, live = 0;
  static void *alloc(void *ctx, std::size_t n) {
    auto *a = static_cast<counting_alloc *>(ctx);
    if (a->fail_after >= 0 && a->allocs >= a->fail_after) return nullptr;
    ++a->allocs;
    ++a->live;
    return std::malloc(n);
  }
  static void free(void *ctx, void *p) {
    --static_cast<counting_alloc *>(ctx)->live;
    std::free(p);
  }
  ek_allocator hook() { return ek_allocator{alloc, free, this}; }
};

}  // namespace

TEST_CASE("window C ABI: validation of every argument", "[window]") {
  ek_window_config c;
  CHECK(ek_window_config_init(nullptr) == EK_ERR_NULL);
  REQUIRE(ek_window_config_init(&c) == EK_OK);
  CHECK(c.kind == EK_WINDOW_COUNT);
  CHECK(c.size == 16);
  CHECK(c.aggregates == EK_AGG_ALL);
  ek_window *w = reinterpret_cast<ek_window *>(1);
  CHECK(ek_window_new(nullptr, nullptr, &w) == EK_ERR_NULL);
  CHECK(w == nullptr);
  CHECK(ek_window_new(&c, nullptr, nullptr) == EK_ERR_NULL);
  ek_allocator half{counting_alloc::alloc, nullptr, nullptr};
  CHECK(ek_window_new(&c, &half, &w) == EK_ERR_NULL);
  auto bad = [&](void (*edit)(ek_window_config &), ek_status want) {
    ek_window_config b;
    ek_window_config_init(&b);
    edit(b);
    ek_window *x = nullptr;
    CHECK(ek_window_new(&b, nullptr, &x) == want);
    CHECK(x == nullptr);
    std::size_t n;
    CHECK(ek_window_bytes_per_key(&b, &n) == want);
  };
  bad([](ek_window_config &b) { b.kind = 4; }, EK_ERR_ARG);
  bad([](ek_window_config &b) { b.kind = -1; }, EK_ERR_ARG);
  bad([](ek_window_config &b) { b.key_type = 2; }, EK_ERR_ARG);
  bad([](ek_window_config &b) { b.aggregates = 0; }, EK_ERR_ARG);
  bad([](ek_window_config &b) { b.aggregates = 0x100; }, EK_ERR_ARG);
  bad([](ek_window_config &b) { b.size = 0; }, EK_ERR_ARG);
  bad([](ek_window_config &b) { b.size = -5; }, EK_ERR_ARG);
  bad([](ek_window_config &b) { b.size = (1 << 30) + 1; }, EK_ERR_ARG);
  bad([](ek_window_config &b) { b.max_keys = 0; }, EK_ERR_ARG);
  bad([](ek_window_config &b) { b.max_key_len = 0; }, EK_ERR_ARG);
  bad([](ek_window_config &b) { b.max_key_len = 65537; }, EK_ERR_ARG);
  bad([](ek_window_config &b) { b.max_pending_events = 0; }, EK_ERR_ARG);
  bad([](ek_window_config &b) { b.kind = EK_WINDOW_SLIDING, b.max_events = 0; }, EK_ERR_ARG);
  bad([](ek_window_config &b) { b.kind = EK_WINDOW_SLIDING, b.lateness = -1; }, EK_ERR_ARG);
  bad([](ek_window_config &b) { b.kind = EK_WINDOW_TUMBLING, b.origin = INT64_MIN; }, EK_ERR_ARG);
  bad([](ek_window_config &b) { b.kind = EK_WINDOW_HOPPING, b.hop = 0; }, EK_ERR_ARG);
  bad([](ek_window_config &b) { b.kind = EK_WINDOW_HOPPING, b.hop = 1, b.size = 1 << 20; }, EK_ERR_LIMIT);
  std::size_t per_key = 0;
  CHECK(ek_window_bytes_per_key(nullptr, &per_key) == EK_ERR_NULL);
  CHECK(ek_window_bytes_per_key(&c, nullptr) == EK_ERR_NULL);
  REQUIRE(ek_window_bytes_per_key(&c, &per_key) == EK_OK);
  CHECK(per_key > 16 * 8);

  c.max_key_len = 8;
  REQUIRE(ek_window_new(&c, nullptr, &w) == EK_OK);
  ek_window_agg a;
  ek_window_event e;
  ek_window_counters s;
  CHECK(ek_window_push(nullptr, "k", 1, 0, 1.0) == EK_ERR_NULL);
  CHECK(ek_window_push(w, nullptr, 1, 0, 1.0) == EK_ERR_NULL);
  CHECK(ek_window_push(w, nullptr, 0, 0, 1.0) == EK_OK);  // the empty key
  CHECK(ek_window_push(w, "", 0, 0, 2.0) == EK_OK);
  CHECK(ek_window_push(w, "123456789", 9, 0, 1.0) == EK_ERR_LIMIT);
  CHECK(ek_window_push(w, "12345678", 8, 0, 1.0) == EK_OK);
  CHECK(ek_window_push(w, "k", 1, 0, qnan) == EK_ERR_ARG);
  CHECK(ek_window_push(w, "k", 1, 0, -inf) == EK_ERR_ARG);
  CHECK(ek_window_push_u64(w, 1, 0, 1.0) == EK_ERR_ARG);  // bytes-keyed window
  CHECK(ek_window_push_u64(nullptr, 1, 0, 1.0) == EK_ERR_NULL);
  CHECK(ek_window_get(nullptr, "k", 1, &a) == EK_ERR_NULL);
  CHECK(ek_window_get(w, "k", 1, nullptr) == EK_ERR_NULL);
  CHECK(ek_window_get(w, nullptr, 1, &a) == EK_ERR_NULL);
  CHECK(ek_window_get(w, "123456789", 9, &a) == EK_ERR_LIMIT);
  CHECK(ek_window_get_u64(w, 1, &a) == EK_ERR_ARG);
  CHECK(ek_window_get_u64(nullptr, 1, &a) == EK_ERR_NULL);
  CHECK(ek_window_get_u64(w, 1, nullptr) == EK_ERR_NULL);
  REQUIRE(ek_window_get(w, "", 0, &a) == EK_OK);
  CHECK(a.count == 2);
  CHECK(a.sum == 3.0);
  REQUIRE(ek_window_get(w, "zz", 2, &a) == EK_OK);
  CHECK(a.count == 0);
  CHECK(std::isnan(a.max));
  CHECK(ek_window_poll(nullptr, &e) == EK_ERR_NULL);
  CHECK(ek_window_poll(w, nullptr) == EK_ERR_NULL);
  CHECK(ek_window_poll(w, &e) == EK_ERR_LIMIT);
  CHECK(ek_window_flush(nullptr) == EK_ERR_NULL);
  CHECK(ek_window_flush(w) == EK_OK);
  CHECK(ek_window_stats(nullptr, &s) == EK_ERR_NULL);
  CHECK(ek_window_stats(w, nullptr) == EK_ERR_NULL);
  REQUIRE(ek_window_stats(w, &s) == EK_OK);
  CHECK(s.keys == 2);
  CHECK(s.rejected == 2);
  CHECK(s.bytes_per_key > 0);
  ek_window_free(w);
  ek_window_free(nullptr);

  // batches
  w = nullptr;
  ek_window_config_init(&c);
  REQUIRE(ek_window_new(&c, nullptr, &w) == EK_OK);
  const void *bk[3] = {"a", "b", "a"};
  const size_t bl[3] = {1, 1, 1};
  const double bv[3] = {1.0, qnan, 3.0};
  ek_status bs[3];
  const uint64_t uk[1] = {1};
  CHECK(ek_window_push_batch(nullptr, bk, bl, nullptr, bv, 3, bs) == EK_ERR_NULL);
  CHECK(ek_window_push_batch(w, nullptr, bl, nullptr, bv, 3, bs) == EK_ERR_NULL);
  CHECK(ek_window_push_batch(w, bk, nullptr, nullptr, bv, 3, bs) == EK_ERR_NULL);
  CHECK(ek_window_push_batch(w, bk, bl, nullptr, nullptr, 3, bs) == EK_ERR_NULL);
  CHECK(ek_window_push_batch(w, nullptr, nullptr, nullptr, nullptr, 0, nullptr) == EK_OK);
  CHECK(ek_window_push_batch_u64(w, uk, nullptr, bv, 1, nullptr) == EK_ERR_ARG);
  CHECK(ek_window_push_batch_u64(nullptr, uk, nullptr, bv, 1, nullptr) == EK_ERR_NULL);
  CHECK(ek_window_push_batch(w, bk, bl, nullptr, bv, 3, nullptr) == EK_ERR_ARG);  // the NaN
  CHECK(ek_window_push_batch(w, bk, bl, nullptr, bv, 3, bs) == EK_ERR_ARG);
  CHECK(bs[0] == EK_OK);
  CHECK(bs[1] == EK_ERR_ARG);
  CHECK(bs[2] == EK_OK);
  REQUIRE(ek_window_get(w, "a", 1, &a) == EK_OK);
  CHECK(a.count == 4);
  CHECK(a.sum == 8.0);
  ek_window_free(w);

  // u64 keys through the C ABI, and a tumbling window's emission
  ek_window_config_init(&c);
  c.kind = EK_WINDOW_TUMBLING;
  c.key_type = EK_WINDOW_KEY_U64;
  c.size = 10;
  REQUIRE(ek_window_new(&c, nullptr, &w) == EK_OK);
  CHECK(ek_window_push(w, "k", 1, 0, 1.0) == EK_ERR_ARG);
  CHECK(ek_window_get(w, "k", 1, &a) == EK_ERR_ARG);
  const uint64_t k42[2] = {42, 42};
  const int64_t t42[2] = {3, 5};
  const double v42[2] = {1.0, 3.0};
  CHECK(ek_window_push_batch(w, bk, bl, nullptr, bv, 1, nullptr) == EK_ERR_ARG);
  CHECK(ek_window_push_batch_u64(w, k42, t42, v42, 2, nullptr) == EK_OK);
  ek_window_free(w);
  REQUIRE(ek_window_new(&c, nullptr, &w) == EK_OK);
  CHECK(ek_window_push_u64(w, 42, 3, 1.0) == EK_OK);
  CHECK(ek_window_push_u64(w, 42, 5, 3.0) == EK_OK);
  CHECK(ek_window_push_u64(w, 42, 12, 7.0) == EK_OK);
  REQUIRE(ek_window_poll(w, &e) == EK_OK);
  CHECK(e.kind == EK_WINDOW_EVENT_CLOSED);
  CHECK(e.key == nullptr);
  CHECK(e.key_u64 == 42);
  CHECK(e.start == 0);
  CHECK(e.end == 10);
  CHECK(e.agg.count == 2);
  CHECK(e.agg.mean == 2.0);
  CHECK(e.agg.variance == 2.0);
  CHECK(e.agg.first == 1.0);
  CHECK(e.agg.last == 3.0);
  REQUIRE(ek_window_get_u64(w, 42, &a) == EK_OK);
  CHECK(a.count == 1);
  CHECK(std::isnan(a.variance));
  ek_window_free(w);
}

TEST_CASE("window C ABI: a failing allocator gives EK_ERR_NOMEM and leaks nothing", "[window]") {
  for (int kind = EK_WINDOW_COUNT; kind <= EK_WINDOW_HOPPING; ++kind) {
    bool completed = false;
    for (long k = 0; !completed && k < 5000; ++k) {
      counting_alloc ca;
      ca.fail_after = k;
      ek_allocator hook = ca.hook();
      ek_window_config c;
      ek_window_config_init(&c);
      c.kind = kind;
      c.size = 4;
      c.hop = 2;
      c.max_keys = 3000;  // several slabs and table growth
      ek_window *w = nullptr;
      ek_status st = ek_window_new(&c, &hook, &w);
      if (st == EK_OK) {
        completed = true;
        for (int i = 0; i < 3000 && completed; ++i) {
          const std::string key = "k" + std::to_string(i % 2500);
          st = ek_window_push(w, key.data(), key.size(), i, 1.0);
          if (st == EK_ERR_NOMEM) completed = false;
          else REQUIRE(st == EK_OK);
        }
        ek_window_flush(w);  // grows the event queue
        ek_window_counters s;
        ek_window_stats(w, &s);
        if (completed && kind >= EK_WINDOW_TUMBLING) CHECK(s.events_pending + s.events_dropped > 0);
        ek_window_free(w);
      } else {
        CHECK(st == EK_ERR_NOMEM);
        CHECK(w == nullptr);
      }
      CHECK(ca.live == 0);
    }
    CHECK(completed);
  }
}
