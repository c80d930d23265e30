#include "stats/request_stats.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace kvbench::stats {
namespace {

using ::kvbench::QosLevel;

RequestRecord req(QosLevel q, double e2e_s, std::uint64_t tokens = 10) {
  RequestRecord r;
  r.qos = q;
  r.end_to_end_s = e2e_s;
  r.storage_s = e2e_s / 4;
  r.generation_s = e2e_s / 2;
  r.tokens_generated = tokens;
  return r;
}

// Spec §8.1: violation iff e2e ms > p95 target; compliance = 1 − violations/total; met ⇔ ≥ 0.95.
TEST(RequestStats, SlaComplianceMath) {
  RequestStats s(kDefaultQosProfiles);  // interactive p95 target 50 ms
  for (int i = 0; i < 19; ++i) s.record(req(QosLevel::Interactive, 0.010));
  s.record(req(QosLevel::Interactive, 0.060));
  QosStats q = s.qos(QosLevel::Interactive);
  EXPECT_EQ(q.total_requests, 20u);
  EXPECT_EQ(q.violations, 1u);
  EXPECT_DOUBLE_EQ(q.target_p95_ms, 50.0);
  EXPECT_DOUBLE_EQ(q.compliance(), 0.95);
  EXPECT_TRUE(q.met());

  s.record(req(QosLevel::Interactive, 0.070));
  q = s.qos(QosLevel::Interactive);
  EXPECT_EQ(q.violations, 2u);
  EXPECT_NEAR(q.compliance(), 1.0 - 2.0 / 21.0, 1e-12);
  EXPECT_FALSE(q.met());
}

TEST(RequestStats, LatencyEqualToTargetIsNotAViolation) {
  RequestStats s(kDefaultQosProfiles);
  s.record(req(QosLevel::Responsive, 0.100));  // exactly the 100 ms target
  EXPECT_EQ(s.qos(QosLevel::Responsive).violations, 0u);
  s.record(req(QosLevel::Responsive, 0.1001));
  EXPECT_EQ(s.qos(QosLevel::Responsive).violations, 1u);
}

TEST(RequestStats, NoRequestsMeansFullCompliance) {
  RequestStats s(kDefaultQosProfiles);
  const QosStats q = s.qos(QosLevel::Batch);
  EXPECT_EQ(q.total_requests, 0u);
  EXPECT_DOUBLE_EQ(q.compliance(), 1.0);
  EXPECT_TRUE(q.met());
}

TEST(RequestStats, TargetsComeFromTheConfiguredProfiles) {
  std::array<QosProfile, 3> qos_profiles = kDefaultQosProfiles;
  qos_profiles[static_cast<int>(QosLevel::Batch)].target_latency_p95_ms = 5;
  RequestStats s(qos_profiles);
  s.record(req(QosLevel::Batch, 0.010));
  EXPECT_EQ(s.qos(QosLevel::Batch).violations, 1u);
  EXPECT_DOUBLE_EQ(s.qos(QosLevel::Batch).target_p95_ms, 5.0);
}

TEST(RequestStats, AggregatesPerRequestAndPerLevel) {
  RequestStats s(kDefaultQosProfiles);
  EXPECT_EQ(s.record(req(QosLevel::Interactive, 0.02, 100)), 1u);
  EXPECT_EQ(s.record(req(QosLevel::Batch, 0.04, 50)), 2u);
  EXPECT_EQ(s.requests_completed(), 2u);
  EXPECT_EQ(s.total_tokens(), 150u);
  EXPECT_NEAR(s.total_storage_s(), 0.015, 1e-12);
  EXPECT_NEAR(s.total_generation_s(), 0.03, 1e-12);
  EXPECT_EQ(s.end_to_end().samples(), (std::vector<double>{0.02, 0.04}));
  EXPECT_EQ(s.qos_latency(QosLevel::Interactive).count(), 1u);
  EXPECT_EQ(s.qos_latency(QosLevel::Responsive).count(), 0u);
  EXPECT_DOUBLE_EQ(s.qos(QosLevel::Batch).latency.max, 0.04);

  s.record_prefill_latency(0.001);
  s.record_decode_latency(0.002);
  s.record_decode_latency(0.003);
  EXPECT_EQ(s.prefill().count(), 1u);
  EXPECT_EQ(s.decode().count(), 2u);
}

TEST(RequestStats, CountersForMultiTurnPrefixAndArrivals) {
  RequestStats s(kDefaultQosProfiles);
  s.record_multi_turn(true);
  s.record_multi_turn(true);
  s.record_multi_turn(false);
  s.record_prefix_hit(PrefixKind::SystemPrompt, 1000);
  s.record_prefix_hit(PrefixKind::CommonPhrase, 24);
  s.record_prefix_miss();
  s.record_arrival_offered(5);
  s.record_arrival_dropped_queue_full();
  s.record_abandoned_at_stop(2);
  EXPECT_EQ(s.multi_turn_hits(), 2u);
  EXPECT_EQ(s.multi_turn_misses(), 1u);
  const PrefixStats p = s.prefix();
  EXPECT_EQ(p.prefix_hits, 2u);
  EXPECT_EQ(p.prefix_misses, 1u);
  EXPECT_EQ(p.system_prompt_reuse, 1u);
  EXPECT_EQ(p.common_phrase_reuse, 1u);
  EXPECT_EQ(p.bytes_saved, 1024u);
  EXPECT_EQ(s.arrivals_offered(), 5u);
  EXPECT_EQ(s.arrivals_dropped_queue_full(), 1u);
  EXPECT_EQ(s.requests_abandoned_at_stop(), 2u);

  s.record(req(QosLevel::Batch, 1.0));
  s.reset();
  EXPECT_EQ(s.requests_completed(), 0u);
  EXPECT_EQ(s.multi_turn_hits(), 0u);
  EXPECT_EQ(s.prefix().bytes_saved, 0u);
  EXPECT_EQ(s.arrivals_offered(), 0u);
  EXPECT_EQ(s.end_to_end().count(), 0u);
  EXPECT_EQ(s.qos(QosLevel::Batch).total_requests, 0u);
  EXPECT_DOUBLE_EQ(s.qos(QosLevel::Batch).target_p95_ms, 1000.0);  // targets survive reset
}

TEST(RequestStats, ConcurrentRecordIsExact) {
  RequestStats s(kDefaultQosProfiles, 1000);
  constexpr int kThreads = 8, kPerThread = 5000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&s, t] {
      for (int i = 0; i < kPerThread; ++i) {
        s.record(req(static_cast<QosLevel>(t % 3), t % 2 ? 2.0 : 0.001, 3));
        s.record_multi_turn(i % 2 == 0);
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(s.requests_completed(), static_cast<std::uint64_t>(kThreads * kPerThread));
  EXPECT_EQ(s.total_tokens(), 3u * kThreads * kPerThread);
  EXPECT_EQ(s.end_to_end().count(), static_cast<std::uint64_t>(kThreads * kPerThread));
  EXPECT_EQ(s.multi_turn_hits() + s.multi_turn_misses(),
            static_cast<std::uint64_t>(kThreads * kPerThread));
  std::uint64_t total = 0, violations = 0;
  for (QosLevel l : {QosLevel::Interactive, QosLevel::Responsive, QosLevel::Batch}) {
    total += s.qos(l).total_requests;
    violations += s.qos(l).violations;
  }
  EXPECT_EQ(total, static_cast<std::uint64_t>(kThreads * kPerThread));
  // Odd threads record 2 s, above every default target (batch is 1000 ms).
  EXPECT_EQ(violations, static_cast<std::uint64_t>(kThreads / 2 * kPerThread));
}

}  // namespace
}  // namespace kvbench::stats
