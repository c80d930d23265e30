// The engine's options for one run, taken from RunConfig: what engine/ reads, and nothing
// else (engine/engine_options.h).
#pragma once

#include "config/run_config.h"
#include "engine/engine_options.h"

namespace kvbench::app {

engine::EngineOptions engine_options_for(const config::RunConfig& cfg);

}  // namespace kvbench::app
