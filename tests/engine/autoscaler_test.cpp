// The autoscaler's model (spec §5.9) on synthetic saturation and throughput series: the
// saturation estimate, qos mode (scale down after two saturated samples, cooldown, scale up
// below target) and capacity mode (+40 %, +20 % on a new peak, stop after two flat samples).
#include "app/engine_options.h"
#include "engine/autoscaler.h"

#include <gtest/gtest.h>

namespace kvbench::engine {
namespace {

StorageSample sample(double read_p95_ms, double gibps) {
  StorageSample s;
  s.read_p95_ms = read_p95_ms;
  s.read_gibps = gibps;
  return s;
}

TEST(SaturationModel, ZeroUntilTheWindowIsFull) {
  SaturationModel m(10, 100);
  for (int i = 0; i < 9; ++i) {
    m.add(sample(500, 1));
    EXPECT_EQ(m.level(), 0.0);
  }
  m.add(sample(500, 1));
  EXPECT_GT(m.level(), 0.0);
}

TEST(SaturationModel, LatencyTimesPlateau) {
  // Flat throughput while latency rises: plateau factor 1; max p95 80 ms of 100 → 0.8.
  SaturationModel rising(10, 100);
  for (int i = 0; i < 10; ++i) rising.add(sample(35 + 5 * i, 2.0));
  EXPECT_NEAR(rising.level(), 0.8, 1e-12);
  // Same latencies, throughput varying a lot: plateau factor 0.5.
  SaturationModel varying(10, 100);
  for (int i = 0; i < 10; ++i) varying.add(sample(35 + 5 * i, i % 2 ? 4.0 : 0.5));
  EXPECT_NEAR(varying.level(), 0.4, 1e-12);
  // Falling latency: 0.5 as well; latency far above the threshold caps the factor at 1.
  SaturationModel falling(10, 100);
  for (int i = 0; i < 10; ++i) falling.add(sample(400 - 5 * i, 2.0));
  EXPECT_NEAR(falling.level(), 0.5, 1e-12);
  // Only the last `window` samples count.
  for (int i = 0; i < 10; ++i) falling.add(sample(0, 2.0));
  EXPECT_EQ(falling.level(), 0.0);
}

config::RunConfig qos_config() {
  config::RunConfig c;
  c.target_saturation = 0.5;  // scale down above 0.55, up below 0.45
  return c;
}

TEST(Autoscaler, QosHoldsWithoutMetricsAndScalesUpBelowTarget) {
  Autoscaler a(app::engine_options_for(qos_config()).autoscaler, 10, 500);
  EXPECT_EQ(a.decide(false, 0.0, 0), ScaleAction::Hold);  // first tick: no sample yet
  EXPECT_EQ(a.decide(true, 0.0, 0), ScaleAction::ScaleUp);
  EXPECT_EQ(a.users(), 12);
  EXPECT_EQ(a.decide(true, 0.2, 0), ScaleAction::ScaleUp);
  EXPECT_EQ(a.users(), 14);
  EXPECT_EQ(a.decide(true, 0.5, 0), ScaleAction::Hold);  // within the band
  EXPECT_EQ(a.users(), 14);
}

TEST(Autoscaler, QosScalesDownAfterTwoSaturatedSamplesThenCoolsDown) {
  Autoscaler a(app::engine_options_for(qos_config()).autoscaler, 20, 500);
  EXPECT_EQ(a.decide(true, 0.9, 0), ScaleAction::Hold);  // once is not enough
  EXPECT_EQ(a.decide(true, 0.9, 0), ScaleAction::ScaleDown);
  EXPECT_EQ(a.users(), 16);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(a.decide(true, 0.0, 0), ScaleAction::Hold) << "cooldown " << i;
  EXPECT_EQ(a.decide(true, 0.9, 0), ScaleAction::ScaleDown);  // the count was not reset
  EXPECT_EQ(a.users(), 12);
}

TEST(Autoscaler, QosStepsByAtLeastOneUserAndStaysInBounds) {
  config::RunConfig c = qos_config();
  c.settings.autoscaler.min_users = 2;
  Autoscaler a(app::engine_options_for(c).autoscaler, 1, 3);
  EXPECT_EQ(a.decide(true, 0.0, 0), ScaleAction::ScaleUp);  // 1 x 1.2 would round to 1
  EXPECT_EQ(a.users(), 2);
  a.decide(true, 0.0, 0);
  EXPECT_EQ(a.users(), 3);
  EXPECT_EQ(a.decide(true, 0.0, 0), ScaleAction::Hold);  // max reached
  a.decide(true, 1.0, 0);
  EXPECT_EQ(a.decide(true, 1.0, 0), ScaleAction::ScaleDown);
  EXPECT_EQ(a.users(), 2);
  for (int i = 0; i < 3; ++i) a.decide(true, 1.0, 0);
  EXPECT_EQ(a.decide(true, 1.0, 0), ScaleAction::Hold);  // min reached
}

TEST(Autoscaler, CapacityClimbsWhileThroughputImprovesThenStops) {
  config::RunConfig c;
  c.autoscaler_mode = AutoscalerMode::Capacity;
  Autoscaler a(app::engine_options_for(c).autoscaler, 50, 500);
  EXPECT_EQ(a.decide(true, 0, 1000), ScaleAction::ScaleUp);  // +40 %
  EXPECT_EQ(a.users(), 70);
  EXPECT_EQ(a.decide(true, 0, 1500), ScaleAction::ScaleUp);  // new peak: +20 %
  EXPECT_EQ(a.users(), 84);
  EXPECT_EQ(a.peak_users(), 70);
  EXPECT_EQ(a.decide(true, 0, 1510), ScaleAction::Hold);  // < 1 % better: not a peak
  EXPECT_EQ(a.decide(true, 0, 1400), ScaleAction::Stop);  // second sample without a peak
  EXPECT_DOUBLE_EQ(a.peak_throughput(), 1500);
}

TEST(Autoscaler, CapacityStepsAreBetweenFiveAndAHundredUsers) {
  config::RunConfig c;
  c.autoscaler_mode = AutoscalerMode::Capacity;
  Autoscaler small(app::engine_options_for(c).autoscaler, 2, 10000);
  small.decide(true, 0, 10);
  EXPECT_EQ(small.users(), 7);  // +5, not +0.8
  Autoscaler big(app::engine_options_for(c).autoscaler, 1000, 10000);
  big.decide(true, 0, 10);
  EXPECT_EQ(big.users(), 1100);  // +100, not +400
}

}  // namespace
}  // namespace kvbench::engine
