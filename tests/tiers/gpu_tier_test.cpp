// The GPU tier on a real device: skipped, not failed, where there is none (or no CUDA build).
#include "tiers/gpu_tier.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "tier_test_support.h"

namespace kvbench::tiers {
namespace {

using testing::CollectSink;
using testing::kSeed;
using testing::matches_payload;
using testing::SeededSource;

std::unique_ptr<Tier> gpu_tier_or_skip(std::size_t staging = 1 << 20) {
  const GpuProbe probe = probe_gpus();
  if (probe.devices == 0) return nullptr;
  return make_gpu_tier(probe.devices, staging);
}

TEST(GpuTier, WithoutADeviceThereIsNoTierAndAReason) {
  const GpuProbe probe = probe_gpus();
  if (probe.devices > 0) GTEST_SKIP() << "a CUDA device is present";
  EXPECT_FALSE(probe.why_none.empty());
}

TEST(GpuTier, RoundTripThroughPinnedStaging) {
  auto tier = gpu_tier_or_skip(64 << 10);  // small staging: many double-buffered pieces
  if (!tier) GTEST_SKIP() << "no CUDA device: " << probe_gpus().why_none;
  EXPECT_EQ(tier->id(), Level::Gpu);
  for (const std::uint64_t size : {1ull, 65536ull, 65537ull, (5ull << 20) + 3}) {
    const std::string key = "g" + std::to_string(size);
    SeededSource src(kSeed + size);
    const IoTiming w = tier->write(key, size, src);
    EXPECT_EQ(src.produced(), size);
    EXPECT_GT(w.total_s(), 0);
    CollectSink all(0, size);
    tier->read(key, 0, size, all);
    EXPECT_TRUE(matches_payload(kSeed + size, 0, all.bytes())) << size;
    CollectSink part(size / 3, size - size / 3);
    tier->read(key, size / 3, size - size / 3, part);
    EXPECT_TRUE(matches_payload(kSeed + size, size / 3, part.bytes())) << size;
    tier->remove(key);
  }
  DiscardSink none;
  EXPECT_THROW(tier->read("g1", 0, 1, none), std::runtime_error);
}

TEST(GpuTier, ConcurrentWritersAndReaders) {
  auto tier = gpu_tier_or_skip();
  if (!tier) GTEST_SKIP() << "no CUDA device: " << probe_gpus().why_none;
  std::vector<std::thread> threads;
  std::atomic<int> bad{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 8; ++i) {
        const std::string key = std::to_string(t) + "_" + std::to_string(i);
        const std::uint64_t seed = kSeed + static_cast<std::uint64_t>(t * 100 + i);
        SeededSource src(seed);
        tier->write(key, 3 << 20, src);
        CollectSink all(0, 3 << 20);
        tier->read(key, 0, 3 << 20, all);
        if (!matches_payload(seed, 0, all.bytes())) ++bad;
        tier->remove(key);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(bad.load(), 0);
}

}  // namespace
}  // namespace kvbench::tiers
