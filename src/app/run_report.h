// The report step of a run: the RunResult snapshot of what was measured, then the console
// report, the results JSON and the --xlsx-output spreadsheet, in that order (a spreadsheet
// failure never costs the results).
#pragma once

#include <nlohmann/json.hpp>

#include "app/workload_run.h"
#include "cache/multi_tier_cache.h"
#include "engine/benchmark.h"
#include "report/run_result.h"
#include "stats/run_timeline.h"
#include "trace/trace_writer.h"

namespace kvbench::app {

// What the report step reads; everything it points to outlives the call.
struct MeasuredRun {
  const config::RunConfig& cfg;
  const report::ReportOptions& report_options;  // what the reports print of `cfg`
  const stats::CacheCounters& counters;
  const stats::RequestStats& requests;
  const cache::MultiTierCache& cache;
  const WorkloadRun& work;
  const trace::TraceWriter* writer;  // null in a real run
  const nlohmann::json& storage_io;  // the tiers' description; null in trace mode
  std::uint64_t payload_seed;
  engine::RunOutcome outcome;
  const nlohmann::json& device;  // the block device cross-check; null in trace mode
  bool interrupted;
  const stats::RunTimeline* timeline = nullptr;  // --timeline-interval 0: none
};

report::RunResult snapshot(const MeasuredRun& run);

// Prints the report and writes the files (--output, --xlsx-output of `cfg`); `doc` receives the results JSON (for /results).
// Returns the exit code: 0, or 1 when a file could not be written.
int write_reports(const config::RunConfig& cfg, const report::RunResult& result, nlohmann::json& doc);

}  // namespace kvbench::app
