// Turns a kv-cache.py command line (plus an optional --config file) into one RunConfig.
// Follows argparse's rules so existing scripts keep working: `--flag value` and `--flag=value`,
// unambiguous prefixes of long flags, negative numbers as values, the last repeat wins.
// Every problem is collected, so the user sees all of them at once.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/run_config.h"

namespace kvbench::cli {

struct BuildResult {
  std::optional<config::RunConfig> config;  // set when there are no errors
  std::vector<std::string> errors;          // one line each, naming the flag, key or file
  std::vector<std::string> warnings;
  std::vector<std::string> notes;  // logged at INFO (a flag given by a prefix of its name)
  bool help = false;  // -h/--help was given: print usage, exit 0
  // Every flag as resolved (cli/effective_config.h), for the run's identity in the results.
  nlohmann::json effective;
};

// `args` excludes the program name. `now_stamp` (YYYYMMDD_HHMMSS) names the default --output.
BuildResult build_run_config(const std::vector<std::string>& args, const std::string& now_stamp);

}  // namespace kvbench::cli
