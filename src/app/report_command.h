// `kvbench report RESULTS.json... --html FILE`: draws one self-contained HTML page about the
// given results (report/html_report.h); several files overlay.
#pragma once

#include "app/command.h"

namespace kvbench::app {

const std::vector<cli::FlagSpec>& report_flags();
int report_command(const Invocation& call, CommandIo& io);

}  // namespace kvbench::app
