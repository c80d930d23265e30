// `kvbench models [--config FILE]`: prints the model table (built-ins merged with the config's
// model_configs) with the KV bytes each token costs.
#pragma once

#include "app/command.h"

namespace kvbench::app {

const std::vector<cli::FlagSpec>& models_flags();
int models_command(const Invocation& call, CommandIo& io);

// The model table a command reads: the built-ins, merged with --config's model_configs when
// the flag is given. Returns false after printing the config error.
bool load_settings(const cli::ParsedArgs& parsed, config::Settings& settings, CommandIo& io);

}  // namespace kvbench::app
