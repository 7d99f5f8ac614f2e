// ek tool: the streaming-analytics commands. Each reads CSV rows one at a time through
// ekcli::table (column choice, header detection, malformed-row policy) and feeds one library
// object, so memory is bounded by the window, not by the file.
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <deque>
#include <string>

#include "cli.hpp"
#include "commands.hpp"
#include "edgekernels/edgekernels.hpp"

namespace ekcli {
namespace {

// Windows above this many values are almost certainly a typo, and would allocate gigabytes.
constexpr unsigned long long max_window = 100000000ull;

// The parts every series command shares: options, the one input file and its table.
struct series_input {
  const char *command;
  options opt;
  const char *name = nullptr;
  std::FILE *f = nullptr;

  series_input(const char *cmd, std::vector<std::string> valued)
      : command(cmd), opt(with_common(std::move(valued)), {"skip-bad"}) {}
  ~series_input() {
    if (f) close_input(f);
  }
  static std::vector<std::string> with_common(std::vector<std::string> v) {
    v.insert(v.end(), {"time", "value"});
    return v;
  }
  // Parses the arguments and opens FILE; non-zero exit status on error.
  int open(int argc, char **argv, const char *usage) {
    if (!opt.parse(argc, argv)) return fail(command, "usage", (opt.error() + "\n  " + usage).c_str());
    if (opt.positional().size() != 1) return fail(command, "usage", usage);
    name = opt.positional()[0];
    f = open_input(name);
    if (!f) return fail(command, name, std::strerror(errno));
    return 0;
  }
  // A required count option within [lo, hi].
  bool count(const char *option, unsigned long long lo, unsigned long long hi, unsigned long long &out,
             int &status) {
    const char *v = opt.get(option);
    if (v && parse_count(v, lo, hi, out)) return true;
    const std::string why = std::string("--") + option + (v ? " must be an integer in [" : " is required, an integer in [") +
                            std::to_string(lo) + ", " + std::to_string(hi) + "]";
    status = fail(command, "usage", why.c_str());
    return false;
  }
  // An optional real option; `out` keeps its default when absent.
  bool real(const char *option, double &out, int &status) {
    const char *v = opt.get(option);
    if (!v) return true;
    if (parse_double(v, out) && std::isfinite(out)) return true;
    status = fail(command, "usage", (std::string("--") + option + " must be a finite number").c_str());
    return false;
  }
  const char *col(const char *option, const char *dflt) const {
    const char *v = opt.get(option);
    return v ? v : dflt;
  }
};

void put_row(std::string &line) {
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), stdout);
}

}  // namespace

// ---- zscore ------------------------------------------------------------------------------------

int cmd_zscore(int argc, char **argv) {
  static const char *usage = "ek zscore --window N [--warmup W] [--warn 2] [--crit 3] FILE";
  series_input in("zscore", {"window", "warmup", "warn", "crit"});
  if (int st = in.open(argc, argv, usage)) return st;
  int st = 0;
  unsigned long long n = 0, w = 0;
  ek::zscore_config cfg;
  if (!in.count("window", 1, max_window, n, st)) return st;
  cfg.window = static_cast<std::size_t>(n);
  if (in.opt.get("warmup")) {
    if (!in.count("warmup", 0, max_window, w, st)) return st;
    cfg.warmup = static_cast<std::size_t>(w);
  }
  if (!in.real("warn", cfg.warn, st) || !in.real("crit", cfg.crit, st)) return st;
  if (!ek::valid_levels(cfg.warn, cfg.crit)) return fail("zscore", "usage", "need 0 <= --warn <= --crit");

  ek::zscore_detector det;
  if (ek_status s = det.init(cfg); s != EK_OK) return fail("zscore", in.name, ek::status_str(s));
  table t("zscore", in.name, in.f, in.opt.flag("skip-bad"));
  const std::size_t tc = t.column(in.col("time", "1"), false), vc = t.column(in.col("value", "2"), true);
  std::fputs("timestamp,value,mean,stddev,z,level\n", stdout);
  std::string line;
  while (t.next()) {
    const double x = t.number(vc);
    if (!std::isfinite(x)) {
      if (!t.reject("not a finite number")) break;
      continue;
    }
    const ek::zscore_result r = det.push(x);
    line = csv_field(t.field(tc));
    line += ',' + fmt(x) + ',' + fmt(r.mean) + ',' + fmt(r.stddev) + ',' + fmt(r.z) + ',' + char('0' + r.level);
    put_row(line);
  }
  return t.finish() | finish_stdout();
}

// ---- forecast ----------------------------------------------------------------------------------

int cmd_forecast(int argc, char **argv) {
  static const char *usage = "ek forecast --window N --horizon H [--level C] FILE";
  series_input in("forecast", {"window", "horizon", "level"});
  if (int st = in.open(argc, argv, usage)) return st;
  int st = 0;
  unsigned long long n = 0, h = 0;
  if (!in.count("window", 2, max_window, n, st) || !in.count("horizon", 0, 1ull << 40, h, st)) return st;
  ek::linear_trend_config cfg;
  cfg.window = static_cast<std::size_t>(n);
  double level = NAN;
  if (!in.real("level", level, st)) return st;
  const bool with_interval = !std::isnan(level);
  if (with_interval) {
    if (!(level > 0 && level < 1)) return fail("forecast", "usage", "--level must be in (0, 1), e.g. 0.95");
    cfg.level = level;
  }
  ek::linear_trend trend;
  if (ek_status s = trend.init(cfg); s != EK_OK) return fail("forecast", in.name, ek::status_str(s));
  table t("forecast", in.name, in.f, in.opt.flag("skip-bad"));
  const std::size_t tc = t.column(in.col("time", "1"), false), vc = t.column(in.col("value", "2"), true);
  std::fputs(with_interval ? "timestamp,value,slope,intercept,forecast,lower,upper\n"
                           : "timestamp,value,slope,intercept,forecast\n", stdout);
  std::string line;
  const double hz = static_cast<double>(h);
  while (t.next()) {
    const double x = t.number(vc);
    if (trend.push(x) != EK_OK) {  // NaN/Inf: the only value push refuses
      if (!t.reject("not a finite number")) break;
      continue;
    }
    if (!trend.full()) continue;  // output starts at the N-th value
    line = csv_field(t.field(tc));
    line += ',' + fmt(x) + ',' + fmt(trend.slope()) + ',' + fmt(trend.intercept()) + ',' + fmt(trend.forecast(hz));
    if (with_interval) {
      double lo, hi;
      trend.interval(hz, &lo, &hi);
      line += ',' + fmt(lo) + ',' + fmt(hi);
    }
    put_row(line);
  }
  return t.finish() | finish_stdout();
}

// ---- holtwinters -------------------------------------------------------------------------------

int cmd_holtwinters(int argc, char **argv) {
  static const char *usage =
      "ek holtwinters --alpha A --beta B|false --gamma G|false [--period P] FILE";
  series_input in("holtwinters", {"alpha", "beta", "gamma", "period"});
  if (int st = in.open(argc, argv, usage)) return st;
  int st = 0;
  ek::holt_winters_config cfg;
  // R's HoltWinters takes beta = FALSE / gamma = FALSE to drop the trend / the season.
  auto param = [&](const char *name, double &out, bool *enabled) {
    const char *v = in.opt.get(name);
    if (enabled && v && std::strcmp(v, "false") == 0) return *enabled = false, true;
    if (!v || !parse_double(v, out) || !(out >= 0 && out <= 1)) {
      st = fail("holtwinters", "usage",
                (std::string("--") + name + " is required, a number in [0, 1]" + (enabled ? " or false" : "")).c_str());
      return false;
    }
    return true;
  };
  if (!param("alpha", cfg.alpha, nullptr) || !param("beta", cfg.beta, &cfg.trend) ||
      !param("gamma", cfg.gamma, &cfg.seasonal))
    return st;
  if (cfg.seasonal) {
    unsigned long long p = 0;
    if (!in.count("period", 2, max_window, p, st)) return st;
    cfg.period = static_cast<std::size_t>(p);
  }
  ek::holt_winters hw;
  if (ek_status s = hw.init(cfg); s != EK_OK) return fail("holtwinters", in.name, ek::status_str(s));
  table t("holtwinters", in.name, in.f, in.opt.flag("skip-bad"));
  const std::size_t tc = t.column(in.col("time", "1"), false), vc = t.column(in.col("value", "2"), true);
  // Rows wait here until the model can say something about them: at most max_held() + 1.
  std::deque<std::string> labels;
  std::string line;
  bool header = false;
  while (t.next()) {
    const double x = t.number(vc);
    std::size_t ready = 0;
    if (hw.push(x, &ready) != EK_OK) {
      if (!t.reject("not a finite number")) break;
      continue;
    }
    labels.emplace_back(t.field(tc));
    if (ready && !header) {
      std::fputs("timestamp,value,level,trend,season,fitted\n", stdout);
      header = true;
    }
    for (std::size_t k = 0; k < ready; ++k) {
      const ek::holt_winters_row &r = hw.row(k);
      line = csv_field(labels.front());
      labels.pop_front();
      line += ',' + fmt(r.value);
      if (r.has_fit) line += ',' + fmt(r.level) + ',' + fmt(r.trend) + ',' + fmt(r.season) + ',' + fmt(r.fitted);
      else line += ",,,,";
      put_row(line);
    }
  }
  if (t.status() == 0 && !hw.started()) {
    const std::string why = "too few rows: " + std::to_string(hw.count()) + " values, the start values need " +
                            (cfg.seasonal ? "2 full periods (" + std::to_string(2 * cfg.period) + ")"
                                          : std::string(cfg.trend ? "2" : "1"));
    return fail("holtwinters", in.name, why.c_str());
  }
  return t.finish() | finish_stdout();
}

// ---- window ------------------------------------------------------------------------------------

int cmd_window(int argc, char **argv) {
  static const char *usage = "ek window --size N --key COL --value COL [--max-keys K] FILE";
  series_input in("window", {"size", "key", "max-keys"});
  if (int st = in.open(argc, argv, usage)) return st;
  int st = 0;
  unsigned long long n = 0, keys = 1000000;
  if (!in.count("size", 1, max_window, n, st)) return st;
  if (in.opt.get("max-keys") && !in.count("max-keys", 1, 1ull << 30, keys, st)) return st;
  if (in.opt.get("time")) return fail("window", "usage", "window has no --time (it counts events)");
  if (!in.opt.get("key") || !in.opt.get("value"))
    return fail("window", "usage", "--key and --value are required");
  ek::window_config cfg;
  cfg.kind = EK_WINDOW_COUNT;
  cfg.key_type = EK_WINDOW_KEY_BYTES;
  cfg.aggregates = EK_AGG_ALL;
  cfg.size = static_cast<std::int64_t>(n);
  cfg.max_keys = static_cast<std::uint32_t>(keys);
  cfg.max_key_len = 4096;
  ek::keyed_window win;
  if (ek_status s = win.init(cfg); s != EK_OK) return fail("window", in.name, ek::status_str(s));
  table t("window", in.name, in.f, in.opt.flag("skip-bad"));
  const std::size_t kc = t.column(in.opt.get("key"), false), vc = t.column(in.opt.get("value"), true);
  std::fputs("key,count,sum,mean,min,max\n", stdout);
  std::string line;
  ek_window_agg agg;
  ek_window_event ev;
  while (t.next()) {
    const std::string_view key = t.field(kc);
    const double x = t.number(vc);
    if (!std::isfinite(x)) {
      if (!t.reject("not a finite number")) break;
      continue;
    }
    if (key.size() > cfg.max_key_len) {
      if (!t.reject("key longer than 4096 bytes")) break;
      continue;
    }
    const ek_status s = win.push(key.data(), key.size(), 0, x, &agg);
    while (win.poll(ev)) {}  // evictions are counted in stats(); the line goes to stderr at the end
    if (s != EK_OK) {
      st = fail("window", in.name, ek::status_str(s));
      break;
    }
    line = csv_field(key);
    line += ',' + std::to_string(agg.count) + ',' + fmt(agg.sum) + ',' + fmt(agg.mean) + ',' + fmt(agg.min) + ',' +
            fmt(agg.max);
    put_row(line);
  }
  const ek_window_counters c = win.stats();
  if (c.evictions)
    std::fprintf(stderr, "ek window: %s: %llu least-recently-used keys evicted (--max-keys %llu); their windows restarted\n",
                 in.name, static_cast<unsigned long long>(c.evictions), keys);
  return st | t.finish() | finish_stdout();
}

}  // namespace ekcli
