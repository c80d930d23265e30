// A block of formatted trace rows: what a producer thread fills and the writer thread writes.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

namespace kvbench::trace {

struct RowBlock {
  explicit RowBlock(std::size_t cap)
      : data(std::make_unique_for_overwrite<char[]>(cap)), capacity(cap) {}

  char* cursor() { return data.get() + used; }
  std::size_t space() const { return capacity - used; }
  std::string_view bytes() const { return {data.get(), used}; }

  std::unique_ptr<char[]> data;
  std::size_t capacity;
  std::size_t used = 0;
  std::size_t rows = 0;  // rows in `used`: what the file holds once the block is written
};

using RowBlockPtr = std::unique_ptr<RowBlock>;

}  // namespace kvbench::trace
