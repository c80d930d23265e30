// LiveMetrics: bucket edges follow Prometheus' "le" (upper bound inclusive), counts stay exact
// under concurrent writers, and SLA violations use RequestStats' rule.
#include "stats/live_metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <thread>
#include <vector>

#include "stats/request_stats.h"

namespace kvbench::stats {
namespace {

TEST(AtomicHistogram, UpperBoundIsInclusiveAndOverflowGoesToInf) {
  AtomicHistogram h(kIoLatencyBounds);
  h.observe(50e-6);   // exactly the first bound: first bucket
  h.observe(51e-6);   // second bucket
  h.observe(30.0);    // last finite bucket
  h.observe(31.0);    // +Inf only
  const HistogramSnapshot s = h.snapshot();
  ASSERT_EQ(s.upper_bounds.size(), kIoLatencyBounds.size());
  ASSERT_EQ(s.cumulative.size(), kIoLatencyBounds.size() + 1);
  EXPECT_EQ(s.cumulative[0], 1u);
  EXPECT_EQ(s.cumulative[1], 2u);
  EXPECT_EQ(s.cumulative[kIoLatencyBounds.size() - 2], 2u);
  EXPECT_EQ(s.cumulative[kIoLatencyBounds.size() - 1], 3u);
  EXPECT_EQ(s.cumulative.back(), 4u);
  EXPECT_EQ(s.count, 4u);
  EXPECT_NEAR(s.sum, 50e-6 + 51e-6 + 30.0 + 31.0, 1e-8);
}

TEST(AtomicHistogram, NegativeAndNanCountAsZero) {
  AtomicHistogram h(kRequestLatencyBounds);
  h.observe(-1.0);
  h.observe(std::nan(""));
  const HistogramSnapshot s = h.snapshot();
  EXPECT_EQ(s.cumulative[0], 2u);
  EXPECT_EQ(s.sum, 0.0);
}

TEST(AtomicHistogram, BoundsAreAscending) {
  for (std::size_t i = 1; i < kIoLatencyBounds.size(); ++i) EXPECT_LT(kIoLatencyBounds[i - 1], kIoLatencyBounds[i]);
  for (std::size_t i = 1; i < kRequestLatencyBounds.size(); ++i)
    EXPECT_LT(kRequestLatencyBounds[i - 1], kRequestLatencyBounds[i]);
  EXPECT_DOUBLE_EQ(kIoLatencyBounds.front(), 50e-6);
  EXPECT_DOUBLE_EQ(kIoLatencyBounds.back(), 30.0);
}

TEST(LiveMetrics, ConcurrentWritersLoseNothing) {
  LiveMetrics m({50, 100, 1000});
  constexpr int kThreads = 4, kOps = 100000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&m] {
      for (int i = 0; i < kOps; ++i) {
        m.record_io(IoOp::Read, Level::Storage, Phase::Decode, 4096);
        m.record_io_latency(IoOp::Read, Level::Storage, 1e-3);
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(m.io_operations(Level::Storage, IoOp::Read, Phase::Decode), std::uint64_t{kThreads} * kOps);
  EXPECT_EQ(m.io_bytes(Level::Storage, IoOp::Read, Phase::Decode), std::uint64_t{kThreads} * kOps * 4096);
  EXPECT_EQ(m.io_latency(Level::Storage, IoOp::Read).count, std::uint64_t{kThreads} * kOps);
  EXPECT_EQ(m.io_operations(Level::Gpu, IoOp::Read, Phase::Decode), 0u);
}

TEST(LiveMetrics, SlaViolationsMatchRequestStats) {
  std::array<QosProfile, 3> qos_profiles = kDefaultQosProfiles;
  std::array<double, kQosCount> targets{};
  for (std::size_t i = 0; i < targets.size(); ++i) targets[i] = qos_profiles[i].target_latency_p95_ms;
  LiveMetrics live(targets);
  RequestStats stats(qos_profiles);
  for (int i = 0; i < 200; ++i) {
    RequestRecord r;
    r.qos = static_cast<QosLevel>(i % 3);
    r.end_to_end_s = 0.01 * i;  // 0 .. 2 s crosses every default target
    r.tokens_generated = 10;
    stats.record(r);
    live.record_request(r.qos, r.end_to_end_s, r.tokens_generated);
  }
  for (auto q : {QosLevel::Interactive, QosLevel::Responsive, QosLevel::Batch}) {
    EXPECT_EQ(live.requests_completed(q), stats.qos(q).total_requests);
    EXPECT_EQ(live.sla_violations(q), stats.qos(q).violations);
    EXPECT_EQ(live.request_latency(q).count, stats.qos(q).total_requests);
  }
  EXPECT_EQ(live.tokens_generated(), stats.total_tokens());
}

TEST(SizeClass, PowersOfFourFromOneMiBHalfOpen) {
  EXPECT_EQ(size_class_of(0), 0u);
  EXPECT_EQ(size_class_of((1ull << 20) - 1), 0u);
  EXPECT_EQ(size_class_of(1ull << 20), 1u);
  EXPECT_EQ(size_class_of(600ull << 10), 0u);        // a 0.6 MiB entry
  EXPECT_EQ(size_class_of(20ull << 20), 3u);         // 16-64 MiB
  EXPECT_EQ(size_class_of((1ull << 30) - 1), 5u);
  EXPECT_EQ(size_class_of(3ull << 30), 6u);          // a 3 GiB entry
  EXPECT_EQ(kSizeClassLabels[size_class_of(3ull << 30)], "1GiB+");
  EXPECT_DOUBLE_EQ(kIoSizeLatencyBounds.front(), 50e-6);
  EXPECT_DOUBLE_EQ(kIoSizeLatencyBounds.back(), 120.0);
}

}  // namespace
}  // namespace kvbench::stats
