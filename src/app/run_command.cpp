#include "app/run_command.h"

#include <ctime>
#include <iomanip>
#include <sstream>

#include "app/benchmark_run.h"
#include "app/command_table.h"
#include "cli/command_line.h"
#include "common/log.h"

namespace kvbench::app {
namespace {

std::string now_stamp() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  std::ostringstream os;
  os << std::put_time(&tm, "%Y%m%d_%H%M%S");
  return os.str();
}

}  // namespace

int run_command(const Invocation& call, CommandIo& io) {
  // Parsed again with --config and its run: section, so that every problem is listed at once.
  cli::BuildResult built = cli::build_run_config(call.args, now_stamp());
  if (!built.errors.empty()) return usage_errors(*find_command("run"), built.errors, io);
  const config::RunConfig& cfg = *built.config;
  log::Level level = log::Level::Info;
  log::parse_level(cfg.log_level, level);
  log::set_level(level);
  for (const auto& n : built.notes) log::info(n);
  for (const auto& w : built.warnings) log::warning(w);
  RunInvocation invocation;
  invocation.command_line.push_back("kvbench");
  invocation.command_line.insert(invocation.command_line.end(), call.args.begin(), call.args.end());
  invocation.effective_config = std::move(built.effective);
  return run_benchmark(cfg, invocation);
}

}  // namespace kvbench::app
