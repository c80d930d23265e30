// Puts the rows of many producer threads into one timestamp-ordered stream (a causal trace:
// no key's Read precedes its Write in file order). Blocks wait here until the watermark, the
// oldest timestamp any producer may still record, passes them; each producer's rows keep the
// order it recorded them in, so a one-thread trace leaves byte for byte as it came.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <limits>
#include <queue>
#include <string>
#include <utility>
#include <vector>

#include "trace/output_pieces.h"
#include "trace/row_block.h"

namespace kvbench::trace {

class ProducerRegistry;

// The oldest timestamp a row not yet handed to the writer may carry, over every producer;
// nullopt-like kBusy when the registry could not be read without waiting.
inline constexpr std::int64_t kWatermarkBusy = std::numeric_limits<std::int64_t>::min();
std::int64_t read_watermark(ProducerRegistry& registry);

class RowMerger {
 public:
  // Blocks of one producer must come in the order it filled them.
  void add(RowBlockPtr block);

  // Appends to `out` every held row stamped at or before `watermark`, oldest first (ties: lower
  // producer index first). With `keep_bytes`, stops once no more than that is held: the bound
  // on memory when a producer stalls the watermark. Returns the rows appended.
  std::uint64_t emit(std::int64_t watermark, OutputPieces& out, std::size_t keep_bytes = 0);

  // Blocks whose rows have all been emitted, for reuse; `out` gets them appended. Call it only
  // once the pieces emitted are written: they point into these blocks.
  void take_consumed(std::vector<RowBlockPtr>& out);

  bool empty() const { return heads_.empty(); }
  std::size_t held_bytes() const { return held_bytes_; }
  // The newest row held (kNone when empty): a producer's partial block older than this holds
  // rows back, so the writer asks for it.
  std::int64_t newest() const { return empty() ? kNone : newest_; }
  // Rows emitted older than a row emitted before them: only when memory forced rows out early.
  std::uint64_t rows_out_of_order() const { return out_of_order_; }

  static constexpr std::int64_t kNone = std::numeric_limits<std::int64_t>::min();

 private:
  struct Lane {
    std::deque<RowBlockPtr> blocks;
    std::size_t next_row = 0;  // in blocks.front()
  };
  using Head = std::pair<std::int64_t, std::uint32_t>;  // next row's timestamp, lane

  std::int64_t head_time(const Lane& lane) const;
  // Appends the lane's rows from its head while they are stamped at or before `limit`.
  std::uint64_t emit_run(Lane& lane, std::int64_t limit, OutputPieces& out);

  std::deque<Lane> lanes_;  // a deque: Lane holds move-only blocks and never relocates
  std::priority_queue<Head, std::vector<Head>, std::greater<>> heads_;  // lanes holding rows
  std::vector<RowBlockPtr> consumed_;
  std::size_t held_bytes_ = 0;
  std::int64_t newest_ = kNone;
  std::int64_t last_emitted_ = kNone;
  std::uint64_t out_of_order_ = 0;
};

}  // namespace kvbench::trace
