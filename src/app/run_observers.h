// The observers of a run's I/O events, composed here and nowhere else: the counters (the
// results' figures), the trace recorder (it writes nothing without --io-trace-log), and with
// --http-listen the live watch's metrics recorder, and with --timeline-interval the timeline's
// storage latencies. The cache gets them as one list.
#pragma once

#include <memory>

#include "app/live_watch.h"
#include "common/io_observer_list.h"
#include "engine/clock.h"
#include "engine/trace_recorder.h"
#include "stats/counter_observer.h"
#include "stats/run_timeline.h"

namespace kvbench::app {

class RunObservers {
 public:
  RunObservers(const config::RunConfig& cfg, stats::CacheCounters& counters,
               trace::TraceWriter* writer, const engine::Clock& clock)
      : counting_(counters), recorder_(writer, clock), watch_(LiveWatch::create(cfg)) {
    if (cfg.timeline_interval > 0) timeline_ = std::make_unique<stats::RunTimeline>(cfg.timeline_interval, counters);
    // Trace mode times nothing, so the timeline has no latency to take from the events; it
    // still ticks (bytes, requests). Left off the list, it costs the millions of untimed
    // events of a trace run nothing (1.2 % of a virtual-clock trace run's CPU, perf).
    timeline_observes_ = !cfg.trace_mode();
  }

  // The list to give the cache.
  IoObserverList cache_observers() {
    return {&counting_, &recorder_, watch_ ? &watch_->observer() : nullptr,
            timeline_observes_ ? timeline_.get() : nullptr};
  }
  stats::LiveMetrics* live_metrics() { return watch_ ? watch_->metrics() : nullptr; }
  LiveWatch* watch() { return watch_.get(); }
  stats::RunTimeline* timeline() { return timeline_.get(); }  // null with --timeline-interval 0

 private:
  stats::CounterObserver counting_;
  engine::TraceRecorder recorder_;
  std::unique_ptr<LiveWatch> watch_;  // null without --http-listen
  std::unique_ptr<stats::RunTimeline> timeline_;
  bool timeline_observes_ = true;
};

}  // namespace kvbench::app
