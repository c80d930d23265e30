// The reports' options for one run, taken from RunConfig: the parameters the banner, the
// results JSON and the spreadsheet print back (report/report_options.h).
#pragma once

#include "config/run_config.h"
#include "report/report_options.h"

namespace kvbench::app {

report::ReportOptions report_options_for(const config::RunConfig& cfg);

}  // namespace kvbench::app
