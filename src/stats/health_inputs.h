// The one place that turns a run's counters into what its health is judged from
// (stats/run_health.h): the final verdict and the live watch both build their HealthInputs here,
// so a figure added to the verdict cannot be forgotten by one of them.
#pragma once

#include "stats/cache_counters.h"
#include "stats/request_stats.h"
#include "stats/run_health.h"

namespace kvbench::stats {

// Writes, reads, failures by cause, lost entries, mismatches and arrivals; the facts that only
// the finished run knows (drain, trace, signal, device) are the caller's to add.
HealthInputs health_inputs_from(const CacheCounters& c, const RequestStats& requests);

}  // namespace kvbench::stats
