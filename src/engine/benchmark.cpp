#include "engine/benchmark.h"

#include <ctime>
#include <iomanip>
#include <iostream>
#include <limits>
#include <sstream>

#include "cache/multi_tier_cache.h"
#include "common/log.h"
#include "engine/clock.h"
#include "engine/engine_parts.h"
#include "engine/live_watch.h"
#include "engine/trace_recorder.h"
#include "engine/workload_run.h"
#include "report/console_report.h"
#include "report/results_json.h"
#include "report/text_format.h"
#include "report/xlsx_export.h"
#include "tiers/null_tier.h"
#include "trace/trace_writer.h"

namespace kvbench::engine {
namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

std::string iso_time(std::int64_t epoch_us) {
  const std::time_t t = static_cast<std::time_t>(epoch_us / 1000000);
  std::tm tm{};
  localtime_r(&t, &tm);
  std::ostringstream os;
  os << std::put_time(&tm, "%Y-%m-%dT%H:%M:%S") << "." << std::setw(6) << std::setfill('0')
     << (epoch_us % 1000000);
  return os.str();
}

// Trace mode: all three tiers exist and move no bytes (spec §7.1). NVMe is unlimited unless
// --storage-capacity-gb is given (spec §6.1).
std::vector<cache::TierSetup> trace_tiers(const config::RunConfig& cfg) {
  std::vector<cache::TierSetup> tiers;
  tiers.push_back({std::make_unique<tiers::NullTier>(TierId::Gpu), cfg.gpu_mem_gb * cfg.num_gpus * kGiB});
  tiers.push_back({std::make_unique<tiers::NullTier>(TierId::Cpu), cfg.cpu_mem_gb * kGiB});
  tiers.push_back({std::make_unique<tiers::NullTier>(TierId::Nvme),
                   cfg.storage_capacity_gb > 0 ? cfg.storage_capacity_gb * kGiB
                                               : std::numeric_limits<double>::infinity()});
  return tiers;
}

std::unique_ptr<Clock> make_clock(const config::RunConfig& cfg) {
  if (cfg.clock == config::ClockKind::Virtual)
    return std::make_unique<VirtualClock>(cfg.seed ? kSeededVirtualEpochUs : system_epoch_us());
  return std::make_unique<WallClock>();
}

}  // namespace

int run_benchmark(const config::RunConfig& cfg) {
  if (!cfg.trace_mode()) {
    std::cerr << "kvbench: error: real tier I/O (a run without --io-trace-log) is not implemented "
                 "yet; add --io-trace-log FILE for a trace-mode run\n";
    return 2;
  }
  StopSignal stop;
  SignalWatcher signals(stop);  // before any thread starts, so all inherit the signal mask

  std::unique_ptr<WorkloadRun> work;
  try {
    work = WorkloadRun::prepare(cfg);  // checks the workload's input files before anything starts
  } catch (const workload::WorkloadInputError& e) {
    std::cerr << "kvbench: error: " << e.what() << "\n";
    return 2;
  }

  std::unique_ptr<trace::TraceWriter> writer;
  try {
    trace::TraceWriterOptions opts;
    // Many wall-clock workers each own a block; keep their sum small.
    if (cfg.clock == config::ClockKind::Wall && cfg.effective_workers() > 64) opts.block_bytes = 4 * 1024;
    writer = trace::TraceWriter::open(*cfg.io_trace_log, opts);
  } catch (const std::exception& e) {
    std::cerr << "kvbench: error: --io-trace-log: " << e.what() << "\n";
    return 1;
  }
  log::info("Trace mode active: I/O operations will be logged to " + *cfg.io_trace_log);

  std::unique_ptr<Clock> clock = make_clock(cfg);
  TraceRecorder recorder(*writer, *clock);
  std::unique_ptr<LiveWatch> watch = LiveWatch::create(cfg, recorder);  // null without --http-listen
  stats::CacheCounters counters;
  cache::CacheOptions cache_options;
  cache_options.eviction = cfg.settings.eviction;
  cache_options.max_concurrent_allocs = cfg.max_concurrent_allocs;
  cache_options.bytes_per_token =
      static_cast<double>(model::bytes_per_token(cfg.model_spec())) / cfg.tensor_parallel;
  cache::MultiTierCache cache(trace_tiers(cfg), cache_options, counters,
                              watch ? &watch->observer() : static_cast<cache::CacheObserver*>(&recorder));
  stats::RequestStats request_stats(cfg.settings.qos_profiles);
  RequestRunner runner(cfg, cache, request_stats);

  report::print_banner(std::cout, cfg, work->banner_info());
  work->print_workload(std::cout);
  report::print_start_line(std::cout, cfg);
  std::cout.flush();

  stats::RunStatus status;
  status.planned_s.store(cfg.duration);
  status.ready.store(true);
  if (watch && !watch->start(status, counters, request_stats, cache, writer.get())) return 1;
  // Stops the server before what it reads (declared above) is destroyed, on every path out.
  const std::unique_ptr<LiveWatch, void (*)(LiveWatch*)> stop_serving(watch.get(), [](LiveWatch* w) { w->stop(); });
  work->before_timed_phase(cache, counters, request_stats, status, stop, std::cout);
  if (auto* wall = dynamic_cast<WallClock*>(clock.get())) wall->restart();  // --duration starts now
  work->attach(cache, counters, request_stats, *clock);
  const std::int64_t started_us = clock->epoch_us();
  EngineParts parts{cfg, work->source(), runner, request_stats, stop, status, watch ? watch->metrics() : nullptr};
  parts.monitor = work->monitor();
  parts.rag = work->rag();
  EngineOutcome outcome;
  if (auto* v = dynamic_cast<VirtualClock*>(clock.get())) outcome = run_virtual_clock(parts, *v);
  else outcome = run_wall_clock(parts, *static_cast<WallClock*>(clock.get()));
  status.set_state(stats::RunState::Finishing);
  if (signals.interrupted())
    log::warning("Interrupted by signal " + std::to_string(signals.signal_number()) +
                 ": writing what was measured so far");

  int exit_code = 0;
  try {
    writer->close();
    std::ostringstream msg;
    msg << "IOTracer: closed — " << report::text::thousands(writer->rows_recorded())
        << " operations logged to " << writer->path();
    log::info(msg.str());
  } catch (const std::exception& e) {
    log::error(std::string("trace: ") + e.what());
    exit_code = 1;
  }

  report::RunResult result;
  result.config = &cfg;
  result.cache = &counters;
  result.requests = &request_stats;
  for (const auto& u : cache.usage()) result.tiers.push_back({u.id, u.used_bytes, u.limit_bytes, u.entries});
  result.entry_sizes = cache.entry_sizes();
  result.elapsed_s = outcome.elapsed_s;
  result.interrupted = signals.interrupted();
  result.mode = "trace";
  result.trace_rows = writer->rows_recorded();
  result.trace_path = writer->path();
  result.started_at_iso = iso_time(started_us);
  result.started_at_epoch_us = started_us;
  work->fill_result(result, counters);
  report::print_report(std::cout, result);
  std::cout.flush();

  nlohmann::json doc = report::build_results_json(result);
  try {
    report::write_results_file(cfg.output, doc);
    log::info("Results saved to " + cfg.output);
  } catch (const std::exception& e) {
    log::error(std::string("--output: ") + e.what());
    exit_code = 1;
  }
  if (cfg.xlsx_output) {
    try {  // after the JSON, so a spreadsheet failure never costs the results
      const std::string written = report::export_spreadsheet(*cfg.xlsx_output, doc, cfg);
      if (written.empty()) log::warning("--xlsx-output: no request completed, nothing to export");
      else log::info("Spreadsheet results saved to " + written);
    } catch (const std::exception& e) {
      log::error(std::string("--xlsx-output: ") + e.what());
      exit_code = 1;
    }
  }
  if (watch) watch->publish_results(std::move(doc));
  status.set_state(exit_code != 0         ? stats::RunState::Failed
                   : signals.interrupted() ? stats::RunState::Interrupted
                                           : stats::RunState::Done);
  if (watch) watch->linger_then_stop(signals);
  return exit_code;
}

}  // namespace kvbench::engine
