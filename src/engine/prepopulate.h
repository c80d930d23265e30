// Decode-only pre-population (spec §5.7): a disaggregated decode node finds the KV cache
// already written by prefill nodes. Before the timed phase, num_users x 10 entries of 2048
// tokens ("prepop_{n}") are written through the normal cache path; decode requests then read
// random ones. In trace mode these writes are in the trace, as the reference's are.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

#include "cache/multi_tier_cache.h"
#include "engine/engine_options.h"
#include "engine/stop_signal.h"
#include "workload/entry_keys.h"

namespace kvbench::engine {

inline constexpr std::uint64_t kPrepopulatedTokens = 2048;

inline std::uint64_t prepopulated_entries(const EngineOptions& cfg) {
  return static_cast<std::uint64_t>(cfg.num_users) * 10;
}

using workload::prepopulated_key;  // "prepop_{n}", spelled with every other key

struct PrepopulateOutcome {
  std::uint64_t entries = 0;  // written (or already present)
  std::uint64_t failed = 0;
};

// Writes the entries with `threads` threads (1 keeps a virtual-clock trace deterministic) and
// prints the reference's progress lines to `out`.
PrepopulateOutcome prepopulate(const EngineOptions& cfg, cache::MultiTierCache& cache,
                               int threads, const StopSignal& stop, std::ostream& out);

}  // namespace kvbench::engine
