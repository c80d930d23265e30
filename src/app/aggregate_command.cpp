#include "app/aggregate_command.h"

#include <fstream>

#include "report/aggregate.h"
#include "report/results_json.h"

namespace kvbench::app {

using nlohmann::json;

const std::vector<cli::FlagSpec>& aggregate_flags() {
  static const std::vector<cli::FlagSpec> table = [] {
    cli::FlagSpec output{};
    output.name = "--output";
    output.type = cli::FlagType::String;
    output.default_text = "stdout";
    output.help = "Where to write the merged results JSON";
    return std::vector<cli::FlagSpec>{output};
  }();
  return table;
}

int aggregate_command(const Invocation& call, CommandIo& io) {
  const std::vector<std::string>& inputs = call.parsed.positionals;
  if (inputs.empty()) {
    io.err << "kvbench: error: aggregate: no result files given (usage: kvbench aggregate "
              "[--output FILE] RESULTS.json...)\n";
    return 2;
  }
  std::vector<json> runs;
  for (const auto& path : inputs) {
    std::ifstream in(path);
    if (!in) {
      io.err << "kvbench: error: aggregate: cannot read '" << path << "'\n";
      return 2;
    }
    json doc = json::parse(in, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("requests_completed")) {
      io.err << "kvbench: error: aggregate: '" << path
             << "' is not a kvbench/kv-cache.py results JSON\n";
      return 2;
    }
    runs.push_back(std::move(doc));
  }
  const json merged = report::aggregate_results(runs, inputs);
  const std::string* output = call.parsed.last("--output");
  if (!output) {
    io.out << merged.dump(4) << "\n";
    return 0;
  }
  try {
    report::write_results_file(*output, merged);
  } catch (const std::exception& e) {
    io.err << "kvbench: error: aggregate: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace kvbench::app
