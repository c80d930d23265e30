// What each libFuzzer target does with one input, shared by the *_fuzz.cpp targets (clang,
// -fsanitize=fuzzer) and by fuzz_corpus_test.cpp, which replays every seed and every crash
// ever found through the same code in the ordinary (and sanitizer) test builds.
// A harness returns normally for any input the parser must handle: accepted, or refused with
// the documented error. Anything else (a crash, an undocumented exception, a sanitizer report,
// a broken promise checked below) is a finding.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "cli/command_line.h"
#include "app/command_table.h"
#include "config/config_loader.h"
#include "model/model_spec.h"
#include "trace/trace_reader.h"
#include "workload/burstgpt_reader.h"
#include "workload/sharegpt_dataset.h"
#include "workload/validation_trace.h"

namespace kvbench::fuzz {

// A broken promise: print it and abort, so libFuzzer saves the input.
[[noreturn]] inline void finding(const std::string& what) {
  std::fprintf(stderr, "fuzz finding: %s\n", what.c_str());
  std::abort();
}

inline std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t nl = text.find('\n', start);
    const std::size_t end = nl == std::string_view::npos ? text.size() : nl;
    out.emplace_back(text.substr(start, end - start));
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return out;
}

// Command line: one argument per line of the input. Both parsers that read argv are driven:
// the run flags (build_run_config, with --config and the run: section) and `kvbench models`.
inline void run_cli_args(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // --config reads a file: keep the fuzzer away from device and kernel files (a read of
  // /dev/zero never ends). Relative names read files of the working directory, which is fine.
  for (const char* risky : {"/dev", "/proc", "/sys"})
    if (text.find(risky) != std::string_view::npos) return;
  const std::vector<std::string> args = split_lines(text);

  const cli::BuildResult r = cli::build_run_config(args, "20260101_000000");
  if (r.config && !r.errors.empty()) finding("a RunConfig was built despite errors");
  if (!r.help && !r.config && r.errors.empty()) finding("neither a RunConfig nor an error");
  for (const auto& e : r.errors)
    if (e.empty()) finding("an empty error message");
  if (r.config) {
    if (!r.config->settings.find_model(r.config->model)) finding("accepted an unknown model");
    if (r.config->num_users <= 0 || r.config->duration <= 0)
      finding("accepted a non-positive bound");
  }

  std::ostringstream out, err;
  std::vector<std::string> models_args{"models"};
  models_args.insert(models_args.end(), args.begin(), args.end());
  const int code = app::dispatch(models_args, out, err);
  if (code != 0 && code != 2) finding("models exited " + std::to_string(code));
  if (code == 2 && err.str().empty()) finding("models failed without a message");
}

// config.yaml text: accepted, or refused with a ConfigError that names the file.
inline void run_config_yaml(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  static const std::string kSource = "fuzz.yaml";
  try {
    const config::LoadedConfig loaded = config::load_config_text(text, kSource);
    for (const auto& m : loaded.settings.models) {
      // What the run does next with a model: size its entries.
      const std::uint64_t bpt = model::bytes_per_token(m);
      if (bpt == 0) finding("model '" + m.key + "' accepted with 0 KV bytes per token");
      (void)model::entry_bytes(m, 1000, 8);
    }
    for (const auto& entry : loaded.run)
      if (entry.line < 1) finding("run: entry '" + entry.key + "' without a line number");
  } catch (const config::ConfigError& e) {
    const std::string_view msg = e.what();
    if (msg.substr(0, kSource.size()) != kSource)
      finding("ConfigError does not name the file: " + std::string(msg));
  }
}

// The input as a file that the file readers open by path. It lives in a memfd, so no disk is
// touched and nothing is left behind.
class MemFile {
 public:
  MemFile(const std::uint8_t* data, std::size_t size)
      : fd_(::memfd_create("kvbench-fuzz", MFD_CLOEXEC)) {
    if (fd_ < 0) finding("memfd_create failed");
    for (std::size_t done = 0; done < size;) {
      const ssize_t n = ::write(fd_, data + done, size - done);
      if (n <= 0) finding("write to memfd failed");
      done += static_cast<std::size_t>(n);
    }
  }
  ~MemFile() { ::close(fd_); }
  MemFile(const MemFile&) = delete;
  MemFile& operator=(const MemFile&) = delete;
  std::string path() const { return "/proc/self/fd/" + std::to_string(fd_); }

 private:
  int fd_;
};

// A trace file (plain CSV or zstd): every row read, or a TraceFormatError / runtime_error
// naming the file.
inline void run_trace_reader(const std::uint8_t* data, std::size_t size) {
  const MemFile file(data, size);
  const std::string path = file.path();
  try {
    auto reader = trace::TraceReader::open(path);
    trace::TraceRow row;
    std::uint64_t last_line = 1;
    while (reader->next(row)) {
      if (reader->line() <= last_line) finding("row line numbers do not increase");
      last_line = reader->line();
      if (static_cast<int>(row.tier) >= kLevelCount) finding("tier out of range");
    }
  } catch (const trace::TraceFormatError& e) {
    if (std::string_view(e.what()).substr(0, path.size()) != path)
      finding("TraceFormatError does not name the file");
  } catch (const std::runtime_error& e) {
    if (std::string_view(e.what()).find(path) == std::string_view::npos)
      finding("trace read error does not name the file: " + std::string(e.what()));
  }
}

// A BurstGPT CSV (--burst-trace-path): the pure header and row parsers line by line, then the
// start-up check and the streaming reader on the same bytes as a file.
inline void run_burstgpt_csv(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::vector<std::string> lines = split_lines(text);
  if (const auto cols = workload::parse_burstgpt_header(lines.front())) {
    if (cols->request < 0 || cols->response < 0)
      finding("header accepted without the token columns");
    for (std::size_t i = 1; i < lines.size(); ++i)
      if (const auto row = workload::parse_burstgpt_row(lines[i], *cols))
        if (!std::isfinite(row->timestamp)) finding("row accepted with a non-finite timestamp");
  }
  const MemFile file(data, size);
  try {
    workload::check_burst_trace_file(file.path());
  } catch (const workload::WorkloadInputError& e) {
    if (std::string_view(e.what()).find(file.path()) == std::string_view::npos)
      finding("BurstGPT error does not name the file: " + std::string(e.what()));
  }
  workload::BurstTraceReader reader({file.path()});
  std::uint64_t rows = 0;
  while (const auto row = reader.next()) {
    if (!std::isfinite(row->timestamp)) finding("streamed row with a non-finite timestamp");
    ++rows;
  }
  if (rows != reader.rows()) finding("BurstTraceReader::rows() disagrees with the rows returned");
}

// A ShareGPT JSON dataset (--dataset-path), with small caps so the limits are exercised.
inline void run_sharegpt_json(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  workload::ShareGptOptions options;
  options.max_conversations = 16;
  options.chars_per_token = 3;
  options.max_context_tokens = 64;
  options.max_generation_tokens = 32;
  const workload::ShareGptDataset d = workload::parse_sharegpt(text, options);
  if (d.records_read > options.max_conversations) finding("read past max_conversations");
  if (d.conversations.size() > d.records_read) finding("more conversations than records read");
  for (const auto& c : d.conversations) {
    if (c.turns.empty()) finding("a conversation without a turn was kept");
    for (const auto& t : c.turns) {
      if (t.context_tokens < 1 || t.context_tokens > options.max_context_tokens)
        finding("context tokens outside [1, cap]");
      if (t.generation_tokens < 1 || t.generation_tokens > options.max_generation_tokens)
        finding("generation tokens outside [1, cap]");
    }
  }
}

// A --validation-trace JSON file, then what the run does with it: the results' comparison.
inline void run_validation_trace(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const workload::ValidationTrace t = workload::parse_validation_trace(text);
  if (t.cache_hits > t.total_requests) finding("more hits than requests");
  const double rate = t.cache_hit_rate();
  if (!(rate >= 0 && rate <= 1)) finding("hit rate outside [0, 1]");
  if (t.error.empty()) {
    (void)workload::compare_with_trace(t, 0.5).dump();
    (void)t.stats_json().dump();
  }
}

}  // namespace kvbench::fuzz
