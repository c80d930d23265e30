// A block of formatted trace rows: what a producer thread fills and the writer thread writes.
// Each row's timestamp and end are kept beside the bytes, so the writer can merge the blocks of
// many threads into one file in timestamp order without parsing the text back.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace kvbench::trace {

struct RowMark {
  std::int64_t timestamp_us;
  std::uint32_t end;  // one past the row's last byte, from the block's start
};

struct RowBlock {
  // The shortest row is about 30 bytes; reserving for 40-byte rows keeps the hot path from
  // growing the marks in all but key-less traces.
  explicit RowBlock(std::size_t cap)
      : data(std::make_unique_for_overwrite<char[]>(cap)), capacity(cap) {
    marks.reserve(cap / 40 + 1);
  }

  char* cursor() { return data.get() + used; }
  std::size_t space() const { return capacity - used; }
  std::string_view bytes() const { return {data.get(), used}; }
  std::size_t rows() const { return marks.size(); }
  void clear() {
    used = 0;
    marks.clear();
  }

  std::unique_ptr<char[]> data;
  std::size_t capacity;
  std::size_t used = 0;
  // One per row in `used`, in the order the producer recorded them.
  std::vector<RowMark> marks;
  std::uint32_t producer = 0;  // the ProducerSlot index that filled it
};

using RowBlockPtr = std::unique_ptr<RowBlock>;

}  // namespace kvbench::trace
