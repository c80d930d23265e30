// The results JSON (--output): the reference's keys of spec §8.1/§8.2 spelled exactly, plus
// kvbench's own additions under "kvbench" and a top-level "interrupted". Scripts written for
// kv-cache.py read this file unchanged.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "report/run_result.h"

namespace kvbench::report {

// The duration rates divide by: the measured elapsed time, or the nominal --duration when
// nothing was measured (the reference's `actual_duration or duration`).
double effective_elapsed_s(const RunResult& r);

// summary.cache_stats (spec §8.2), storage_health included.
nlohmann::json build_cache_stats_json(const RunResult& r);

// summary.qos_metrics: {interactive|responsive|batch: {no_data:true} or the full object}.
nlohmann::json build_qos_metrics_json(const RunResult& r);

// The whole document. "summary" is absent when no request completed (spec §8.1).
nlohmann::json build_results_json(const RunResult& r);

// Writes `doc` to `path` atomically (temp file in the same folder, fsync, rename); creates
// missing parent folders. Throws std::runtime_error naming the path on any failure.
void write_results_file(const std::string& path, const nlohmann::json& doc);

}  // namespace kvbench::report
