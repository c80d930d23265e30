// The one meeting point between producer threads and the trace writer thread: full blocks go
// in, empty ones come back for reuse. Producers wait only when the writer is this far behind,
// which bounds memory instead of dropping rows.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <vector>

#include "trace/row_block.h"

namespace kvbench::trace {

class BlockQueue {
 public:
  BlockQueue(std::size_t block_bytes, std::size_t max_pending);

  // Queues `full` (if any) and returns an empty block holding at least `min_space` bytes. Waits
  // while max_pending blocks are already queued.
  RowBlockPtr exchange(RowBlockPtr full, std::size_t min_space);
  // Queues without waiting: for close() and periodic flushes, which must never block on space.
  void push(RowBlockPtr full);

  enum class Wake { Blocks, Timeout, Stopped };
  // Writer side: moves every queued block into `out` (appending). Waits up to `timeout`
  // (zero = forever) for something to do. Stopped only once stop() was called and all is drained.
  Wake take_all(std::vector<RowBlockPtr>& out, std::chrono::milliseconds timeout);
  // Writer side: what take_all takes, without waiting (nothing if nothing is queued).
  void take_ready(std::vector<RowBlockPtr>& out);
  // Writer side: gives written blocks back for reuse; `blocks` is left empty.
  void recycle(std::vector<RowBlockPtr>& blocks);
  void stop();

 private:
  const std::size_t block_bytes_;
  const std::size_t max_pending_;
  std::mutex mu_;
  std::condition_variable writer_cv_;  // blocks queued or stop
  std::condition_variable space_cv_;   // the queue shrank
  std::deque<RowBlockPtr> pending_;
  std::vector<RowBlockPtr> free_;
  bool stopped_ = false;
};

}  // namespace kvbench::trace
