// `kvbench convert`: reads traces and writes them in a replay tool's format. The command's
// whole run, from the parsed options to the exit code (0, or 2 for a trace or an output folder
// that cannot be used), with a closing line that says what was written and what was skipped.
#pragma once

#include <ostream>

#include "convert/convert_options.h"

namespace kvbench::convert {

int run_convert(const ConvertOptions& options, std::ostream& out, std::ostream& err);

}  // namespace kvbench::convert
