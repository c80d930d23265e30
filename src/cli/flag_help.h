// --help for one command's flag table: each flag with its choices or metavariable, its help
// line and its default (the typed default where the flag has one).
#pragma once

#include <ostream>
#include <vector>

#include "cli/flag_table.h"

namespace kvbench::cli {

void print_flag_help(std::ostream& os, const std::vector<FlagSpec>& table);

}  // namespace kvbench::cli
