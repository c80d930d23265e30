// One benchmark run from a RunConfig to its outputs, composed step by step: workload inputs
// and the trace file (checked before anything starts) → tiers → cache → observers → engine →
// report. Returns the process exit code (0 ok, 1 runtime failure, 2 usage error).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/run_config.h"

namespace kvbench::app {

// How the run was asked for, for its identity in the results (kvbench.run).
struct RunInvocation {
  std::vector<std::string> command_line;  // argv as given
  nlohmann::json effective_config;        // every flag as resolved (cli/effective_config.h)
};

int run_benchmark(const config::RunConfig& cfg, const RunInvocation& invocation);

}  // namespace kvbench::app
