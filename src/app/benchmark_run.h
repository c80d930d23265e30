// One benchmark run from a RunConfig to its outputs, composed step by step: workload inputs
// and the trace file (checked before anything starts) → tiers → cache → observers → engine →
// report. Returns the process exit code (0 ok, 1 runtime failure, 2 usage error).
#pragma once

#include "config/run_config.h"

namespace kvbench::app {

int run_benchmark(const config::RunConfig& cfg);

}  // namespace kvbench::app
