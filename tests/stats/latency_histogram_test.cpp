// The mergeable latency histogram: its error bound, merging and sparse round trip.
#include "stats/latency_histogram.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "report/histogram_json.h"
#include "stats/latency_recorder.h"
#include "stats/percentile.h"

namespace kvbench::stats {
namespace {

// Log-uniform values from 1 µs to one hour: every octave of the promised range.
std::vector<double> spread_values(std::size_t n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> exponent(std::log(1e-6), std::log(3600.0));
  std::vector<double> v(n);
  for (double& x : v) x = std::exp(exponent(rng));
  return v;
}

TEST(LatencyHistogram, EveryBucketMidpointIsWithinOnePercentFromOneMicrosecondToAnHour) {
  double worst = 0;
  for (double v : spread_values(200000, 1)) {
    const double got = LatencyHistogram::value_s(LatencyHistogram::index_of(static_cast<std::uint64_t>(std::llround(v * 1e9))));
    worst = std::max(worst, std::abs(got - v) / v);
  }
  EXPECT_LE(worst, 0.01);
  EXPECT_GT(worst, 0.001);  // the bound is met by bucketing, not by keeping every value
  // The edges of the range themselves.
  for (double v : {1e-6, 3600.0}) {
    LatencyHistogram h;
    h.record(v);
    h.record(v * 1.0001);
    h.record(v * 1.0002);
    EXPECT_NEAR(h.percentile(50), v * 1.0001, v * 0.01);
  }
}

TEST(LatencyHistogram, PercentilesAreWithinOnePercentOfNumpys) {
  const std::vector<double> v = spread_values(20000, 2);
  LatencyHistogram h;
  for (double x : v) h.record(x);
  for (double q : {1.0, 25.0, 50.0, 90.0, 95.0, 99.0, 99.9, 100.0}) {
    const double exact = percentile_of(v, q);
    EXPECT_NEAR(h.percentile(q), exact, exact * 0.01) << "q=" << q;
  }
  EXPECT_EQ(h.count(), v.size());
}

TEST(LatencyHistogram, MergeEqualsTheHistogramOfTheUnion) {
  const std::vector<double> a = spread_values(5000, 3), b = spread_values(7000, 4);
  LatencyHistogram ha, hb, all;
  for (double x : a) ha.record(x), all.record(x);
  for (double x : b) hb.record(x), all.record(x);
  LatencyHistogram merged = ha;
  merged.merge(hb);
  EXPECT_EQ(merged, all);
  EXPECT_EQ(merged.percentile(95), all.percentile(95));
  EXPECT_EQ(merged.count(), a.size() + b.size());
}

TEST(LatencyHistogram, SparseJsonRoundTrip) {
  LatencyHistogram h;
  for (double x : spread_values(3000, 5)) h.record(x);
  h.record(0);  // trace-mode zeros keep their bucket
  const nlohmann::json j = report::histogram_to_json(h);
  EXPECT_LT(j["buckets"].size(), 2500u);  // sparse: only non-empty buckets
  const auto back = report::histogram_from_json(nlohmann::json::parse(j.dump()));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, h);
  EXPECT_EQ(back->percentile(99), h.percentile(99));
  nlohmann::json bad = j;
  bad["buckets"][0][0] = LatencyHistogram::kIndexLimit;
  std::string why;
  EXPECT_FALSE(report::histogram_from_json(bad, &why).has_value());
  EXPECT_FALSE(why.empty());
}

TEST(LatencyHistogram, TheRecorderFeedsItPastItsSampleCap) {
  LatencyRecorder rec(16);
  for (int i = 1; i <= 1000; ++i) rec.record(i * 1e-3);
  const LatencyHistogram h = rec.histogram();
  EXPECT_EQ(h.count(), 1000u);
  EXPECT_NEAR(h.percentile(50), 0.5005, 0.5005 * 0.01);
  rec.reset();
  EXPECT_EQ(rec.histogram().count(), 0u);
}

}  // namespace
}  // namespace kvbench::stats
