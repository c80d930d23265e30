// Judging a finished run (issue 14, run health): what the verdict is made from, taken from the
// run's snapshot, and how --fail-on turns it into the exit code. The thresholds themselves are
// stats/run_health's.
#pragma once

#include <string>

#include "report/run_result.h"
#include "stats/run_health.h"

namespace kvbench::app {

// From the final counters (stats/health_inputs.h) and what only the finished run knows: the
// drain, the trace file's completeness, a signal, the device cross-check.
stats::HealthInputs health_inputs(const report::RunResult& r);

stats::FailOn fail_on_of(const std::string& word);  // never | degraded | failed

// One log line for a run that is not ok, naming every reason.
void log_health(const stats::RunHealth& h);

}  // namespace kvbench::app
