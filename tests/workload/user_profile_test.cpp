#include "workload/user_profile.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "workload/entry_keys.h"
#include "workload/python_random.h"

namespace kvbench::workload {
namespace {

// Spec §5.1 parity vector: CPython random.seed(42), default templates, first 8 users.
TEST(UserProfile, MatchesReferenceParityVectorForSeed42) {
  struct Expected { int ctx, gen; double think; QosLevel qos; };
  using Q = QosLevel;
  const Expected expected[] = {{16245, 481, 0.593870, Q::Interactive}, {3283, 189, 0.134776, Q::Batch},
                               {7166, 211, 0.386129, Q::Interactive},  {7353, 758, 0.803424, Q::Interactive},
                               {4308, 488, 0.844655, Q::Batch},        {8648, 359, 0.558377, Q::Responsive},
                               {16545, 149, 0.487184, Q::Interactive}, {5519, 473, 0.567540, Q::Batch}};
  const auto users = make_user_profiles(8, 42, WorkloadOptions{});
  ASSERT_EQ(users.size(), 8u);
  for (std::size_t i = 0; i < 8; ++i) {
    EXPECT_EQ(users[i].id, user_id(static_cast<int>(i)));
    EXPECT_EQ(users[i].context_length, expected[i].ctx) << i;
    EXPECT_EQ(users[i].generation_length, expected[i].gen) << i;
    EXPECT_NEAR(users[i].think_time, expected[i].think, 5e-7) << i;
    EXPECT_EQ(users[i].qos, expected[i].qos) << i;
  }
}

// Spec §5.1: with 32 users / seed 42: context min 643, max 22346, mean 8505; QoS 5/9/18.
TEST(UserProfile, ThirtyTwoUsersSeed42Aggregates) {
  const auto users = make_user_profiles(32, 42, WorkloadOptions{});
  int mn = 1 << 30, mx = 0;
  long sum = 0;
  int qos[3] = {0, 0, 0};
  for (const auto& u : users) {
    mn = std::min(mn, u.context_length);
    mx = std::max(mx, u.context_length);
    sum += u.context_length;
    ++qos[static_cast<int>(u.qos)];
  }
  EXPECT_EQ(mn, 643);
  EXPECT_EQ(mx, 22346);
  EXPECT_NEAR(static_cast<double>(sum) / 32.0, 8505.0, 0.5);  // spec rounds the mean
  EXPECT_EQ(qos[0], 5);
  EXPECT_EQ(qos[1], 9);
  EXPECT_EQ(qos[2], 18);
}

TEST(UserProfile, QosThresholds) {
  QosDistribution d;
  EXPECT_EQ(qos_for_draw(0.0, d), QosLevel::Interactive);
  EXPECT_EQ(qos_for_draw(0.1499, d), QosLevel::Interactive);
  EXPECT_EQ(qos_for_draw(0.15, d), QosLevel::Responsive);
  EXPECT_EQ(qos_for_draw(0.4999, d), QosLevel::Responsive);
  EXPECT_EQ(qos_for_draw(0.5, d), QosLevel::Batch);
}

// CPython: random.seed(42); random.random() == 0.6394267984578837
TEST(PythonRandom, FirstDrawOfSeed42) {
  PythonRandom r(42);
  EXPECT_DOUBLE_EQ(r.random(), 0.6394267984578837);
}

}  // namespace
}  // namespace kvbench::workload
