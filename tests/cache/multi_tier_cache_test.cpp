#include "cache/multi_tier_cache.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

#include "cache/cache_entry.h"  // kMaxEntryBytes, kMaxEntryTokens
#include "cache_test_support.h"
#include "stats/counter_observer.h"
#include "tiers/null_tier.h"

namespace kvbench::cache {
namespace {

using stats::CacheCounters;
using testing::CacheRig;
using testing::kUnlimited;
using testing::Row;

constexpr Level kGpu = Level::Gpu;
constexpr Level kCpu = Level::Cpu;
constexpr Level kNvme = Level::Storage;

Row write_row(Level t, std::uint64_t size, const std::string& key, Phase p = Phase::Prefill) {
  return {IoOp::Write, t, size, key, p};
}
Row read_row(Level t, std::uint64_t size, const std::string& key, Phase p = Phase::Decode) {
  return {IoOp::Read, t, size, key, p};
}

// Spec §6.4 / §7.3: a hit reads the whole entry, refreshes nothing else, counts per type.
TEST(MultiTierCache, HitReadsWholeEntryAndCountsIt) {
  CacheRig rig({{kGpu, 1000}, {kCpu, 1000}, {kNvme, kUnlimited}});
  const WriteResult w = rig.cache->allocate("a", 100, 10);
  ASSERT_TRUE(w.ok);
  EXPECT_FALSE(w.existed);
  EXPECT_EQ(w.tier, kGpu);
  EXPECT_DOUBLE_EQ(w.latency_s, testing::FakeTier::kWriteSeconds);

  const ReadResult r = rig.cache->access("a", Phase::Decode, CacheType::MultiTurn);
  EXPECT_TRUE(r.hit);
  EXPECT_EQ(r.tier, kGpu);
  EXPECT_DOUBLE_EQ(r.latency_s, testing::FakeTier::kReadSeconds);

  const CacheCounters& c = rig.counters;
  EXPECT_EQ(rig.get(c.cache_hits), 1u);
  EXPECT_EQ(rig.get(c.hits(CacheType::MultiTurn)), 1u);
  EXPECT_EQ(rig.get(c.hits(CacheType::User)), 0u);
  EXPECT_EQ(rig.get(c.decode_reads), 1u);
  EXPECT_EQ(rig.get(c.read_operations), 1u);
  EXPECT_EQ(rig.get(c.total_read_bytes), 100u);
  EXPECT_EQ(rig.get(c.tier(kGpu).kv_bytes_read), 100u);
  EXPECT_EQ(rig.get(c.tier(kGpu).kv_bytes_written), 100u);
  EXPECT_EQ(c.tier(kGpu).read_latency.count(), 1u);
  EXPECT_EQ(c.tier(kGpu).write_latency.count(), 1u);
  EXPECT_EQ(rig.get(c.prefill_writes), 1u);
  EXPECT_EQ(rig.get(c.write_operations), 1u);
  EXPECT_EQ(rig.get(c.total_write_bytes), 100u);
  EXPECT_EQ(rig.observer.rows(),
            (std::vector<Row>{write_row(kGpu, 100, "a"), read_row(kGpu, 100, "a")}));

  rig.cache->access("a", Phase::Prefill, CacheType::System);
  EXPECT_EQ(rig.get(c.hits(CacheType::System)), 1u);
  EXPECT_EQ(rig.get(c.decode_reads), 1u);  // only Decode reads count as decode_reads
}

TEST(MultiTierCache, MissCountsAndEmitsNoRow) {
  CacheRig rig({{kCpu, 1000}, {kNvme, kUnlimited}});
  const ReadResult r = rig.cache->access("nope", Phase::Decode, CacheType::User);
  EXPECT_FALSE(r.hit);
  EXPECT_EQ(rig.get(rig.counters.cache_misses), 1u);
  EXPECT_EQ(rig.get(rig.counters.cache_hits), 0u);
  EXPECT_TRUE(rig.observer.rows().empty());
  // ... and by the type of entry looked for.
  rig.cache->access("nope", Phase::Decode, CacheType::MultiTurn);
  rig.cache->access("nope", Phase::Prefill, CacheType::System);
  EXPECT_EQ(rig.get(rig.counters.cache_misses), 3u);
  EXPECT_EQ(rig.get(rig.counters.misses(CacheType::User)), 1u);
  EXPECT_EQ(rig.get(rig.counters.misses(CacheType::MultiTurn)), 1u);
  EXPECT_EQ(rig.get(rig.counters.misses(CacheType::System)), 1u);
  EXPECT_EQ(rig.get(rig.counters.misses(CacheType::CommonPhrase)), 0u);
}

// Spec §6.2 step 1: an existing key is success with no I/O, no stats and no row.
TEST(MultiTierCache, ExistingKeyAllocateDoesNothing) {
  CacheRig rig({{kGpu, 1000}, {kNvme, kUnlimited}});
  rig.cache->allocate("a", 960, 9);  // too large for the GPU (> 0.95 × 1000)
  const WriteResult again = rig.cache->allocate("a", 5, 1, Phase::Decode);
  EXPECT_TRUE(again.ok);
  EXPECT_TRUE(again.existed);
  EXPECT_EQ(again.tier, kNvme);
  EXPECT_EQ(again.latency_s, 0.0);
  EXPECT_EQ(rig.get(rig.counters.write_operations), 1u);
  EXPECT_EQ(rig.get(rig.counters.total_write_bytes), 960u);
  EXPECT_EQ(rig.observer.rows().size(), 1u);
}

// A decode-miss fill is a new entry: a Prefill row, but not a prefill_write.
TEST(MultiTierCache, DecodePhaseAllocateIsWriteButNotPrefillWrite) {
  CacheRig rig({{kNvme, kUnlimited}});
  rig.cache->allocate("a", 10, 1, Phase::Decode);
  EXPECT_EQ(rig.get(rig.counters.prefill_writes), 0u);
  EXPECT_EQ(rig.get(rig.counters.write_operations), 1u);
  EXPECT_EQ(rig.observer.rows(), (std::vector<Row>{write_row(kNvme, 10, "a")}));
}

// Spec §7.3: a demotion is Read(from, Evict) then Write(to, Evict), before the new Write.
TEST(MultiTierCache, GpuToCpuDemotionPairPrecedesTheNewWrite) {
  CacheRig rig({{kGpu, 1000}, {kCpu, 1000}, {kNvme, kUnlimited}});
  for (const char* k : {"a", "b", "c"}) ASSERT_TRUE(rig.cache->allocate(k, 400, 4).ok);
  EXPECT_EQ(rig.observer.rows(),
            (std::vector<Row>{write_row(kGpu, 400, "a"), write_row(kGpu, 400, "b"),
                              read_row(kGpu, 400, "a", Phase::Evict),
                              write_row(kCpu, 400, "a", Phase::Evict), write_row(kGpu, 400, "c")}));
  EXPECT_EQ(rig.cache->lookup("a"), std::make_pair(kCpu, std::uint64_t{400}));
  const CacheCounters& c = rig.counters;
  EXPECT_EQ(rig.get(c.demotions), 1u);
  EXPECT_EQ(rig.get(c.offloads_cpu), 1u);
  EXPECT_EQ(rig.get(c.tier(kGpu).demoted_out_bytes), 400u);
  EXPECT_EQ(rig.get(c.tier(kCpu).demoted_in_bytes), 400u);
  EXPECT_EQ(rig.get(c.tier(kCpu).kv_bytes_written), 0u);  // demotions are not kv writes
  EXPECT_EQ(rig.get(c.tier(kGpu).kv_bytes_written), 1200u);
  EXPECT_EQ(rig.usage_of(kGpu).used_bytes, 800u);
  EXPECT_EQ(rig.usage_of(kGpu).entries, 2u);
  EXPECT_EQ(rig.usage_of(kCpu).used_bytes, 400u);
  EXPECT_EQ(rig.usage_of(kCpu).entries, 1u);
}

// Spec §7.3: in a cascade the CPU→NVMe pairs come first, then the GPU→CPU pair, then the write.
TEST(MultiTierCache, CascadeEmitsDeepestDemotionsFirst) {
  CacheRig rig({{kGpu, 1000}, {kCpu, 1000}, {kNvme, kUnlimited}});
  auto put = [&](const std::string& k, std::uint64_t size) {
    ASSERT_TRUE(rig.cache->allocate(k, size, 1).ok) << k;
  };
  for (int i = 1; i <= 8; ++i) put("s" + std::to_string(i), 100);  // GPU at its 80 % target
  put("B", 200);                                                   // s1, s2 → CPU
  for (int i = 1; i <= 6; ++i) put("t" + std::to_string(i), 100);  // s3..s8 → CPU (full)
  EXPECT_EQ(rig.usage_of(kCpu).used_bytes, 800u);
  EXPECT_EQ(rig.cache->lookup("B")->first, kGpu);

  rig.observer.clear();
  put("t7", 100);  // B (LRU on GPU) must go to CPU, which must first push s1 and s2 to NVMe
  EXPECT_EQ(rig.observer.rows(),
            (std::vector<Row>{
                read_row(kCpu, 100, "s1", Phase::Evict), write_row(kNvme, 100, "s1", Phase::Evict),
                read_row(kCpu, 100, "s2", Phase::Evict), write_row(kNvme, 100, "s2", Phase::Evict),
                read_row(kGpu, 200, "B", Phase::Evict), write_row(kCpu, 200, "B", Phase::Evict),
                write_row(kGpu, 100, "t7")}));
  EXPECT_EQ(rig.get(rig.counters.offloads_storage), 2u);
  EXPECT_EQ(rig.usage_of(kNvme).used_bytes, 200u);
}

// A hit moves the entry to the MRU end, so the other one is evicted.
TEST(MultiTierCache, HitProtectsEntryFromEviction) {
  CacheRig rig({{kGpu, 1000}, {kNvme, kUnlimited}});
  rig.cache->allocate("a", 400, 1);
  rig.cache->allocate("b", 400, 1);
  rig.cache->access("a", Phase::Decode, CacheType::User);
  rig.cache->allocate("c", 400, 1);
  EXPECT_EQ(rig.cache->lookup("a")->first, kGpu);
  EXPECT_EQ(rig.cache->lookup("b")->first, kNvme);
}

// Spec §6.3 terminal tier: LRU deletion, no trace rows, deletions counted.
TEST(MultiTierCache, FiniteNvmeDeletesWithoutRows) {
  CacheRig rig({{kCpu, 1000}, {kNvme, 1000}});
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(rig.cache->allocate("e" + std::to_string(i), 300, 3).ok);
  const CacheCounters& c = rig.counters;
  const auto deletions = rig.get(c.deletions);
  EXPECT_GT(deletions, 0u);
  EXPECT_EQ(rig.cache->entry_sizes().size(), 10u - deletions);
  EXPECT_EQ(rig.get(c.tier(kNvme).deleted_bytes), 300u * deletions);
  EXPECT_EQ(rig.observer.count(IoOp::Write, Phase::Prefill), 10u);
  EXPECT_EQ(rig.observer.count(IoOp::Read, Phase::Evict), rig.get(c.demotions));
  EXPECT_EQ(rig.observer.count(IoOp::Write, Phase::Evict), rig.get(c.demotions));
  EXPECT_EQ(rig.observer.rows().size(), 10u + 2 * rig.get(c.demotions));
  EXPECT_FALSE(rig.cache->lookup("e0").has_value());  // the oldest went first
  EXPECT_FALSE(rig.cache->access("e0", Phase::Decode, CacheType::User).hit);
  EXPECT_EQ(rig.fakes[1]->stored().count("e0"), 0u);
  EXPECT_LE(rig.usage_of(kNvme).used_bytes, 1000u);
}

TEST(MultiTierCache, ZeroLimitTierNeverReceivesAnEntry) {
  CacheRig rig({{kGpu, 0}, {kCpu, 1000}, {kNvme, kUnlimited}});
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(rig.cache->allocate("k" + std::to_string(i), 150, 1).ok);
  EXPECT_EQ(rig.usage_of(kGpu).used_bytes, 0u);
  EXPECT_EQ(rig.usage_of(kGpu).entries, 0u);
  for (const Row& r : rig.observer.rows()) EXPECT_NE(r.tier, kGpu);
  EXPECT_GT(rig.usage_of(kNvme).entries, 0u);
}

// Spec §6.3: an entry over 0.95 × L skips a non-terminal tier; a near-empty tier (< 5 %) takes
// an entry even above the 80 % target.
TEST(MultiTierCache, LargeEntrySkipsTierAndNearEmptyTierTrusts) {
  CacheRig rig({{kGpu, 1000}, {kNvme, kUnlimited}});
  EXPECT_EQ(rig.cache->allocate("big", 960, 1).tier, kNvme);
  EXPECT_EQ(rig.cache->allocate("edge", 950, 1).tier, kGpu);
  EXPECT_EQ(rig.usage_of(kGpu).used_bytes, 950u);
}

// kvbench fix: where the reference "succeeds anyway" on the terminal tier, kvbench fails.
TEST(MultiTierCache, TerminalTierIsNeverOverfilled) {
  CacheRig rig({{kNvme, 1000}});
  ASSERT_TRUE(rig.cache->allocate("a", 600, 1).ok);
  ASSERT_TRUE(rig.cache->allocate("b", 600, 1).ok);  // deletes a
  EXPECT_FALSE(rig.cache->lookup("a").has_value());
  const WriteResult w = rig.cache->allocate("huge", 1200, 1);
  EXPECT_FALSE(w.ok);
  EXPECT_EQ(rig.get(rig.counters.write_failures), 1u);
  EXPECT_EQ(rig.get(rig.counters.write_operations), 3u);  // counted before placement
  EXPECT_TRUE(rig.cache->lookup("b").has_value());        // nothing evicted for a hopeless entry
  EXPECT_EQ(rig.usage_of(kNvme).used_bytes, 600u);
  EXPECT_EQ(rig.observer.count(IoOp::Write, Phase::Prefill), 2u);

  // The near-empty shortcut (used < 5 % of L) must not push the terminal tier past its limit.
  CacheRig small({{kNvme, 1000}});
  ASSERT_TRUE(small.cache->allocate("tiny", 30, 1).ok);
  ASSERT_TRUE(small.cache->allocate("most", 990, 1).ok);
  EXPECT_FALSE(small.cache->lookup("tiny").has_value());
  EXPECT_EQ(small.usage_of(kNvme).used_bytes, 990u);
}

// Usage never passes a limit after any operation, and equals the sizes of the entries there.
TEST(MultiTierCache, LimitsNeverExceededAndUsageExact) {
  CacheRig rig({{kGpu, 5000}, {kCpu, 8000}, {kNvme, 12000}});
  std::mt19937 rng(7);
  std::set<std::string> keys;
  for (int op = 0; op < 3000; ++op) {
    const std::string key = "k" + std::to_string(rng() % 120);
    const unsigned pick = rng() % 10;
    if (pick < 5) {
      rig.cache->allocate(key, 1 + rng() % 2000, 1);
      keys.insert(key);
    } else if (pick < 9) {
      rig.cache->access(key, Phase::Decode, CacheType::User);
    } else {
      rig.cache->remove(key);
    }
    std::map<Level, std::uint64_t> sums;
    std::map<Level, std::uint64_t> counts;
    for (const std::string& k : keys) {
      if (auto at = rig.cache->lookup(k)) {
        sums[at->first] += at->second;
        ++counts[at->first];
      }
    }
    for (const TierUsage& u : rig.cache->usage()) {
      ASSERT_LE(static_cast<double>(u.used_bytes), u.limit_bytes) << "op " << op;
      ASSERT_EQ(u.used_bytes, sums[u.id]) << "op " << op;
      ASSERT_EQ(u.entries, counts[u.id]) << "op " << op;
    }
  }
  EXPECT_GT(rig.get(rig.counters.deletions), 0u);
  EXPECT_GT(rig.get(rig.counters.demotions), 0u);
  for (const auto* fake : rig.fakes) EXPECT_TRUE(fake->violations().empty());
}

TEST(MultiTierCache, WriteFailureRollsBack) {
  CacheRig rig({{kGpu, 1000}, {kNvme, kUnlimited}});
  rig.fakes[0]->fail_writes = true;
  const WriteResult w = rig.cache->allocate("a", 100, 1);
  EXPECT_FALSE(w.ok);
  EXPECT_EQ(rig.get(rig.counters.write_failures), 1u);
  EXPECT_EQ(rig.get(rig.counters.write_operations), 1u);
  EXPECT_EQ(rig.usage_of(kGpu).used_bytes, 0u);
  EXPECT_EQ(rig.usage_of(kGpu).entries, 0u);
  EXPECT_FALSE(rig.cache->lookup("a").has_value());
  EXPECT_TRUE(rig.observer.rows().empty());
  EXPECT_EQ(rig.get(rig.counters.tier(kGpu).kv_bytes_written), 0u);

  rig.fakes[0]->fail_writes = false;
  const WriteResult again = rig.cache->allocate("a", 100, 1);
  EXPECT_TRUE(again.ok);
  EXPECT_FALSE(again.existed);
  EXPECT_EQ(rig.usage_of(kGpu).used_bytes, 100u);
}

// A demotion whose copy fails drops the victim: its old place is already promised.
TEST(MultiTierCache, FailedDemotionDropsVictimWithinLimits) {
  CacheRig rig({{kGpu, 1000}, {kCpu, 1000}, {kNvme, kUnlimited}});
  rig.cache->allocate("a", 400, 1);
  rig.cache->allocate("b", 400, 1);
  rig.fakes[1]->fail_writes = true;
  EXPECT_TRUE(rig.cache->allocate("c", 400, 1).ok);
  EXPECT_FALSE(rig.cache->lookup("a").has_value());
  EXPECT_EQ(rig.usage_of(kCpu).used_bytes, 0u);
  EXPECT_EQ(rig.usage_of(kGpu).used_bytes, 800u);
  EXPECT_EQ(rig.get(rig.counters.demotions), 0u);
  EXPECT_EQ(rig.observer.count(IoOp::Write, Phase::Evict), 0u);
  EXPECT_TRUE(rig.fakes[0]->stored().count("a") == 0);
  for (const auto* fake : rig.fakes) EXPECT_TRUE(fake->violations().empty());
}

// A demotion the run's end cancels drops its victim as a failed one does, but it is no storage
// fault: demotions_cancelled, not demotion_failures or entries_lost (which make health degraded).
TEST(MultiTierCache, CancelledDemotionIsCountedApartFromFailures) {
  CacheRig rig({{kGpu, 1000}, {kCpu, 1000}, {kNvme, kUnlimited}});
  rig.cache->allocate("a", 400, 1);
  rig.cache->allocate("b", 400, 1);
  rig.fakes[1]->cancel_writes = true;
  EXPECT_TRUE(rig.cache->allocate("c", 400, 1).ok);
  EXPECT_FALSE(rig.cache->lookup("a").has_value());
  EXPECT_EQ(rig.get(rig.counters.demotions_cancelled), 1u);
  EXPECT_EQ(rig.get(rig.counters.demotion_failures), 0u);
  EXPECT_EQ(rig.get(rig.counters.entries_lost), 0u);
  EXPECT_EQ(rig.usage_of(kCpu).used_bytes, 0u);
}

// Issue 15 item 2: a failed backend read is a failed read, not a hit (the reference counted it
// as one, spec §6.4: kept as reference_compatible.cache_hits); no row, no latency, and an entry
// whose read failed with an I/O error stays cached.
TEST(MultiTierCache, ReadFailureIsNoHitAndNoRow) {
  CacheRig rig({{kCpu, 1000}, {kNvme, kUnlimited}});
  rig.cache->allocate("a", 100, 1);
  rig.fakes[0]->fail_reads = true;
  const ReadResult r = rig.cache->access("a", Phase::Decode, CacheType::User);
  EXPECT_FALSE(r.hit);
  EXPECT_TRUE(r.failed);
  EXPECT_EQ(r.latency_s, 0.0);
  EXPECT_EQ(rig.get(rig.counters.cache_hits), 0u);
  EXPECT_EQ(rig.get(rig.counters.read_operations), 0u);
  EXPECT_EQ(rig.get(rig.counters.decode_reads), 0u);
  EXPECT_EQ(rig.get(rig.counters.hits(CacheType::User)), 0u);
  EXPECT_EQ(rig.get(rig.counters.read_failures), 1u);
  EXPECT_EQ(rig.get(rig.counters.entries_lost), 0u);
  EXPECT_EQ(rig.observer.count(IoOp::Read, Phase::Decode), 0u);
  EXPECT_EQ(rig.counters.tier(kCpu).read_latency.count(), 0u);
  EXPECT_TRUE(rig.cache->lookup("a").has_value()) << "an EIO does not say the entry is gone";
  EXPECT_EQ(rig.usage_of(kCpu).used_bytes, 100u);
}

TEST(MultiTierCache, RemoveFreesTheEntry) {
  CacheRig rig({{kGpu, 1000}, {kNvme, kUnlimited}});
  rig.cache->allocate("a", 300, 1);
  EXPECT_TRUE(rig.cache->remove("a"));
  EXPECT_FALSE(rig.cache->remove("a"));
  EXPECT_FALSE(rig.cache->lookup("a").has_value());
  EXPECT_EQ(rig.usage_of(kGpu).used_bytes, 0u);
  EXPECT_EQ(rig.usage_of(kGpu).entries, 0u);
  EXPECT_TRUE(rig.fakes[0]->stored().empty());
  EXPECT_FALSE(rig.cache->access("a", Phase::Decode, CacheType::User).hit);
  EXPECT_EQ(rig.observer.rows().size(), 1u);  // the write only
}

// storage_tokens_processed: the tokens each entry was written with, for new NVMe writes, for
// demotions into NVMe and for NVMe reads (§11.2.8 fixed; never derived from the bytes);
// offload counters per destination.
TEST(MultiTierCache, StorageTokensAndOffloads) {
  CacheRig rig({{kCpu, 1000}, {kNvme, kUnlimited}}, CacheOptions{});
  rig.cache->allocate("a", 900, 91);  // CPU (near-empty); 91 tokens whatever the bytes say
  rig.cache->allocate("b", 500, 50);  // CPU; a → NVMe: +91 tokens
  EXPECT_EQ(rig.cache->lookup("a")->first, kNvme);
  rig.cache->allocate("c", 2000, 7);                       // straight to NVMe: +7 tokens
  rig.cache->access("a", Phase::Decode, CacheType::User);  // NVMe read: +91
  EXPECT_EQ(rig.get(rig.counters.storage_tokens_processed), 189u);
  EXPECT_EQ(rig.get(rig.counters.offloads_cpu), 2u);
  EXPECT_EQ(rig.get(rig.counters.offloads_storage), 2u);
  EXPECT_EQ(rig.get(rig.counters.tier(kNvme).kv_bytes_written), 2000u);
}

// An entry's bytes and tokens share one word (80-byte entries): beyond 1 TiB an entry is refused
// as a write failure rather than stored with a wrapped size; beyond 2^24 - 1 tokens the count
// is clamped.
TEST(MultiTierCache, EntryBoundsOfThePackedSizeAndTokens) {
  CacheRig rig({{kNvme, kUnlimited}});
  const WriteResult huge = rig.cache->allocate("huge", kMaxEntryBytes + 1, 1);
  EXPECT_FALSE(huge.ok);
  EXPECT_EQ(rig.get(rig.counters.write_failures), 1u);
  EXPECT_FALSE(rig.cache->lookup("huge").has_value());
  ASSERT_TRUE(rig.cache->allocate("edge", kMaxEntryBytes, kMaxEntryTokens + 5).ok);
  EXPECT_EQ(rig.cache->lookup("edge")->second, kMaxEntryBytes);
  rig.cache->access("edge", Phase::Decode, CacheType::User);
  EXPECT_EQ(rig.get(rig.counters.storage_tokens_processed), 2 * kMaxEntryTokens);
}

// Reference TestNVMeEviction: tiny-1b (24,576 B/token), CPU 1 MiB, NVMe 10 MiB,
// 200 × 10-token entries ⇒ deletions, fewer than 200 entries, every allocation succeeds.
TEST(MultiTierCache, NvmeEvictionShapeOfReferenceTest) {
  constexpr double kMiB = 1024.0 * 1024.0;
  for (const double nvme_limit : {10 * kMiB, kUnlimited}) {
    std::vector<TierSetup> setups;
    setups.push_back({std::make_unique<tiers::NullTier>(kCpu), 1 * kMiB});
    setups.push_back({std::make_unique<tiers::NullTier>(kNvme), nvme_limit});
    CacheOptions options;
    stats::CacheCounters counters;
    stats::CounterObserver counting(counters);
    MultiTierCache cache(std::move(setups), options, {&counting});
    for (int i = 0; i < 200; ++i) {
      ASSERT_TRUE(cache.allocate("user_" + std::to_string(i), 10 * 24576, 10).ok) << i;
    }
    if (nvme_limit == kUnlimited) {
      EXPECT_EQ(cache.entry_sizes().size(), 200u);
      EXPECT_EQ(CacheCounters::get(counters.deletions), 0u);
    } else {
      EXPECT_GT(CacheCounters::get(counters.deletions), 0u);
      EXPECT_LT(cache.entry_sizes().size(), 200u);
      EXPECT_LE(static_cast<double>(cache.usage().back().used_bytes), nvme_limit);
    }
  }
}

TEST(MultiTierCache, TierOrderAndLimits) {
  CacheRig rig({{kGpu, 1000}, {kCpu, 2000}, {kNvme, kUnlimited}});
  EXPECT_EQ(rig.cache->tier_order(), (std::vector<Level>{kGpu, kCpu, kNvme}));
  const auto usage = rig.cache->usage();
  ASSERT_EQ(usage.size(), 3u);
  EXPECT_EQ(usage[1].limit_bytes, 2000);
  EXPECT_EQ(usage[2].limit_bytes, kUnlimited);
  for (const TierUsage& u : usage) EXPECT_EQ(u.used_bytes, 0u);
}

}  // namespace
}  // namespace kvbench::cache
