// Where the trace reader's bytes come from: a plain file, or a zstd stream decompressed on the
// fly (recognised by its magic number, so a renamed file still reads).
#pragma once

#include <cstddef>
#include <memory>
#include <string>

namespace kvbench::trace {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Fills up to `capacity` bytes; 0 means the end. Throws std::runtime_error naming the file
  // on a read error or a truncated zstd frame.
  virtual std::size_t read(char* out, std::size_t capacity) = 0;
};

// Throws std::runtime_error naming the path if it cannot be opened.
std::unique_ptr<ByteSource> open_source(const std::string& path);

}  // namespace kvbench::trace
