#include "report/results_json.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "run_result_fixture.h"

namespace kvbench::report {
namespace {

using nlohmann::json;
using testing::kGiB;
using testing::RunFixture;

enum class T { Int, Num, Str, Bool, Arr, Obj, Null };

void expect_type(const json& j, const std::string& key, T t) {
  ASSERT_TRUE(j.contains(key)) << "missing key '" << key << "'";
  const json& v = j.at(key);
  switch (t) {
    case T::Int:
      EXPECT_TRUE(v.is_number_integer()) << key << " = " << v;
      break;
    case T::Num:
      EXPECT_TRUE(v.is_number()) << key << " = " << v;
      break;
    case T::Str:
      EXPECT_TRUE(v.is_string()) << key << " = " << v;
      break;
    case T::Bool:
      EXPECT_TRUE(v.is_boolean()) << key << " = " << v;
      break;
    case T::Arr:
      EXPECT_TRUE(v.is_array()) << key << " = " << v;
      break;
    case T::Obj:
      EXPECT_TRUE(v.is_object()) << key << " = " << v;
      break;
    case T::Null:
      EXPECT_TRUE(v.is_null()) << key << " = " << v;
      break;
  }
}

const char* const kPct[] = {"p50", "p95", "p99", "p999", "p9999"};

// Spec §8.1: every top-level and summary key, with its type.
TEST(ReportResultsJson, EveryReferenceKeyPresentWithRightType) {
  RunFixture f;
  const json doc = build_results_json(f.result);
  for (const char* k : {"requests_completed", "total_tokens_generated", "multi_turn_cache_hits",
                        "multi_turn_cache_misses", "seed"})
    expect_type(doc, k, T::Int);
  for (const char* k : {"total_storage_io_latency", "total_generation_latency"})
    expect_type(doc, k, T::Num);
  for (const char* k : {"end_to_end_latencies", "storage_latencies", "generation_latencies",
                        "prefill_latencies", "decode_latencies", "throughput_timeline"})
    expect_type(doc, k, T::Arr);
  expect_type(doc, "summary", T::Obj);
  expect_type(doc, "interrupted", T::Bool);
  expect_type(doc, "kvbench", T::Obj);

  EXPECT_EQ(doc["requests_completed"], 20);
  EXPECT_EQ(doc["total_tokens_generated"], 2000);
  EXPECT_EQ(doc["seed"], 42);
  EXPECT_EQ(doc["end_to_end_latencies"].size(), 20u);
  EXPECT_DOUBLE_EQ(doc["end_to_end_latencies"][0].get<double>(), 0.01);  // seconds
  EXPECT_EQ(doc["prefill_latencies"].size(), 20u);
  EXPECT_TRUE(doc["throughput_timeline"].empty());  // no autoscaling
  EXPECT_EQ(doc["multi_turn_cache_hits"], 2);
  EXPECT_EQ(doc["multi_turn_cache_misses"], 1);

  const json& s = doc["summary"];
  for (const char* k : {"total_requests", "total_tokens"}) expect_type(s, k, T::Int);
  for (const char* k : {"elapsed_time", "avg_throughput_tokens_per_sec", "total_storage_io_time",
                        "storage_throughput_tokens_per_sec", "requests_per_second"})
    expect_type(s, k, T::Num);
  for (const char* k :
       {"end_to_end_latency_ms", "storage_io_latency_ms", "generation_latency_ms"}) {
    expect_type(s, k, T::Obj);
    expect_type(s[k], "mean", T::Num);
    for (const char* p : kPct) expect_type(s[k], p, T::Num);
    EXPECT_EQ(s[k].size(), 6u);
  }
  for (const char* k : {"cache_stats", "qos_metrics", "prefix_cache_stats", "multi_turn_stats"})
    expect_type(s, k, T::Obj);
  expect_type(s, "autoscaling_stats", T::Arr);
  EXPECT_TRUE(s["autoscaling_stats"].empty());
  expect_type(s, "autoscaling_summary", T::Null);

  EXPECT_DOUBLE_EQ(s["elapsed_time"].get<double>(), 10.0);
  EXPECT_DOUBLE_EQ(s["avg_throughput_tokens_per_sec"].get<double>(), 200.0);
  EXPECT_DOUBLE_EQ(s["requests_per_second"].get<double>(), 2.0);
  EXPECT_NEAR(s["total_storage_io_time"].get<double>(), 0.42, 1e-12);
  EXPECT_NEAR(s["storage_throughput_tokens_per_sec"].get<double>(), 2000 / 0.42, 1e-6);
  // np.percentile([10, 20, …, 200] ms, 95) = 190.5 ms.
  EXPECT_NEAR(s["end_to_end_latency_ms"]["p95"].get<double>(), 190.5, 1e-9);
  EXPECT_NEAR(s["end_to_end_latency_ms"]["mean"].get<double>(), 105.0, 1e-9);

  const json& mt = s["multi_turn_stats"];
  EXPECT_EQ(mt["cache_hits"], 2);
  EXPECT_EQ(mt["cache_misses"], 1);
  EXPECT_NEAR(mt["hit_rate"].get<double>(), 2.0 / 3.0, 1e-12);

  const json& p = s["prefix_cache_stats"];
  for (const char* k : {"prefix_hits", "prefix_misses", "system_prompt_reuse",
                        "common_phrase_reuse", "bytes_saved"})
    expect_type(p, k, T::Int);
  EXPECT_EQ(p["bytes_saved"], 5 * 131072);
}

// Spec §8.2.
TEST(ReportResultsJson, CacheStatsKeysAndBandwidths) {
  RunFixture f;
  const json cs = build_results_json(f.result)["summary"]["cache_stats"];
  for (const char* k :
       {"cache_hits", "cache_misses", "gpu_entries", "cpu_entries", "storage_entries",
        "offloads_cpu", "offloads_storage", "prefill_writes", "decode_reads", "system_prompt_hits",
        "common_phrase_hits", "user_cache_hits", "multi_turn_hits", "total_read_bytes",
        "total_write_bytes", "read_iops", "write_iops"})
    expect_type(cs, k, T::Int);
  // A float once an NVMe entry was read (the reference adds size / bpt), as in this fixture.
  EXPECT_TRUE(cs.at("storage_tokens_processed").is_number_float());
  for (const char* k : {"cache_hit_rate", "gpu_memory_used_gb", "cpu_memory_used_gb",
                        "total_read_gb", "total_write_gb", "read_write_ratio"})
    expect_type(cs, k, T::Num);
  expect_type(cs, "storage_health", T::Obj);
  for (const char* tier : {"gpu", "cpu", "storage"}) {
    const std::string t(tier);
    for (const char* k : {"_kv_bytes_written_gb", "_kv_bytes_read_gb", "_read_bandwidth_gbps",
                          "_write_bandwidth_gbps"})
      expect_type(cs, "tier_" + t + k, T::Num);
    for (const char* op : {"_read_", "_write_"})
      for (const char* p : kPct) expect_type(cs, t + op + p + "_ms", T::Num);
  }
  for (const char* k :
       {"storage_read_device", "storage_read_host", "storage_write_device", "storage_write_host"})
    for (const char* p : kPct) expect_type(cs, std::string(k) + "_" + p + "_ms", T::Num);
  EXPECT_FALSE(cs.contains("evictions"));  // internal counter, not exported (spec §8.2)

  EXPECT_DOUBLE_EQ(cs["cache_hit_rate"].get<double>(), 0.6);
  EXPECT_EQ(cs["read_iops"], 60);  // a count, not a rate
  EXPECT_EQ(cs["gpu_entries"], 4);
  EXPECT_EQ(cs["storage_entries"], 9);
  EXPECT_DOUBLE_EQ(cs["gpu_memory_used_gb"].get<double>(), 2.0);
  EXPECT_DOUBLE_EQ(cs["read_write_ratio"].get<double>(), 2.0);
  EXPECT_DOUBLE_EQ(cs["total_read_gb"].get<double>(), 6.0);
  // Bandwidth = GiB / elapsed: 5 GiB written to storage in 10 s, 2 GiB read.
  EXPECT_DOUBLE_EQ(cs["tier_storage_kv_bytes_written_gb"].get<double>(), 5.0);
  EXPECT_DOUBLE_EQ(cs["tier_storage_write_bandwidth_gbps"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(cs["tier_storage_read_bandwidth_gbps"].get<double>(), 0.2);
  EXPECT_DOUBLE_EQ(cs["tier_gpu_write_bandwidth_gbps"].get<double>(), 0.1);
  // np.percentile([1..10] ms, 95) = 9.55 ms.
  EXPECT_NEAR(cs["gpu_read_p95_ms"].get<double>(), 9.55, 1e-9);
  EXPECT_NEAR(cs["storage_read_device_p50_ms"].get<double>(), 4.95, 1e-9);
}

TEST(ReportResultsJson, PercentileKeysAbsentWhenListEmpty) {
  RunFixture f;
  f.cache.tier(Level::Gpu).read_latency.reset();
  f.cache.tier(Level::Gpu).write_latency.reset();
  f.cache.tier(Level::Storage).read_device_latency.reset();
  f.cache.tier(Level::Storage).write_host_latency.reset();
  const json cs = build_cache_stats_json(f.result);
  for (const char* p : kPct) {
    EXPECT_FALSE(cs.contains(std::string("gpu_read_") + p + "_ms"));
    EXPECT_FALSE(cs.contains(std::string("gpu_write_") + p + "_ms"));
    EXPECT_FALSE(cs.contains(std::string("storage_read_device_") + p + "_ms"));
    EXPECT_FALSE(cs.contains(std::string("storage_write_host_") + p + "_ms"));
    EXPECT_TRUE(cs.contains(std::string("cpu_read_") + p + "_ms"));
    EXPECT_TRUE(cs.contains(std::string("storage_write_device_") + p + "_ms"));
  }
  EXPECT_TRUE(cs.contains("tier_gpu_kv_bytes_read_gb"));  // byte counters always present
}

TEST(ReportResultsJson, SummaryAbsentWithZeroRequests) {
  RunFixture f(/*with_requests=*/false);
  const json doc = build_results_json(f.result);
  EXPECT_FALSE(doc.contains("summary"));
  EXPECT_EQ(doc["requests_completed"], 0);
  EXPECT_TRUE(doc["end_to_end_latencies"].empty());
  EXPECT_EQ(doc["kvbench"]["arrivals_offered"], 25);
}

TEST(ReportResultsJson, QosMetricsNoDataOrFullObject) {
  RunFixture f;
  const json q = build_results_json(f.result)["summary"]["qos_metrics"];
  ASSERT_EQ(q.size(), 3u);
  EXPECT_EQ(q["responsive"], json({{"no_data", true}}));
  const json& i = q["interactive"];
  EXPECT_EQ(i["total_requests"], 10);
  for (const char* k : {"mean", "p50", "p95", "p99", "max"})
    expect_type(i["latency_ms"], k, T::Num);
  EXPECT_EQ(i["latency_ms"].size(), 5u);
  // Interactive requests: 10, 30, …, 190 ms; target 50 ms (strictly above violates) ⇒
  // 10, 30 and 50 comply ⇒ compliance 0.3.
  EXPECT_DOUBLE_EQ(i["latency_ms"]["max"].get<double>(), 190.0);
  EXPECT_DOUBLE_EQ(i["sla"]["target_p95_ms"].get<double>(), 50.0);
  EXPECT_NEAR(i["sla"]["compliance"].get<double>(), 0.3, 1e-12);
  EXPECT_EQ(i["sla"]["met"], false);
  expect_type(i["sla"], "actual_p95_ms", T::Num);
  // Batch: 20 … 200 ms against 1000 ms ⇒ met.
  EXPECT_EQ(q["batch"]["sla"]["met"], true);
  EXPECT_DOUBLE_EQ(q["batch"]["sla"]["compliance"].get<double>(), 1.0);
}

TEST(ReportResultsJson, PrefixStatsEmptyWhenDisabledAndSeedNullWhenUnset) {
  RunFixture f;
  f.cfg.disable_prefix_caching = true;
  f.cfg.seed.reset();
  const json doc = build_results_json(f.result);
  EXPECT_TRUE(doc["seed"].is_null());
  EXPECT_TRUE(doc["summary"]["prefix_cache_stats"].is_object());
  EXPECT_TRUE(doc["summary"]["prefix_cache_stats"].empty());
}

TEST(ReportResultsJson, AutoscalingFieldsWhenPresent) {
  RunFixture f;
  f.result.throughput_timeline = {{10.0, 123.5}, {20.0, 150.0}};
  ScaleEvent up;
  up.timestamp_iso = "2026-01-01T00:00:10";
  up.mode = "qos";
  up.action = "scale_up";
  up.users = 12;
  up.saturation_level = 0.4;
  up.throughput_tokens_per_sec = 123.5;
  f.result.scale_events.push_back(up);
  f.result.autoscaling = AutoscalingSummary{10, 12, std::nullopt, std::nullopt};
  const json doc = build_results_json(f.result);
  ASSERT_EQ(doc["throughput_timeline"].size(), 2u);
  EXPECT_EQ(doc["throughput_timeline"][0],
            json({{"timestamp", 10.0}, {"throughput_tokens_per_sec", 123.5}}));
  const json& ev = doc["summary"]["autoscaling_stats"][0];
  EXPECT_EQ(ev["action"], "scale_up");
  EXPECT_TRUE(ev["read_latency_p95_ms"].is_null());
  EXPECT_EQ(doc["summary"]["autoscaling_summary"],
            json({{"initial_users", 10}, {"final_users", 12}, {"total_scale_events", 1}}));
}

TEST(ReportResultsJson, KvbenchAdditions) {
  RunFixture f;
  f.result.interrupted = true;
  f.result.mode = "trace";
  f.result.trace_rows = 1234;
  f.result.trace_rows_recorded = 1234;
  f.result.trace_path = "/tmp/t.csv.zst";
  f.cfg.tensor_parallel = 2;
  f.cfg.num_gpus = 4;
  const json doc = build_results_json(f.result);
  EXPECT_EQ(doc["interrupted"], true);
  const json& k = doc["kvbench"];
  expect_type(k, "version", T::Str);
  EXPECT_EQ(k["mode"], "trace");
  EXPECT_EQ(k["interrupted"], true);
  EXPECT_EQ(k["clock"], "wall");
  EXPECT_EQ(k["workers"], 100);
  EXPECT_EQ(k["arrivals_offered"], 25);
  EXPECT_EQ(k["arrivals_dropped_queue_full"], 3);
  EXPECT_EQ(k["requests_abandoned_at_stop"], 2);
  EXPECT_EQ(k["write_failures"], 0);
  EXPECT_EQ(k["demotions"], 12);
  EXPECT_EQ(k["cache_misses_by_type"],
            json({{"user", 10}, {"multi_turn", 30}, {"system_prompt", 0}, {"common_phrase", 0}}));
  EXPECT_EQ(k["deletions"], 2);
  // rows: what the file holds; rows_recorded: what the run produced (issue 15 item 4).
  EXPECT_EQ(k["trace"], json({{"path", "/tmp/t.csv.zst"}, {"rows", 1234}, {"rows_recorded", 1234}, {"complete", true}}));
  EXPECT_EQ(k["tensor_parallel"], 2);
  EXPECT_EQ(k["num_gpus"], 4);
  ASSERT_EQ(k["tiers"].size(), 3u);
  EXPECT_EQ(k["tiers"][2]["tier"], "nvme");
  EXPECT_TRUE(k["tiers"][2]["limit_bytes"].is_null());  // unlimited
  EXPECT_EQ(k["tiers"][0]["used_bytes"], 2 * kGiB);

  f.result.mode = "real";
  EXPECT_TRUE(build_results_json(f.result)["kvbench"]["trace"].is_null());
}

TEST(ReportResultsJson, ElapsedFallsBackToNominalDuration) {
  RunFixture f;
  f.result.elapsed_s = 0;
  f.cfg.duration = 20;
  const json s = build_results_json(f.result)["summary"];
  EXPECT_DOUBLE_EQ(s["elapsed_time"].get<double>(), 20.0);
  EXPECT_DOUBLE_EQ(s["cache_stats"]["tier_storage_write_bandwidth_gbps"].get<double>(), 0.25);
}

class ReportResultsFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("kvbench_results_test_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(ReportResultsFile, WritesAtomicallyCreatingParents) {
  RunFixture f;
  const json doc = build_results_json(f.result);
  const std::string path = (dir_ / "a" / "b" / "results.json").string();
  write_results_file(path, doc);
  std::ifstream in(path);
  ASSERT_TRUE(in.good());
  EXPECT_EQ(json::parse(in), doc);
  // Only the final file remains: the temp file was renamed, not left behind.
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir_ / "a" / "b"))
    ++files;
  EXPECT_EQ(files, 1u);
  // Overwrite is allowed.
  write_results_file(path, json{{"x", 1}});
  std::ifstream again(path);
  EXPECT_EQ(json::parse(again), json({{"x", 1}}));
}

TEST_F(ReportResultsFile, FailureNamesThePath) {
  std::filesystem::create_directories(dir_);
  const auto blocker = dir_ / "file";
  std::ofstream(blocker) << "x";
  const std::string path = (blocker / "sub" / "out.json").string();
  try {
    write_results_file(path, json::object());
    FAIL() << "expected std::runtime_error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace kvbench::report
