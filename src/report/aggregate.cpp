// `kvbench aggregate` as a command: reads the result files, merges them (aggregate_merge.cpp)
// and writes the merged document. The argv loop at the bottom is the only part that knows
// about flags.
#include "report/aggregate.h"

#include <fstream>
#include <ostream>
#include <stdexcept>

#include "report/results_json.h"

namespace kvbench::report {

using nlohmann::json;

int run_aggregate(const AggregateOptions& options, std::ostream& out, std::ostream& err) {
  if (options.inputs.empty()) {
    err << "kvbench: error: aggregate: no result files given (usage: kvbench aggregate [--output FILE] RESULTS.json...)\n";
    return 2;
  }
  std::vector<AggregateInput> inputs;
  for (const auto& path : options.inputs) {
    std::ifstream in(path);
    if (!in) {
      err << "kvbench: error: aggregate: cannot read '" << path << "'\n";
      return 2;
    }
    json doc = json::parse(in, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("requests_completed")) {
      err << "kvbench: error: aggregate: '" << path << "' is not a kvbench/kv-cache.py results JSON\n";
      return 2;
    }
    inputs.push_back({path, std::move(doc)});
  }
  const AggregateResult merged = merge_results(inputs);
  for (const auto& path : merged.uncatalogued)
    err << "kvbench: warning: aggregate: '" << path
        << "' has no entry in the metric catalog, so no merge rule: left out of the merged results\n";
  for (const auto& path : merged.conflicts)
    err << "kvbench: warning: aggregate: the groups disagree on '" << path << "': the first group's value stands\n";
  if (options.output.empty()) {
    out << merged.merged.dump(4) << "\n";
    return 0;
  }
  try {
    write_results_file(options.output, merged.merged);
  } catch (const std::exception& e) {
    err << "kvbench: error: aggregate: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

int aggregate_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  AggregateOptions options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--output" && i + 1 < args.size()) options.output = args[++i];
    else if (args[i].rfind("--output=", 0) == 0) options.output = args[i].substr(9);
    else if (args[i].rfind("--", 0) == 0) {
      err << "kvbench: error: aggregate: unrecognized argument: " << args[i]
          << " (usage: kvbench aggregate [--output FILE] RESULTS.json...)\n";
      return 2;
    } else options.inputs.push_back(args[i]);
  }
  return run_aggregate(options, out, err);
}

}  // namespace kvbench::report
