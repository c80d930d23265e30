#include "app/compare_command.h"

#include "report/compare.h"

namespace kvbench::app {

const std::vector<cli::FlagSpec>& compare_flags() {
  static const std::vector<cli::FlagSpec> table = {
      cli::command_flag("--threshold", cli::FlagType::String, "5",
                        "Smallest relative change (percent) that counts; NAME=PCT sets one metric's (repeatable)"),
      cli::command_flag("--markdown", cli::FlagType::Bool, "off", "Print the comparison as a Markdown table"),
      cli::command_flag("--json", cli::FlagType::Bool, "off", "Print the comparison as JSON"),
      cli::command_flag("--junit", cli::FlagType::String, "none", "Also write the comparison as JUnit XML to FILE"),
      cli::command_flag("--force", cli::FlagType::Bool, "off", "Compare even when the workload fingerprints (kvbench.run) differ"),
  };
  return table;
}

int compare_command(const Invocation& call, CommandIo& io) {
  const cli::ParsedArgs& p = call.parsed;
  std::vector<std::string> errors;
  if (p.separators.size() != 1)
    errors.push_back(p.separators.empty() ? "no `--` between the baseline and the candidate results"
                                          : "`--` given more than once");
  report::CompareOptions options;
  for (const cli::GivenFlag& f : p.flags)
    if (f.spec->name == "--threshold")
      if (auto e = report::add_threshold(options.settings, f.text)) errors.push_back(*e);
  if (p.last("--markdown") && p.last("--json")) errors.push_back("--markdown and --json exclude each other");
  if (!errors.empty()) {
    for (const auto& e : errors) io.err << "kvbench: error: compare: " << e << "\n";
    io.err << "kvbench: usage: kvbench compare [options] BASELINE... -- CANDIDATE... (see `kvbench compare --help`)\n";
    return 2;
  }
  const auto split = static_cast<std::ptrdiff_t>(p.separators.front());
  options.baseline.assign(p.positionals.begin(), p.positionals.begin() + split);
  options.candidate.assign(p.positionals.begin() + split, p.positionals.end());
  options.format = p.last("--json")       ? report::CompareFormat::Json
                   : p.last("--markdown") ? report::CompareFormat::Markdown
                                          : report::CompareFormat::Console;
  if (const std::string* junit = p.last("--junit")) options.junit = *junit;
  options.force = p.last("--force") != nullptr;
  return report::run_compare(options, io.out, io.err);
}

}  // namespace kvbench::app
