#include "stats/cache_counters.h"

namespace kvbench::stats {
namespace {

void zero(Counter& c) { c.store(0, std::memory_order_relaxed); }

// Nothing is counted outside the tables: a member added by hand would escape reset(), the
// JSON and /metrics, so the layout must be exactly the declared rows.
#define KVBENCH_COUNT(...) +1
constexpr std::size_t kRunCounters = 0 KVBENCH_RUN_COUNTERS(KVBENCH_COUNT);
constexpr std::size_t kTypeCounters = 0 KVBENCH_TYPE_COUNTERS(KVBENCH_COUNT);
constexpr std::size_t kLevelCounters = 0 KVBENCH_LEVEL_COUNTERS(KVBENCH_COUNT);
constexpr std::size_t kLevelLatencies = 0 KVBENCH_LEVEL_LATENCIES(KVBENCH_COUNT);
#undef KVBENCH_COUNT
static_assert(std::size(kCounterSpecs) == kRunCounters + kTypeCounters + kLevelCounters);
static_assert(sizeof(TierCounters) ==
              kLevelCounters * sizeof(Counter) + kLevelLatencies * sizeof(LatencyRecorder));
static_assert(sizeof(CacheCounters) == (kRunCounters + kTypeCounters * kCacheTypeCount) * sizeof(Counter) +
                                           sizeof(std::array<TierCounters, kLevelCount>));

}  // namespace

// Generated from the declaration tables, so every declared counter is covered.
void CacheCounters::reset() {
#define KVBENCH_RESET(m, ...) zero(m);
#define KVBENCH_RESET_TYPE(m, ...) \
  for (Counter& c : m) zero(c);
  KVBENCH_RUN_COUNTERS(KVBENCH_RESET)
  KVBENCH_TYPE_COUNTERS(KVBENCH_RESET_TYPE)
  for (TierCounters& t : tiers) {
#define KVBENCH_RESET_LEVEL(m, ...) zero(t.m);
#define KVBENCH_RESET_LATENCY(m) t.m.reset();
    KVBENCH_LEVEL_COUNTERS(KVBENCH_RESET_LEVEL)
    KVBENCH_LEVEL_LATENCIES(KVBENCH_RESET_LATENCY)
  }
#undef KVBENCH_RESET
#undef KVBENCH_RESET_TYPE
#undef KVBENCH_RESET_LEVEL
#undef KVBENCH_RESET_LATENCY
}

std::vector<CounterReading> CacheCounters::read_all() const {
  std::vector<CounterReading> out;
  out.reserve(std::size(kCounterSpecs));
  std::size_t row = 0;
  const auto next = [&]() -> CounterReading& {
    out.push_back({&kCounterSpecs[row++], {}});
    return out.back();
  };
#define KVBENCH_READ(m, ...) next().values[0] = get(m);
#define KVBENCH_READ_TYPE(m, ...)                                   \
  {                                                                 \
    CounterReading& r = next();                                     \
    for (std::size_t i = 0; i < kCacheTypeCount; ++i) r.values[i] = get(m[i]); \
  }
#define KVBENCH_READ_LEVEL(m, ...)                                  \
  {                                                                 \
    CounterReading& r = next();                                     \
    for (std::size_t i = 0; i < kLevelCount; ++i) r.values[i] = get(tiers[i].m); \
  }
  KVBENCH_RUN_COUNTERS(KVBENCH_READ)
  KVBENCH_TYPE_COUNTERS(KVBENCH_READ_TYPE)
  KVBENCH_LEVEL_COUNTERS(KVBENCH_READ_LEVEL)
#undef KVBENCH_READ
#undef KVBENCH_READ_TYPE
#undef KVBENCH_READ_LEVEL
  return out;
}

}  // namespace kvbench::stats
