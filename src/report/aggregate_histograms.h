// `kvbench aggregate`'s pooling of the groups' latency histograms (kvbench.histograms): the
// union of every group's histogram per series gives exact pooled percentiles (within the
// histogram's 1 %), reported next to MLPerf's rule for want of them (the maximum of the
// groups' p95). Pooling happens only when every group wrote histograms; results of older
// builds merge as before (per-operation percentiles take the worst group).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "report/aggregate.h"
#include "stats/latency_histogram.h"

namespace kvbench::report {

struct PooledHistograms {
  bool complete = false;  // every group has kvbench.histograms, each one readable
  std::map<std::string, stats::LatencyHistogram> pooled;            // by series name
  std::map<std::string, std::vector<stats::LatencyHistogram>> per_group;  // groups that have it
  std::vector<std::string> unreadable;  // "file: series: why"
};

PooledHistograms pool_histograms(const std::vector<AggregateInput>& inputs);

// {series: {count, pooled_ms: {p50, p95, p99, p999, p9999}, max_of_groups_p95_ms, groups}}
nlohmann::json pooled_percentiles_json(const PooledHistograms& p);

// {series: histogram} of the pooled histograms, for the merged document's kvbench block.
nlohmann::json pooled_histograms_json(const PooledHistograms& p);

}  // namespace kvbench::report
