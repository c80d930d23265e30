#include "stats/latency_recorder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <thread>
#include <vector>

#include "stats/percentile.h"

namespace kvbench::stats {
namespace {

// Values np.percentile([1..10], q) prints (spec §8.1: numpy linear interpolation).
TEST(LatencyRecorder, PercentilesMatchNumpyOnOneToTen) {
  LatencyRecorder rec;
  for (int i = 10; i >= 1; --i) rec.record(i);  // arrival order must not matter
  EXPECT_DOUBLE_EQ(rec.percentile(0), 1.0);
  EXPECT_DOUBLE_EQ(rec.percentile(50), 5.5);
  EXPECT_NEAR(rec.percentile(95), 9.55, 1e-12);
  EXPECT_NEAR(rec.percentile(99), 9.91, 1e-12);
  EXPECT_NEAR(rec.percentile(99.9), 9.991, 1e-12);
  EXPECT_NEAR(rec.percentile(99.99), 9.9991, 1e-12);
  EXPECT_DOUBLE_EQ(rec.percentile(100), 10.0);
  const LatencySummary s = rec.summary();
  EXPECT_EQ(s.count, 10u);
  EXPECT_DOUBLE_EQ(s.mean, 5.5);
  EXPECT_DOUBLE_EQ(s.p50, 5.5);
  EXPECT_NEAR(s.p95, 9.55, 1e-12);
  EXPECT_NEAR(s.p99, 9.91, 1e-12);
  EXPECT_DOUBLE_EQ(s.max, 10.0);
  EXPECT_FALSE(rec.truncated());
}

// np.percentile([15, 20, 35, 40, 50], [40, 50, 95]) = [29, 35, 48].
TEST(LatencyRecorder, PercentilesMatchNumpyOnUnevenVector) {
  LatencyRecorder rec;
  for (double v : {40.0, 15.0, 50.0, 35.0, 20.0}) rec.record(v);
  EXPECT_NEAR(rec.percentile(40), 29.0, 1e-12);
  EXPECT_DOUBLE_EQ(rec.percentile(50), 35.0);
  EXPECT_NEAR(rec.percentile(95), 48.0, 1e-12);
}

TEST(LatencyRecorder, EmptyAndSingleSample) {
  LatencyRecorder rec;
  EXPECT_EQ(rec.count(), 0u);
  EXPECT_EQ(rec.percentile(95), 0.0);
  EXPECT_EQ(rec.summary().count, 0u);
  EXPECT_EQ(rec.summary().p99, 0.0);
  rec.record(0.25);
  EXPECT_DOUBLE_EQ(rec.percentile(0), 0.25);
  EXPECT_DOUBLE_EQ(rec.percentile(99.99), 0.25);
}

TEST(LatencyRecorder, SamplesKeptInArrivalOrderUpToCap) {
  LatencyRecorder rec(4);
  for (double v : {0.3, 0.1, 0.2}) rec.record(v);
  EXPECT_EQ(rec.samples(), (std::vector<double>{0.3, 0.1, 0.2}));
  rec.record(0.4);
  EXPECT_EQ(rec.samples(), (std::vector<double>{0.3, 0.1, 0.2, 0.4}));
  EXPECT_FALSE(rec.truncated());
  for (double v : {0.5, 0.6}) rec.record(v);
  // Past the cap the list keeps its size and holds only recorded values (a reservoir).
  const auto kept = rec.samples();
  ASSERT_EQ(kept.size(), 4u);
  for (double v : kept) EXPECT_TRUE(v == 0.1 || v == 0.2 || v == 0.3 || v == 0.4 || v == 0.5 || v == 0.6);
  EXPECT_TRUE(rec.truncated());
  EXPECT_EQ(rec.count(), 6u);
  EXPECT_NEAR(rec.summary().mean, 0.35, 1e-12);  // mean and max stay exact past the cap
  EXPECT_DOUBLE_EQ(rec.summary().max, 0.6);
}

// Past the cap the kept samples are a uniform sample of the whole run, not its beginning:
// with values drifting upwards, their mean tracks the mean of everything recorded.
TEST(LatencyRecorder, ReservoirRepresentsTheWholeRun) {
  LatencyRecorder rec(1000);
  double sum = 0;
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    rec.record(i);
    sum += i;
  }
  double kept_sum = 0;
  for (double v : rec.samples()) kept_sum += v;
  const double kept_mean = kept_sum / 1000.0, true_mean = sum / n;
  EXPECT_NEAR(kept_mean, true_mean, 0.1 * true_mean);  // a first-N list would give 499.5
}

// Past the cap the histogram answers; every percentile stays within 1 % of numpy's value
// over all samples (not only the kept ones).
TEST(LatencyRecorder, HistogramModeWithinOnePercentAfterCap) {
  std::mt19937_64 rng(12345);
  std::lognormal_distribution<double> dist(std::log(0.005), 1.2);  // ~5 ms median, long tail
  LatencyRecorder rec(1000);
  std::vector<double> all;
  for (int i = 0; i < 200000; ++i) {
    // Drift upwards so the kept prefix is not representative of the whole run.
    const double v = dist(rng) * (1.0 + i / 50000.0);
    all.push_back(v);
    rec.record(v);
  }
  ASSERT_TRUE(rec.truncated());
  EXPECT_EQ(rec.samples().size(), 1000u);
  EXPECT_EQ(rec.count(), 200000u);
  std::sort(all.begin(), all.end());
  const LatencySummary s = rec.summary();
  const std::pair<double, double> checks[] = {
      {50, s.p50}, {95, s.p95}, {99, s.p99}, {99.9, s.p999}, {99.99, s.p9999}};
  for (const auto& [q, got] : checks) {
    const double want = percentile_of_sorted(all, q);
    EXPECT_NEAR(got, want, 0.01 * want) << "q=" << q;
    EXPECT_NEAR(rec.percentile(q), want, 0.01 * want) << "q=" << q;
  }
  EXPECT_NEAR(rec.percentile(37.5), percentile_of_sorted(all, 37.5),
              0.01 * percentile_of_sorted(all, 37.5));
  EXPECT_DOUBLE_EQ(s.max, all.back());
  EXPECT_DOUBLE_EQ(rec.percentile(100), all.back());
}

// Trace mode records exact zeros; the histogram must report 0, not its first bucket's value.
TEST(LatencyRecorder, HistogramKeepsZeros) {
  LatencyRecorder rec(10);
  for (int i = 0; i < 1000; ++i) rec.record(0.0);
  EXPECT_TRUE(rec.truncated());
  EXPECT_EQ(rec.percentile(50), 0.0);
  EXPECT_EQ(rec.percentile(99.99), 0.0);
  EXPECT_EQ(rec.summary().mean, 0.0);
}

TEST(LatencyRecorder, MergeIsExactWhileUnderCap) {
  LatencyRecorder a, b;
  for (int i = 1; i <= 5; ++i) a.record(i);
  for (int i = 6; i <= 10; ++i) b.record(i);
  a.merge_from(b);
  EXPECT_EQ(a.count(), 10u);
  EXPECT_NEAR(a.percentile(95), 9.55, 1e-12);
  EXPECT_EQ(b.count(), 5u);  // source untouched
  a.merge_from(a);           // self-merge is a no-op, not a deadlock
  EXPECT_EQ(a.count(), 10u);
}

TEST(LatencyRecorder, MergeOfTruncatedRecorderStaysWithinOnePercent) {
  LatencyRecorder a(100), b(100);
  std::vector<double> all;
  for (int i = 1; i <= 5000; ++i) {
    const double v = i * 1e-4;
    (i % 3 == 0 ? a : b).record(v);
    all.push_back(v);
  }
  a.merge_from(b);
  EXPECT_EQ(a.count(), 5000u);
  std::sort(all.begin(), all.end());
  for (double q : {50.0, 95.0, 99.0}) {
    const double want = percentile_of_sorted(all, q);
    EXPECT_NEAR(a.percentile(q), want, 0.01 * want) << q;
  }
}

TEST(LatencyRecorder, ConcurrentRecordLosesNothing) {
  LatencyRecorder rec(5000);
  constexpr int kThreads = 8, kPerThread = 20000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&rec, t] {
      for (int i = 0; i < kPerThread; ++i) rec.record(0.001 * (t + 1));
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(rec.count(), static_cast<std::uint64_t>(kThreads * kPerThread));
  EXPECT_EQ(rec.samples().size(), 5000u);
  EXPECT_NEAR(rec.summary().mean, 0.0045, 1e-9);
  EXPECT_DOUBLE_EQ(rec.summary().max, 0.008);
}

TEST(LatencyRecorder, ResetForgetsEverything) {
  LatencyRecorder rec(2);
  for (int i = 0; i < 10; ++i) rec.record(1.0);
  rec.reset();
  EXPECT_EQ(rec.count(), 0u);
  EXPECT_FALSE(rec.truncated());
  EXPECT_TRUE(rec.samples().empty());
  rec.record(2.0);
  EXPECT_DOUBLE_EQ(rec.percentile(50), 2.0);
}

TEST(LatencyRecorder, NegativeAndNanAreRecordedAsZero) {
  LatencyRecorder rec;
  rec.record(-1.0);
  rec.record(std::nan(""));
  EXPECT_EQ(rec.summary().max, 0.0);
  EXPECT_EQ(rec.count(), 2u);
}

}  // namespace
}  // namespace kvbench::stats
