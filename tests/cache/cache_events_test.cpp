// The events the cache emits (common/io_event.h): each fact once, in the order it happened,
// with its content: a write's demotions deepest first with their source levels, then the write;
// a failed write; a miss; a failed read; a deletion; a failed demotion.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "cache_test_support.h"

namespace kvbench::cache {
namespace {

using testing::CacheRig;
using testing::kUnlimited;

constexpr Level kGpu = Level::Gpu;
constexpr Level kCpu = Level::Cpu;
constexpr Level kNvme = Level::Storage;

// One event as a line: kind, op, level, from, phase, bytes, key.
std::string line(const IoEvent& e, const std::string& key) {
  static const char* kKinds[] = {"Io", "WriteRequest", "WriteFailure", "Hit", "Miss", "ReadFailure",
                                 "Deletion", "DemotionFailure", "VerifyMismatch", "EntryLost"};
  std::string s = kKinds[static_cast<int>(e.kind)];
  if (e.kind == EventKind::Io) s += e.op == IoOp::Read ? " read" : " write";
  s += " " + std::string(level_label(e.level));
  if (e.from_level != e.level) s += " from " + std::string(level_label(e.from_level));
  s += " " + std::string(phase_trace_name(e.phase)) + " " + std::to_string(e.bytes) + " " + key;
  return s;
}

std::vector<std::string> lines(const CacheRig& rig) {
  std::vector<std::string> out;
  for (const auto& [e, key] : rig.observer.events()) out.push_back(line(e, key));
  return out;
}

TEST(CacheEvents, WriteWithDemotionsEmitsDeepestFirstThenTheWrite) {
  CacheRig rig({{kGpu, 1000}, {kCpu, 1000}, {kNvme, kUnlimited}});
  auto put = [&](const std::string& k, std::uint64_t size) { ASSERT_TRUE(rig.cache->allocate(k, size, 7).ok) << k; };
  for (int i = 1; i <= 8; ++i) put("s" + std::to_string(i), 100);
  put("B", 200);
  for (int i = 1; i <= 6; ++i) put("t" + std::to_string(i), 100);
  rig.observer.clear();
  put("t7", 100);  // B must go to CPU, which must first push s1 and s2 to NVMe
  EXPECT_EQ(lines(rig), (std::vector<std::string>{
                            "WriteRequest gpu Prefill 100 t7",
                            "Io read cpu Evict 100 s1",
                            "Io write nvme from cpu Evict 100 s1",
                            "Io read cpu Evict 100 s2",
                            "Io write nvme from cpu Evict 100 s2",
                            "Io read gpu Evict 200 B",
                            "Io write cpu from gpu Evict 200 B",
                            "Io write gpu Prefill 100 t7",
                        }));
  const auto events = rig.observer.events();
  const IoEvent& write = events.back().first;
  EXPECT_EQ(write.tokens, 7u);  // the entry's own token count
  EXPECT_DOUBLE_EQ(write.total_s(), testing::FakeTier::kWriteSeconds);
  // The demotion's write keeps its own time; its read is what the source reads took (nothing:
  // a FakeTier write never pulls bytes from its source).
  EXPECT_DOUBLE_EQ(events[1].first.total_s(), 0.0);
  EXPECT_DOUBLE_EQ(events[2].first.total_s(), testing::FakeTier::kWriteSeconds);
  EXPECT_EQ(events[2].first.tokens, 7u);  // a demoted entry carries the tokens it was written with
}

TEST(CacheEvents, FailedWriteIsRequestedThenFailedWithoutIo) {
  CacheRig rig({{kGpu, 1000}});
  rig.fakes[0]->fail_writes = true;
  EXPECT_FALSE(rig.cache->allocate("a", 100, 1).ok);
  EXPECT_EQ(lines(rig), (std::vector<std::string>{"WriteRequest gpu Prefill 100 a", "WriteFailure gpu Prefill 100 a"}));
  EXPECT_EQ(rig.get(rig.counters.write_failures), 1u);
  EXPECT_EQ(rig.get(rig.counters.write_operations), 1u);
  EXPECT_EQ(rig.get(rig.counters.tier(kGpu).kv_bytes_written), 0u);
}

TEST(CacheEvents, EntryNoLevelCanTakeFailsWithoutIo) {
  CacheRig rig({{kGpu, 50}});
  EXPECT_FALSE(rig.cache->allocate("big", 100, 1).ok);
  EXPECT_EQ(lines(rig), (std::vector<std::string>{"WriteRequest gpu Prefill 100 big", "WriteFailure gpu Prefill 100 big"}));
}

TEST(CacheEvents, ReadMissIsOneMissOfItsType) {
  CacheRig rig({{kGpu, 1000}});
  EXPECT_FALSE(rig.cache->access("nothing", Phase::Decode, CacheType::System).hit);
  const auto events = rig.observer.events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].first.kind, EventKind::Miss);
  EXPECT_EQ(events[0].first.type, CacheType::System);
  EXPECT_EQ(events[0].second, "nothing");
  EXPECT_EQ(rig.get(rig.counters.misses(CacheType::System)), 1u);
}

TEST(CacheEvents, ReadThenHitOrReadFailure) {
  CacheRig rig({{kGpu, 1000}});
  ASSERT_TRUE(rig.cache->allocate("a", 100, 1).ok);
  rig.observer.clear();
  rig.cache->access("a", Phase::Decode, CacheType::User);
  rig.fakes[0]->fail_reads = true;
  rig.cache->access("a", Phase::Decode, CacheType::MultiTurn);
  EXPECT_EQ(lines(rig), (std::vector<std::string>{"Io read gpu Decode 100 a", "Hit gpu Decode 100 a",
                                                  "ReadFailure gpu Decode 100 a"}));
  EXPECT_EQ(rig.get(rig.counters.cache_hits), 1u);
  EXPECT_EQ(rig.get(rig.counters.read_failures), 1u);
  EXPECT_EQ(rig.get(rig.counters.hits(CacheType::MultiTurn)), 0u);
  // A failed read is no hit (issue 15; the reference counted one), and it moved no bytes (issue 14).
  EXPECT_EQ(rig.get(rig.counters.tier(kGpu).kv_bytes_read), 100u);
  EXPECT_EQ(rig.get(rig.counters.total_read_bytes), 100u);
  EXPECT_EQ(rig.counters.tier(kGpu).read_latency.count(), 1u);
}

TEST(CacheEvents, TerminalEvictionIsADeletionBeforeTheWrite) {
  CacheRig rig({{kNvme, 1000}});
  for (const char* k : {"a", "b"}) ASSERT_TRUE(rig.cache->allocate(k, 400, 1).ok);
  rig.observer.clear();
  ASSERT_TRUE(rig.cache->allocate("c", 400, 1).ok);
  const auto all = lines(rig);
  ASSERT_GE(all.size(), 3u);
  EXPECT_EQ(all.front(), "WriteRequest nvme Prefill 400 c");
  EXPECT_EQ(all[1], "Deletion nvme Prefill 400 a");
  EXPECT_EQ(all.back(), "Io write nvme Prefill 400 c");
  const std::uint64_t deletions = rig.get(rig.counters.deletions);
  EXPECT_EQ(all.size(), 2 + deletions);
  EXPECT_EQ(rig.get(rig.counters.tier(kNvme).deleted_bytes), 400u * deletions);
}

// A demotion whose copy fails drops its entry: no Io events (its bytes never arrived), one
// DemotionFailure with both levels, the entry's loss from its source level, no demotion counted.
TEST(CacheEvents, FailedDemotionIsOneFactAndNoIo) {
  CacheRig rig({{kGpu, 1000}, {kCpu, 1000}});
  for (const char* k : {"a", "b"}) ASSERT_TRUE(rig.cache->allocate(k, 400, 1).ok);
  rig.fakes[1]->fail_writes = true;
  rig.observer.clear();
  ASSERT_TRUE(rig.cache->allocate("c", 400, 1).ok);
  EXPECT_EQ(lines(rig), (std::vector<std::string>{"WriteRequest gpu Prefill 400 c",
                                                  "DemotionFailure cpu from gpu Prefill 400 a",
                                                  "EntryLost gpu Prefill 400 a",
                                                  "Io write gpu Prefill 400 c"}));
  EXPECT_EQ(rig.get(rig.counters.entries_lost), 1u);
  EXPECT_EQ(rig.get(rig.counters.tier(kGpu).lost_bytes), 400u);
  EXPECT_EQ(rig.get(rig.counters.demotions), 0u);
  EXPECT_EQ(rig.get(rig.counters.demotion_failures), 1u);
  EXPECT_EQ(rig.get(rig.counters.tier(kGpu).demoted_out_bytes), 0u);
  EXPECT_FALSE(rig.cache->lookup("a").has_value());
}

}  // namespace
}  // namespace kvbench::cache
