// How many workers serve a run and how many requests may queue, when the flags leave them at 0:
// the run config, the engine's options and the report's each resolve them, and one rule here
// keeps them from disagreeing (`--workers` defaults to min(num-users, 500), spec §2.1's
// kvbench additions; `--max-queue-depth` to 10,000).
#pragma once

#include <cstdint>

namespace kvbench {

inline constexpr int kDefaultMostWorkers = 500;
inline constexpr std::int64_t kDefaultQueueDepth = 10000;

inline int effective_workers(int workers, int num_users) {
  if (workers > 0) return workers;
  return num_users < kDefaultMostWorkers ? num_users : kDefaultMostWorkers;
}

inline std::int64_t effective_queue_depth(std::int64_t max_queue_depth) {
  return max_queue_depth > 0 ? max_queue_depth : kDefaultQueueDepth;
}

}  // namespace kvbench
