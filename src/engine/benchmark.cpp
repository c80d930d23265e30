#include "engine/benchmark.h"

#include <iostream>
#include <optional>
#include <random>
#include <sstream>

#include "cache/multi_tier_cache.h"
#include "common/log.h"
#include "config/output_preflight.h"
#include "engine/clock.h"
#include "engine/engine_parts.h"
#include "engine/iso_time.h"
#include "engine/live_watch.h"
#include "engine/precondition.h"
#include "engine/tier_setup.h"
#include "engine/trace_recorder.h"
#include "engine/workload_run.h"
#include "report/console_report.h"
#include "report/results_json.h"
#include "report/text_format.h"
#include "report/xlsx_export.h"
#include "tiers/device_cross_check.h"
#include "trace/trace_writer.h"

namespace kvbench::engine {
namespace {

// Without --seed every run gets its own payload, so that no storage can deduplicate one run's
// entries against the previous run's (entry keys repeat from run to run).
std::uint64_t payload_seed(const config::RunConfig& cfg) {
  if (cfg.seed) return static_cast<std::uint64_t>(*cfg.seed);
  std::random_device rd;
  return (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
}

std::unique_ptr<Clock> make_clock(const config::RunConfig& cfg) {
  if (cfg.clock == config::ClockKind::Virtual)
    return std::make_unique<VirtualClock>(cfg.seed ? kSeededVirtualEpochUs : system_epoch_us());
  return std::make_unique<WallClock>();
}

}  // namespace

int run_benchmark(const config::RunConfig& cfg) {
  StopSignal stop;
  SignalWatcher signals(stop);  // before any thread starts, so all inherit the signal mask
  if (const auto problems = config::preflight_errors(cfg); !problems.empty()) {  // before any I/O
    for (const auto& p : problems) std::cerr << "kvbench: error: " << p << "\n";
    return 2;
  }

  std::unique_ptr<WorkloadRun> work;
  try {
    work = WorkloadRun::prepare(cfg);  // checks the workload's input files before anything starts
  } catch (const workload::WorkloadInputError& e) {
    std::cerr << "kvbench: error: " << e.what() << "\n";
    return 2;
  }

  std::unique_ptr<trace::TraceWriter> writer;  // trace mode only
  if (cfg.trace_mode()) {
    try {
      trace::TraceWriterOptions opts;
      // Many wall-clock workers each own a block; keep their sum small.
      if (cfg.clock == config::ClockKind::Wall && cfg.effective_workers() > 64) opts.block_bytes = 4 * 1024;
      writer = trace::TraceWriter::open(*cfg.io_trace_log, opts);
    } catch (const std::exception& e) {
      std::cerr << "kvbench: error: --io-trace-log: " << e.what() << "\n";
      return 1;
    }
  }
  if (writer) log::info("Trace mode active: I/O operations will be logged to " + *cfg.io_trace_log);
  BuiltTiers built;
  try {
    built = build_tiers(cfg);
  } catch (const TierSetupError& e) {
    std::cerr << "kvbench: error: " << e.what() << "\n";
    return e.exit_code();
  }

  std::optional<tiers::DeviceCrossCheck> device;  // real runs: the cache dir's block device counters
  if (!writer) device.emplace(built.storage_io.value("cache_dir", std::string()));
  std::unique_ptr<Clock> clock = make_clock(cfg);
  TraceRecorder recorder(writer.get(), *clock);
  std::unique_ptr<LiveWatch> watch = LiveWatch::create(cfg, recorder);  // null without --http-listen
  stats::CacheCounters counters;
  cache::CacheOptions cache_options;
  cache_options.eviction = cfg.settings.eviction;
  cache_options.max_concurrent_allocs = cfg.max_concurrent_allocs;
  cache_options.bytes_per_token =
      static_cast<double>(model::bytes_per_token(cfg.model_spec())) / cfg.tensor_parallel;
  cache_options.payload_seed = payload_seed(cfg);
  cache_options.verify = cfg.verify;
  cache::MultiTierCache cache(std::move(built.tiers), cache_options, counters,
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
  if (cfg.precondition) {
    status.set_state(stats::RunState::Preconditioning);
    precondition(cfg, cache, built.nvme_limit_bytes, stop);
    counters.reset();  // spec §5.8: the timed phase starts from zero, entries stay
    request_stats.reset();
  }
  work->before_timed_phase(cache, counters, request_stats, status, stop, std::cout);
  if (auto* wall = dynamic_cast<WallClock*>(clock.get())) wall->restart();  // --duration starts now
  work->attach(cache, counters, request_stats, *clock);
  if (device) device->start();
  const std::int64_t started_us = clock->epoch_us();
  EngineParts parts{cfg, work->source(), runner, request_stats, stop, status, watch ? watch->metrics() : nullptr};
  parts.monitor = work->monitor();
  parts.rag = work->rag();
  parts.counters = &counters;
  EngineOutcome outcome;
  if (auto* v = dynamic_cast<VirtualClock*>(clock.get())) outcome = run_virtual_clock(parts, *v);
  else outcome = run_wall_clock(parts, *static_cast<WallClock*>(clock.get()));
  status.set_state(stats::RunState::Finishing);
  const stats::TierCounters& stored = counters.tier(Level::Storage);
  const nlohmann::json device_check =
      device ? device->finish(stats::CacheCounters::get(stored.kv_bytes_read),
                              stats::CacheCounters::get(stored.kv_bytes_written) + stats::CacheCounters::get(stored.evict_bytes_in),
                              outcome.elapsed_s)
             : nlohmann::json();
  if (signals.interrupted())
    log::warning("Interrupted by signal " + std::to_string(signals.signal_number()) +
                 ": writing what was measured so far");

  int exit_code = 0;
  if (writer) {
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
  }

  report::RunResult result;
  result.config = &cfg;
  // The headline is the window's; what the drain moved is the final counters minus these.
  result.cache = outcome.window_counters ? outcome.window_counters.get() : &counters;
  result.final_cache = &counters;
  result.window_end = window_end_name(outcome.end);
  result.drain_s = outcome.drain_s;
  result.drain_overrun = outcome.drain_overrun;
  result.requests = &request_stats;
  for (const auto& u : cache.usage()) result.tiers.push_back({u.id, u.used_bytes, u.limit_bytes, u.entries});
  result.entry_sizes = cache.entry_sizes();
  result.elapsed_s = outcome.elapsed_s;
  result.interrupted = signals.interrupted();
  result.mode = writer ? "trace" : "real";
  if (writer) {
    result.trace_rows = writer->rows_recorded();
    result.trace_path = writer->path();
  }
  result.storage_io = built.storage_io;
  result.device = device_check;
  if (!result.storage_io.is_null()) result.storage_io["payload_seed"] = cache_options.payload_seed;
  result.started_at_iso = iso_local_time(started_us);
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
  if (const auto bad = stats::CacheCounters::get(counters.verify_mismatches); bad > 0) {
    log::error("--verify: " + std::to_string(bad) + " reads returned bytes that differ from their payload");
    exit_code = 1;
  }
  if (watch) watch->publish_results(std::move(doc));
  status.set_state(exit_code != 0         ? stats::RunState::Failed
                   : signals.interrupted() ? stats::RunState::Interrupted
                                           : stats::RunState::Done);
  if (watch) watch->linger_then_stop(signals);
  return exit_code;
}

}  // namespace kvbench::engine
