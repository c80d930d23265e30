// The report step of a replay: a RunResult of what the window measured (the same builders as
// a run's results JSON, so per-level latency with its device/host split, bandwidth, bytes,
// operations, failures, health and run identity read as in a run), the replay's own figures
// under kvbench.replay, the health's replay reasons (rows skipped, lag over --max-lag-ms, a
// truncated trace), and the exit code (--fail-on, --verify).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/command.h"
#include "app/replay_flags.h"
#include "replay/level_map.h"
#include "replay/replayer.h"
#include "replay/setup_phase.h"
#include "stats/cache_counters.h"
#include "tiers/level_setup.h"

namespace kvbench::app {

struct ReplayMeasured {
  const ReplaySetup& setup;
  const tiers::BuiltTiers& built;
  const replay::LevelMap& levels;
  const stats::CacheCounters& counters;
  const replay::TraceScan& scan;
  const replay::SetupTally& prepared;
  const replay::ReplayTally& tally;
  const replay::ReplayWindow& window;
  const nlohmann::json& device;
  bool interrupted;
  std::vector<std::string> command_line = {};
};

// kvbench.replay: rows by operation, level and phase, rows skipped by reason, lag, set-up,
// speed, the files.
nlohmann::json replay_json(const ReplayMeasured& m);

int report_replay(const ReplayMeasured& m, CommandIo& io);

}  // namespace kvbench::app
