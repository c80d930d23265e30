#include "app/replay_command.h"

#include <iostream>
#include <optional>

#include "app/cache_options.h"
#include "app/command_table.h"
#include "app/level_options.h"
#include "app/replay_flags.h"
#include "app/replay_report.h"
#include "common/log.h"
#include "engine/stop_signal.h"
#include "replay/replayer.h"
#include "replay/setup_phase.h"
#include "stats/counter_observer.h"
#include "tiers/device_cross_check.h"
#include "tiers/level_setup.h"

namespace kvbench::app {
namespace {

// The engine's stop signal as replay/ takes it.
class StopAdapter final : public replay::StopControl {
 public:
  explicit StopAdapter(engine::StopSignal& stop) : stop_(stop) {}
  bool requested() const override { return stop_.requested(); }
  bool wait_until(std::chrono::steady_clock::time_point deadline) override { return stop_.wait_until(deadline); }

 private:
  engine::StopSignal& stop_;
};

std::string joined(const std::vector<std::string>& paths) {
  std::string s;
  for (const auto& p : paths) s += (s.empty() ? "" : ", ") + p;
  return s;
}

// Pass 1; nullopt (after saying why) when no row of any file can be replayed.
std::optional<replay::TraceScan> scan(const replay::ReplayOptions& o, const replay::LevelMap& levels) {
  replay::TraceStream rows(o.paths, levels, o.size_cap, true);
  replay::TraceScan found = replay::scan_trace(rows, levels);
  if (found.usable_rows > 0) return found;
  std::string why;
  for (const auto& f : found.files)
    if (!f.refused.empty()) why += "; " + f.refused;
  std::cerr << "kvbench: error: replay: no usable row in " << joined(o.paths) << " ("
            << found.skips.total() << " rows skipped" << why << ")\n";
  return std::nullopt;
}

}  // namespace

int replay_command(const Invocation& call, CommandIo& io) {
  ReplaySetup setup;
  if (auto errors = read_replay_flags(call.parsed, setup); !errors.empty())
    return usage_errors(*find_command("replay"), errors, io);
  log::Level level = log::Level::Info;
  log::parse_level(setup.cfg.log_level, level);
  log::set_level(level);
  engine::StopSignal stop;
  engine::SignalWatcher signals(stop);  // before any thread starts, so all inherit the mask
  StopAdapter stopper(stop);
  replay::ReplayOptions& options = setup.options;
  options.payload_seed = cache_options_for(setup.cfg).payload_seed;
  tiers::LevelOptions level_request = level_options(setup.cfg);
  if (options.routing == replay::LevelRouting::Storage)  // the faster levels stay idle: hold nothing
    for (Level l : {Level::Gpu, Level::Cpu}) level_request.capacity_bytes[static_cast<std::size_t>(level_index(l))] = 0;
  tiers::BuiltTiers built;
  try {
    built = tiers::build_tiers(level_request);
  } catch (const tiers::TierSetupError& e) {
    std::cerr << "kvbench: error: " << e.what() << "\n";
    return e.exit_code();
  }
  // A signal cancels the levels' I/O from the watcher's thread, as in a run (StopSignal says
  // why): operations in flight end at once instead of at their device's pace.
  stop.set_on_request([&built] {
    for (tiers::LevelSetup& level : built.tiers) level.backend->cancel_io();
  });
  stats::CacheCounters counters;
  stats::CounterObserver counting(counters);
  const IoObserverList observers{&counting};
  replay::LevelMap levels(built.tiers, options.routing, observers);
  const std::optional<replay::TraceScan> found = scan(options, levels);
  if (!found) return 2;
  log::info("replay: " + std::to_string(found->usable_rows) + " rows, " + std::to_string(found->setup.size()) +
            " objects read before written (created in a set-up phase)");
  const replay::SetupTally prepared = replay::create_setup_objects(*found, levels, options.payload_seed, stopper);
  tiers::DeviceCrossCheck device(built.storage_io.value("cache_dir", std::string()));
  device.start();
  replay::ReplayTally tally;
  replay::TraceStream rows(options.paths, levels, options.size_cap, false);
  const replay::ReplayWindow window = replay::replay_rows(rows, options, levels, observers, tally, stopper);
  stop.clear_on_request();  // the levels' I/O is over; nothing left to cancel
  const stats::TierCounters& stored = counters.tier(Level::Storage);
  const nlohmann::json device_check =
      device.finish(stats::CacheCounters::get(stored.kv_bytes_read),
                    stats::CacheCounters::get(stored.kv_bytes_written) +
                        stats::CacheCounters::get(stored.demoted_in_bytes),
                    window.elapsed_s);
  if (signals.interrupted())
    log::warning("Interrupted by signal " + std::to_string(signals.signal_number()) +
                 ": writing what was replayed so far");
  ReplayMeasured measured{setup, built, levels, counters, *found, prepared, tally, window, device_check,
                          signals.interrupted()};
  measured.command_line.push_back("kvbench");
  measured.command_line.push_back("replay");
  measured.command_line.insert(measured.command_line.end(), call.args.begin(), call.args.end());
  return report_replay(measured, io);
}

}  // namespace kvbench::app
