// `kvbench compare [options] BASELINE... -- CANDIDATE...`: its flag table, and the turning of
// its arguments into report::CompareOptions (report/compare.h does the comparing).
#pragma once

#include "app/command.h"

namespace kvbench::app {

const std::vector<cli::FlagSpec>& compare_flags();
int compare_command(const Invocation& call, CommandIo& io);

}  // namespace kvbench::app
