// The engine's entry: the clock a run is measured in, and the timed phase driven on it. The
// parts it drives (source, runner, stats) are built by app/, which also writes the reports
// from the outcome; the engine itself knows neither the reports nor the HTTP server.
#pragma once

#include <cstdint>
#include <memory>

#include "engine/clock.h"
#include "engine/engine_options.h"
#include "engine/engine_parts.h"

namespace kvbench::engine {

// Epoch the virtual clock starts at when --seed is given, so that seeded virtual-clock traces
// are byte-identical from run to run: 2026-01-01T00:00:00Z.
inline constexpr std::int64_t kSeededVirtualEpochUs = 1767225600LL * 1000000LL;

// The wall clock, or with --clock virtual a virtual one (seeded runs start at a fixed epoch).
std::unique_ptr<Clock> make_clock(const EngineOptions& cfg);

// The engine's outcome (the window, its end and drain), and when the window started.
struct RunOutcome : EngineOutcome {
  std::int64_t started_at_epoch_us = 0;  // on the run's clock
};

// Runs the timed phase: --duration (or --max-requests) starts counting now.
RunOutcome run_engine(EngineParts& parts, Clock& clock);

}  // namespace kvbench::engine
