// Streams the lines of a text file through a fixed buffer, so that a multi-GiB trace costs
// the same memory as a small one. Lines end at '\n'; a trailing '\r' is removed. A line
// longer than the limit is returned cut short and flagged, never buffered whole.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kvbench::workload {

class LineReader {
 public:
  static constexpr std::size_t kMaxLine = 1 << 20;

  // Opens `path`; on failure ok() is false and error() says why (strerror).
  explicit LineReader(const std::string& path, std::size_t buffer_bytes = 1 << 20);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  bool ok() const { return fd_ >= 0; }
  const std::string& error() const { return error_; }
  // The next line (valid until the next call), or false at the end of the file or on a read
  // error (then error() is set). `too_long`: the line exceeded kMaxLine and was cut.
  bool next(std::string_view& line, bool& too_long);

 private:
  bool fill();
  int fd_ = -1;
  std::vector<char> buf_;
  std::size_t pos_ = 0, end_ = 0;
  bool eof_ = false;
  std::string line_;  // a line that straddles buffer refills
  std::string error_;
};

}  // namespace kvbench::workload
