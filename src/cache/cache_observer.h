// Hook through which the cache reports every tier operation it performs, in the order it
// performs them (demotion pairs before the write that caused them, deepest first). The engine
// implements it to stamp the time and feed the trace writer and live metrics.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/io_types.h"

namespace kvbench::cache {

class CacheObserver {
 public:
  virtual ~CacheObserver() = default;
  // Called on the thread that did the operation, right after it completed successfully.
  // `latency_s` is the tier's total time for it (0 in trace mode).
  virtual void on_io(IoOp op, Level tier, std::uint64_t size, std::string_view key, Phase phase,
                     double latency_s) = 0;
};

}  // namespace kvbench::cache
