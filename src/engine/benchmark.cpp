#include "engine/benchmark.h"

namespace kvbench::engine {

std::unique_ptr<Clock> make_clock(const EngineOptions& cfg) {
  if (cfg.clock == ClockKind::Virtual)
    return std::make_unique<VirtualClock>(cfg.seed ? kSeededVirtualEpochUs : system_epoch_us());
  return std::make_unique<WallClock>();
}

RunOutcome run_engine(EngineParts& parts, Clock& clock) {
  RunOutcome outcome;
  outcome.started_at_epoch_us = clock.epoch_us();
  EngineOutcome& window = outcome;
  if (auto* v = dynamic_cast<VirtualClock*>(&clock)) window = run_virtual_clock(parts, *v);
  else window = run_wall_clock(parts, static_cast<WallClock&>(clock));
  return outcome;
}

}  // namespace kvbench::engine
