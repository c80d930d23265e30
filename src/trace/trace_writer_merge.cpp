#include "trace/trace_writer_merge.h"

#include <algorithm>
#include <mutex>

#include "trace/producer_registry.h"

namespace kvbench::trace {
namespace {

// What a slot may still hand over, at the earliest. Rows of one producer are assumed in
// timestamp order (a thread stamps from a monotonic clock).
std::int64_t slot_bound(ProducerSlot& slot, std::int64_t newest_stamped) {
  // Read first_unsent before latest: a row recorded between the two reads moves latest to
  // its own timestamp, which still bounds it.
  const std::int64_t first = slot.first_unsent_us.load(std::memory_order_acquire);
  if (first != ProducerSlot::kNoRow) return first;
  if (slot.orphaned.load(std::memory_order_acquire)) return ProducerSlot::kNoRow;  // no more rows
  const std::int64_t latest = slot.latest_us.load(std::memory_order_acquire);
  if (!slot.stamps_under_lock.load(std::memory_order_relaxed)) return latest;
  // An idle slot that stamps under its lock: its next row is stamped after we release the lock,
  // so it is no older than any row whose timestamp we have read (newest_stamped). Without this an
  // idle thread would hold every other thread's rows back.
  std::unique_lock lock(slot.mu, std::try_to_lock);
  if (!lock.owns_lock() || slot.first_unsent_us.load(std::memory_order_relaxed) != ProducerSlot::kNoRow)
    return std::min(latest, slot.first_unsent_us.load(std::memory_order_relaxed));
  return std::max(latest, newest_stamped);
}

}  // namespace

std::int64_t read_watermark(ProducerRegistry& registry) {
  std::int64_t newest = kWatermarkBusy;
  const bool read = registry.try_visit([&](ProducerSlot& slot) {
    newest = std::max(newest, slot.latest_us.load(std::memory_order_acquire));
  });
  if (!read) return kWatermarkBusy;
  std::int64_t watermark = ProducerSlot::kNoRow;
  if (!registry.try_visit(
          [&](ProducerSlot& slot) { watermark = std::min(watermark, slot_bound(slot, newest)); }))
    return kWatermarkBusy;
  return watermark;
}

void RowMerger::add(RowBlockPtr block) {
  if (!block || block->rows() == 0) {
    if (block) consumed_.push_back(std::move(block));
    return;
  }
  const std::uint32_t index = block->producer;
  if (index >= lanes_.size()) lanes_.resize(index + 1);
  Lane& lane = lanes_[index];
  newest_ = std::max(newest_, block->marks.back().timestamp_us);
  held_bytes_ += block->capacity;
  lane.blocks.push_back(std::move(block));
  if (lane.blocks.size() == 1) heads_.push({head_time(lane), index});
}

std::int64_t RowMerger::head_time(const Lane& lane) const {
  return lane.blocks.front()->marks[lane.next_row].timestamp_us;
}

std::uint64_t RowMerger::emit(std::int64_t watermark, OutputPieces& out, std::size_t keep_bytes) {
  std::uint64_t rows = 0;
  while (!heads_.empty() && (keep_bytes == 0 || held_bytes_ > keep_bytes)) {
    const auto [time, index] = heads_.top();
    if (time > watermark) break;
    heads_.pop();
    // Up to the next lane's head: rows of this lane stamped no later than it go first.
    const std::int64_t limit = heads_.empty() ? watermark : std::min(watermark, heads_.top().first);
    Lane& lane = lanes_[index];
    rows += emit_run(lane, std::max(limit, time), out);
    if (!lane.blocks.empty()) heads_.push({head_time(lane), index});
  }
  return rows;
}

std::uint64_t RowMerger::emit_run(Lane& lane, std::int64_t limit, OutputPieces& out) {
  std::uint64_t rows = 0;
  while (!lane.blocks.empty()) {
    RowBlock& block = *lane.blocks.front();
    const std::size_t first = lane.next_row;
    std::size_t row = first;
    while (row < block.marks.size() && block.marks[row].timestamp_us <= limit) {
      const std::int64_t t = block.marks[row].timestamp_us;
      if (t < last_emitted_) ++out_of_order_;
      last_emitted_ = t;
      ++row;
    }
    if (row > first) {
      const std::size_t begin = first == 0 ? 0 : block.marks[first - 1].end;
      out.append(block.data.get() + begin, block.marks[row - 1].end - begin);
      rows += row - first;
    }
    if (row < block.marks.size()) {
      lane.next_row = row;
      break;
    }
    held_bytes_ -= block.capacity;
    consumed_.push_back(std::move(lane.blocks.front()));
    lane.blocks.pop_front();
    lane.next_row = 0;
  }
  return rows;
}

void RowMerger::take_consumed(std::vector<RowBlockPtr>& out) {
  for (auto& block : consumed_) out.push_back(std::move(block));
  consumed_.clear();
}

}  // namespace kvbench::trace
