#include "stats/storage_health.h"

#include <gtest/gtest.h>

namespace kvbench::stats {
namespace {

using ::kvbench::PerformanceProfile;
using nlohmann::json;
constexpr std::uint64_t kGiB = 1024ull * 1024 * 1024;

const json& criterion(const json& health, const std::string& name) {
  for (const auto& c : health["criteria"])
    if (c["name"] == name) return c;
  static const json missing;
  ADD_FAILURE() << "no criterion named '" << name << "' in " << health.dump();
  return missing;
}

TEST(StorageHealth, EmptyCriteriaListPasses) {
  CacheCounters c;
  const json h = evaluate_storage_health(c, PerformanceProfile::Latency, 60);
  EXPECT_EQ(h["overall_status"], "PASS");
  EXPECT_TRUE(h["criteria"].is_array());
  EXPECT_TRUE(h["criteria"].empty());
  EXPECT_EQ(h["passed_count"], 0);
  EXPECT_EQ(h["total_count"], 0);
  EXPECT_EQ(h.size(), 4u);
}

TEST(StorageHealth, LatencyProfileUsesDeviceLatencyAndReferenceNames) {
  CacheCounters c;
  auto& nvme = c.tier(Level::Storage);
  for (int i = 0; i < 10; ++i) {
    nvme.write_device_latency.record(0.100);
    nvme.write_latency.record(0.900);  // total would fail; device is the basis when present
    nvme.read_device_latency.record(0.050);
  }
  CacheCounters::add(c.cache_hits, 4);
  CacheCounters::add(c.cache_misses, 6);
  const json h = evaluate_storage_health(c, PerformanceProfile::Latency, 60);
  ASSERT_EQ(h["criteria"].size(), 3u);
  // Order as the reference: write, read, CPU, hit rate.
  EXPECT_EQ(h["criteria"][0]["name"], "Storage Tier Write Device P95 < 500ms");
  EXPECT_EQ(h["criteria"][1]["name"], "Storage Tier Read Device P95 < 200ms");
  EXPECT_EQ(h["criteria"][2]["name"], "Cache Hit Rate > 30%");

  const json& w = criterion(h, "Storage Tier Write Device P95 < 500ms");
  EXPECT_EQ(w["target"], 500);
  EXPECT_NEAR(w["actual"].get<double>(), 100.0, 1e-9);
  EXPECT_EQ(w["unit"], "ms");
  EXPECT_EQ(w["passed"], true);
  const json& r = criterion(h, "Storage Tier Read Device P95 < 200ms");
  EXPECT_EQ(r["target"], 200);
  const json& hr = criterion(h, "Cache Hit Rate > 30%");
  EXPECT_DOUBLE_EQ(hr["target"].get<double>(), 0.3);
  EXPECT_DOUBLE_EQ(hr["actual"].get<double>(), 0.4);
  EXPECT_EQ(hr["unit"], "ratio");
  EXPECT_EQ(h["overall_status"], "PASS");
  EXPECT_EQ(h["passed_count"], 3);
  EXPECT_EQ(h["total_count"], 3);
}

TEST(StorageHealth, LatencyProfileFallsBackToTotalAndFails) {
  CacheCounters c;
  for (int i = 0; i < 10; ++i) c.tier(Level::Storage).read_latency.record(0.300);
  const json h = evaluate_storage_health(c, PerformanceProfile::Latency, 60);
  ASSERT_EQ(h["criteria"].size(), 1u);
  const json& r = criterion(h, "Storage Tier Read Total P95 < 200ms");
  EXPECT_NEAR(r["actual"].get<double>(), 300.0, 1e-9);
  EXPECT_EQ(r["passed"], false);
  EXPECT_EQ(h["overall_status"], "FAIL");
  EXPECT_EQ(h["passed_count"], 0);
  EXPECT_EQ(h["total_count"], 1);
}

// The CPU criterion pools reads and writes: 90 fast reads + 10 slow writes ⇒ pooled p95 is
// a slow one (200 ms ⇒ FAIL), although the reads alone would pass.
TEST(StorageHealth, CpuCriterionPoolsReadsAndWrites) {
  CacheCounters c;
  auto& cpu = c.tier(Level::Cpu);
  for (int i = 0; i < 90; ++i) cpu.read_latency.record(0.010);
  for (int i = 0; i < 10; ++i) cpu.write_latency.record(0.200);
  const json h = evaluate_storage_health(c, PerformanceProfile::Latency, 60);
  const json& cr = criterion(h, "CPU RAM P95 < 150ms");
  EXPECT_EQ(cr["target"], 150);
  EXPECT_EQ(cr["unit"], "ms");
  EXPECT_NEAR(cr["actual"].get<double>(), 200.0, 1e-9);
  EXPECT_EQ(cr["passed"], false);
  EXPECT_EQ(h["overall_status"], "FAIL");
}

TEST(StorageHealth, HitRateMustExceedThirtyPercent) {
  CacheCounters c;
  CacheCounters::add(c.cache_hits, 3);
  CacheCounters::add(c.cache_misses, 7);
  const json h = evaluate_storage_health(c, PerformanceProfile::Latency, 60);
  EXPECT_EQ(criterion(h, "Cache Hit Rate > 30%")["passed"], false);
  EXPECT_EQ(h["overall_status"], "FAIL");
}

TEST(StorageHealth, ThroughputProfileNoTrafficFailsBothDirections) {
  CacheCounters c;
  const json h = evaluate_storage_health(c, PerformanceProfile::Throughput, 60);
  ASSERT_EQ(h["criteria"].size(), 2u);
  const json& r = criterion(h, "Storage KV Read Bandwidth");
  EXPECT_EQ(r["target"], ">0");
  EXPECT_EQ(r["actual"], "0.00");
  EXPECT_EQ(r["unit"], "GiB/s");
  EXPECT_EQ(r["passed"], false);
  EXPECT_EQ(criterion(h, "Storage KV Write Bandwidth")["passed"], false);
  EXPECT_EQ(h["overall_status"], "FAIL");
  EXPECT_EQ(h["total_count"], 2);
}

TEST(StorageHealth, ThroughputProfileJudgesOnlyDirectionsThatHappened) {
  CacheCounters c;
  CacheCounters::add(c.tier(Level::Storage).kv_bytes_written, 3 * kGiB);
  // Prefill-only: writes but no reads ⇒ only the write criterion.
  json h = evaluate_storage_health(c, PerformanceProfile::Throughput, 2.0);
  ASSERT_EQ(h["criteria"].size(), 1u);
  const json& w = criterion(h, "Storage KV Write Bandwidth");
  EXPECT_EQ(w["actual"], "1.50");
  EXPECT_EQ(w["passed"], true);
  EXPECT_EQ(h["overall_status"], "PASS");

  CacheCounters::add(c.tier(Level::Storage).kv_bytes_read, kGiB / 2);
  h = evaluate_storage_health(c, PerformanceProfile::Throughput, 2.0);
  ASSERT_EQ(h["criteria"].size(), 2u);
  EXPECT_EQ(criterion(h, "Storage KV Read Bandwidth")["actual"], "0.25");
  EXPECT_EQ(h["passed_count"], 2);

  // No measured duration ⇒ 0 GiB/s ⇒ FAIL.
  h = evaluate_storage_health(c, PerformanceProfile::Throughput, 0);
  EXPECT_EQ(h["overall_status"], "FAIL");
}

}  // namespace
}  // namespace kvbench::stats
