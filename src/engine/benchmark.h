// One benchmark run from a RunConfig to its outputs: builds the tiers, cache, trace writer and
// workload, runs the engine for the configured clock, then writes the console report and the
// results JSON. Returns the process exit code (0 ok, 1 runtime failure, 2 usage error).
#pragma once

#include "config/run_config.h"

namespace kvbench::engine {

int run_benchmark(const config::RunConfig& cfg);

// Epoch the virtual clock starts at when --seed is given, so that seeded virtual-clock traces
// are byte-identical from run to run: 2026-01-01T00:00:00Z.
inline constexpr std::int64_t kSeededVirtualEpochUs = 1767225600LL * 1000000LL;

}  // namespace kvbench::engine
