#include "replay/level_map.h"

namespace kvbench::replay {

LevelMap::LevelMap(std::vector<tiers::LevelSetup>& built, LevelRouting routing,
                   const IoObserverList& observers) {
  for (tiers::LevelSetup& s : built) {
    ReplayLevel l;
    l.backend = s.backend.get();
    l.level = s.backend->id();
    l.limit_bytes = s.limit_bytes;
    l.timed = std::make_unique<tiers::TimedTier>(*l.backend, l.level, observers);
    levels_.push_back(std::move(l));
  }
  // The terminal level is last; a trace tier maps to the fastest present level at or below it.
  const std::size_t terminal = levels_.size() - 1;
  for (std::size_t t = 0; t < route_.size(); ++t) {
    route_[t] = terminal;
    if (routing == LevelRouting::Storage) continue;
    for (std::size_t i = 0; i < levels_.size(); ++i) {
      if (static_cast<std::size_t>(level_index(levels_[i].level)) >= t) {
        route_[t] = i;
        break;
      }
    }
  }
}

}  // namespace kvbench::replay
