// A kvbench subcommand as the command table lists it: its name, one line for `kvbench --help`,
// its usage line, its own flag table (the same FlagSpec machinery as `run`) and what it does.
// A new command (replay, compare, report) is one more row in app/command_table.cpp.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/arg_parser.h"
#include "cli/flag_table.h"

namespace kvbench::app {

struct CommandIo {
  std::ostream& out;
  std::ostream& err;
};

// One call of a command: the arguments after its name, and the same parsed with its table.
struct Invocation {
  const std::vector<std::string>& args;
  const cli::ParsedArgs& parsed;
};

struct Command {
  std::string_view name;
  std::string_view summary;      // one line in `kvbench --help`
  std::string_view usage;        // the synopsis after "usage: "
  std::string_view description;  // the paragraph `kvbench NAME --help` prints
  const std::vector<cli::FlagSpec>& (*flags)();
  bool takes_positionals;
  int (*run)(const Invocation& call, CommandIo& io);
};

// Prints each error as "kvbench: error: [NAME: ]MESSAGE" and where help is; returns 2.
int usage_errors(const Command& cmd, const std::vector<std::string>& errors, CommandIo& io);

}  // namespace kvbench::app
