// Pinning and concurrency of MultiTierCache (docs/architecture.md, "Concurrency rules"): victims are never
// entries with I/O in flight, readers of a moving entry read a complete copy, remove() waits,
// and usage stays exact under real threads whose tier I/O overlaps.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <random>
#include <thread>

#include "cache/multi_tier_cache.h"
#include "cache_test_support.h"

namespace kvbench::cache {
namespace {

using namespace std::chrono_literals;
using testing::CacheRig;
using testing::kUnlimited;
using testing::Row;

constexpr Level kGpu = Level::Gpu;
constexpr Level kCpu = Level::Cpu;
constexpr Level kNvme = Level::Storage;

// An entry being read is pinned: the waterfall skips it instead of demoting it.
TEST(MultiTierCacheConcurrency, EntryBeingReadIsNotEvicted) {
  CacheRig rig({{kGpu, 1000}, {kNvme, kUnlimited}});
  rig.cache->allocate("a", 600, 1);
  rig.fakes[0]->read_gate.arm("a");
  std::thread reader(
      [&] { EXPECT_TRUE(rig.cache->access("a", Phase::Decode, CacheType::User).hit); });
  rig.fakes[0]->read_gate.wait_entered();
  // Run in another thread: a cache that demoted the pinned entry would wait for this reader.
  auto placed = std::async(std::launch::async, [&] { return rig.cache->allocate("b", 600, 1); });
  const bool finished = placed.wait_for(5s) == std::future_status::ready;
  EXPECT_TRUE(finished) << "allocate() blocked on the entry being read";
  EXPECT_EQ(rig.cache->lookup("a")->first, kGpu);
  rig.fakes[0]->read_gate.release();
  reader.join();
  EXPECT_EQ(placed.get().tier, kNvme);  // the only victim was pinned
  EXPECT_EQ(rig.counters.demotions.load(), 0u);
  EXPECT_TRUE(rig.fakes[0]->violations().empty());
}

// While a demotion copies an entry, readers still hit it, on the source tier.
TEST(MultiTierCacheConcurrency, ReaderDuringDemotionReadsTheSource) {
  CacheRig rig({{kGpu, 1000}, {kCpu, kUnlimited}});
  rig.cache->allocate("a", 600, 1);
  rig.fakes[1]->write_gate.arm("a");  // the demotion's write into the CPU tier
  std::thread writer([&] { EXPECT_TRUE(rig.cache->allocate("b", 600, 1).ok); });
  rig.fakes[1]->write_gate.wait_entered();

  const ReadResult during = rig.cache->access("a", Phase::Decode, CacheType::User);
  EXPECT_TRUE(during.hit);
  EXPECT_EQ(during.tier, kGpu);
  rig.fakes[1]->write_gate.release();
  writer.join();

  EXPECT_EQ(rig.cache->lookup("a")->first, kCpu);
  EXPECT_EQ(rig.cache->access("a", Phase::Decode, CacheType::User).tier, kCpu);
  const std::vector<Row> rows = rig.observer.rows();
  ASSERT_EQ(rows.size(), 6u);
  // The destination's write pulls the bytes from the source as it goes, so the demotion's
  // pair of rows is emitted once the copy is done, after the reader's row.
  EXPECT_EQ(rows[1], (Row{IoOp::Read, kGpu, 600, "a", Phase::Decode}));
  EXPECT_EQ(rows[2], (Row{IoOp::Read, kGpu, 600, "a", Phase::Evict}));
  EXPECT_EQ(rows[3], (Row{IoOp::Write, kCpu, 600, "a", Phase::Evict}));
  for (const auto* fake : rig.fakes) EXPECT_TRUE(fake->violations().empty());
}

// The source copy is removed only after the readers that started on it are done.
TEST(MultiTierCacheConcurrency, DemotionWaitsForSourceReaders) {
  CacheRig rig({{kGpu, 1000}, {kCpu, kUnlimited}});
  rig.cache->allocate("a", 600, 1);
  rig.fakes[1]->write_gate.arm("a");
  std::atomic<bool> allocated{false};
  std::thread writer([&] {
    EXPECT_TRUE(rig.cache->allocate("b", 600, 1).ok);
    allocated = true;
  });
  rig.fakes[1]->write_gate.wait_entered();
  rig.fakes[0]->read_gate.arm("a");
  std::thread reader(
      [&] { EXPECT_EQ(rig.cache->access("a", Phase::Decode, CacheType::User).tier, kGpu); });
  rig.fakes[0]->read_gate.wait_entered();

  rig.fakes[1]->write_gate.release();
  std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(allocated.load());  // waiting for the reader on the GPU copy
  EXPECT_EQ(rig.fakes[0]->stored().count("a"), 1u);
  // A reader arriving now goes to the destination copy, and does not delay the demotion.
  EXPECT_EQ(rig.cache->access("a", Phase::Decode, CacheType::User).tier, kCpu);

  rig.fakes[0]->read_gate.release();
  reader.join();
  writer.join();
  EXPECT_TRUE(allocated.load());
  EXPECT_EQ(rig.fakes[0]->stored().count("a"), 0u);
  for (const auto* fake : rig.fakes) EXPECT_TRUE(fake->violations().empty());
}

// remove() waits for an in-flight read; meanwhile the entry is already a miss.
TEST(MultiTierCacheConcurrency, RemoveWaitsForInflightRead) {
  CacheRig rig({{kGpu, 1000}, {kNvme, kUnlimited}});
  rig.cache->allocate("a", 300, 1);
  rig.fakes[0]->read_gate.arm("a");
  std::thread reader([&] { rig.cache->access("a", Phase::Decode, CacheType::User); });
  rig.fakes[0]->read_gate.wait_entered();
  std::atomic<bool> removed{false};
  std::thread remover([&] {
    EXPECT_TRUE(rig.cache->remove("a"));
    removed = true;
  });
  std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(removed.load());
  EXPECT_FALSE(rig.cache->access("a", Phase::Decode, CacheType::User).hit);
  rig.fakes[0]->read_gate.release();
  reader.join();
  remover.join();
  EXPECT_FALSE(rig.cache->lookup("a").has_value());
  EXPECT_EQ(rig.usage_of(kGpu).used_bytes, 0u);
  EXPECT_TRUE(rig.fakes[0]->violations().empty());
}

// An entry being written is a miss for readers, "existed" for allocate(), and remove() waits.
TEST(MultiTierCacheConcurrency, EntryBeingWrittenIsInvisibleButExists) {
  CacheRig rig({{kGpu, 1000}, {kNvme, kUnlimited}});
  rig.fakes[0]->write_gate.arm("a");
  std::thread writer([&] { EXPECT_TRUE(rig.cache->allocate("a", 300, 1).ok); });
  rig.fakes[0]->write_gate.wait_entered();
  EXPECT_FALSE(rig.cache->access("a", Phase::Decode, CacheType::User).hit);
  EXPECT_FALSE(rig.cache->lookup("a").has_value());
  const WriteResult again = rig.cache->allocate("a", 300, 1);
  EXPECT_TRUE(again.existed);
  EXPECT_EQ(again.tier, kGpu);
  std::atomic<bool> removed{false};
  std::thread remover([&] {
    EXPECT_TRUE(rig.cache->remove("a"));
    removed = true;
  });
  std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(removed.load());
  rig.fakes[0]->write_gate.release();
  writer.join();
  remover.join();
  EXPECT_FALSE(rig.cache->lookup("a").has_value());
  EXPECT_TRUE(rig.fakes[0]->stored().empty());
  EXPECT_EQ(rig.usage_of(kGpu).used_bytes, 0u);
}

// allocate() of a key that is being deleted waits for the removal, then writes a new entry:
// never "existed" for an entry on its way out, never a write before the old copy is gone.
TEST(MultiTierCacheConcurrency, AllocateOfKeyBeingRemovedWaitsAndRecreates) {
  CacheRig rig({{kGpu, 1000}, {kNvme, kUnlimited}});
  rig.cache->allocate("a", 300, 1);
  rig.fakes[0]->read_gate.arm("a");
  std::thread reader([&] { rig.cache->access("a", Phase::Decode, CacheType::User); });
  rig.fakes[0]->read_gate.wait_entered();
  std::thread remover([&] { EXPECT_TRUE(rig.cache->remove("a")); });
  while (rig.cache->lookup("a").has_value()) std::this_thread::yield();  // now Deleting
  auto again = std::async(std::launch::async, [&] { return rig.cache->allocate("a", 300, 1); });
  EXPECT_EQ(again.wait_for(50ms), std::future_status::timeout);
  rig.fakes[0]->read_gate.release();
  reader.join();
  remover.join();
  const WriteResult w = again.get();
  EXPECT_TRUE(w.ok);
  EXPECT_FALSE(w.existed);
  EXPECT_EQ(rig.cache->lookup("a")->first, kGpu);
  EXPECT_EQ(rig.fakes[0]->stored().count("a"), 1u);
  EXPECT_EQ(rig.usage_of(kGpu).used_bytes, 300u);
  EXPECT_TRUE(rig.fakes[0]->violations().empty());
}

TEST(MultiTierCacheConcurrency, MaxConcurrentAllocsBoundsAllocations) {
  CacheOptions options;
  options.max_concurrent_allocs = 2;
  CacheRig rig({{kNvme, kUnlimited}}, options, /*sleep_us=*/300);
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i)
        rig.cache->allocate(std::to_string(t) + "_" + std::to_string(i), 10, 1);
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_LE(rig.fakes[0]->max_writes_in_flight.load(), 2);
  EXPECT_EQ(rig.cache->entry_sizes().size(), 120u);
}

// 8 threads of mixed allocate/access/remove over small tiers whose I/O sleeps, so demotions,
// deletions, reads, removals and failing writes really overlap. Afterwards every tier's usage
// equals the sizes of the entries placed there, each backend holds exactly those entries, no
// backend saw a read of an absent entry or a removal under a reader, and the trace identities
// hold.
TEST(MultiTierCacheConcurrency, MixedThreadsKeepUsageExact) {
  const std::vector<std::pair<Level, double>> limits = {
      {kGpu, 128 * 1024}, {kCpu, 256 * 1024}, {kNvme, 768 * 1024}};
  CacheRig rig(limits, {}, /*sleep_us=*/3);
  rig.fakes[0]->fail_every = 89;  // failed new writes roll back ...
  rig.fakes[1]->fail_every = 97;  // ... and so do failed demotions
  constexpr int kThreads = 8;
  constexpr int kOpsPerThread = 3000;
  constexpr int kKeys = 300;
  auto size_of = [](int k) { return std::uint64_t{1024} + static_cast<std::uint64_t>(k) * 53; };

  std::atomic<bool> running{true};
  std::atomic<int> limit_breaches{0};
  std::atomic<std::uint64_t> accesses{0};
  std::thread monitor([&] {
    while (running) {
      for (const TierUsage& u : rig.cache->usage()) {
        if (static_cast<double>(u.used_bytes) > u.limit_bytes) ++limit_breaches;
      }
      std::this_thread::yield();
    }
  });
  std::vector<std::thread> workers;
  for (int t = 0; t < kThreads; ++t) {
    workers.emplace_back([&, t] {
      std::mt19937 rng(static_cast<unsigned>(1000 + t));
      for (int op = 0; op < kOpsPerThread; ++op) {
        const int k = static_cast<int>(rng() % kKeys);
        const std::string key = "key_" + std::to_string(k);
        const unsigned pick = rng() % 100;
        if (pick < 45) {
          rig.cache->allocate(key, size_of(k), 1);
        } else if (pick < 92) {
          rig.cache->access(key, Phase::Decode, CacheType::User);
          ++accesses;
        } else {
          rig.cache->remove(key);
        }
      }
    });
  }
  for (auto& w : workers) w.join();
  running = false;
  monitor.join();

  EXPECT_EQ(limit_breaches.load(), 0);
  std::map<Level, std::uint64_t> sums;
  std::map<Level, std::map<std::string, std::uint64_t>> placed;
  std::uint64_t all = 0;
  for (int k = 0; k < kKeys; ++k) {
    const std::string key = "key_" + std::to_string(k);
    if (auto at = rig.cache->lookup(key)) {
      EXPECT_EQ(at->second, size_of(k));
      sums[at->first] += at->second;
      placed[at->first][key] = at->second;
      all += at->second;
    }
  }
  std::uint64_t sizes = 0;
  for (std::uint64_t s : rig.cache->entry_sizes()) sizes += s;
  EXPECT_EQ(sizes, all);
  for (std::size_t i = 0; i < limits.size(); ++i) {
    const TierUsage u = rig.usage_of(limits[i].first);
    EXPECT_EQ(u.used_bytes, sums[u.id]) << level_label(u.id);
    EXPECT_EQ(u.entries, placed[u.id].size()) << level_label(u.id);
    EXPECT_EQ(rig.fakes[i]->stored(), placed[u.id]) << level_label(u.id);
    EXPECT_TRUE(rig.fakes[i]->violations().empty()) << rig.fakes[i]->violations().front();
  }

  const auto& c = rig.counters;
  EXPECT_GT(rig.get(c.demotions), 0u);
  EXPECT_GT(rig.get(c.deletions), 0u);
  EXPECT_GT(rig.get(c.cache_hits), 0u);
  EXPECT_EQ(rig.observer.count(IoOp::Read, Phase::Decode), rig.get(c.cache_hits));
  EXPECT_EQ(rig.observer.count(IoOp::Write, Phase::Prefill),
            rig.get(c.write_operations) - rig.get(c.write_failures));
  EXPECT_EQ(rig.observer.count(IoOp::Write, Phase::Evict), rig.get(c.demotions));
  EXPECT_GT(rig.get(c.write_failures), 0u);
  // A demotion whose write failed has emitted its Read row only.
  EXPECT_GE(rig.observer.count(IoOp::Read, Phase::Evict), rig.get(c.demotions));
  EXPECT_EQ(rig.get(c.cache_hits) + rig.get(c.cache_misses), accesses.load());
}

}  // namespace
}  // namespace kvbench::cache
