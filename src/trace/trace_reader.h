// Streams the rows of a trace written by TraceWriter or by the reference (plain CSV or zstd),
// checking each against spec §7.2; for tests now and the `replay` command.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/io_types.h"

namespace kvbench::trace {

struct TraceRow {
  std::int64_t timestamp_us = 0;
  IoOp op = IoOp::Read;
  std::uint64_t size = 0;
  Level tier = Level::Gpu;
  std::string key;
  Phase phase = Phase::Prefill;
};

// A line that is not a trace row. what() reads "<path>:<line>: <reason>".
class TraceFormatError : public std::runtime_error {
 public:
  TraceFormatError(const std::string& path, std::uint64_t line, const std::string& reason);
  std::uint64_t line() const { return line_; }

 private:
  std::uint64_t line_;
};

class ByteSource;

class TraceReader {
 public:
  // Opens the file and checks the header. Throws std::runtime_error naming the path, or
  // TraceFormatError for a wrong header.
  static std::unique_ptr<TraceReader> open(const std::string& path);
  ~TraceReader();
  TraceReader(const TraceReader&) = delete;
  TraceReader& operator=(const TraceReader&) = delete;

  // Fills `row` with the next row; false at the end. Throws TraceFormatError for a malformed
  // row and std::runtime_error for a read error or a truncated zstd frame.
  bool next(TraceRow& row);

  // Line (1-based; the header is line 1) where the last row returned starts.
  std::uint64_t line() const { return record_line_; }
  const std::string& path() const { return path_; }

 private:
  TraceReader(std::string path, std::unique_ptr<ByteSource> source);
  // Splits the next record into fields_; false at the end of input.
  bool next_record();
  bool fill();
  [[noreturn]] void fail(const std::string& reason) const;

  std::string path_;
  std::unique_ptr<ByteSource> source_;
  std::vector<char> buf_;
  std::size_t begin_ = 0;  // first unparsed byte
  std::size_t end_ = 0;    // one past the last byte read
  bool eof_ = false;
  std::uint64_t next_line_ = 1;
  std::uint64_t record_line_ = 0;
  std::vector<std::string> fields_;
};

}  // namespace kvbench::trace
