// Everything --http-listen adds to a run: the live metrics, the observer that feeds them (one
// more entry in the cache's observer list), the HTTP server and the --http-linger wait. Without
// the flag none of it exists.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>

#include "cache/multi_tier_cache.h"
#include "config/run_config.h"
#include "engine/metrics_recorder.h"
#include "engine/stop_signal.h"
#include "stats/cache_counters.h"
#include "stats/live_metrics.h"
#include "stats/request_stats.h"
#include "stats/run_status.h"
#include "trace/trace_writer.h"

namespace kvbench::server {
class HttpServer;
}

namespace kvbench::app {

using engine::MetricsRecorder;
using engine::SignalWatcher;

class LiveWatch {
 public:
  // Null when --http-listen is not set.
  static std::unique_ptr<LiveWatch> create(const config::RunConfig& cfg);
  ~LiveWatch();
  LiveWatch(const LiveWatch&) = delete;
  LiveWatch& operator=(const LiveWatch&) = delete;

  // The observer to add to the cache's list: it feeds the live metrics.
  IoObserver& observer() { return recorder_; }
  stats::LiveMetrics* metrics() { return &metrics_; }

  // Starts serving. Everything passed must outlive this object. Logs and returns false when
  // the address cannot be listened on.
  bool start(const std::string& run_id, const stats::RunStatus& status, const stats::CacheCounters& counters,
             const stats::RequestStats& requests, const cache::MultiTierCache& cache,
             const trace::TraceWriter* writer);
  // Hands the final results to /results; serialised only if someone asks for them.
  void publish_results(nlohmann::json doc);
  // Keeps serving --http-linger seconds after the run, cut short by SIGTERM/SIGINT; then stops.
  void linger_then_stop(const SignalWatcher& signals);
  void stop();  // idempotent

 private:
  explicit LiveWatch(const config::RunConfig& cfg);

  const config::RunConfig& cfg_;
  stats::LiveMetrics metrics_;
  MetricsRecorder recorder_;
  std::unique_ptr<server::HttpServer> server_;
};

}  // namespace kvbench::app
