// Preconditioning (spec §5.8, --precondition): before the timed phase, threads write entries of
// 2048 tokens through the normal cache path until the target is written, so the terminal level
// (storage) is in steady state (full, evicting) when measuring starts. The caller then resets the statistics.
#pragma once

#include <cstdint>

#include "cache/multi_tier_cache.h"
#include "engine/engine_options.h"
#include "engine/stop_signal.h"

namespace kvbench::engine {

struct PreconditionOutcome {
  bool ran = false;               // false: skipped (no target could be derived)
  std::uint64_t bytes_written = 0;
  std::uint64_t entries = 0;
  double seconds = 0;
};

// Target: --precondition-size-gb GiB, else 2 x the terminal level's limit; with neither (an
// unlimited trace-mode storage level) it warns and skips. Progress goes to stdout every 10 GiB and at the end.
PreconditionOutcome precondition(const EngineOptions& cfg, cache::MultiTierCache& cache,
                                 const StopSignal& stop);

}  // namespace kvbench::engine
