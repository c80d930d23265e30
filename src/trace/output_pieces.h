// The merged rows on their way to the sink, in file order. A long run of rows (a whole block, as
// a single thread or the virtual clock hands over) stays where it is, as a view into its block:
// the blocks outlive the sink's write, and copying them cost the writer a third of its CSV
// throughput. Short runs, which rows interleaved from many threads make, are copied into reused
// staging chunks, so they do not become one iovec each.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace kvbench::trace {

class OutputPieces {
 public:
  void append(const char* data, std::size_t n) {
    if (n == 0) return;
    if (n >= kCopyBelow) return add_view(data, n);
    if (chunks_.empty() || used_ + n > kChunk) next_chunk();
    char* at = chunks_[current_].get() + used_;
    std::memcpy(at, data, n);
    used_ += n;
    add_view(at, n);
  }
  std::span<const std::string_view> pieces() const { return pieces_; }
  std::size_t bytes() const { return bytes_; }
  bool empty() const { return pieces_.empty(); }
  // Forgets the pieces; the staging chunks are kept for the next batch.
  void clear() {
    pieces_.clear();
    bytes_ = 0;
    current_ = 0;
    used_ = 0;
  }

 private:
  static constexpr std::size_t kCopyBelow = 16 * 1024;
  static constexpr std::size_t kChunk = 256 * 1024;

  void add_view(const char* data, std::size_t n) {
    bytes_ += n;
    if (!pieces_.empty() && pieces_.back().data() + pieces_.back().size() == data) {
      pieces_.back() = std::string_view(pieces_.back().data(), pieces_.back().size() + n);
      return;
    }
    pieces_.emplace_back(data, n);
  }
  // The chunk being filled is full (or there is none yet): on to the next, made if need be.
  void next_chunk() {
    if (current_ < chunks_.size()) ++current_;
    if (current_ == chunks_.size()) chunks_.push_back(std::make_unique<char[]>(kChunk));
    used_ = 0;
  }

  std::vector<std::string_view> pieces_;
  std::size_t bytes_ = 0;
  std::vector<std::unique_ptr<char[]>> chunks_;
  std::size_t current_ = 0;  // the chunk being filled
  std::size_t used_ = 0;     // bytes of it in use
};

}  // namespace kvbench::trace
