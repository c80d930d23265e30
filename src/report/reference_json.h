// The results JSON as the reference's json.dump writes it (issue 16 item 6): numbers typed as
// Python types them (a whole QoS target is an int) and keys in the order its dicts are built
// (spec §8.1, §8.2), so scripts and diffs written against kv-cache.py's files read ours the same.
// nlohmann::json keeps keys sorted; the order is applied when the file is written.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "stats/latency_recorder.h"

namespace kvbench::report {

// A whole number as an integer, else the double (0 for a non-finite value).
nlohmann::json whole_or_double(double v);

// {prefix}_{p50,p95,p99,p999,p9999}_ms, only when the recorder has samples (spec §8.2).
void add_percentile_keys(nlohmann::json& out, const std::string& prefix, const stats::LatencyRecorder& rec);

// Writes `doc` as a 4-space pretty dump with the reference's keys first, in the reference's
// order, at the top level, in summary, summary.cache_stats and each summary.qos_metrics level;
// every other key follows, sorted. Straight from `doc`: a reordered copy of the results (their
// raw latency lists are MiBs) raised a run's peak memory by a third.
void dump_reference_ordered(const nlohmann::json& doc, nlohmann::detail::output_adapter_t<char> out);

}  // namespace kvbench::report
