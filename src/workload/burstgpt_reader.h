// BurstGPT trace input (spec §5.6): resolving --burst-trace-path to files, parsing the CSV
// header and rows, and streaming the rows of all files in order with bounded memory. Only
// `Timestamp`, `Request tokens`, `Response tokens` and `Total tokens` are read; other columns
// (Model, Log Type) are ignored. The parsing functions are pure, for tests and fuzzing.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "workload/line_reader.h"

namespace kvbench::workload {

// A workload input that cannot be used (missing, unreadable, nothing usable in it). The
// message names the file; the run stops before it starts, exit code 2.
class WorkloadInputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct BurstRow {
  double timestamp = 0;  // seconds; 0 when the file has no Timestamp column
  std::uint64_t request_tokens = 0;
  std::uint64_t response_tokens = 0;
  std::uint64_t total_tokens = 0;  // the column, or request + response when it is absent
};

// Column positions in a header; -1 = absent. Request and Response tokens are required.
struct BurstColumns {
  int timestamp = -1, request = -1, response = -1, total = -1;
};

// Splits one CSV line into fields (comma separated, RFC 4180 double quotes; a quoted field's
// view excludes its quotes, and a doubled quote inside stays doubled: no number holds one).
// Returns false on an unterminated quote.
bool split_csv_line(std::string_view line, std::vector<std::string_view>& fields);

// nullopt when the header lacks `Request tokens` or `Response tokens`. A UTF-8 BOM and spaces
// around names are ignored.
std::optional<BurstColumns> parse_burstgpt_header(std::string_view line);

// nullopt for a malformed row: too few fields, a token count that is not a non-negative
// integer (up to 2^32), or a timestamp that is not a finite number. Whitespace around values
// is allowed, as Python's int()/float() allow it.
std::optional<BurstRow> parse_burstgpt_row(std::string_view line, const BurstColumns& cols);

// --burst-trace-path: a directory (its *.csv files), a glob (a path with '*' or '?'), or one
// file; lists are sorted by name. Throws WorkloadInputError naming the path if nothing matches.
std::vector<std::string> resolve_burst_trace_files(const std::string& path);

// One pass over the rows of `files`, in order. Blank lines are ignored; malformed rows are
// skipped and counted. A file that cannot be opened or whose header lacks the token columns
// is skipped with a warning (the start-up check has already refused such files).
class BurstTraceReader {
 public:
  explicit BurstTraceReader(std::vector<std::string> files);
  std::optional<BurstRow> next();
  std::uint64_t rows() const { return rows_; }
  std::uint64_t malformed_rows() const { return malformed_; }
  std::uint64_t unusable_files() const { return unusable_files_; }

 private:
  bool open_next_file();
  std::vector<std::string> files_;
  std::size_t next_file_ = 0;
  std::unique_ptr<LineReader> reader_;
  BurstColumns columns_;
  std::uint64_t rows_ = 0, malformed_ = 0, unusable_files_ = 0;
};

// Start-up check of one file: readable, a usable header, and at least one usable row
// (reading only up to that row). Throws WorkloadInputError naming the file otherwise.
void check_burst_trace_file(const std::string& path);

}  // namespace kvbench::workload
