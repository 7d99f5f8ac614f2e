// window: evict + insert + query per event.
//   window_max/<impl>/<N>   max over a count window of N events, single key: ek::count_window
//                           (monotonic deque) vs recomputing with std::max_element over the
//                           window per event (brute) vs a std::multiset of the window.
//   window_all/ek/<N>       every aggregate (count sum mean min max variance first last).
//   window_keyed/<impl>/... ek::keyed_window, count window of 16 events, all aggregates, a random
//                           key per event among 100 000 (uint64 or ~20-byte strings), every key
//                           present (steady state, no eviction); push plus reading the key's
//                           aggregates. ek_batch: the same through push_batch (256 events a
//                           call, prefetching ahead); ek_batch_push_only: without reading
//                           the aggregates back (they are maintained all the same). Peer: std::unordered_map<key,
//                           ek::count_window<>> (no LRU, no bound).
// Each iteration processes a batch of 256 events; items/s = events/s. Values come from a
// pre-generated table so the generator is not measured.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "edgekernels/window/count_window.hpp"
#include "edgekernels/window/window.hpp"

namespace {

constexpr std::size_t batch = 256;
constexpr std::size_t table_size = 1 << 16;  // power of two

std::uint64_t splitmix(std::uint64_t &s) {
  std::uint64_t z = (s += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

const std::vector<double> &values() {
  static const std::vector<double> v = [] {
    std::vector<double> out(table_size);
    std::uint64_t s = 42;
    for (double &x : out) x = static_cast<double>(splitmix(s) >> 11) * 0x1p-53 * 100.0 - 50.0;
    return out;
  }();
  return v;
}

template <unsigned Aggs>
void ek_count(benchmark::State &state) {
  const std::size_t n = static_cast<std::size_t>(state.range(0));
  ek::count_window<Aggs> w;
  if (w.init(n) != EK_OK) {
    state.SkipWithError("init failed");
    return;
  }
  const double *v = values().data();
  std::size_t i = 0;
  for (std::size_t k = 0; k < n; ++k) w.push(v[i++ & (table_size - 1)]);  // a full window
  double sink = 0;
  for (auto _ : state) {
    for (std::size_t k = 0; k < batch; ++k) {
      w.push(v[i++ & (table_size - 1)]);
      if (Aggs == EK_AGG_MAX) {
        sink += w.max();
      } else {
        const ek_window_agg a = w.aggregates();
        sink += a.max + a.min + a.mean + a.variance + a.sum + a.first + a.last;
      }
    }
    benchmark::DoNotOptimize(sink);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * batch));
  state.counters["bytes"] = static_cast<double>(
      ek::detail::pow2_at_least(n) * (((Aggs & ~(EK_AGG_MAX | EK_AGG_MIN | EK_AGG_COUNT)) ? 8 : 0) +
                                      ((Aggs & EK_AGG_MAX) ? 16 : 0) + ((Aggs & EK_AGG_MIN) ? 16 : 0)));
}

void brute_max(benchmark::State &state) {
  const std::size_t n = static_cast<std::size_t>(state.range(0));
  std::vector<double> ring(n);
  const double *v = values().data();
  std::size_t i = 0, pos = 0;
  for (; i < n; ++i) ring[i] = v[i & (table_size - 1)];
  double sink = 0;
  for (auto _ : state) {
    for (std::size_t k = 0; k < batch; ++k) {
      ring[pos] = v[i++ & (table_size - 1)];
      pos = pos + 1 == n ? 0 : pos + 1;
      sink += *std::max_element(ring.begin(), ring.end());
    }
    benchmark::DoNotOptimize(sink);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * batch));
}

void multiset_max(benchmark::State &state) {
  const std::size_t n = static_cast<std::size_t>(state.range(0));
  std::vector<double> ring(n);
  std::multiset<double> set;
  const double *v = values().data();
  std::size_t i = 0, pos = 0;
  for (; i < n; ++i) set.insert(ring[i] = v[i & (table_size - 1)]);
  double sink = 0;
  for (auto _ : state) {
    for (std::size_t k = 0; k < batch; ++k) {
      const double x = v[i++ & (table_size - 1)];
      set.erase(set.find(ring[pos]));
      set.insert(x);
      ring[pos] = x;
      pos = pos + 1 == n ? 0 : pos + 1;
      sink += *set.rbegin();
    }
    benchmark::DoNotOptimize(sink);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * batch));
}

// ---- keyed ----------------------------------------------------------------------------------

constexpr std::uint64_t nkeys = 100000;
constexpr std::size_t key_seq = 1 << 20;  // power of two

const std::vector<std::uint32_t> &key_order() {
  static const std::vector<std::uint32_t> k = [] {
    std::vector<std::uint32_t> out(key_seq);
    std::uint64_t s = 7;
    for (auto &x : out) x = static_cast<std::uint32_t>(splitmix(s) % nkeys);
    return out;
  }();
  return k;
}
const std::vector<std::string> &string_keys() {
  static const std::vector<std::string> k = [] {
    std::vector<std::string> out(nkeys);
    char buf[64];
    for (std::uint64_t i = 0; i < nkeys; ++i) {
      std::snprintf(buf, sizeof buf, "sensor-%06llu:temperature", static_cast<unsigned long long>(i * 7919 % 1000003));
      out[i] = buf;
    }
    return out;
  }();
  return k;
}

std::uint64_t u64_key(std::uint32_t i) { return (i + 1) * 0x9e3779b97f4a7c15ull; }

// Count window of 16, all aggregates, every key pushed once (steady state: no new keys).
bool keyed_setup(benchmark::State &state, bool strings, ek::keyed_window &w) {
  ek::window_config cfg;
  cfg.kind = EK_WINDOW_COUNT;
  cfg.key_type = strings ? EK_WINDOW_KEY_BYTES : EK_WINDOW_KEY_U64;
  cfg.size = 16;
  cfg.max_keys = static_cast<std::uint32_t>(nkeys);
  cfg.max_key_len = 32;
  if (w.init(cfg) != EK_OK) {
    state.SkipWithError("init failed");
    return false;
  }
  const auto &names = string_keys();
  for (std::uint32_t k = 0; k < nkeys; ++k) {
    if (strings) w.push(names[k].data(), names[k].size(), 0, 1.0);
    else w.push(u64_key(k), 0, 1.0);
  }
  return true;
}

void keyed_counters(benchmark::State &state, const ek::keyed_window &w) {
  const ek_window_counters c = w.stats();
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * batch));
  state.counters["bytes_per_key"] = static_cast<double>(c.bytes_per_key);
  state.counters["bytes_total_per_key"] = static_cast<double>(c.bytes) / static_cast<double>(c.keys);
  if (c.evictions) state.SkipWithError("unexpected evictions");
}

void keyed(benchmark::State &state, bool strings) {
  ek::keyed_window w;
  if (!keyed_setup(state, strings, w)) return;
  const auto &order = key_order();
  const auto &names = string_keys();
  const double *v = values().data();
  std::size_t i = 0;
  double sink = 0;
  ek_window_agg a;
  for (auto _ : state) {
    for (std::size_t k = 0; k < batch; ++k, ++i) {
      const std::uint32_t key = order[i & (key_seq - 1)];
      const double x = v[i & (table_size - 1)];
      if (strings) w.push(names[key].data(), names[key].size(), 0, x, &a);
      else w.push(u64_key(key), 0, x, &a);
      sink += a.max + a.mean;
    }
    benchmark::DoNotOptimize(sink);
  }
  keyed_counters(state, w);
}

// The same stream through push_batch, 256 events a call, with every event's aggregates.
void keyed_batch(benchmark::State &state, bool strings, bool query) {
  ek::keyed_window w;
  if (!keyed_setup(state, strings, w)) return;
  const auto &order = key_order();
  const auto &names = string_keys();
  const double *v = values().data();
  // the caller's batches (keys, lengths, values): 64 Ki events, cycled (half a megabyte of
  // keys: a caller's batch is in its cache; the windows' 100 000 keys are not)
  constexpr std::size_t cycle = 1 << 16;
  std::vector<std::uint64_t> ukeys(cycle);
  std::vector<const void *> skeys(cycle);
  std::vector<std::size_t> lens(cycle);
  std::vector<double> vals(cycle);
  for (std::size_t i = 0; i < cycle; ++i) {
    ukeys[i] = u64_key(order[i]);
    skeys[i] = names[order[i]].data();
    lens[i] = names[order[i]].size();
    vals[i] = v[i & (table_size - 1)];
  }
  std::vector<ek_window_agg> out(batch);
  std::size_t i = 0;
  double sink = 0;
  for (auto _ : state) {
    const std::size_t at = i & (cycle - 1);
    ek_window_agg *o = query ? out.data() : nullptr;
    if (strings) w.push_batch(skeys.data() + at, lens.data() + at, nullptr, vals.data() + at, batch, nullptr, o);
    else w.push_batch(ukeys.data() + at, nullptr, vals.data() + at, batch, nullptr, o);
    i += batch;
    if (query) sink += out[batch - 1].max + out[batch / 2].mean;
    benchmark::DoNotOptimize(sink);
  }
  keyed_counters(state, w);
}

void keyed_u64(benchmark::State &state) { keyed(state, false); }
void keyed_batch_u64(benchmark::State &state) { keyed_batch(state, false, true); }
void keyed_batch_str(benchmark::State &state) { keyed_batch(state, true, true); }
void keyed_batch_u64_push(benchmark::State &state) { keyed_batch(state, false, false); }
void keyed_batch_str_push(benchmark::State &state) { keyed_batch(state, true, false); }
void keyed_str(benchmark::State &state) { keyed(state, true); }

template <class Key>
void keyed_unordered_map(benchmark::State &state) {
  std::unordered_map<Key, ek::count_window<>> map;
  const auto &order = key_order();
  const auto &names = string_keys();
  auto key_of = [&names](std::uint32_t k) -> Key {
    if constexpr (std::is_same<Key, std::string>::value) return names[k];
    else return u64_key(k);
  };
  for (std::uint32_t k = 0; k < nkeys; ++k) {
    auto &w = map[key_of(k)];
    if (w.init(16) != EK_OK) {
      state.SkipWithError("init failed");
      return;
    }
    w.push(1.0);
  }
  const double *v = values().data();
  std::size_t i = 0;
  double sink = 0;
  for (auto _ : state) {
    for (std::size_t k = 0; k < batch; ++k, ++i) {
      const std::uint32_t key = order[i & (key_seq - 1)];
      ek::count_window<> &w = [&]() -> ek::count_window<> & {
        if constexpr (std::is_same<Key, std::string>::value) return map.find(names[key])->second;
        else return map.find(u64_key(key))->second;
      }();
      w.push(v[i & (table_size - 1)]);
      const ek_window_agg a = w.aggregates();
      sink += a.max + a.mean;
    }
    benchmark::DoNotOptimize(sink);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * batch));
}

}  // namespace

BENCHMARK_TEMPLATE(ek_count, EK_AGG_MAX)->Name("window_max/ek")->Arg(10)->Arg(1000)->Arg(100000)->Arg(4096);
BENCHMARK(brute_max)->Name("window_max/brute")->Arg(10)->Arg(1000)->Arg(100000);
BENCHMARK(multiset_max)->Name("window_max/std_multiset")->Arg(10)->Arg(1000)->Arg(100000);
BENCHMARK_TEMPLATE(ek_count, EK_AGG_ALL)->Name("window_all/ek")->Arg(10)->Arg(1000)->Arg(100000);
BENCHMARK(keyed_u64)->Name("window_keyed/ek/u64_100000keys");
BENCHMARK(keyed_str)->Name("window_keyed/ek/string_100000keys");
BENCHMARK(keyed_batch_u64)->Name("window_keyed/ek_batch/u64_100000keys");
BENCHMARK(keyed_batch_str)->Name("window_keyed/ek_batch/string_100000keys");
BENCHMARK(keyed_batch_u64_push)->Name("window_keyed/ek_batch_push_only/u64_100000keys");
BENCHMARK(keyed_batch_str_push)->Name("window_keyed/ek_batch_push_only/string_100000keys");
BENCHMARK_TEMPLATE(keyed_unordered_map, std::uint64_t)->Name("window_keyed/std_unordered_map/u64_100000keys");
BENCHMARK_TEMPLATE(keyed_unordered_map, std::string)->Name("window_keyed/std_unordered_map/string_100000keys");

BENCHMARK_MAIN();
