// The timed boundary at a tier: each call is one Io event for its level with the backend's own
// timing, a failed call emits nothing, and the counters observer gets the same per-level figures
// a MultiTierCache would give it (what a replay without a cache relies on).
#include "tiers/timed_tier.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "stats/counter_observer.h"
#include "tier_test_support.h"
#include "tiers/cpu_tier.h"
#include "tiers/null_tier.h"

namespace kvbench::tiers {
namespace {

struct Log final : IoObserver {
  std::vector<IoEvent> events;
  std::vector<std::string> keys;
  void on_event(const IoEvent& e) override {
    events.push_back(e);
    keys.emplace_back(e.key);
  }
};

TEST(TimedTier, NullTierEmitsOneUntimedEventPerCall) {
  NullTier backend(Level::Storage);
  Log log;
  const IoObserverList observers{&log};
  TimedTier tier(backend, Level::Storage, observers);
  DiscardSink sink;
  testing::SeededSource src(testing::kSeed);
  tier.write("k", 4096, src, Phase::Prefill, 3);
  tier.read("k", 0, 4096, sink, Phase::Decode, 3);
  tier.remove("k");
  ASSERT_EQ(log.events.size(), 2u);
  EXPECT_EQ(log.events[0].op, IoOp::Write);
  EXPECT_EQ(log.events[0].level, Level::Storage);
  EXPECT_EQ(log.events[0].from_level, Level::Storage);
  EXPECT_EQ(log.events[0].phase, Phase::Prefill);
  EXPECT_EQ(log.events[0].bytes, 4096u);
  EXPECT_EQ(log.events[0].tokens, 3u);
  EXPECT_EQ(log.events[1].op, IoOp::Read);
  EXPECT_EQ(log.events[1].phase, Phase::Decode);
  EXPECT_EQ(log.keys, (std::vector<std::string>{"k", "k"}));
  EXPECT_EQ(log.events[1].total_s(), 0.0);
}

TEST(TimedTier, DramTierEventCarriesTheBackendsTiming) {
  CpuTier backend(64 * 1024);
  Log log;
  const IoObserverList observers{&log};
  TimedTier tier(backend, Level::Cpu, observers);
  testing::SeededSource src(testing::kSeed);
  const IoTiming w = tier.write("a", 1 << 20, src, Phase::Prefill, 0);
  testing::CollectSink all(0, 1 << 20);
  const IoTiming r = tier.read("a", 0, 1 << 20, all, Phase::Decode, 0);
  ASSERT_EQ(log.events.size(), 2u);
  EXPECT_EQ(log.events[0].device_s, w.device_s);
  EXPECT_EQ(log.events[0].host_s, w.host_s);
  EXPECT_EQ(log.events[0].overlapped_s, w.overlapped_s);
  EXPECT_GT(log.events[0].total_s(), 0.0);
  EXPECT_EQ(log.events[1].device_s, r.device_s);
  EXPECT_EQ(log.events[1].host_s, r.host_s);
  EXPECT_TRUE(testing::matches_payload(testing::kSeed, 0, all.bytes()));
}

TEST(TimedTier, FailedReadEmitsNothing) {
  CpuTier backend;
  Log log;
  const IoObserverList observers{&log};
  TimedTier tier(backend, Level::Cpu, observers);
  DiscardSink sink;
  EXPECT_THROW(tier.read("absent", 0, 10, sink, Phase::Decode, 0), std::runtime_error);
  EXPECT_TRUE(log.events.empty());
}

// Without a cache, the counters observer still fills the per-level write and read figures.
TEST(TimedTier, CountersGetPerLevelFiguresWithoutACache) {
  CpuTier backend(64 * 1024);
  stats::CacheCounters counters;
  stats::CounterObserver counting(counters);
  const IoObserverList observers{&counting};
  TimedTier tier(backend, Level::Cpu, observers);
  testing::SeededSource src(testing::kSeed);
  tier.write("a", 8192, src, Phase::Prefill, 0);
  DiscardSink sink;
  tier.read("a", 0, 8192, sink, Phase::Decode, 0);
  const stats::TierCounters& cpu = counters.tier(Level::Cpu);
  EXPECT_EQ(stats::CacheCounters::get(cpu.kv_bytes_written), 8192u);
  EXPECT_EQ(stats::CacheCounters::get(cpu.entries_written), 1u);
  EXPECT_EQ(stats::CacheCounters::get(cpu.kv_bytes_read), 8192u);
  EXPECT_EQ(stats::CacheCounters::get(cpu.entries_read), 1u);
  EXPECT_EQ(cpu.write_latency.count(), 1u);
  EXPECT_EQ(cpu.read_latency.count(), 1u);
  EXPECT_EQ(stats::CacheCounters::get(counters.offloads_cpu), 1u);
}

}  // namespace
}  // namespace kvbench::tiers
