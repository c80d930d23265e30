// kvbench.timeline: the run's figures per interval (stats/run_timeline.h) as the results JSON
// writes them; docs/metrics.md ("Timeline") says what each key means.
#pragma once

#include <nlohmann/json.hpp>

#include "stats/run_timeline.h"

namespace kvbench::report {

nlohmann::json timeline_json(const stats::RunTimeline& timeline);

}  // namespace kvbench::report
