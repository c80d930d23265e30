// `kvbench aggregate`: merges the results JSON of several tensor-parallel groups that ran at
// the same time (one pod each) into one results document. Counts, bytes and throughputs are
// summed; latency percentiles are recomputed from the merged per-request latency lists, never
// averaged; rates are recomputed from the merged totals.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace kvbench::report {

// Throws std::runtime_error naming the input that is unreadable or not a kvbench result.
nlohmann::json aggregate_results(const std::vector<nlohmann::json>& runs,
                                 const std::vector<std::string>& names);

}  // namespace kvbench::report
