// `kvbench aggregate` on two real result files of the binary.
#include "report/aggregate.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "report/metric_catalog.h"
#include "report/results_json.h"
#include "run_result_fixture.h"
#include "stats/percentile.h"
#include "support/run_binary.h"

namespace kvbench::report {
namespace {

using nlohmann::json;
using testing_support::read_file;
using testing_support::run_kvbench;
using testing_support::TempDir;

json run_group(const TempDir& dir, const std::string& name, const std::string& seed) {
  const auto r = run_kvbench({"--num-users", "20", "--duration", "20", "--gpu-mem-gb", "1", "--cpu-mem-gb", "1",
                              "--generation-mode", "fast", "--clock", "virtual", "--seed", seed,
                              "--io-trace-log", dir.file(name + ".csv"), "--output", dir.file(name + ".json")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return json::parse(read_file(dir.file(name + ".json")));
}

TEST(Aggregate, MergesTwoRealResultFiles) {
  TempDir dir;
  const json a = run_group(dir, "rank0", "1"), b = run_group(dir, "rank1", "2");
  const auto r = run_kvbench({"aggregate", "--output", dir.file("all.json"), dir.file("rank0.json"), dir.file("rank1.json")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json m = json::parse(read_file(dir.file("all.json")));

  EXPECT_EQ(m["requests_completed"].get<double>(),
            a["requests_completed"].get<double>() + b["requests_completed"].get<double>());
  const auto& ma = a["summary"]["cache_stats"], mb = b["summary"]["cache_stats"], mm = m["summary"]["cache_stats"];
  EXPECT_EQ(mm["cache_hits"].get<double>(), ma["cache_hits"].get<double>() + mb["cache_hits"].get<double>());
  EXPECT_EQ(mm["total_read_bytes"].get<double>(),
            ma["total_read_bytes"].get<double>() + mb["total_read_bytes"].get<double>());
  EXPECT_NEAR(m["summary"]["avg_throughput_tokens_per_sec"].get<double>(),
              a["summary"]["avg_throughput_tokens_per_sec"].get<double>() +
                  b["summary"]["avg_throughput_tokens_per_sec"].get<double>(), 1e-6);

  // Percentiles come from the merged lists, not from averaging the groups' percentiles.
  std::vector<double> all = a["end_to_end_latencies"].get<std::vector<double>>();
  for (double v : b["end_to_end_latencies"].get<std::vector<double>>()) all.push_back(v);
  ASSERT_EQ(m["end_to_end_latencies"].size(), all.size());
  EXPECT_NEAR(m["summary"]["end_to_end_latency_ms"]["p95"].get<double>(), stats::percentile_of(all, 95) * 1000, 1e-9);
  EXPECT_EQ(m["kvbench"]["groups"].get<int>(), 2);
}

TEST(Aggregate, BadInputsAreUsageErrors) {
  TempDir dir;
  auto r = run_kvbench({"aggregate", dir.file("missing.json")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("missing.json"), std::string::npos);
  r = run_kvbench({"aggregate"});
  EXPECT_EQ(r.exit_code, 2);
  std::ofstream(dir.file("x.json")) << "{\"not\": \"results\"}";
  r = run_kvbench({"aggregate", dir.file("x.json")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("x.json"), std::string::npos);
}

double at(const json& doc, const std::string& dotted) {
  std::string p = "/" + dotted;
  std::replace(p.begin(), p.end(), '.', '/');
  return doc.at(json::json_pointer(p)).get<double>();
}

// Two groups that differ in every counter and latency, merged in-process.
struct TwoGroups {
  testing::RunFixture fa, fb;
  json a, b;
  AggregateResult merged;
  TwoGroups() {
    using stats::CacheCounters;
    CacheCounters::add(fb.cache.cache_hits, 40);
    CacheCounters::add(fb.cache.read_operations, 40);
    for (int i = 1; i <= 10; ++i) fb.cache.tier(Level::Storage).read_latency.record(i * 0.01);  // slower
    fb.requests->record_multi_turn(false);
    fb.result.elapsed_s = 20.0;
    a = build_results_json(fa.result);
    b = build_results_json(fb.result);
    a["summary"]["cache_stats"]["new_figure_ms"] = 5.0;  // no catalog entry
    // As results of builds before issue 19: without histograms a percentile takes the worst
    // group (aggregate_histograms_test.cpp pools them where they are).
    a["kvbench"].erase("histograms");
    b["kvbench"].erase("histograms");
    merged = merge_results({{"a.json", a}, {"b.json", b}});
  }
};

TEST(Aggregate, TakesEachMergeRuleFromTheCatalog) {
  const TwoGroups g;
  const json& m = g.merged.merged;
  const auto both = [&](const char* p) { return std::pair{at(g.a, p), at(g.b, p)}; };
  // A percentile without raw data: the worse group's.
  auto [pa, pb] = both("summary.cache_stats.storage_read_p95_ms");
  ASSERT_NE(pa, pb);
  EXPECT_EQ(at(m, "summary.cache_stats.storage_read_p95_ms"), std::max(pa, pb));
  // A counter and two rates: summed.
  auto [ha, hb] = both("summary.cache_stats.cache_hits");
  EXPECT_EQ(at(m, "summary.cache_stats.cache_hits"), ha + hb);
  auto [ta, tb] = both("summary.avg_throughput_tokens_per_sec");
  EXPECT_EQ(at(m, "summary.avg_throughput_tokens_per_sec"), ta + tb);
  auto [ba, bb] = both("summary.cache_stats.tier_storage_read_bandwidth_gbps");
  EXPECT_EQ(at(m, "summary.cache_stats.tier_storage_read_bandwidth_gbps"), ba + bb);
  // Ratios: recomputed from the merged counts, not the mean of the groups' ratios.
  auto [ma, mb] = both("summary.cache_stats.cache_misses");
  EXPECT_DOUBLE_EQ(at(m, "summary.cache_stats.cache_hit_rate"), (ha + hb) / (ha + hb + ma + mb));
  EXPECT_NE(at(m, "summary.cache_stats.cache_hit_rate"),
            (at(g.a, "summary.cache_stats.cache_hit_rate") + at(g.b, "summary.cache_stats.cache_hit_rate")) / 2);
  auto [mta, mtb] = both("summary.multi_turn_stats.cache_hits");
  auto [mma, mmb] = both("summary.multi_turn_stats.cache_misses");
  EXPECT_DOUBLE_EQ(at(m, "summary.multi_turn_stats.hit_rate"), (mta + mtb) / (mta + mtb + mma + mmb));
  // A gauge of duration: the longest group.
  EXPECT_EQ(at(m, "summary.elapsed_time"), 20.0);
  // Every other figure of cache_stats follows its rule too.
  for (const MetricEntry& e : metric_catalog()) {
    if (e.path.rfind("summary.cache_stats.", 0) != 0 || e.path.find('.', 20) != std::string::npos) continue;
    if (e.merge != MergeRule::Sum && e.merge != MergeRule::Max) continue;
    const auto [va, vb] = both(e.path.c_str());
    EXPECT_EQ(at(m, e.path), e.merge == MergeRule::Sum ? va + vb : std::max(va, vb)) << e.path;
  }
}

TEST(Aggregate, AFigureWithoutACatalogEntryIsReportedNotGuessed) {
  const TwoGroups g;
  EXPECT_FALSE(g.merged.merged["summary"]["cache_stats"].contains("new_figure_ms"));
  EXPECT_EQ(g.merged.uncatalogued, std::vector<std::string>{"summary.cache_stats.new_figure_ms"});
  EXPECT_EQ(g.merged.merged["kvbench"]["figures_without_catalog_entry"], json::array({"summary.cache_stats.new_figure_ms"}));

  TempDir dir;
  std::ofstream(dir.file("a.json")) << g.a.dump();
  std::ofstream(dir.file("b.json")) << g.b.dump();
  const auto r = run_kvbench({"aggregate", "--output", dir.file("m.json"), dir.file("a.json"), dir.file("b.json")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("'summary.cache_stats.new_figure_ms' has no entry in the metric catalog"), std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace kvbench::report
