// The observers of a run's cache, composed here and nowhere else: the trace recorder always
// (it writes nothing without --io-trace-log), and with --http-listen the live watch, which
// fans each event out to the trace recorder and the live metrics and serves them over HTTP.
#pragma once

#include <memory>

#include "app/live_watch.h"
#include "cache/cache_observer.h"
#include "engine/clock.h"
#include "engine/trace_recorder.h"

namespace kvbench::app {

class RunObservers {
 public:
  RunObservers(const config::RunConfig& cfg, trace::TraceWriter* writer, const engine::Clock& clock)
      : recorder_(writer, clock), watch_(LiveWatch::create(cfg, recorder_)) {}

  // The observer to give the cache.
  cache::CacheObserver& cache_observer() {
    return watch_ ? watch_->observer() : static_cast<cache::CacheObserver&>(recorder_);
  }
  stats::LiveMetrics* live_metrics() { return watch_ ? watch_->metrics() : nullptr; }
  LiveWatch* watch() { return watch_.get(); }

 private:
  engine::TraceRecorder recorder_;
  std::unique_ptr<LiveWatch> watch_;  // null without --http-listen
};

}  // namespace kvbench::app
