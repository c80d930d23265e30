// What a person (or a pod's log) sees while the timed window runs: the live progress line
// (report/progress_line.h) and one log line the first time the run's health gets worse, so a
// saturated run says so while it happens rather than only in its last report block.
#pragma once

#include <memory>

#include "config/run_config.h"
#include "report/progress_line.h"
#include "stats/cache_counters.h"
#include "stats/request_stats.h"
#include "stats/run_health.h"
#include "stats/run_status.h"

namespace kvbench::app {

class ProgressWatch {
 public:
  ProgressWatch(const config::RunConfig& cfg, const stats::CacheCounters& counters,
                const stats::RequestStats& requests, const stats::RunStatus& status);
  // Nothing to watch on the virtual clock: simulated time passes in an instant.
  void start();
  void stop();

 private:
  report::ProgressSample sample();
  void watch_health();

  const config::RunConfig& cfg_;
  const stats::CacheCounters& counters_;
  const stats::RequestStats& requests_;
  const stats::RunStatus& status_;
  stats::HealthStatus worst_ = stats::HealthStatus::Ok;  // the sampling thread's only
  std::unique_ptr<report::ProgressReporter> reporter_;
};

}  // namespace kvbench::app
