// The results' latency histograms (kvbench.histograms): one mergeable histogram per latency
// series a run records (requests, their storage and generation parts, prefill and decode
// operations, per-QoS end-to-end, each level's reads and writes, the storage level's device and
// host parts), so that `kvbench aggregate` pools pods into exact percentiles and `compare` and
// `report` read whole distributions. The buckets are sparse: [[index, count], ...] with the
// layout named in the object, so a reader needs nothing else to decode them.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "report/run_result.h"
#include "stats/latency_histogram.h"

namespace kvbench::report {

// {"layout": "log-linear-ns-64", "count", "sum_s", "min_ns", "max_ns", "buckets": [[i, n], ...]}
nlohmann::json histogram_to_json(const stats::LatencyHistogram& h);

// The inverse; nullopt (and `error` says why) when `j` is not such an object.
std::optional<stats::LatencyHistogram> histogram_from_json(const nlohmann::json& j, std::string* error = nullptr);

// {series name: histogram} for every series that recorded a value.
nlohmann::json histograms_json(const RunResult& r);

}  // namespace kvbench::report
