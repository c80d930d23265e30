// argparse's rules for one command's flag table, shared by every subcommand: `--flag value`
// and `--flag=value`, unambiguous prefixes of long flags, negative numbers as values,
// switches that take no value, -h/--help. Values stay text here; each command converts them
// (parse_flag_value) so that every problem is reported at once.
#pragma once

#include <string>
#include <vector>

#include "cli/flag_table.h"

namespace kvbench::cli {

struct GivenFlag {
  const FlagSpec* spec;
  std::string text;  // "true" for a switch
};

struct ParsedArgs {
  std::vector<GivenFlag> flags;          // in command-line order; the last repeat wins
  std::vector<std::string> positionals;  // only where the command takes them
  // Where a bare `--` stood among the positionals (their count before it), in order; only where
  // the command takes positionals (`compare BASELINE... -- CANDIDATE...`).
  std::vector<std::size_t> separators;
  std::vector<std::string> errors;
  std::vector<std::string> notes;        // for the log at INFO: prefixes taken as flags
  bool help = false;

  // The text of the last occurrence of a flag, or null.
  const std::string* last(std::string_view name) const;
};

ParsedArgs parse_args(const std::vector<FlagSpec>& table, const std::vector<std::string>& args,
                      bool takes_positionals);

}  // namespace kvbench::cli
