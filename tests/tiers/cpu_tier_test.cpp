// The CPU tier keeps real bytes in DRAM and gives them back, whole or in ranges.
#include "tiers/cpu_tier.h"

#include <gtest/gtest.h>

#include "tier_test_support.h"

namespace kvbench::tiers {
namespace {

using testing::CollectSink;
using testing::kSeed;
using testing::matches_payload;
using testing::SeededSource;

TEST(CpuTier, RoundTripKeepsEveryByte) {
  CpuTier tier(64 * 1024);  // small pieces: many of them per entry
  for (const std::uint64_t size : {1ull, 4095ull, 65536ull, (3ull << 20) + 17}) {
    const std::string key = "k" + std::to_string(size);
    SeededSource src(kSeed + size);
    const IoTiming w = tier.write(key, size, src);
    EXPECT_EQ(src.produced(), size);
    EXPECT_GT(w.total_s(), 0);
    CollectSink all(0, size);
    tier.read(key, 0, size, all);
    EXPECT_EQ(all.delivered(), size);
    EXPECT_TRUE(matches_payload(kSeed + size, 0, all.bytes())) << size;
  }
  EXPECT_EQ(tier.entry_count(), 4u);
}

TEST(CpuTier, RangedReadReturnsThatRange) {
  CpuTier tier(4096);
  SeededSource src(kSeed);
  tier.write("a", 100000, src);
  CollectSink part(12345, 50000);
  tier.read("a", 12345, 50000, part);
  EXPECT_TRUE(matches_payload(kSeed, 12345, part.bytes()));
  EXPECT_THROW(tier.read("a", 99999, 2, part), std::runtime_error);
}

TEST(CpuTier, MissingEntryThrowsAndRemoveIsIdempotent) {
  CpuTier tier;
  DiscardSink none;
  EXPECT_THROW(tier.read("nope", 0, 1, none), std::runtime_error);
  SeededSource src(kSeed);
  tier.write("a", 10, src);
  tier.remove("a");
  tier.remove("a");
  EXPECT_THROW(tier.read("a", 0, 10, none), std::runtime_error);
  EXPECT_EQ(tier.entry_count(), 0u);
}

TEST(CpuTier, FailingSourceStoresNothing) {
  CpuTier tier(4096);
  SeededSource src(kSeed, 10000);
  EXPECT_THROW(tier.write("a", 20000, src), std::runtime_error);
  EXPECT_EQ(tier.entry_count(), 0u);
}

TEST(CpuTier, FreedBuffersAreReusedWithinThePoolBound) {
  CpuTier tier(1 << 20, 8 << 20);
  SeededSource a(kSeed);
  tier.write("a", 3 << 20, a);
  SeededSource b(kSeed + 1);
  tier.write("b", 6 << 20, b);
  tier.remove("a");
  EXPECT_EQ(tier.pooled_bytes(), 4u << 20);  // 3 MiB rounded up to 2 MiB pages
  tier.remove("b");
  EXPECT_EQ(tier.pooled_bytes(), 4u << 20);  // 6 MiB more would pass the 8 MiB bound: freed
  SeededSource c(kSeed + 2);
  tier.write("c", (3 << 20) + 5, c);  // fits the pooled 4 MiB buffer
  EXPECT_EQ(tier.pooled_bytes(), 0u);
  CollectSink all(0, (3 << 20) + 5);
  tier.read("c", 0, (3 << 20) + 5, all);
  EXPECT_TRUE(matches_payload(kSeed + 2, 0, all.bytes()));  // no stale bytes of "a" show through
}

}  // namespace
}  // namespace kvbench::tiers
