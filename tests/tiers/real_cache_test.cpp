// MultiTierCache over the real CPU and NVMe tiers: demotions move the real bytes, --verify sees
// every byte, and eviction on a small NVMe limit leaves no orphan files.
#include <gtest/gtest.h>

#include <filesystem>
#include <limits>

#include "cache/multi_tier_cache.h"
#include "common/cache_dir_marker.h"
#include "stats/counter_observer.h"
#include "support/run_binary.h"
#include "tier_test_support.h"
#include "tiers/cpu_tier.h"
#include "tiers/file_tier.h"

namespace kvbench::tiers {
namespace {

namespace fs = std::filesystem;
using testing_support::TempDir;
constexpr double kMiB = 1024.0 * 1024.0;
constexpr double kUnlimited = std::numeric_limits<double>::infinity();

std::unique_ptr<FileTier> nvme(const std::string& dir) {
  FileOptions o;
  o.dir = dir;
  o.io_size = 128 << 10;
  o.io_depth = 4;
  return std::make_unique<FileTier>(o);
}

cache::CacheOptions verifying() {
  cache::CacheOptions o;
  o.payload_seed = 1234;
  o.verify = true;
  return o;
}

std::size_t files_in(const std::string& dir) {
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(dir)) n += e.path().filename() != kCacheDirMarkerName;
  return n;
}

std::uint64_t get(const stats::Counter& c) { return stats::CacheCounters::get(c); }

TEST(RealTiers, DemotedEntriesReadBackVerified) {
  TempDir dir;
  std::vector<cache::TierSetup> tiers;
  tiers.push_back({std::make_unique<CpuTier>(64 << 10), 3 * kMiB});
  tiers.push_back({nvme(dir.path()), kUnlimited});
  stats::CacheCounters counters;
  stats::CounterObserver counting(counters);
  cache::MultiTierCache cache(std::move(tiers), verifying(), {&counting});
  const int n = 10;
  for (int i = 0; i < n; ++i) ASSERT_TRUE(cache.allocate("e" + std::to_string(i), (1 << 20) + i * 4097, 1).ok);
  EXPECT_GT(get(counters.demotions), 0u);
  int on_nvme = 0;
  for (int i = 0; i < n; ++i) {
    const std::string key = "e" + std::to_string(i);
    on_nvme += cache.lookup(key)->first == Level::Storage ? 1 : 0;
    EXPECT_TRUE(cache.access(key, Phase::Decode, CacheType::User).hit) << key;
  }
  EXPECT_GT(on_nvme, 0);
  EXPECT_EQ(get(counters.verify_mismatches), 0u);
  EXPECT_EQ(get(counters.read_failures), 0u);
  EXPECT_EQ(files_in(dir.path()), static_cast<std::size_t>(on_nvme));
  // Device and host parts are recorded for the storage tier (spec §8.2 storage_*_{device,host}).
  EXPECT_GT(counters.tier(Level::Storage).read_device_latency.count(), 0u);
  EXPECT_GT(counters.tier(Level::Storage).read_host_latency.count(), 0u);
}

// Hands out its entries' bytes with the first byte of each piece flipped.
class CorruptingTier final : public Tier {
 public:
  Level id() const override { return Level::Cpu; }
  IoTiming write(const std::string& key, std::uint64_t size, ByteSource& src) override {
    return inner_.write(key, size, src);
  }
  IoTiming read(const std::string& key, std::uint64_t offset, std::uint64_t len, ByteSink& dst) override {
    struct Flip final : ByteSink {
      ByteSink& out;
      explicit Flip(ByteSink& o) : out(o) {}
      void take(std::uint64_t off, const std::byte* src, std::size_t n) override {
        std::vector<std::byte> copy(src, src + n);
        copy[0] ^= std::byte{0xff};
        out.take(off, copy.data(), n);
      }
    } flip(dst);
    return inner_.read(key, offset, len, flip);
  }
  void remove(const std::string& key) override { inner_.remove(key); }

 private:
  CpuTier inner_{64 << 10};
};

// Were the NVMe copy regenerated from the key, it would verify; it does not, so the bytes that
// landed on NVMe are the ones the source tier handed over.
TEST(RealTiers, DemotionMovesTheSourceTiersBytes) {
  TempDir dir;
  std::vector<cache::TierSetup> tiers;
  tiers.push_back({std::make_unique<CorruptingTier>(), 1.5 * kMiB});
  tiers.push_back({nvme(dir.path()), kUnlimited});
  stats::CacheCounters counters;
  stats::CounterObserver counting(counters);
  cache::MultiTierCache cache(std::move(tiers), verifying(), {&counting});
  ASSERT_TRUE(cache.allocate("a", 1 << 20, 1).ok);
  ASSERT_TRUE(cache.allocate("b", 1 << 20, 1).ok);  // pushes "a" down to NVMe
  ASSERT_EQ(cache.lookup("a")->first, Level::Storage);
  EXPECT_EQ(get(counters.demotions), 1u);
  EXPECT_TRUE(cache.access("a", Phase::Decode, CacheType::User).hit);
  EXPECT_EQ(get(counters.verify_mismatches), 1u);
}

TEST(RealTiers, SmallNvmeLimitDeletesEntriesAndLeavesNoOrphans) {
  TempDir dir;
  std::vector<cache::TierSetup> tiers;
  tiers.push_back({std::make_unique<CpuTier>(), 0});
  tiers.push_back({nvme(dir.path()), 5 * kMiB});
  stats::CacheCounters counters;
  stats::CounterObserver counting(counters);
  cache::MultiTierCache cache(std::move(tiers), verifying(), {&counting});
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(cache.allocate("e" + std::to_string(i), 1 << 20, 1).ok);
  EXPECT_GT(get(counters.deletions), 0u);
  const cache::TierUsage u = cache.usage().back();
  EXPECT_LE(static_cast<double>(u.used_bytes), 5 * kMiB);
  EXPECT_EQ(files_in(dir.path()), u.entries);
  std::uint64_t on_disk = 0;
  for (const auto& e : fs::directory_iterator(dir.path()))
    if (e.path().filename() != kCacheDirMarkerName) on_disk += fs::file_size(e.path());
  EXPECT_EQ(on_disk, u.used_bytes);
}

// A full disk: the write is counted as failed, nothing is left behind, later writes still work.
TEST(RealTiers, DiskFullIsAWriteFailureNotACrash) {
  TempDir dir;
  testing::SmallTmpfs small(dir.file("small"), 3 << 20);
  if (!small.ok()) GTEST_SKIP() << "cannot mount a small tmpfs here: " << small.why();
  std::vector<cache::TierSetup> tiers;
  tiers.push_back({std::make_unique<CpuTier>(), 0});
  tiers.push_back({nvme(dir.file("small")), 100 * kMiB});  // the limit believes in room that is not there
  stats::CacheCounters counters;
  stats::CounterObserver counting(counters);
  cache::MultiTierCache cache(std::move(tiers), verifying(), {&counting});
  int ok = 0;
  for (int i = 0; i < 6; ++i) ok += cache.allocate("e" + std::to_string(i), 1 << 20, 1).ok ? 1 : 0;
  EXPECT_GE(ok, 1);
  EXPECT_GT(get(counters.write_failures), 0u);
  EXPECT_EQ(files_in(dir.file("small")), static_cast<std::size_t>(ok));
  EXPECT_EQ(cache.usage().back().entries, static_cast<std::uint64_t>(ok));
  EXPECT_TRUE(cache.remove("e0"));
  EXPECT_TRUE(cache.allocate("again", 1 << 20, 1).ok);
}

}  // namespace
}  // namespace kvbench::tiers
