// The autoscaling monitor (spec §5.9): every 10 s of engine time (wall or virtual) it records
// the run's throughput, samples storage (bytes moved, storage-tier p95 latencies, queue
// depth), asks the Autoscaler for a decision and applies it to the arrival source — the
// number of users arriving really changes (spec §11.2.6: the reference only changed a
// counter). Runs on the engine's scheduler thread, the one that drives the source.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/autoscaler.h"
#include "engine/clock.h"
#include "engine/engine_options.h"
#include "stats/autoscaling_log.h"
#include "stats/cache_counters.h"
#include "stats/request_stats.h"
#include "stats/run_status.h"
#include "workload/arrival_source.h"

namespace kvbench::engine {

class LoadMonitor {
 public:
  static constexpr double kIntervalS = 10;

  // `max_users`: the most users the source can have active.
  LoadMonitor(const EngineOptions& cfg, const stats::CacheCounters& counters,
              const stats::RequestStats& requests, const Clock& clock, int initial_users,
              int max_users);

  double next_tick_s() const { return next_tick_s_; }
  // The tick due at next_tick_s() (the engine calls it at that engine time, `now_s`).
  // Returns true when the capacity autoscaler found the peak and the run must stop.
  bool tick(double now_s, std::int64_t queue_depth, workload::ArrivalSource& source,
            stats::RunStatus& status);

  // Throughput timeline, scale events and the autoscaling summary, for the results.
  stats::AutoscalingLog log() const;

 private:
  const EngineOptions cfg_;
  const stats::CacheCounters& counters_;
  const stats::RequestStats& requests_;
  const Clock& clock_;
  SaturationModel saturation_;
  Autoscaler autoscaler_;
  int initial_users_;
  int max_users_;
  double next_tick_s_ = kIntervalS;
  bool have_baseline_ = false;
  double last_s_ = 0;
  std::uint64_t last_read_ = 0, last_write_ = 0;
  bool warned_fixed_users_ = false;
  std::vector<stats::ThroughputPoint> timeline_;
  std::vector<stats::ScaleEvent> events_;
};

}  // namespace kvbench::engine
