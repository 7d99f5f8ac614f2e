// ek tool internals shared by its commands: errors, input files, number formatting, options and
// a streaming CSV reader. Everything here is about the tool, not the library.
#ifndef EK_CLI_CLI_HPP
#define EK_CLI_CLI_HPP

#include <charconv>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace ekcli {

// Prints "ek WHAT: NAME: DETAIL" to stderr; returns the exit status 1.
int fail(const char *what, const char *name, const char *detail);
// FILE or stdin ("-"), binary mode; close with close_input.
std::FILE *open_input(const char *name);
void close_input(std::FILE *f);
// Flushes stdout and turns a write error (full disk, closed pipe) into exit status 1.
int finish_stdout();

// Shortest text that reads back as the same double ("nan", "inf", "-inf" for the specials).
#if defined(__EMSCRIPTEN__)
std::string shortest(double v);  // cli.cpp: Emscripten's libc++ has no floating to_chars
inline std::string fmt(double v) { return shortest(v); }
#else
inline std::string fmt(double v) {
  char s[64];
  const auto r = std::to_chars(s, s + sizeof s, v);
  return std::string(s, r.ptr);
}
#endif
// The whole field must be a number (surrounding blanks allowed); "nan" and "inf" are numbers.
bool parse_double(std::string_view s, double &out);
// A non-negative integer, no sign, no blanks, within [lo, hi].
bool parse_count(const char *s, unsigned long long lo, unsigned long long hi, unsigned long long &out);

// `--name value` and `--name=value` options, `--flag` switches, and positional arguments.
// Unknown options are errors: a misspelt option must not silently change the meaning of a run.
class options {
 public:
  // takes_value: names of options that need a value; flags: names of switches (both without --).
  options(std::vector<std::string> takes_value, std::vector<std::string> flags)
      : valued_(std::move(takes_value)), flags_(std::move(flags)) {}
  // false with error() set on an unknown option or a missing value.
  bool parse(int argc, char **argv);
  const char *get(const std::string &name) const;  // nullptr when not given
  bool flag(const std::string &name) const;
  const std::vector<const char *> &positional() const { return positional_; }
  const std::string &error() const { return error_; }

 private:
  std::vector<std::string> valued_, flags_;
  std::vector<std::pair<std::string, const char *>> values_;
  std::vector<std::string> set_flags_;
  std::vector<const char *> positional_;
  std::string error_;
};

// Reads CSV one record at a time from a stream in fixed-size blocks, so files of any length
// take bounded memory. One record per line (quoted fields follow RFC 4180, "" is a quote, but
// may not span lines); a trailing \r is dropped; blank lines and lines starting with '#' are
// skipped. Lines longer than max_line bytes are an error rather than an unbounded allocation.
class csv_reader {
 public:
  static constexpr std::size_t default_max_line = 1u << 20;
  csv_reader(std::FILE *f, std::size_t max_line = default_max_line) : f_(f), max_line_(max_line) {}

  enum result { record, end, bad_record, io_error };
  // record: fields() holds the record's fields (valid until the next call). bad_record: this
  // line cannot be split (unterminated quote, too long); error() says why and the reader is
  // positioned at the next line.
  result next();
  const std::vector<std::string_view> &fields() const { return fields_; }
  unsigned long long line() const { return line_; }
  const char *error() const { return error_; }

 private:
  bool read_line();
  bool split();
  std::FILE *f_;
  std::size_t max_line_;
  std::vector<char> block_ = std::vector<char>(1u << 16);
  std::size_t pos_ = 0, len_ = 0;
  bool eof_ = false, too_long_ = false;
  std::string line_buf_, unquoted_;
  std::vector<std::string_view> fields_;
  std::vector<std::pair<std::size_t, std::size_t>> spans_;
  unsigned long long line_ = 0;
  const char *error_ = "";
};

// A field as CSV output: quoted when it holds a comma, quote, CR or LF.
std::string csv_field(std::string_view s);

// Rows of a table for the analytics commands: picks the columns by header name or 1-based
// number, recognises a header row, and applies the malformed-row policy (stop with an error
// naming the line, or --skip-bad to count and skip). Usage:
//   table t("zscore", name, file); t.want("timestamp", time_col) ...; while (t.next()) {...}
class table {
 public:
  table(const char *command, const char *file_name, std::FILE *f, bool skip_bad)
      : command_(command), file_(file_name), reader_(f), skip_bad_(skip_bad) {}
  // Declares a column, by header name or 1-based number; numeric columns must parse as numbers.
  // Returns the column's slot for field()/number().
  std::size_t column(const char *spec, bool numeric);
  // The next good row; false at the end or on an error (then status() is non-zero).
  bool next();
  std::string_view field(std::size_t slot) const { return cells_[slot]; }
  double number(std::size_t slot) const { return numbers_[slot]; }
  // Zero, or the exit status after an error (already reported on stderr).
  int status() const { return status_; }
  // Reports the skipped-row count on stderr (when --skip-bad skipped any); returns status().
  int finish();
  // Fails naming the current line: for rows the commands reject after parsing.
  bool reject(const char *why);

 private:
  bool resolve(const std::vector<std::string_view> &header, bool from_header);
  struct col { std::string spec; bool numeric; std::size_t index; };
  const char *command_, *file_;
  csv_reader reader_;
  bool skip_bad_;
  bool started_ = false;
  std::vector<col> cols_;
  std::vector<std::string_view> cells_;
  std::vector<double> numbers_;
  unsigned long long skipped_ = 0;
  int status_ = 0;
};

}  // namespace ekcli

#endif
