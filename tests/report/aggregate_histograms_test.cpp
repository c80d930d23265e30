// `kvbench aggregate` pools the groups' latency histograms: the merged per-operation
// percentiles are those of the union of the groups' operations, MLPerf's max of the groups'
// p95 stands next to them, and files without histograms merge as before (the worst group).
#include <gtest/gtest.h>

#include <random>

#include "report/aggregate.h"
#include "report/histogram_json.h"
#include "stats/latency_histogram.h"

namespace kvbench::report {
namespace {

using nlohmann::json;

json group(const stats::LatencyHistogram& reads, bool with_histograms) {
  json doc{{"requests_completed", 10},
           {"summary", {{"cache_stats", {{"storage_read_p95_ms", reads.percentile(95) * 1000}}}}}};
  if (with_histograms) doc["kvbench"] = {{"histograms", {{"storage_read", histogram_to_json(reads)}}}};
  return doc;
}

stats::LatencyHistogram reads(double scale, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::lognormal_distribution<double> d(std::log(scale), 0.5);
  stats::LatencyHistogram h;
  for (int i = 0; i < 4000; ++i) h.record(d(rng));
  return h;
}

TEST(AggregateHistograms, PooledPercentilesAreThoseOfTheUnion) {
  const stats::LatencyHistogram fast = reads(0.001, 1), slow = reads(0.004, 2);
  stats::LatencyHistogram all = fast;
  all.merge(slow);
  const AggregateResult r = merge_results({{"a", group(fast, true)}, {"b", group(slow, true)}});
  const double pooled = r.merged["summary"]["cache_stats"]["storage_read_p95_ms"].get<double>();
  EXPECT_DOUBLE_EQ(pooled, all.percentile(95) * 1000);
  const json& p = r.merged["kvbench"]["pooled_percentiles"]["storage_read"];
  EXPECT_DOUBLE_EQ(p["pooled_ms"]["p95"].get<double>(), pooled);
  EXPECT_DOUBLE_EQ(p["max_of_groups_p95_ms"].get<double>(), slow.percentile(95) * 1000);
  EXPECT_LT(pooled, p["max_of_groups_p95_ms"].get<double>());  // the max overstates the pool
  EXPECT_EQ(p["count"].get<std::uint64_t>(), 8000u);
  const auto merged = histogram_from_json(r.merged["kvbench"]["histograms"]["storage_read"]);
  ASSERT_TRUE(merged.has_value());
  EXPECT_EQ(*merged, all);
}

TEST(AggregateHistograms, WithoutHistogramsTheWorstGroupStandsAsBefore) {
  const stats::LatencyHistogram fast = reads(0.001, 3), slow = reads(0.004, 4);
  const AggregateResult r = merge_results({{"a", group(fast, true)}, {"b", group(slow, false)}});
  EXPECT_DOUBLE_EQ(r.merged["summary"]["cache_stats"]["storage_read_p95_ms"].get<double>(), slow.percentile(95) * 1000);
  EXPECT_FALSE(r.merged["kvbench"].contains("pooled_percentiles"));
}

}  // namespace
}  // namespace kvbench::report
