// `kvbench [run] <kv-cache.py flags>`: the command line and --config become one RunConfig
// (cli/), then app/benchmark_run.h runs it.
#pragma once

#include "app/command.h"

namespace kvbench::app {

int run_command(const Invocation& call, CommandIo& io);

}  // namespace kvbench::app
