// Where the trace's bytes go: the plain CSV file, or one zstd frame streamed into it. Only the
// writer thread (and TraceWriter::open, before that thread starts) touches a sink.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "trace/unique_fd.h"

namespace kvbench::trace {

class ByteSink {
 public:
  virtual ~ByteSink() = default;
  // Appends the pieces in order. Throws std::system_error carrying errno on failure.
  virtual void write(std::span<const std::string_view> pieces) = 0;
  // Ends the stream (zstd: the frame's last block), fsyncs and closes. Throws std::system_error.
  virtual void finish() = 0;
};

// Spec §7.4: the last suffix decides, exactly ".zst".
bool has_zstd_suffix(std::string_view path);

std::unique_ptr<ByteSink> make_plain_sink(UniqueFd fd);
// Level 3, no checksum, unknown content size: the frame the reference's python-zstandard writes.
std::unique_ptr<ByteSink> make_zstd_sink(UniqueFd fd, int level);

// Creates the file (folders too) and picks the sink by suffix. Throws std::runtime_error naming
// the path.
std::unique_ptr<ByteSink> open_sink(const std::string& path, int zstd_level);

}  // namespace kvbench::trace
