// The null backend's registry row: trace mode puts it at every level (spec §7.1). It moves no
// bytes, so it has no options and nothing to describe; a terminal level without a capacity is
// unlimited (spec §6.1).
#include <limits>

#include "tiers/null_tier.h"
#include "tiers/tier_registry.h"

namespace kvbench::tiers {

Backend null_backend() {
  Backend b;
  b.name = "null";
  b.probe = [](const LevelRequest&) { return std::string(); };
  b.build = [](const LevelRequest& r) {
    BuiltLevel built;
    built.tier = std::make_unique<NullTier>(r.level);
    built.limit_bytes = r.terminal && !(r.capacity_bytes > 0) ? std::numeric_limits<double>::infinity()
                                                              : r.capacity_bytes;
    return built;
  };
  return b;
}

}  // namespace kvbench::tiers
