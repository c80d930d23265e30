#include "app/command_table.h"

#include <algorithm>
#include <iostream>

#include "app/aggregate_command.h"
#include "app/collect_command.h"
#include "app/compare_command.h"
#include "app/convert_command.h"
#include "app/models_command.h"
#include "app/replay_command.h"
#include "app/replay_flags.h"
#include "app/report_command.h"
#include "app/run_command.h"
#include "app/schema_command.h"
#include "cli/flag_help.h"
#include "engine/stop_signal.h"
#include "report/run_identity.h"

namespace kvbench::app {
namespace {

std::vector<Command> build_table() {
  return {
      {"run", "run the benchmark (the default: a kv-cache.py command line works as is)",
       "kvbench [run] [options]", "Integrated Multi-User KV Cache Benchmark, in C++.",
       &cli::flag_table, false, &run_command},
      {"models", "list the model table", "kvbench models [--config FILE]",
       "Lists the models (the built-ins, merged with the config's model_configs) and the KV "
       "cache bytes each token costs.",
       &models_flags, false, &models_command},
      {"aggregate", "merge the results of parallel groups",
       "kvbench aggregate [--output FILE] RESULTS.json...",
       "Merges the results JSON of tensor-parallel groups that ran at the same time: counts and "
       "throughputs add up, percentiles are recomputed from the merged latencies.",
       &aggregate_flags, true, &aggregate_command},
      {"compare", "say whether candidate results regressed against a baseline",
       "kvbench compare [options] BASELINE... -- CANDIDATE...",
       "Compares results JSON (files, or directories holding them): per metric the medians over "
       "trials, the relative change and a verdict that a change beyond the threshold, beyond the "
       "baseline's spread and (with 3 or more trials a side) significant by a Mann-Whitney U test "
       "is a regression or an improvement. Exit 0: no regression; 3: regression; 2: usage.",
       &compare_flags, true, &compare_command},
      {"schema", "print the flags and models as JSON Schema", "kvbench schema [--config FILE]",
       "Prints the run flags (type, default, limits, choices, help) and the model table as a "
       "JSON Schema (draft 2020-12) document.",
       &schema_flags, false, &schema_command},
      {"replay", "replay I/O traces against real levels",
       "kvbench replay [options] TRACE.csv[.zst]...",
       "Replays traces of kvbench or kv-cache.py against real levels: Write rows write the object's "
       "payload, Read rows read it, Evict pairs move it between levels, at the trace's timestamps "
       "scaled by --speed (docs/replay.md). Results in the schema of a run plus kvbench.replay.",
       &replay_flags, true, &replay_command},
      // issue 20: the collector of a group of TP runs (README, "Several tensor-parallel groups").
      {"collect", "fetch a group's results over HTTP and pool them",
       "kvbench collect --peers HOST:PORT,... --output DIR",
       "Fetches every rank's /results while the ranks linger (--http-linger), writes rank-N.json "
       "and their aggregate to DIR, and names the ranks that failed or never answered "
       "(kvbench.partial_failure; exit 1).",
       &collect_flags, false, &collect_command},
      {"report", "draw results as one self-contained HTML page",
       "kvbench report RESULTS.json... --html FILE",
       "Draws one HTML page (inline SVG, no script, no network) of the results: throughput, bandwidth, "
       "latency and level usage over time (kvbench.timeline), latency CDFs per level and operation, QoS "
       "latencies against their SLOs, the device cross-check and each run's identity. Several files "
       "overlay, one series per file.",
       &report_flags, true, &report_command},
      {"convert", "write a trace as fio iologs or a sai3-bench op-log",
       "kvbench convert TRACE.csv[.zst]... --output DIR [--to fio|sai3]",
       "Converts a trace (kvbench's or kv-cache.py's) into a replay tool's input: fio iolog v3 "
       "files, one per stream, with a job file (io_uring, direct, the trace's timing), or the "
       "op-log TSV sai3-bench replays. By default only the storage level's rows (Tier-2) are "
       "converted: the I/O a storage system sees under the whole hierarchy.",
       &convert_flags, true, &convert_command},
  };
}

}  // namespace

const std::vector<Command>& command_table() {
  static const std::vector<Command> table = build_table();
  return table;
}

const Command* find_command(std::string_view name) {
  for (const auto& c : command_table())
    if (c.name == name) return &c;
  return nullptr;
}

int usage_errors(const Command& cmd, const std::vector<std::string>& errors, CommandIo& io) {
  const bool is_run = cmd.name == "run";
  for (const auto& e : errors)
    io.err << "kvbench: error: " << (is_run ? "" : std::string(cmd.name) + ": ") << e << "\n";
  io.err << "kvbench: see `kvbench " << (is_run ? "" : std::string(cmd.name) + " ") << "--help`\n";
  return 2;
}

void print_overview(std::ostream& os) {
  const auto& table = command_table();
  std::size_t width = 0;
  for (const auto& c : table) width = std::max(width, c.usage.size());
  for (std::size_t i = 0; i < table.size(); ++i)
    os << (i == 0 ? "usage: " : "       ") << table[i].usage
       << std::string(width - table[i].usage.size() + 2, ' ') << table[i].summary << "\n";
  os << "\n" << table.front().description << "\n\ncommands:\n";
  for (const auto& c : table)
    os << "  " << c.name << std::string(11 - c.name.size(), ' ') << c.summary << "\n";
  os << "`kvbench COMMAND --help` shows a command's options.\n\noptions:\n";
  cli::print_grouped_flag_help(os, table.front().flags());
}

void print_command_help(const Command& cmd, std::ostream& os) {
  if (cmd.name == "run") return print_overview(os);
  os << "usage: " << cmd.usage << "\n\n" << cmd.description << "\n\noptions:\n";
  cli::print_flag_help(os, cmd.flags());
}

int dispatch(const std::vector<std::string>& all, std::ostream& out, std::ostream& err) {
  // A first word naming a command selects it; anything else is a run's command line.
  const Command* cmd = all.empty() ? nullptr : find_command(all.front());
  std::vector<std::string> args = all;
  if (cmd)
    args.erase(args.begin());
  else
    cmd = find_command("run");
  CommandIo io{out, err};
  // argparse's action='version': the flag anywhere on a run's command line prints and exits.
  if (cmd->name == "run" && std::find(args.begin(), args.end(), "--version") != args.end()) {
    out << report::version_text() << "\n";
    return 0;
  }
  const cli::ParsedArgs parsed = cli::parse_args(cmd->flags(), args, cmd->takes_positionals);
  if (parsed.help) {
    print_command_help(*cmd, out);
    return 0;
  }
  // run reports its parse errors with those of --config, all at once.
  if (!parsed.errors.empty() && cmd->name != "run") return usage_errors(*cmd, parsed.errors, io);
  return cmd->run(Invocation{args, parsed}, io);
}

void block_stop_signals() { engine::block_stop_signals(); }

int main_entry(int argc, char** argv) {
  const std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  return dispatch(args, std::cout, std::cerr);
}

}  // namespace kvbench::app
