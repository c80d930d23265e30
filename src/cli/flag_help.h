// --help for one command's flag table: each flag with its choices or metavariable, its help
// line and its default (the typed default where the flag has one). The run command's flags are
// shown in groups (workload, tiers, real I/O, trace, output, observability) by a name -> group
// table kept here, apart from the flag table, so a new flag needs no edit of its row: a flag the
// table does not name is shown under "other" (and a test asks for its row here).
#pragma once

#include <optional>
#include <ostream>
#include <string_view>
#include <vector>

#include "cli/flag_table.h"

namespace kvbench::cli {

// Where --help shows a flag, and the unit its value is in ("" = none, or the flag's own name).
struct FlagHelpRow {
  std::string_view group;
  std::string_view unit;
};

// The groups in the order --help prints them; "other" last.
const std::vector<std::string_view>& flag_help_groups();
// The flag's row; nullopt for a flag the table does not name (shown under "other").
std::optional<FlagHelpRow> flag_help_row(std::string_view name);

// Every flag, ungrouped (the small tables of the other commands).
void print_flag_help(std::ostream& os, const std::vector<FlagSpec>& table);
// Every flag under its group's heading (run's table).
void print_grouped_flag_help(std::ostream& os, const std::vector<FlagSpec>& table);

}  // namespace kvbench::cli
