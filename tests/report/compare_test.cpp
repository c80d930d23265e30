// `kvbench compare` on synthetic result sets: an injected 10 % bandwidth drop or 10 % p99 rise
// is flagged, trial-to-trial noise is not, and the rank test and the exit codes hold.
#include "report/compare.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "report/rank_test.h"
#include "support/run_binary.h"

namespace kvbench::report {
namespace {

using nlohmann::json;

// One trial's figures, each scaled by its own noise factor in [1 − noise, 1 + noise].
json trial(std::mt19937_64& rng, double noise, double read_gibps = 1.0, double p99_ms = 20.0,
           const std::string& fingerprint = "abc") {
  std::uniform_real_distribution<double> jitter(1 - noise, 1 + noise);
  const auto n = [&](double v) { return v * jitter(rng); };
  return json{{"requests_completed", 100},
              {"summary",
               {{"avg_throughput_tokens_per_sec", n(5000)},
                {"end_to_end_latency_ms", {{"p50", n(100)}, {"p95", n(300)}, {"p99", n(p99_ms * 20)}}},
                {"cache_stats",
                 {{"cache_hit_rate", n(0.5)},
                  {"tier_storage_read_bandwidth_gbps", n(read_gibps)},
                  {"tier_storage_write_bandwidth_gbps", n(0.8)},
                  {"storage_read_p50_ms", n(5)},
                  {"storage_read_p95_ms", n(12)},
                  {"storage_read_p99_ms", n(p99_ms)}}}}},
              {"kvbench", {{"write_failures", 0}, {"read_failures", 0}, {"run", {{"workload_fingerprint", fingerprint}}}}}};
}

std::vector<Trial> trials(std::mt19937_64& rng, std::size_t count, double noise, double read_gibps = 1.0,
                          double p99_ms = 20.0) {
  std::vector<Trial> out;
  for (std::size_t i = 0; i < count; ++i) out.push_back({"t" + std::to_string(i), trial(rng, noise, read_gibps, p99_ms)});
  return out;
}

const MetricComparison& metric(const CompareReport& r, const std::string& name) {
  for (const auto& m : r.metrics)
    if (m.metric->compare_name == name) return m;
  throw std::runtime_error("no metric " + name);
}

TEST(Compare, ATenPercentBandwidthDropIsARegression) {
  std::mt19937_64 rng(1);
  const CompareReport r = compare_trials(trials(rng, 5, 0.02), trials(rng, 5, 0.02, 0.9), {});
  EXPECT_EQ(metric(r, "storage_read_gibps").verdict, ChangeVerdict::Regression) << metric(r, "storage_read_gibps").why;
  EXPECT_NEAR(metric(r, "storage_read_gibps").change, -0.10, 0.03);
  EXPECT_TRUE(metric(r, "storage_read_gibps").p_value.has_value());
  EXPECT_TRUE(r.regression());
}

TEST(Compare, ATenPercentP99RiseIsARegression) {
  std::mt19937_64 rng(2);
  const CompareReport r = compare_trials(trials(rng, 3, 0.02), trials(rng, 3, 0.02, 1.0, 22.0), {});
  EXPECT_EQ(metric(r, "storage_read_p99").verdict, ChangeVerdict::Regression) << metric(r, "storage_read_p99").why;
  EXPECT_EQ(metric(r, "request_p99").verdict, ChangeVerdict::Regression);
  EXPECT_EQ(metric(r, "storage_read_p50").verdict, ChangeVerdict::NoChange);
}

TEST(Compare, NoiseAloneIsRarelyFlagged) {
  std::mt19937_64 rng(3);
  // ±2 % from trial to trial against the 5 % threshold: never.
  for (int i = 0; i < 100; ++i)
    EXPECT_FALSE(compare_trials(trials(rng, 3, 0.02), trials(rng, 3, 0.02), {}).regression()) << "comparison " << i;
  // Noise as wide as the threshold (±5 %) on eleven figures at once trips some comparisons
  // (about one in five); bench/compare/verdict_quality.sh measures real runs' rate.
  int flagged = 0;
  for (int i = 0; i < 200; ++i) flagged += compare_trials(trials(rng, 3, 0.05), trials(rng, 3, 0.05), {}).regression();
  EXPECT_LT(flagged, 60);
}

TEST(Compare, AChangeWithinTheBaselinesOwnSpreadIsNot) {
  std::mt19937_64 rng(4);
  // ±20 % from trial to trial: a 10 % drop is noise here.
  const CompareReport r = compare_trials(trials(rng, 5, 0.2), trials(rng, 5, 0.2, 0.9), {});
  EXPECT_NE(metric(r, "storage_read_gibps").verdict, ChangeVerdict::Regression);
}

TEST(Compare, AnImprovementIsNotARegressionAndThresholdsOverride) {
  std::mt19937_64 rng(5);
  CompareSettings s;
  ASSERT_FALSE(add_threshold(s, "5"));
  ASSERT_FALSE(add_threshold(s, "storage_read_p99=15"));
  const CompareReport r = compare_trials(trials(rng, 3, 0.01), trials(rng, 3, 0.01, 1.1, 22.0), s);
  EXPECT_EQ(metric(r, "storage_read_gibps").verdict, ChangeVerdict::Improvement);
  EXPECT_EQ(metric(r, "storage_read_p99").verdict, ChangeVerdict::NoChange);  // 10 % < its 15 %
  EXPECT_EQ(metric(r, "request_p99").verdict, ChangeVerdict::Regression);
  EXPECT_TRUE(add_threshold(s, "nonsense=3").has_value());
  EXPECT_TRUE(add_threshold(s, "-1").has_value());
}

TEST(Compare, OneTrialASideUsesTheThresholdOnly) {
  std::mt19937_64 rng(6);
  const CompareReport r = compare_trials(trials(rng, 1, 0), trials(rng, 1, 0, 0.94), {});
  EXPECT_EQ(metric(r, "storage_read_gibps").verdict, ChangeVerdict::Regression);
  EXPECT_FALSE(metric(r, "storage_read_gibps").p_value.has_value());
  EXPECT_EQ(metric(r, "gpu_read_p99").verdict, ChangeVerdict::NotCompared);  // in neither
}

TEST(Compare, FailuresFromZeroAreARegression) {
  std::mt19937_64 rng(7);
  std::vector<Trial> c = trials(rng, 1, 0);
  c[0].doc["kvbench"]["write_failures"] = 4;
  const CompareReport r = compare_trials(trials(rng, 1, 0), c, {});
  EXPECT_EQ(metric(r, "write_failures").verdict, ChangeVerdict::Regression);
  EXPECT_NE(compare_junit(r).find("<failure"), std::string::npos);
  EXPECT_EQ(compare_json(r)["verdict"], "regression");
}

TEST(RankTest, MannWhitneyExactTailsAndTies) {
  EXPECT_NEAR(mann_whitney_greater_p({4, 5, 6}, {1, 2, 3}), 1.0 / 20, 1e-12);  // complete separation
  EXPECT_NEAR(mann_whitney_greater_p({1, 2, 3}, {4, 5, 6}), 1.0, 1e-12);
  EXPECT_NEAR(mann_whitney_greater_p({1, 1, 1}, {1, 1, 1}), 1.0, 1e-12);  // all tied: no evidence
  // 40 against 40 with a clear shift: the normal approximation path.
  std::vector<double> x, y;
  for (int i = 0; i < 40; ++i) x.push_back(i + 10), y.push_back(i);
  EXPECT_LT(mann_whitney_greater_p(x, y), 0.01);
  EXPECT_GT(mann_whitney_greater_p(y, x), 0.9);
  EXPECT_DOUBLE_EQ(median_of({3, 1, 2, 10}), 2.5);
}

TEST(Compare, CommandReadsDirectoriesRefusesOtherWorkloadsAndExitsThree) {
  testing_support::TempDir dir;
  std::mt19937_64 rng(8);
  std::filesystem::create_directories(dir.file("base"));
  for (int i = 0; i < 3; ++i) std::ofstream(dir.file("base/r" + std::to_string(i) + ".json")) << trial(rng, 0.01).dump();
  std::ofstream(dir.file("base/verdict.json")) << json{{"verdict", "no_regression"}}.dump();  // skipped
  std::ofstream(dir.file("cand.json")) << trial(rng, 0.01, 0.8).dump();
  std::ofstream(dir.file("other.json")) << trial(rng, 0.01, 1.0, 20.0, "zzz").dump();
  std::ostringstream out, err;
  CompareOptions o;
  o.baseline = {dir.path() + "/base"};
  o.candidate = {dir.file("cand.json")};
  o.junit = dir.file("junit.xml");
  EXPECT_EQ(run_compare(o, out, err), 3) << err.str();
  EXPECT_NE(out.str().find("storage_read_gibps"), std::string::npos);
  EXPECT_NE(err.str().find("verdict.json' is not a results JSON: skipped"), std::string::npos);
  EXPECT_NE(testing_support::read_file(dir.file("junit.xml")).find("failures=\"1\""), std::string::npos);
  o.candidate = {dir.file("other.json")};
  EXPECT_EQ(run_compare(o, out, err), 2);
  EXPECT_NE(err.str().find("measured another workload"), std::string::npos);
  o.force = true;
  o.format = CompareFormat::Json;
  std::ostringstream js;
  EXPECT_EQ(run_compare(o, js, err), 0);
  EXPECT_EQ(json::parse(js.str())["verdict"], "no_regression");
}

}  // namespace
}  // namespace kvbench::report
