// What a replay is asked to do (`kvbench replay`): which trace files, where each row goes, how
// fast, how many operations in flight, what to check. app/ fills it from the command's flags.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kvbench::replay {

// Where a row's Tier-N goes: its own level (the fastest present level at or below it, so a
// machine without a GPU level replays Tier-0 rows on the CPU level), or the storage level for
// every row (one storage system under a whole hierarchy's traffic: the usual use).
enum class LevelRouting : std::uint8_t { Tiers, Storage };

inline constexpr std::string_view level_routing_name(LevelRouting r) {
  return r == LevelRouting::Storage ? "storage" : "tiers";
}

// The default bound on the p99 lag (docs/replay.md): beyond it the storage could not keep up
// with the trace's timestamps and the replay is degraded.
inline constexpr double kDefaultMaxLagS = 0.1;
inline constexpr int kDefaultConcurrency = 16;

struct ReplayOptions {
  std::vector<std::string> paths;  // CSV or .zst traces, replayed one after the other
  LevelRouting routing = LevelRouting::Tiers;
  // 1 = as recorded, 2 = twice as fast; 0 = as fast as the storage takes them.
  double speed = 1.0;
  int concurrency = kDefaultConcurrency;  // workers = operations in flight at most
  bool verify = false;                    // check every byte read against its payload
  std::uint64_t payload_seed = 0;
  double max_lag_s = kDefaultMaxLagS;
  // 0: objects as large as the trace says. Otherwise every object is cut to this many bytes
  // (a quick look at a trace of huge objects; its byte totals then differ from the trace's).
  std::uint64_t size_cap = 0;
};

}  // namespace kvbench::replay
