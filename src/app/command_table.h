// The command table: every kvbench subcommand, dispatched from one place. `run` is the
// default, so a kv-cache.py command line (flags only) still means a run. Each command parses
// its arguments with its own flag table; -h/--help prints its usage and flags.
// Returns the process exit code (0 ok, 1 runtime failure, 2 usage/config error).
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "app/command.h"

namespace kvbench::app {

const std::vector<Command>& command_table();
const Command* find_command(std::string_view name);

// `args` excludes the program name.
int dispatch(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int main_entry(int argc, char** argv);

// Blocks the stop signals (TERM, INT, HUP, PIPE) for the whole process; main calls it first
// (engine/stop_signal.h has why).
void block_stop_signals();

// `kvbench --help`: the commands, then run's flags (run is the default command).
void print_overview(std::ostream& os);
void print_command_help(const Command& cmd, std::ostream& os);

}  // namespace kvbench::app
