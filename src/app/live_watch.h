// Everything --http-listen adds to a run: the live metrics, the observer that feeds them next
// to the trace recorder, the HTTP server and the --http-linger wait. Without the flag none of
// it exists and the cache keeps its single trace observer.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>

#include "cache/cache_observer.h"
#include "cache/multi_tier_cache.h"
#include "config/run_config.h"
#include "engine/metrics_recorder.h"
#include "engine/observer_fanout.h"
#include "engine/stop_signal.h"
#include "engine/trace_recorder.h"
#include "stats/live_metrics.h"
#include "stats/request_stats.h"
#include "stats/run_status.h"
#include "trace/trace_writer.h"

namespace kvbench::server {
class HttpServer;
}

namespace kvbench::app {

using engine::MetricsRecorder;
using engine::ObserverFanout;
using engine::SignalWatcher;
using engine::TraceRecorder;

class LiveWatch {
 public:
  // Null when --http-listen is not set.
  static std::unique_ptr<LiveWatch> create(const config::RunConfig& cfg, TraceRecorder& trace);
  ~LiveWatch();
  LiveWatch(const LiveWatch&) = delete;
  LiveWatch& operator=(const LiveWatch&) = delete;

  // The observer to give the cache: the trace recorder, then the metrics recorder.
  cache::CacheObserver& observer() { return fanout_; }
  stats::LiveMetrics* metrics() { return &metrics_; }

  // Starts serving. Everything passed must outlive this object. Logs and returns false when
  // the address cannot be listened on.
  bool start(const stats::RunStatus& status, const stats::CacheCounters& counters,
             const stats::RequestStats& requests, const cache::MultiTierCache& cache,
             const trace::TraceWriter* writer);
  // Hands the final results to /results; serialised only if someone asks for them.
  void publish_results(nlohmann::json doc);
  // Keeps serving --http-linger seconds after the run, cut short by SIGTERM/SIGINT; then stops.
  void linger_then_stop(const SignalWatcher& signals);
  void stop();  // idempotent

 private:
  LiveWatch(const config::RunConfig& cfg, TraceRecorder& trace);

  const config::RunConfig& cfg_;
  stats::LiveMetrics metrics_;
  MetricsRecorder recorder_;
  ObserverFanout<TraceRecorder, MetricsRecorder> fanout_;
  std::unique_ptr<server::HttpServer> server_;
};

}  // namespace kvbench::app
