#include "engine/benchmark.h"

namespace kvbench::engine {

std::unique_ptr<Clock> make_clock(const EngineOptions& cfg) {
  if (cfg.clock == ClockKind::Virtual)
    return std::make_unique<VirtualClock>(cfg.seed ? kSeededVirtualEpochUs : system_epoch_us());
  return std::make_unique<WallClock>();
}

namespace {

// Sleeps until the agreed instant, then makes it the clock's start. The system clock names the
// instant (it is what the groups share); the wait runs on the steady clock.
void wait_for_start(EngineParts& parts, WallClock& clock) {
  const std::int64_t wait_us = parts.start_at_epoch_us - system_epoch_us();
  if (wait_us > 0) parts.stop.wait_until(std::chrono::steady_clock::now() + std::chrono::microseconds(wait_us));
  clock.restart();
}

}  // namespace

RunOutcome run_engine(EngineParts& parts, Clock& clock) {
  RunOutcome outcome;
  if (auto* wall = dynamic_cast<WallClock*>(&clock); wall && parts.start_at_epoch_us > 0) wait_for_start(parts, *wall);
  outcome.started_at_epoch_us = clock.epoch_us();
  EngineOutcome& window = outcome;
  if (auto* v = dynamic_cast<VirtualClock*>(&clock)) window = run_virtual_clock(parts, *v);
  else window = run_wall_clock(parts, static_cast<WallClock&>(clock));
  return outcome;
}

}  // namespace kvbench::engine
