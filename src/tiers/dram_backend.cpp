// The dram backend's registry row (CpuTier, the cpu level of a real run): capped at 80 % of the
// memory available, with a pool of freed buffers for reuse.
#include <algorithm>
#include <fstream>

#include "common/log.h"
#include "tiers/cpu_tier.h"
#include "tiers/gib_text.h"
#include "tiers/tier_registry.h"

namespace kvbench::tiers {
namespace {

// MemAvailable from /proc/meminfo in bytes; 0 when unknown.
double available_memory_bytes() {
  std::ifstream in("/proc/meminfo");
  std::string name;
  double kib = 0;
  std::string unit;
  while (in >> name >> kib >> unit)
    if (name == "MemAvailable:") return kib * 1024.0;
  return 0;
}

nlohmann::json describe(const BuiltLevel& built) { return {{"cpu_limit_bytes", built.limit_bytes}}; }

BuiltLevel build(const LevelRequest& r) {
  BuiltLevel built;
  double limit = r.capacity_bytes;
  // A CPU tier larger than the RAM there is would end the run in the OOM killer.
  const double usable = 0.8 * available_memory_bytes();
  if (usable > 0 && limit > usable) {
    log::warning("CPU tier: --cpu-mem-gb " + gib_text(limit) + " exceeds 80% of available memory; using " +
                 gib_text(usable));
    limit = usable;
  }
  // Reusing freed entry buffers spares the copies page faults; a quarter of the tier, at most
  // 1 GiB, is kept for that beyond the live entries.
  const auto pool = static_cast<std::uint64_t>(std::min(limit / 4, kGiB));
  built.tier = std::make_unique<CpuTier>(std::size_t{1} << 20, pool, r.level);
  built.limit_bytes = limit;
  built.storage_io = describe(built);
  return built;
}

}  // namespace

Backend dram_backend() {
  Backend b;
  b.name = "dram";
  b.probe = [](const LevelRequest&) { return std::string(); };
  b.build = build;
  return b;
}

}  // namespace kvbench::tiers
