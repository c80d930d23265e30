#include "app/benchmark_run.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "app/cache_options.h"
#include "app/engine_options.h"
#include "app/latency_tracing.h"
#include "app/progress_watch.h"
#include "app/report_options.h"
#include "app/run_health_check.h"
#include "app/run_observers.h"
#include "app/run_report.h"
#include "app/start_barrier.h"
#include "app/trace_output.h"
#include "app/workload_run.h"
#include "cache/multi_tier_cache.h"
#include "common/log.h"
#include "config/output_preflight.h"
#include "engine/benchmark.h"
#include "engine/precondition.h"
#include "engine/request_runner.h"
#include "app/level_options.h"
#include "report/console_report.h"
#include "report/run_identity.h"
#include "tiers/device_cross_check.h"
#include "tiers/level_setup.h"
#include "tiers/tier_registry.h"

namespace kvbench::app {
namespace {

// /proc/meminfo's MemAvailable in bytes; 0 where it cannot be read.
std::uint64_t mem_available_bytes() {
  std::ifstream in("/proc/meminfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("MemAvailable:", 0) != 0) continue;
    std::istringstream fields(line.substr(13));
    std::uint64_t kib = 0;
    fields >> kib;
    return kib * 1024;
  }
  return 0;
}

// The steps that can refuse a run before anything starts. Each returns an exit code on
// failure, after saying why.
struct Inputs {
  std::unique_ptr<WorkloadRun> work;
  TraceOutput trace;
  tiers::BuiltTiers tiers;
};

std::optional<int> prepare_inputs(const config::RunConfig& cfg, Inputs& in) {
  if (const auto problems = config::preflight_errors(cfg); !problems.empty()) {  // before any I/O
    for (const auto& p : problems) std::cerr << "kvbench: error: " << p << "\n";
    return 2;
  }
  try {
    in.work = WorkloadRun::prepare(cfg);  // checks the workload's input files
  } catch (const workload::WorkloadInputError& e) {
    std::cerr << "kvbench: error: " << e.what() << "\n";
    return 2;
  }
  if (!in.trace.open(cfg)) return 1;
  try {
    in.tiers = tiers::build_tiers(level_options(cfg));
  } catch (const tiers::TierSetupError& e) {
    std::cerr << "kvbench: error: " << e.what() << "\n";
    return e.exit_code();
  }
  return std::nullopt;
}

// A run's parts, declared in the order they are built: each may refer to those above it.
class Session {
 public:
  Session(const config::RunConfig& cfg, const RunInvocation& invocation, Inputs& in)
      : cfg_(cfg),
        invocation_(invocation),
        in_(in),
        engine_options_(engine_options_for(cfg)),
        report_options_(report_options_for(cfg)),
        clock_(engine::make_clock(engine_options_)),
        observers_(cfg, counters_, in.trace.writer(), *clock_),
        cache_options_(cache_options_for(cfg)),
        cache_(std::move(in.tiers.tiers), cache_options_, observers_.cache_observers()),
        requests_(cfg.settings.qos_profiles),
        runner_(engine_options_, cache_, requests_),
        progress_(cfg, counters_, requests_, status_) {
    // Real runs: the block device counters under the storage level's directory (none for a bucket).
    if (!in.trace.writer() && in.tiers.storage_io.contains("cache_dir"))
      device_.emplace(in.tiers.storage_io.value("cache_dir", std::string()));
  }

  // The banner, then the live server: false when it cannot listen.
  bool start() {
    report::print_banner(std::cout, report_options_, in_.work->banner_info());
    in_.work->print_workload(std::cout);
    // The block's verdict stays in the console: kvbench's own footprint is not what it estimates.
    report::print_memory_safety_check(std::cout, report_options_, mem_available_bytes());
    report::print_start_line(std::cout, report_options_);
    std::cout.flush();
    status_.planned_s.store(cfg_.duration);
    LiveWatch* watch = observers_.watch();
    return !watch || watch->start(run_id_, status_, counters_, requests_, cache_, in_.trace.writer());
  }

  // Nullopt: the start barrier failed or a signal ended it (said why); nothing was measured.
  std::optional<engine::RunOutcome> timed_phase(engine::StopSignal& stop) {
    if (cfg_.precondition) {
      status_.set_state(stats::RunState::Preconditioning);
      engine::precondition(engine_options_, cache_, stop);
      counters_.reset();  // spec §5.8: the timed phase starts from zero, entries stay
      requests_.reset();
    }
    WorkloadRun& work = *in_.work;
    work.before_timed_phase(cache_, counters_, requests_, status_, stop, std::cout);
    status_.mark_ready(engine::system_epoch_us());  // prepared: /readyz answers 200 from now on
    if (cfg_.group_size > 1 && !meet_peers(stop)) return std::nullopt;
    if (auto* wall = dynamic_cast<engine::WallClock*>(clock_.get()))
      wall->restart();  // --duration starts now
    work.attach(cache_, counters_, requests_, *clock_);
    if (cfg_.enable_latency_tracing) tracing_.start();
    if (device_) device_->start();
    engine::EngineParts parts{
        engine_options_, work.source(), runner_, requests_, stop, status_, observers_.live_metrics()};
    parts.monitor = work.monitor();
    parts.rag = work.rag();
    parts.counters = &counters_;
    parts.start_at_epoch_us = barrier_.start_at_epoch_us;  // 0 without a group
    if (stats::RunTimeline* timeline = observers_.timeline()) {
      timeline->attach(requests_, [this] {
        std::array<std::uint64_t, kLevelCount> used{};
        for (const cache::TierUsage& u : cache_.usage()) used[static_cast<std::size_t>(u.id)] = u.used_bytes;
        return used;
      });
      timeline->begin();
      parts.timeline = timeline;
    }
    progress_.start();
    engine::RunOutcome outcome = engine::run_engine(parts, *clock_);
    progress_.stop();
    // After a signal the results come first, the workers' thread teardown after them (the pod's
    // grace period runs); otherwise their buffers are given back before the results are built,
    // which keeps the run's peak memory down (engine/parked_workers.h).
    if (outcome.parked_workers && outcome.end != engine::WindowEnd::Signal) outcome.parked_workers->release_and_join();
    latency_tracing_ = tracing_.finish();
    if (device_) {
      const stats::TierCounters& stored = counters_.tier(Level::Storage);
      device_check_ = device_->finish(
          stats::CacheCounters::get(stored.kv_bytes_read),
          stats::CacheCounters::get(stored.kv_bytes_written) + stats::CacheCounters::get(stored.demoted_in_bytes),
          outcome.elapsed_s);
    }
    return outcome;
  }

  int finish(const engine::SignalWatcher& signals, const engine::RunOutcome& outcome) {
    status_.set_state(stats::RunState::Finishing);
    if (signals.interrupted())
      log::warning("Interrupted by signal " + std::to_string(signals.signal_number()) +
                   ": writing what was measured so far");
    int exit_code = in_.trace.close();
    // Usage follows what is really stored (issue 15 item 2): entry files deleted behind the
    // run's back leave the figures, counted as lost.
    if (const std::uint64_t gone = cache_.drop_vanished(); gone > 0)
      log::warning(std::to_string(gone) + " cached entries were no longer stored at the end of the run "
                   "(their files were deleted): counted in kvbench.entries_lost");
    if (!outcome.failure.empty()) {
      log::error(outcome.failure + ": the run stopped; its results are written, exit 1");
      exit_code = 1;
    }
    in_.tiers.add_counters(in_.tiers.storage_io);  // the S3 counters, once the I/O is over
    const MeasuredRun run{cfg_,
                          report_options_,
                          counters_,
                          requests_,
                          cache_,
                          *in_.work,
                          in_.trace.writer(),
                          in_.tiers.storage_io,
                          cache_options_.payload_seed,
                          outcome,
                          device_check_,
                          signals.interrupted(),
                          observers_.timeline()};
    report::RunResult result = snapshot(run);
    result.health = stats::assess_health(health_inputs(result));
    result.identity = identity(outcome);
    if (barrier_.ok)
      result.group = group_json(cfg_.rank, barrier_options_, barrier_, outcome.started_at_epoch_us,
                                outcome.started_at_epoch_us + static_cast<std::int64_t>(outcome.elapsed_s * 1e6));
    result.device_latency_tracing = latency_tracing_;
    log_health(result.health);
    nlohmann::json doc;
    if (write_reports(cfg_, result, doc) != 0) exit_code = 1;
    if (stats::health_fails_run(result.health.status, fail_on_of(cfg_.fail_on))) {
      log::error("Run health is " + std::string(stats::health_status_name(result.health.status)) +
                 ": exit 1 (--fail-on " + cfg_.fail_on + ")");
      exit_code = 1;
    }
    if (const auto bad = stats::CacheCounters::get(counters_.verify_mismatches); bad > 0) {
      log::error("--verify: " + std::to_string(bad) +
                 " reads returned bytes that differ from their payload");
      exit_code = 1;
    }
    LiveWatch* watch = observers_.watch();
    if (watch) watch->publish_results(std::move(doc));
    status_.set_state(exit_code != 0          ? stats::RunState::Failed
                      : signals.interrupted() ? stats::RunState::Interrupted
                                              : stats::RunState::Done);
    if (watch) watch->linger_then_stop(signals);
    return exit_code;
  }

  // The start barrier (issue 20): false when a peer was missing at --barrier-timeout or a
  // signal came first.
  bool meet_peers(engine::StopSignal& stop) {
    std::string why;
    barrier_options_.peers = *resolve_peers(cfg_.peers, cfg_.peers_pattern, cfg_.group_size, why);  // cli/ checked
    barrier_options_.timeout_s = cfg_.barrier_timeout;
    barrier_ = wait_for_peers(barrier_options_, stop);
    if (barrier_.ok) return true;
    if (!barrier_.interrupted) log::error(barrier_.failure + ": nothing was measured, exit 1");
    status_.set_state(stats::RunState::Failed);
    return false;
  }

  nlohmann::json identity(const engine::RunOutcome& outcome) const {
    report::RunIdentityInputs id;
    id.run_id = run_id_;
    id.command_line = invocation_.command_line;
    id.effective_config = invocation_.effective_config;
    id.started_us = outcome.started_at_epoch_us;
    id.ended_us = outcome.started_at_epoch_us +
                  static_cast<std::int64_t>((outcome.elapsed_s + outcome.drain_s) * 1e6);
    if (in_.tiers.storage_io.is_object()) id.cache_dir = in_.tiers.storage_io.value("cache_dir", std::string());
    return report::run_identity_json(id, read_host_facts());
  }

  // Stops the server before what it reads is destroyed, on every path out.
  ~Session() {
    if (LiveWatch* watch = observers_.watch()) watch->stop();
  }

 private:
  const config::RunConfig& cfg_;
  const RunInvocation& invocation_;
  Inputs& in_;
  const std::string run_id_ = report::new_run_id();  // from the start: /metrics labels it too
  const engine::EngineOptions engine_options_;
  const report::ReportOptions report_options_;
  std::unique_ptr<engine::Clock> clock_;
  stats::CacheCounters counters_;
  RunObservers observers_;
  const cache::CacheOptions cache_options_;
  cache::MultiTierCache cache_;
  stats::RequestStats requests_;
  engine::RequestRunner runner_;
  stats::RunStatus status_;
  ProgressWatch progress_;
  std::optional<tiers::DeviceCrossCheck> device_;  // real runs only
  nlohmann::json device_check_;                    // its figures, once the window closed
  BarrierOptions barrier_options_;                 // --group-size > 1 only
  BarrierOutcome barrier_;
  LatencyTracing tracing_;                         // --enable-latency-tracing
  nlohmann::json latency_tracing_;                 // its histograms; null when it did not run
};

}  // namespace

int run_benchmark(const config::RunConfig& cfg, const RunInvocation& invocation) {
  engine::StopSignal stop;
  engine::SignalWatcher signals(stop);  // before any thread starts, so all inherit the signal mask
  // A signal sent before the run started (while the command line was read, or while the
  // inputs were checked): nothing was measured, so there are no results to keep.
  const auto stopped_early = [&] {
    log::error("interrupted by signal " + std::to_string(signals.signal_number()) +
               " before the run started: nothing was measured, no results written");
    return 1;
  };
  if (signals.interrupted()) return stopped_early();
  Inputs in;
  if (const auto refused = prepare_inputs(cfg, in)) return *refused;
  if (signals.interrupted()) return stopped_early();
  Session session(cfg, invocation, in);
  if (!session.start()) return 1;
  const std::optional<engine::RunOutcome> outcome = session.timed_phase(stop);
  if (!outcome) return signals.interrupted() ? stopped_early() : 1;
  return session.finish(signals, *outcome);
}

}  // namespace kvbench::app
