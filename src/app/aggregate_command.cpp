#include "app/aggregate_command.h"

#include "report/aggregate.h"

namespace kvbench::app {

const std::vector<cli::FlagSpec>& aggregate_flags() {
  static const std::vector<cli::FlagSpec> table = {
      cli::command_flag("--output", cli::FlagType::String, "stdout", "Where to write the merged results JSON"),
      cli::command_flag("--force", cli::FlagType::Bool, "off",
                        "Merge results even when their workload fingerprints (kvbench.run) differ"),
  };
  return table;
}

int aggregate_command(const Invocation& call, CommandIo& io) {
  report::AggregateOptions options;
  options.inputs = call.parsed.positionals;
  if (const std::string* output = call.parsed.last("--output")) options.output = *output;
  options.force = call.parsed.last("--force") != nullptr;
  return report::run_aggregate(options, io.out, io.err);
}

}  // namespace kvbench::app
