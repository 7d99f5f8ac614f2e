// negotiate: decisions per second for the requests an image server sees most (real browser
// Accept headers, with and without client hints), and for a 64 KiB hostile Accept header.
// Baseline: the Accept header alone, read the obvious way (split into std::strings, lower-case,
// compare), which is what a server without this function typically does per request.
#include <benchmark/benchmark.h>

#include <cctype>
#include <cstdint>
#include <string>
#include <vector>

#include "edgekernels/image/negotiate.hpp"

namespace {

struct request {
  const char *name;
  std::string accept;
  const char *dpr, *width, *viewport_width, *save_data, *ect;
};

const std::vector<request> &requests() {
  static const std::vector<request> r = {
      {"chrome", "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8", "", "", "", "", ""},
      {"chrome_hints", "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8", "2.625", "",
       "412", "on", "3g"},
      {"firefox", "image/avif,image/webp,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5", "", "", "", "", ""},
      {"safari", "image/webp,image/avif,image/jxl,image/heic,image/heic-sequence,video/*;q=0.8,image/png,"
                 "image/svg+xml,image/*;q=0.8,*/*;q=0.5", "", "", "", "", ""},
      {"curl", "*/*", "", "", "", "", ""},
      {"hostile_64k", std::string(EK_NEGOTIATE_MAX_HEADER_BYTES - 16, ';') + "image/webp", "", "", "", "", ""},
  };
  return r;
}

void ek_negotiate_bench(benchmark::State &state, const request &r) {
  ek::client_hints h;
  h.accept = r.accept;
  h.sec_ch_dpr = r.dpr;
  h.sec_ch_width = r.width;
  h.sec_ch_viewport_width = r.viewport_width;
  h.save_data = r.save_data;
  h.ect = r.ect;
  ek::negotiate_policy p;
  ek::negotiate_source s;
  s.width = 3000;
  ek::negotiation d;
  for (auto _ : state) {
    benchmark::DoNotOptimize(h);
    benchmark::DoNotOptimize(ek::negotiate(h, p, s, d));
    benchmark::DoNotOptimize(d);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * r.accept.size()));
}

// The baseline reads Accept only (no hints, no Vary), so it does strictly less work.
void std_string_accept(benchmark::State &state, const request &r) {
  for (auto _ : state) {
    unsigned formats = 0;
    std::string item;
    std::vector<std::string> items;
    for (char c : r.accept) {
      if (c == ',') items.push_back(std::move(item)), item.clear();
      else item += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    items.push_back(item);
    for (std::string &it : items) {
      const std::string type = it.substr(0, it.find(';'));
      const bool zero = it.find("q=0") != std::string::npos && it.find("q=0.") == std::string::npos;
      if (type.find("image/avif") != std::string::npos && !zero) formats |= 8;
      if (type.find("image/webp") != std::string::npos && !zero) formats |= 4;
    }
    benchmark::DoNotOptimize(formats);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * r.accept.size()));
}

const int registered = [] {
  for (const request &r : requests()) {
    benchmark::RegisterBenchmark((std::string("negotiate/ek/") + r.name).c_str(), ek_negotiate_bench, r);
    benchmark::RegisterBenchmark((std::string("negotiate/std_string_accept/") + r.name).c_str(),
                                 std_string_accept, r);
  }
  return 0;
}();

}  // namespace

BENCHMARK_MAIN();
