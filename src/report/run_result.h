// RunResult: a read-only snapshot of one finished (or interrupted) run, built by the engine
// and handed to the report functions (results JSON, console report). Report code reads only
// this: it never reaches into the engine, the cache or the workload.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/io_types.h"
#include "report/report_options.h"
#include "stats/autoscaling_log.h"
#include "stats/cache_counters.h"
#include "stats/request_stats.h"
#include "stats/run_health.h"

namespace kvbench::report {

struct TierSnapshot {
  Level id = Level::Gpu;
  std::uint64_t used_bytes = 0;
  double limit_bytes = 0;  // +infinity = unlimited
  std::uint64_t entries = 0;
};

// The autoscaler's record (spec §5.9) is kept by the engine's load monitor: stats/ defines it.
using stats::AutoscalingSummary;
using stats::ScaleEvent;
using stats::ThroughputPoint;

struct RunResult {
  const ReportOptions* config = nullptr;  // the run's parameters, as the reports print them
  const stats::CacheCounters* cache = nullptr;
  const stats::RequestStats* requests = nullptr;
  std::vector<TierSnapshot> tiers;         // tiers that exist, fastest first
  std::vector<std::uint64_t> entry_sizes;  // committed entries' sizes (bytes)
  double elapsed_s = 0;                    // the timed window's measured length
  // The timed window and its drain (docs/metrics.md, "The timed window"). `cache` holds the
  // figures as they stood when the window closed; `final_cache` those after the drain (the
  // same object, or null, when nothing moved after the window).
  const stats::CacheCounters* final_cache = nullptr;
  std::string window_end = "duration";     // why it closed (engine::window_end_name)
  double drain_s = 0;                      // how long the drain took
  bool drain_overrun = false;              // --drain-timeout passed: outstanding I/O cancelled
  bool interrupted = false;                // stopped by SIGTERM/SIGINT
  std::string mode = "real";               // "trace" | "real"
  std::uint64_t trace_rows = 0;            // trace mode: rows the file really holds
  std::uint64_t trace_rows_recorded = 0;   // trace mode: rows the run produced
  bool trace_complete = true;              // trace mode: every recorded row is in the file
  std::string trace_path;                  // trace mode
  // --verify: the first mismatching reads (cache/mismatch_log.h), as kvbench.verify_mismatch_reads.
  nlohmann::json verify_mismatch_reads = nlohmann::json::array();
  // Real mode: how the tiers move bytes (I/O engine, size, depth, O_DIRECT, cache dir, GPUs),
  // copied verbatim under kvbench.storage_io; null in trace mode.
  nlohmann::json storage_io;
  // Real mode: the block device cross-check (tiers/device_cross_check.h), copied verbatim under
  // kvbench.device; null in trace mode.
  nlohmann::json device;
  // Whether the figures can be trusted (issue 14): kvbench.health, the report's WARNING block.
  stats::RunHealth health;
  // kvbench.run: the run's identity (report/run_identity.h); null where not built.
  nlohmann::json identity;
  // kvbench.group: a start-barrier group's ranks and this one's window (app/start_barrier.h);
  // null (and absent from the JSON) for a run on its own.
  nlohmann::json group;
  // kvbench.timeline: figures per interval (report/timeline_json.h); null without one.
  nlohmann::json timeline;
  std::string started_at_iso;              // ISO-8601 start of the timed phase
  std::int64_t started_at_epoch_us = 0;    // the same instant, Unix epoch microseconds

  // Autoscaling (spec §5.9); empty / nullopt when it was off.
  std::vector<ThroughputPoint> throughput_timeline;
  std::vector<ScaleEvent> scale_events;
  std::optional<AutoscalingSummary> autoscaling;

  // What the workload generated or replayed (source, rows, malformed records skipped, RAG,
  // cycles), copied verbatim under kvbench.workload; null = absent.
  nlohmann::json workload;

  // --validation-trace result (spec §8.6), copied verbatim under "validation"; null = absent.
  // Expected keys for the console: passed (bool), avg_error_pct (number).
  nlohmann::json validation;

  // --enable-latency-tracing: bpftrace's block-layer histograms (app/latency_tracing.h), copied
  // verbatim as the reference's top-level device_latency_tracing; null = absent.
  nlohmann::json device_latency_tracing;
};

}  // namespace kvbench::report
