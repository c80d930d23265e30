// storage_health: the PASS/FAIL verdict on the storage under test (spec §8.4), in the
// reference's exact JSON shape {overall_status, criteria[{name,target,actual,unit,passed}],
// passed_count, total_count}. Thresholds are the reference's hard-coded constants.
#pragma once

#include <nlohmann/json.hpp>

#include "common/performance_profile.h"
#include "stats/cache_counters.h"

namespace kvbench::stats {

// `elapsed_s` is the measured run duration (bandwidths of the throughput profile divide by it;
// 0 or less yields 0 GiB/s). PASS iff every listed criterion passes; no criteria ⇒ PASS.
nlohmann::json evaluate_storage_health(const CacheCounters& counters,
                                       PerformanceProfile profile, double elapsed_s);

// Trace mode moves no bytes and times nothing: no verdict, no criteria (issue 14, item 9).
// overall_status is kStorageHealthNotMeasured; the same shape otherwise.
inline constexpr const char* kStorageHealthNotMeasured = "not measured (trace mode)";
nlohmann::json storage_health_not_measured();

}  // namespace kvbench::stats
