// `kvbench aggregate [--output FILE] RESULTS.json...`: reads the results JSON of groups that
// ran at the same time and writes their merge (report/aggregate.h) to FILE or stdout.
#pragma once

#include "app/command.h"

namespace kvbench::app {

const std::vector<cli::FlagSpec>& aggregate_flags();
int aggregate_command(const Invocation& call, CommandIo& io);

}  // namespace kvbench::app
