// `kvbench schema [--config FILE]`: the run flags and the model table as one JSON Schema
// (draft 2020-12) document, for tools that check a run: section, a chart's values or a UI
// against what this build accepts.
#pragma once

#include <nlohmann/json.hpp>

#include "app/command.h"
#include "config/settings.h"

namespace kvbench::app {

const std::vector<cli::FlagSpec>& schema_flags();
int schema_command(const Invocation& call, CommandIo& io);

// The document itself: properties = the run flags by run: key; $defs.model = the models.
nlohmann::json run_schema(const std::vector<cli::FlagSpec>& flags,
                          const config::Settings& settings);

}  // namespace kvbench::app
