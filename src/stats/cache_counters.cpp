#include "stats/cache_counters.h"

#include <vector>

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

// Workers may still be counting (the drain) while the window's copy is taken: read until two
// passes agree, so that no operation is half in the copy (its bytes in one total, not another).
void CacheCounters::copy_from(const CacheCounters& other) {
  const auto same = [](const std::vector<CounterReading>& a, const std::vector<CounterReading>& b) {
    for (std::size_t i = 0; i < a.size(); ++i)
      if (a[i].values != b[i].values) return false;
    return true;
  };
  std::vector<CounterReading> v = other.read_all();
  for (int tries = 0; tries < 16; ++tries) {
    std::vector<CounterReading> again = other.read_all();
    const bool stable = same(v, again);
    v = std::move(again);
    if (stable) break;
  }
  std::size_t row = 0;
  const auto set = [](Counter& c, std::uint64_t x) { c.store(x, std::memory_order_relaxed); };
#define KVBENCH_COPY(m, ...) set(m, v[row++].values[0]);
#define KVBENCH_COPY_TYPE(m, ...)                                           \
  for (std::size_t i = 0; i < kCacheTypeCount; ++i) set(m[i], v[row].values[i]); \
  ++row;
#define KVBENCH_COPY_LEVEL(m, ...)                                          \
  for (std::size_t i = 0; i < kLevelCount; ++i) set(tiers[i].m, v[row].values[i]); \
  ++row;
  KVBENCH_RUN_COUNTERS(KVBENCH_COPY)
  KVBENCH_TYPE_COUNTERS(KVBENCH_COPY_TYPE)
  KVBENCH_LEVEL_COUNTERS(KVBENCH_COPY_LEVEL)
#undef KVBENCH_COPY
#undef KVBENCH_COPY_TYPE
#undef KVBENCH_COPY_LEVEL
  for (std::size_t i = 0; i < kLevelCount; ++i) {
#define KVBENCH_COPY_LATENCY(m) \
  tiers[i].m.reset();           \
  tiers[i].m.merge_from(other.tiers[i].m);  // into an empty recorder: an exact copy
    KVBENCH_LEVEL_LATENCIES(KVBENCH_COPY_LATENCY)
#undef KVBENCH_COPY_LATENCY
  }
}

}  // namespace kvbench::stats
