// ek tool internals: see cli.hpp.
#include "cli.hpp"

#include <cerrno>
#include <cstring>
#if defined(__EMSCRIPTEN__)
#include <cctype>
#include <cmath>
#include <cstdlib>
#endif

namespace ekcli {

int fail(const char *what, const char *name, const char *detail) {
  std::fprintf(stderr, "ek %s: %s: %s\n", what, name, detail);
  return 1;
}

std::FILE *open_input(const char *name) {
#if defined(__EMSCRIPTEN__)
  // ek.wasm (WASI): Emscripten's standalone libc has no fcntl, so freopen cannot change a
  // stream's mode (it would fail and close stdin); stdin has no text mode there anyway.
  if (std::strcmp(name, "-") == 0) return stdin;
#endif
  if (std::strcmp(name, "-") == 0) return std::freopen(nullptr, "rb", stdin) ? stdin : nullptr;
  return std::fopen(name, "rb");
}
void close_input(std::FILE *f) {
  if (f != stdin) std::fclose(f);
}

int finish_stdout() {
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    std::fprintf(stderr, "ek: write error: %s\n", std::strerror(errno));
    return 1;
  }
  return 0;
}

namespace {
std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}
bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}
}  // namespace

#if defined(__EMSCRIPTEN__)
// Emscripten 3.1.6's libc++ has no floating-point to_chars/from_chars; ek.wasm gets the same
// text from the C library. shortest(): the fewest significant digits that read back as the same
// double (printf's correctly rounded %.*e), then fixed or scientific notation, whichever is
// shorter, ties to fixed (to_chars' rule).
std::string shortest(double v) {
  if (std::isnan(v)) return std::signbit(v) ? "-nan" : "nan";
  if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
  char e[48];
  for (int p = 0; p <= 16; ++p) {
    std::snprintf(e, sizeof e, "%.*e", p, v);
    if (std::strtod(e, nullptr) == v) break;
  }
  const char *q = e;
  std::string out;
  if (*q == '-') out = "-", ++q;
  std::string digits;
  for (; *q != 'e'; ++q)
    if (*q != '.') digits += *q;
  const int exp = std::atoi(q + 1);
  const int n = static_cast<int>(digits.size());
  std::string sci = digits.substr(0, 1);
  if (n > 1) sci += "." + digits.substr(1);
  char ex[8];
  std::snprintf(ex, sizeof ex, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
  sci += ex;
  std::string fixed;
  if (exp >= n - 1) fixed = digits + std::string(static_cast<std::size_t>(exp - (n - 1)), '0');
  else if (exp >= 0) fixed = digits.substr(0, static_cast<std::size_t>(exp) + 1) + "." + digits.substr(static_cast<std::size_t>(exp) + 1);
  else fixed = "0." + std::string(static_cast<std::size_t>(-exp - 1), '0') + digits;
  return out + (fixed.size() <= sci.size() ? fixed : sci);
}
namespace {
// from_chars' syntax (no leading blank or '+', no hex) and range check, through strtod.
bool parse_chars(std::string_view s, double &out) {
  if (s.empty() || s.front() == '+' || std::isspace(static_cast<unsigned char>(s.front()))) return false;
  for (char c : s)
    if (c == 'x' || c == 'X') return false;
  const std::string z(s);
  errno = 0;
  char *end = nullptr;
  const double v = std::strtod(z.c_str(), &end);
  if (end != z.c_str() + z.size()) return false;
  if (errno == ERANGE && (std::isinf(v) || v == 0)) return false;
  out = v;
  return true;
}
}  // namespace
#endif

bool parse_double(std::string_view s, double &out) {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);  // from_chars takes no '+'
  if (s.empty()) return false;
#if defined(__EMSCRIPTEN__)
  return parse_chars(s, out);
#else
  const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  // Out of range ("1e999") is not silently Inf or 0: it is a malformed number.
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
#endif
}

bool parse_count(const char *s, unsigned long long lo, unsigned long long hi, unsigned long long &out) {
  const std::string_view v(s);
  if (!all_digits(v)) return false;
  const auto r = std::from_chars(v.data(), v.data() + v.size(), out);
  return r.ec == std::errc() && r.ptr == v.data() + v.size() && out >= lo && out <= hi;
}

bool options::parse(int argc, char **argv) {
  for (int i = 0; i < argc; ++i) {
    const std::string a = argv[i];
    // "-x" is the short spelling of "--x" (e.g. -o); "-" alone is stdin, a positional.
    const bool is_short = a.size() == 2 && a[0] == '-' && a[1] != '-';
    if (!is_short && (a.size() < 3 || a.compare(0, 2, "--") != 0)) {
      positional_.push_back(argv[i]);  // includes "-" (stdin)
      continue;
    }
    const std::size_t eq = is_short ? std::string::npos : a.find('=');
    const std::string name = is_short ? a.substr(1) : a.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
    bool known = false;
    for (const auto &v : valued_) {
      if (v != name) continue;
      known = true;
      const char *value = nullptr;
      if (eq != std::string::npos) value = argv[i] + eq + 1;
      else if (i + 1 < argc) value = argv[++i];
      if (!value) {
        error_ = a + " needs a value";
        return false;
      }
      values_.emplace_back(name, value);
    }
    for (const auto &f : flags_) {
      if (f != name || eq != std::string::npos) continue;
      known = true;
      set_flags_.push_back(name);
    }
    if (!known) {
      error_ = "unknown option " + a;
      return false;
    }
  }
  return true;
}

const char *options::get(const std::string &name) const {
  const char *v = nullptr;
  for (const auto &p : values_)
    if (p.first == name) v = p.second;  // the last one wins, as with most tools
  return v;
}
bool options::flag(const std::string &name) const {
  for (const auto &f : set_flags_)
    if (f == name) return true;
  return false;
}

// ---- CSV ---------------------------------------------------------------------------------------

bool csv_reader::read_line() {
  line_buf_.clear();
  too_long_ = false;
  for (;;) {
    if (pos_ == len_) {
      if (eof_) return !line_buf_.empty() || too_long_;
      len_ = std::fread(block_.data(), 1, block_.size(), f_);
      pos_ = 0;
      if (len_ == 0) {
        eof_ = true;
        if (std::ferror(f_)) return false;
        return !line_buf_.empty() || too_long_;
      }
    }
    const char *p = block_.data() + pos_;
    const void *nl = std::memchr(p, '\n', len_ - pos_);
    const std::size_t take = nl ? static_cast<std::size_t>(static_cast<const char *>(nl) - p) : len_ - pos_;
    // A too-long line is consumed to its end but not stored.
    if (!too_long_) {
      if (line_buf_.size() + take > max_line_) {
        too_long_ = true;
        line_buf_.clear();
      } else {
        line_buf_.append(p, take);
      }
    }
    pos_ += take;
    if (nl) {
      ++pos_;
      return true;
    }
  }
}

bool csv_reader::split() {
  fields_.clear();
  spans_.clear();
  unquoted_.clear();
  std::string_view s(line_buf_);
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  // Quoted fields are unescaped into unquoted_; the views are made once it stops growing.
  struct piece { bool quoted; std::size_t a, b; };
  std::vector<piece> pieces;
  std::size_t i = 0;
  for (;;) {
    std::size_t j = i;
    while (j < s.size() && (s[j] == ' ' || s[j] == '\t')) ++j;
    if (j < s.size() && s[j] == '"') {
      const std::size_t start = unquoted_.size();
      ++j;
      for (;;) {
        if (j >= s.size()) {
          error_ = "unterminated quoted field";
          return false;
        }
        if (s[j] == '"') {
          if (j + 1 < s.size() && s[j + 1] == '"') {
            unquoted_ += '"';
            j += 2;
            continue;
          }
          ++j;
          break;
        }
        unquoted_ += s[j++];
      }
      while (j < s.size() && (s[j] == ' ' || s[j] == '\t')) ++j;
      if (j < s.size() && s[j] != ',') {
        error_ = "text after a closing quote";
        return false;
      }
      pieces.push_back({true, start, unquoted_.size()});
      i = j;
    } else {
      const std::size_t comma = s.find(',', i);
      const std::size_t e = comma == std::string_view::npos ? s.size() : comma;
      pieces.push_back({false, i, e});
      i = e;
    }
    if (i >= s.size()) break;
    ++i;  // the comma
    if (i == s.size()) {
      pieces.push_back({false, i, i});  // trailing comma: one more, empty field
      break;
    }
  }
  for (const piece &p : pieces)
    fields_.push_back(p.quoted ? std::string_view(unquoted_).substr(p.a, p.b - p.a)
                               : trim(s.substr(p.a, p.b - p.a)));
  return true;
}

csv_reader::result csv_reader::next() {
  for (;;) {
    if (!read_line()) return std::ferror(f_) ? io_error : end;
    ++line_;
    if (too_long_) {
      error_ = "line too long";
      return bad_record;
    }
    const std::string_view t = trim(line_buf_);
    if (t.empty() || t.front() == '#') continue;
    return split() ? record : bad_record;
  }
}

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + '"';
}

// ---- table -------------------------------------------------------------------------------------

std::size_t table::column(const char *spec, bool numeric) {
  cols_.push_back({spec, numeric, 0});
  return cols_.size() - 1;
}

bool table::resolve(const std::vector<std::string_view> &header, bool from_header) {
  for (col &c : cols_) {
    if (all_digits(c.spec)) {
      unsigned long long n = 0;
      if (!parse_count(c.spec.c_str(), 1, 1u << 20, n)) {
        status_ = fail(command_, c.spec.c_str(), "column numbers start at 1");
        return false;
      }
      c.index = static_cast<std::size_t>(n - 1);
      continue;
    }
    bool found = false;
    for (std::size_t i = 0; from_header && i < header.size() && !found; ++i)
      if (header[i] == c.spec) c.index = i, found = true;
    if (!found) {
      const std::string why = "no column named \"" + c.spec + "\" in the header row";
      status_ = fail(command_, file_, why.c_str());
      return false;
    }
  }
  return true;
}

bool table::reject(const char *why) {
  const std::string where = std::string(file_) + ":" + std::to_string(reader_.line());
  if (skip_bad_) {
    ++skipped_;
    return true;
  }
  status_ = fail(command_, where.c_str(), why);
  return false;
}

bool table::next() {
  if (status_) return false;
  for (;;) {
    const csv_reader::result r = reader_.next();
    if (r == csv_reader::end) return false;
    if (r == csv_reader::io_error) {
      status_ = fail(command_, file_, "read error");
      return false;
    }
    if (r == csv_reader::bad_record) {
      if (!reject(reader_.error())) return false;
      continue;
    }
    const auto &f = reader_.fields();
    if (!started_) {
      started_ = true;
      // The first record is a header when a column is named, or when a numeric column holds
      // text there (a "timestamp,value" header in front of numbered columns).
      bool header = false;
      for (const col &c : cols_) header = header || !all_digits(c.spec);
      if (!resolve(f, header)) return false;
      if (!header) {
        double ignored;
        for (const col &c : cols_)
          if (c.numeric && c.index < f.size() && !parse_double(f[c.index], ignored)) header = true;
      }
      if (header) continue;
    }
    cells_.assign(cols_.size(), std::string_view());
    numbers_.assign(cols_.size(), 0.0);
    bool ok = true;
    const char *why = "";
    std::string msg;
    for (std::size_t i = 0; i < cols_.size() && ok; ++i) {
      const col &c = cols_[i];
      if (c.index >= f.size()) {
        msg = "expected at least " + std::to_string(c.index + 1) + " fields, found " + std::to_string(f.size());
        why = msg.c_str();
        ok = false;
        break;
      }
      cells_[i] = f[c.index];
      if (c.numeric && !parse_double(f[c.index], numbers_[i])) {
        msg = "not a number: \"" + std::string(f[c.index]) + "\"";
        why = msg.c_str();
        ok = false;
      }
    }
    if (ok) return true;
    if (!reject(why)) return false;
  }
}

int table::finish() {
  if (status_ == 0 && skipped_)
    std::fprintf(stderr, "ek %s: %s: skipped %llu malformed row%s\n", command_, file_, skipped_,
                 skipped_ == 1 ? "" : "s");
  return status_;
}

}  // namespace ekcli
