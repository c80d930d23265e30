// What both engines (wall clock and virtual clock) work with: the run's config, the arrival
// source, the per-request I/O sequence, the request stats and the stop flag, and the optional
// parts of some workloads (autoscaling monitor, RAG ingestion).
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>

#include "engine/clock.h"
#include "engine/engine_options.h"
#include "engine/load_monitor.h"
#include "engine/parked_workers.h"
#include "engine/rag_ingest.h"
#include "engine/request_runner.h"
#include "engine/stop_signal.h"
#include "stats/cache_counters.h"
#include "stats/live_metrics.h"
#include "stats/request_stats.h"
#include "stats/run_status.h"
#include "workload/arrival_source.h"

namespace kvbench::engine {

struct EngineParts {
  EngineOptions cfg;
  workload::ArrivalSource& source;
  RequestRunner& runner;
  stats::RequestStats& stats;
  StopSignal& stop;
  stats::RunStatus& status;
  // Live /metrics histograms, fed at completion (not polled from `stats` on scrape: a
  // histogram needs every observation, and RequestStats keeps capped samples under a lock).
  // Null without --http-listen.
  stats::LiveMetrics* live = nullptr;
  // --enable-autoscaling: ticks every 10 s of engine time on the thread driving `source`.
  LoadMonitor* monitor = nullptr;
  // --enable-rag: documents ingested at the start of the timed phase, concurrently with it.
  RagIngestor* rag = nullptr;
  // The cache's counters, copied when the window closes (what the drain moves comes after).
  // Null: no copy, the final counters stand for the window.
  const stats::CacheCounters* counters = nullptr;
};

// Why the timed window closed.
enum class WindowEnd { Duration, MaxRequests, ReplayDone, Autoscaler, Signal };
inline const char* window_end_name(WindowEnd e) {
  switch (e) {
    case WindowEnd::Duration: return "duration";
    case WindowEnd::MaxRequests: return "max_requests";
    case WindowEnd::ReplayDone: return "replay_done";
    case WindowEnd::Autoscaler: return "autoscaler";
    case WindowEnd::Signal: return "signal";
  }
  return "duration";
}

struct EngineOutcome {
  double elapsed_s = 0;        // the timed window's measured length (engine seconds)
  WindowEnd end = WindowEnd::Duration;
  double drain_s = 0;          // from the window's end until the last request left
  bool drain_overrun = false;  // --drain-timeout passed with requests in flight: I/O cancelled
  // The cache's counters as they stood when the window closed; null when nothing moved after
  // it (the virtual clock does all I/O at dispatch), so the final counters are the window's.
  std::shared_ptr<stats::CacheCounters> window_counters;
  std::string failure;  // why the run could not go on (a worker thread refused); empty if none
  // The wall clock's workers, done but not yet exited: releasing them (dropping the outcome)
  // runs their thread teardown, so the caller does that after writing the results.
  std::shared_ptr<ParkedWorkers> parked_workers;
};

// Tokens of one request generated inside the window [0, window_end_s]: its generation runs
// for generation_s from gen_start_s at an even pace (issue 14: tokens count pro rata of the
// generation time inside the window). A request without generation time counts whole if its
// generation instant is inside the window.
inline std::uint64_t tokens_inside_window(std::uint64_t tokens, double gen_start_s, double generation_s,
                                          double window_end_s) {
  if (tokens == 0 || gen_start_s > window_end_s) return 0;
  if (generation_s <= 0) return tokens;
  const double inside = std::min(1.0, (window_end_s - gen_start_s) / generation_s);
  return static_cast<std::uint64_t>(inside * static_cast<double>(tokens));
}

// Milliseconds since the epoch at engine time `t`, for conversation ids.
inline std::int64_t epoch_ms_at(const Clock& clock, double t) {
  return (clock.origin_epoch_us() + static_cast<std::int64_t>(t * 1e6)) / 1000;
}

inline stats::RequestRecord completed_record(const workload::Request& r, double storage_s,
                                             double generation_s, double done_s) {
  stats::RequestRecord rec;
  rec.qos = r.qos;
  rec.end_to_end_s = done_s - r.arrival_s;
  rec.storage_s = storage_s;
  rec.generation_s = generation_s;
  rec.tokens_generated = r.generate_tokens;
  return rec;
}

// Records a completed request; returns true when --max-requests is reached.
inline bool record_completion(EngineParts& p, const stats::RequestRecord& rec) {
  const auto done = p.stats.record(rec);
  if (p.live) p.live->record_request(rec.qos, rec.end_to_end_s, rec.tokens_generated);
  return p.cfg.max_requests > 0 && done >= static_cast<std::uint64_t>(p.cfg.max_requests);
}

EngineOutcome run_wall_clock(EngineParts& parts, WallClock& clock);
EngineOutcome run_virtual_clock(EngineParts& parts, VirtualClock& clock);

}  // namespace kvbench::engine
