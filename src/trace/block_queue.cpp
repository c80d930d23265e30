#include "trace/block_queue.h"

#include <algorithm>

namespace kvbench::trace {

BlockQueue::BlockQueue(std::size_t block_bytes, std::size_t max_pending)
    : block_bytes_(block_bytes), max_pending_(std::max<std::size_t>(max_pending, 1)) {}

RowBlockPtr BlockQueue::exchange(RowBlockPtr full, std::size_t min_space) {
  RowBlockPtr empty;
  {
    std::unique_lock lock(mu_);
    if (full) {
      space_cv_.wait(lock, [&] { return pending_.size() < max_pending_ || stopped_; });
      pending_.push_back(std::move(full));
      writer_cv_.notify_one();
    }
    if (min_space <= block_bytes_ && !free_.empty()) {
      empty = std::move(free_.back());
      free_.pop_back();
    }
  }
  // Allocation outside the lock: other producers' handoffs need not wait for malloc.
  if (!empty) empty = std::make_unique<RowBlock>(std::max(block_bytes_, min_space));
  empty->clear();
  return empty;
}

void BlockQueue::push(RowBlockPtr full) {
  std::lock_guard lock(mu_);
  pending_.push_back(std::move(full));
  writer_cv_.notify_one();
}

BlockQueue::Wake BlockQueue::take_all(std::vector<RowBlockPtr>& out,
                                      std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  const auto ready = [&] { return !pending_.empty() || stopped_; };
  if (timeout.count() > 0) {
    if (!writer_cv_.wait_for(lock, timeout, ready)) return Wake::Timeout;
  } else {
    writer_cv_.wait(lock, ready);
  }
  if (pending_.empty()) return Wake::Stopped;
  for (auto& block : pending_) out.push_back(std::move(block));
  pending_.clear();
  space_cv_.notify_all();
  return Wake::Blocks;
}

void BlockQueue::take_ready(std::vector<RowBlockPtr>& out) {
  std::lock_guard lock(mu_);
  if (pending_.empty()) return;
  for (auto& block : pending_) out.push_back(std::move(block));
  pending_.clear();
  space_cv_.notify_all();
}

void BlockQueue::recycle(std::vector<RowBlockPtr>& blocks) {
  {
    std::lock_guard lock(mu_);
    for (auto& block : blocks) {
      // Oversized blocks (a huge key) are not kept; the pool holds what one full queue needs.
      if (block->capacity == block_bytes_ && free_.size() < max_pending_ + 2) {
        free_.push_back(std::move(block));
      }
    }
  }
  blocks.clear();  // frees the blocks not kept, outside the lock
}

void BlockQueue::stop() {
  std::lock_guard lock(mu_);
  stopped_ = true;
  writer_cv_.notify_all();
  space_cv_.notify_all();
}

}  // namespace kvbench::trace
