// The flags of `kvbench replay`: the run's own rows for what a replay shares with a run (the
// backends' options, level sizes, --verify, --seed, --output, --fail-on), taken from cli's one
// flag table so they cannot drift, plus the replay's own (--levels, --speed, --concurrency,
// --max-lag-ms, --size-cap). The shared ones land in a RunConfig, so the levels, the payload
// seed and the report options are built exactly as a run builds them.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/arg_parser.h"
#include "config/run_config.h"
#include "replay/replay_options.h"

namespace kvbench::app {

const std::vector<cli::FlagSpec>& replay_flags();

struct ReplaySetup {
  config::RunConfig cfg;           // the run's flags as given (defaults elsewhere)
  replay::ReplayOptions options;   // paths, routing, speed, ... (payload_seed left to the caller)
  nlohmann::json effective;        // every flag with the value it took, for the run identity
};

// Fills `out` from the parsed arguments; the problems found, all at once (empty = usable).
std::vector<std::string> read_replay_flags(const cli::ParsedArgs& parsed, ReplaySetup& out);

}  // namespace kvbench::app
