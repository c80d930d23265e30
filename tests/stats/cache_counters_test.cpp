// CacheCounters are declared once: reset() zeroes every declared counter and latency list,
// read_all() sees every one, and the JSON keys and Prometheus families come from the table.
#include "stats/cache_counters.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace kvbench::stats {
namespace {

// Sets every declared counter (through the same tables, so a new row is covered) and records
// a sample in every latency list.
void fill(CacheCounters& c) {
  std::uint64_t v = 1;
#define KVBENCH_FILL(m, ...) c.m.store(v++);
#define KVBENCH_FILL_TYPE(m, ...) \
  for (Counter& x : c.m) x.store(v++);
  KVBENCH_RUN_COUNTERS(KVBENCH_FILL)
  KVBENCH_TYPE_COUNTERS(KVBENCH_FILL_TYPE)
  for (TierCounters& t : c.tiers) {
#define KVBENCH_FILL_LEVEL(m, ...) t.m.store(v++);
#define KVBENCH_FILL_LATENCY(m) t.m.record(0.001);
    KVBENCH_LEVEL_COUNTERS(KVBENCH_FILL_LEVEL)
    KVBENCH_LEVEL_LATENCIES(KVBENCH_FILL_LATENCY)
  }
#undef KVBENCH_FILL
#undef KVBENCH_FILL_TYPE
#undef KVBENCH_FILL_LEVEL
#undef KVBENCH_FILL_LATENCY
}

TEST(CacheCounters, ResetZeroesEveryDeclaredCounter) {
  CacheCounters c;
  fill(c);
  for (const CounterReading& r : c.read_all())
    for (std::size_t i = 0; i < r.width(); ++i) EXPECT_GT(r.values[i], 0u) << r.spec->member << "[" << i << "]";
  EXPECT_GT(CacheCounters::get(c.misses(CacheType::CommonPhrase)), 0u);  // the one reset() used to forget
  c.reset();
  for (const CounterReading& r : c.read_all())
    for (std::size_t i = 0; i < r.width(); ++i) EXPECT_EQ(r.values[i], 0u) << r.spec->member << "[" << i << "]";
  for (const TierCounters& t : c.tiers) {
#define KVBENCH_CHECK_LATENCY(m) EXPECT_EQ(t.m.count(), 0u) << #m;
    KVBENCH_LEVEL_LATENCIES(KVBENCH_CHECK_LATENCY)
#undef KVBENCH_CHECK_LATENCY
  }
}

TEST(CacheCounters, ReadingsFollowTheTable) {
  CacheCounters c;
  CacheCounters::add(c.write_operations, 5);
  CacheCounters::add(c.hits(CacheType::System), 2);
  CacheCounters::add(c.tier(Level::Cpu).demoted_in_bytes, 300);
  const auto all = c.read_all();
  ASSERT_EQ(all.size(), std::size(kCounterSpecs));
  for (const CounterReading& r : all) {
    if (r.spec->member == "write_operations") {
      EXPECT_EQ(r.spec->json_key, "write_iops");
      EXPECT_EQ(r.values[0], 5u);
    }
    if (r.spec->member == "hits_by_type") {
      EXPECT_EQ(r.values[static_cast<std::size_t>(CacheType::System)], 2u);
    }
    if (r.spec->member == "demoted_in_bytes") {
      EXPECT_EQ(r.values[static_cast<std::size_t>(Level::Cpu)], 300u);
    }
  }
}

TEST(CacheCounters, JsonKeysAndFamiliesAreUnique) {
  std::set<std::string> keys, families;
  for (const CounterSpec& s : kCounterSpecs) {
    if (s.json != JsonBlock::None) {
      EXPECT_TRUE(keys.insert(std::string(s.json_key)).second) << s.json_key;
    }
    if (!s.prom_family.empty()) {
      EXPECT_TRUE(families.insert(std::string(s.prom_family)).second) << s.prom_family;
      EXPECT_FALSE(s.prom_help.empty()) << s.prom_family;
    }
  }
  EXPECT_EQ(cache_type_json_name(CacheType::User), "user_cache");
  EXPECT_EQ(cache_type_json_name(CacheType::System), "system_prompt");
}

}  // namespace
}  // namespace kvbench::stats
