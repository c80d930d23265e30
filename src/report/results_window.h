// The results' blocks about the run's own trustworthiness and its edges (issue 14):
// kvbench.health (the verdict and its reasons), kvbench.window (the timed window as measured),
// kvbench.drain (what finished after it, never in the headline) and
// kvbench.reference_compatible (kv-cache.py's way of counting, for published comparisons).
#pragma once

#include <nlohmann/json.hpp>

#include "report/run_result.h"
#include "stats/run_health.h"

namespace kvbench::report {

nlohmann::json health_json(const stats::RunHealth& h);
nlohmann::json window_json(const RunResult& r);
nlohmann::json drain_json(const RunResult& r);
nlohmann::json reference_compatible_json(const RunResult& r);

}  // namespace kvbench::report
