// The levels a replay drives, and which one each trace row goes to (replay_options.h,
// LevelRouting). Each level is reached through the timed boundary the cache uses
// (tiers/timed_tier.h), so its operations reach the same observers as a run's.
#pragma once

#include <array>
#include <memory>
#include <vector>

#include "common/io_observer_list.h"
#include "replay/replay_options.h"
#include "tiers/tier.h"
#include "tiers/timed_tier.h"

namespace kvbench::replay {

struct ReplayLevel {
  tiers::Tier* backend = nullptr;
  Level level = Level::Storage;
  double limit_bytes = 0;  // +infinity = unlimited
  std::unique_ptr<tiers::TimedTier> timed;
};

class LevelMap {
 public:
  // `built`: the run's levels, fastest first (tiers/level_setup.h); they outlive the map.
  LevelMap(std::vector<tiers::LevelSetup>& built, LevelRouting routing, const IoObserverList& observers);

  // The level a row recorded at `tier` is replayed on.
  ReplayLevel& for_tier(Level tier) { return levels_[route_[static_cast<std::size_t>(level_index(tier))]]; }
  const ReplayLevel& for_tier(Level tier) const {
    return levels_[route_[static_cast<std::size_t>(level_index(tier))]];
  }
  const std::vector<ReplayLevel>& levels() const { return levels_; }
  std::vector<ReplayLevel>& levels() { return levels_; }

 private:
  std::vector<ReplayLevel> levels_;
  std::array<std::size_t, kLevelCount> route_{};
};

}  // namespace kvbench::replay
