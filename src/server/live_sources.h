// What the HTTP server reads, and nothing more: the run's identity, the live status, the
// counters in stats/, and two snapshot callbacks the engine provides (tier occupancy, trace
// rows). Everything pointed to must outlive the server; all of it is safe to read from the
// server's threads while the run writes it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "stats/cache_counters.h"
#include "stats/live_metrics.h"
#include "stats/request_stats.h"
#include "stats/run_status.h"

namespace kvbench::server {

struct RunInfo {
  std::string version;
  std::string model;
  std::string mode;   // "trace" | "real"
  std::string clock;  // "wall" | "virtual"
  int tensor_parallel = 1;
  int num_gpus = 1;
  int num_users = 0;
  // issue 20: which build, and which run and rank of a group, so the series of a group's pods
  // can be told apart and joined (kvbench_build_info, kvbench_run_info).
  std::string commit = "";
  std::string run_id = "";
  int rank = 0;
};

struct LiveSources {
  RunInfo info;
  const stats::RunStatus* status = nullptr;
  const stats::LiveMetrics* live = nullptr;
  const stats::CacheCounters* cache = nullptr;
  const stats::RequestStats* requests = nullptr;
  std::function<std::vector<stats::TierOccupancy>()> tiers;  // fastest first
  std::function<std::uint64_t()> trace_rows;                  // empty outside trace mode
};

}  // namespace kvbench::server
