// `kvbench aggregate`'s work: reads the result files, merges them (aggregate_merge.cpp) and
// writes the merged document. Its flags are parsed by app/aggregate_command.cpp.
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
  // Results of different workloads do not add up (a llama3.1-8b run summed with a tiny-1b one):
  // kvbench.run.workload_fingerprint says which workload each file measured.
  const auto fingerprint = [](const json& doc) -> std::string {
    const json* run = doc.contains("kvbench") && doc["kvbench"].is_object() && doc["kvbench"].contains("run")
                          ? &doc["kvbench"]["run"] : nullptr;
    return run && run->is_object() ? run->value("workload_fingerprint", std::string()) : std::string();
  };
  for (const auto& in : inputs) {
    const std::string a = fingerprint(inputs.front().doc), b = fingerprint(in.doc);
    if (a.empty() || b.empty() || a == b) continue;
    if (options.force) {
      err << "kvbench: warning: aggregate: '" << in.name << "' measured another workload (fingerprint " << b
          << ", not " << a << "): merged anyway (--force)\n";
      continue;
    }
    err << "kvbench: error: aggregate: '" << in.name << "' measured another workload than '"
        << inputs.front().name << "' (workload fingerprint " << b << " vs " << a
        << "); --force merges them anyway\n";
    return 2;
  }
  const AggregateResult merged = merge_results(inputs);
  for (const auto& path : merged.uncatalogued)
    err << "kvbench: warning: aggregate: '" << path
        << "' has no entry in the metric catalog, so no merge rule: left out of the merged results\n";
  for (const auto& why : merged.unreadable_histograms)
    err << "kvbench: warning: aggregate: unreadable latency histogram (" << why
        << "): per-operation percentiles take the worst group\n";
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

}  // namespace kvbench::report
