#include "cli/app.h"

#include <ctime>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/command_line.h"
#include "cli/models_command.h"
#include "common/log.h"
#include "engine/benchmark.h"
#include "report/aggregate.h"

namespace kvbench::cli {
namespace {

std::string now_stamp() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  std::ostringstream os;
  os << std::put_time(&tm, "%Y%m%d_%H%M%S");
  return os.str();
}

int usage_errors(const std::vector<std::string>& errors) {
  for (const auto& e : errors) std::cerr << "kvbench: error: " << e << "\n";
  std::cerr << "kvbench: see `kvbench --help`\n";
  return 2;
}

}  // namespace

int main_entry(int argc, char** argv) {
  std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  if (!args.empty() && args.front() == "models") {
    args.erase(args.begin());
    return models_command(args, std::cout, std::cerr);
  }
  if (!args.empty() && args.front() == "aggregate") {
    args.erase(args.begin());
    return report::aggregate_command(args, std::cout, std::cerr);
  }
  if (!args.empty() && args.front() == "run") args.erase(args.begin());

  BuildResult built = build_run_config(args, now_stamp());
  if (built.help) {
    print_usage(std::cout);
    return 0;
  }
  if (!built.errors.empty()) return usage_errors(built.errors);
  const config::RunConfig& cfg = *built.config;
  log::Level level = log::Level::Info;
  log::parse_level(cfg.log_level, level);
  log::set_level(level);
  for (const auto& w : built.warnings) log::warning(w);
  return engine::run_benchmark(cfg);
}

}  // namespace kvbench::cli
