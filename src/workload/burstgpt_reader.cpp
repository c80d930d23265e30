#include "workload/burstgpt_reader.h"

#include <glob.h>
#include <sys/stat.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>

#include "common/log.h"

namespace kvbench::workload {
namespace {

// Larger counts are not token counts; refusing them keeps entry sizes far from overflow.
constexpr std::uint64_t kMaxTokens = 1ull << 32;

std::string_view trim(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::optional<std::uint64_t> parse_count(std::string_view text) {
  text = trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  std::uint64_t v = 0;
  const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v > kMaxTokens) return std::nullopt;
  return v;
}

std::optional<double> parse_seconds(std::string_view text) {
  text = trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  double v = 0;
  const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

bool is_directory(const std::string& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool is_regular_file(const std::string& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::vector<std::string> glob_files(const std::string& pattern) {
  std::vector<std::string> out;
  glob_t g{};
  if (::glob(pattern.c_str(), 0, nullptr, &g) == 0)
    for (std::size_t i = 0; i < g.gl_pathc; ++i)
      if (is_regular_file(g.gl_pathv[i])) out.emplace_back(g.gl_pathv[i]);
  ::globfree(&g);
  std::sort(out.begin(), out.end());  // byte order, as Python's sorted()
  return out;
}

}  // namespace

bool split_csv_line(std::string_view line, std::vector<std::string_view>& fields) {
  fields.clear();
  std::size_t i = 0;
  for (;;) {
    if (i < line.size() && line[i] == '"') {
      const std::size_t start = ++i;
      for (;;) {
        const std::size_t q = line.find('"', i);
        if (q == std::string_view::npos) return false;
        if (q + 1 < line.size() && line[q + 1] == '"') {
          i = q + 2;
          continue;
        }
        fields.push_back(line.substr(start, q - start));
        i = q + 1;
        break;
      }
      // Anything between the closing quote and the next comma is dropped (Python's csv would
      // append it to the field; no well-formed number is written that way).
      const std::size_t comma = line.find(',', i);
      if (comma == std::string_view::npos) return true;
      i = comma + 1;
      continue;
    }
    const std::size_t comma = line.find(',', i);
    if (comma == std::string_view::npos) {
      fields.push_back(line.substr(i));
      return true;
    }
    fields.push_back(line.substr(i, comma - i));
    i = comma + 1;
  }
}

std::optional<BurstColumns> parse_burstgpt_header(std::string_view line) {
  if (line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
  std::vector<std::string_view> fields;
  if (!split_csv_line(line, fields)) return std::nullopt;
  BurstColumns c;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const std::string_view name = trim(fields[i]);
    const int idx = static_cast<int>(i);
    // The first column of a name wins, as with a dict built from a header with duplicates
    // the last would: either is arbitrary, the first is what a reader of the file sees.
    if (name == "Timestamp" && c.timestamp < 0) c.timestamp = idx;
    else if (name == "Request tokens" && c.request < 0) c.request = idx;
    else if (name == "Response tokens" && c.response < 0) c.response = idx;
    else if (name == "Total tokens" && c.total < 0) c.total = idx;
  }
  if (c.request < 0 || c.response < 0) return std::nullopt;
  return c;
}

std::optional<BurstRow> parse_burstgpt_row(std::string_view line, const BurstColumns& cols) {
  thread_local std::vector<std::string_view> fields;
  if (!split_csv_line(line, fields)) return std::nullopt;
  const auto field = [&](int idx) -> std::optional<std::string_view> {
    if (idx < 0 || static_cast<std::size_t>(idx) >= fields.size()) return std::nullopt;
    return fields[static_cast<std::size_t>(idx)];
  };
  BurstRow row;
  if (cols.timestamp >= 0) {
    const auto f = field(cols.timestamp);
    const auto ts = f ? parse_seconds(*f) : std::nullopt;
    if (!ts) return std::nullopt;
    row.timestamp = *ts;
  }
  const auto req = field(cols.request);
  const auto resp = field(cols.response);
  const auto request = req ? parse_count(*req) : std::nullopt;
  const auto response = resp ? parse_count(*resp) : std::nullopt;
  if (!request || !response) return std::nullopt;
  row.request_tokens = *request;
  row.response_tokens = *response;
  row.total_tokens = *request + *response;
  if (cols.total >= 0) {
    const auto f = field(cols.total);
    const auto total = f ? parse_count(*f) : std::nullopt;
    if (!total) return std::nullopt;
    row.total_tokens = *total;
  }
  return row;
}

std::vector<std::string> resolve_burst_trace_files(const std::string& path) {
  std::vector<std::string> files;
  if (path.empty()) throw WorkloadInputError("--burst-trace-path is empty");
  if (is_directory(path)) {
    files = glob_files((std::filesystem::path(path) / "*.csv").string());
    if (files.empty())
      throw WorkloadInputError("--burst-trace-path '" + path + "': the directory holds no *.csv file");
  } else if (path.find_first_of("*?") != std::string::npos) {
    files = glob_files(path);
    if (files.empty()) throw WorkloadInputError("--burst-trace-path '" + path + "': no file matches");
  } else if (is_regular_file(path)) {
    files.push_back(path);
  } else {
    throw WorkloadInputError("--burst-trace-path '" + path + "': no such file or directory");
  }
  return files;
}

void check_burst_trace_file(const std::string& path) {
  LineReader in(path);
  if (!in.ok()) throw WorkloadInputError("BurstGPT trace '" + path + "': cannot open: " + in.error());
  std::string_view line;
  bool too_long = false;
  std::optional<BurstColumns> cols;
  while (in.next(line, too_long)) {
    if (trim(line).empty()) continue;
    if (!cols) {
      cols = parse_burstgpt_header(line);
      if (!cols)
        throw WorkloadInputError("BurstGPT trace '" + path +
                                 "': the header has no 'Request tokens' and 'Response tokens' columns");
      continue;
    }
    if (!too_long && parse_burstgpt_row(line, *cols)) return;
  }
  if (!in.error().empty()) throw WorkloadInputError("BurstGPT trace '" + path + "': read error: " + in.error());
  throw WorkloadInputError("BurstGPT trace '" + path + "': no usable row" +
                           (cols ? std::string() : std::string(" (the file is empty)")));
}

BurstTraceReader::BurstTraceReader(std::vector<std::string> files) : files_(std::move(files)) {}

bool BurstTraceReader::open_next_file() {
  while (next_file_ < files_.size()) {
    const std::string& path = files_[next_file_++];
    reader_ = std::make_unique<LineReader>(path);
    if (!reader_->ok()) {
      log::warning("BurstGPT trace '" + path + "': cannot open: " + reader_->error() + "; skipped");
      ++unusable_files_;
      continue;
    }
    std::string_view line;
    bool too_long = false;
    std::optional<BurstColumns> cols;
    while (!cols && reader_->next(line, too_long))
      if (!trim(line).empty()) cols = parse_burstgpt_header(line);
    if (!cols) {
      log::warning("BurstGPT trace '" + path + "': no usable header; skipped");
      ++unusable_files_;
      continue;
    }
    columns_ = *cols;
    return true;
  }
  reader_.reset();
  return false;
}

std::optional<BurstRow> BurstTraceReader::next() {
  for (;;) {
    if (!reader_ && !open_next_file()) return std::nullopt;
    std::string_view line;
    bool too_long = false;
    if (!reader_->next(line, too_long)) {
      if (!reader_->error().empty())
        log::warning("BurstGPT trace '" + files_[next_file_ - 1] + "': read error: " + reader_->error());
      reader_.reset();
      continue;
    }
    if (trim(line).empty()) continue;
    auto row = too_long ? std::nullopt : parse_burstgpt_row(line, columns_);
    if (!row) {
      ++malformed_;
      continue;
    }
    ++rows_;
    return row;
  }
}

}  // namespace kvbench::workload
