// BurstGPT replay as an arrival source (spec §5.6): pacing by timestamps / --trace-speedup,
// replay cycles, one unique key per row, back-pressure instead of drops.
#include "workload/burstgpt_source.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "support/run_binary.h"

namespace kvbench::workload {
namespace {

using testing_support::TempDir;

class BurstGptSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream(dir_.file("a.csv")) << "Timestamp,Model,Request tokens,Response tokens,Total tokens\n"
                                         "100,x,100,20,120\n110,x,200,40,240\n120,x,12000,60,12060\n";
    std::ofstream(dir_.file("b.csv")) << "Timestamp,Model,Request tokens,Response tokens,Total tokens\n"
                                         "130,x,150,30,180\n125,x,250,50,300\n";
    cfg_.seed = 3;
    cfg_.disable_prefix_caching = true;  // token counts exactly as in the rows
  }
  BurstGptSource source() { return BurstGptSource(cfg_, resolve_burst_trace_files(dir_.path())); }
  // Takes every arrival, each as soon as it is due.
  std::vector<Request> drain(BurstGptSource& s, std::size_t cap = 1000) {
    std::vector<Request> out;
    while (out.size() < cap) {
      const auto at = s.next_at();
      if (!at) break;
      out.push_back(s.take(*at, 0));
    }
    return out;
  }
  TempDir dir_;
  WorkloadOptions cfg_;
};

TEST_F(BurstGptSourceTest, OneCycleHandsOutEveryRowThenIsExhausted) {
  cfg_.replay_cycles = 1;
  cfg_.trace_speedup = 0;
  auto s = source();
  const auto reqs = drain(s);
  ASSERT_EQ(reqs.size(), 5u);
  EXPECT_EQ(s.cycles_completed(), 1);
  EXPECT_EQ(s.total_tokens(), 120u + 240 + 12060 + 180 + 300);
  EXPECT_EQ(reqs[0].context_tokens, 100u);
  EXPECT_EQ(reqs[0].generate_tokens, 20u);
  EXPECT_EQ(reqs[0].cache_key, "trace_user_0_req_0000");
  EXPECT_EQ(reqs[4].cache_key, "trace_user_4_req_0004");
  EXPECT_EQ(reqs[2].phase, RequestPhase::Prefill);  // >= 10,000 tokens: no decode
  EXPECT_EQ(reqs[1].phase, RequestPhase::PrefillDecode);
  EXPECT_EQ(reqs[0].turn, 0);
  EXPECT_FALSE(s.next_at());
}

TEST_F(BurstGptSourceTest, TwoCyclesHandOutEveryRowTwiceWithUniqueKeys) {
  cfg_.replay_cycles = 2;
  cfg_.trace_speedup = 0;
  auto s = source();
  const auto reqs = drain(s);
  ASSERT_EQ(reqs.size(), 10u);
  std::set<std::string> keys;
  for (const auto& r : reqs) keys.insert(r.cache_key);
  EXPECT_EQ(keys.size(), 10u);  // no reuse across rows or cycles
  EXPECT_EQ(s.describe()["rows_replayed"], 10);
}

TEST_F(BurstGptSourceTest, EndlessReplayKeepsCycling) {
  cfg_.replay_cycles = 0;
  cfg_.trace_speedup = 0;
  auto s = source();
  EXPECT_EQ(drain(s, 23).size(), 23u);
  EXPECT_EQ(s.cycles_completed(), 4);
  EXPECT_TRUE(s.next_at());
}

TEST_F(BurstGptSourceTest, UnpacedRowsArriveWhenTakenAndAskForNoWait) {
  cfg_.trace_speedup = 0;
  cfg_.replay_cycles = 1;
  auto s = source();
  EXPECT_EQ(s.on_full_queue(), OnFullQueue::Wait);
  EXPECT_EQ(*s.next_at(), 0.0);
  EXPECT_EQ(s.take(5.0, 0).arrival_s, 5.0);
  EXPECT_EQ(*s.next_at(), 5.0);  // as soon as the engine has room, not before its last take
}

// Δ = ts − previous ts, paced by Δ / speedup; rows out of order (Δ < 0) do not wait; each cycle
// starts without a gap.
TEST_F(BurstGptSourceTest, PacedRowsFollowTheTimestampsDividedBySpeedup) {
  cfg_.trace_speedup = 10;
  cfg_.replay_cycles = 2;
  auto s = source();
  std::vector<double> at;
  for (const auto& r : drain(s)) at.push_back(r.arrival_s);
  const std::vector<double> expected = {0, 1, 2, 3, 3, 3, 4, 5, 6, 6};
  ASSERT_EQ(at.size(), expected.size());
  for (std::size_t i = 0; i < at.size(); ++i) EXPECT_NEAR(at[i], expected[i], 1e-9) << i;
}

TEST_F(BurstGptSourceTest, PacedRowsKeepTheirScheduledTimeWhenTakenLate) {
  cfg_.trace_speedup = 1;
  cfg_.replay_cycles = 1;
  auto s = source();
  s.take(0, 0);
  EXPECT_EQ(*s.next_at(), 10.0);
  EXPECT_EQ(s.take(25.0, 0).arrival_s, 10.0);  // the lag shows up as latency
}

TEST_F(BurstGptSourceTest, QosClassesFollowTheConfiguredDistribution) {
  cfg_.trace_speedup = 0;
  cfg_.replay_cycles = 0;
  auto s = source();
  std::array<int, 3> n{};
  for (const auto& r : drain(s, 20000)) ++n[static_cast<std::size_t>(r.qos)];
  EXPECT_NEAR(n[0] / 20000.0, 0.15, 0.015);
  EXPECT_NEAR(n[1] / 20000.0, 0.35, 0.015);
  EXPECT_NEAR(n[2] / 20000.0, 0.50, 0.015);
}

TEST_F(BurstGptSourceTest, SameSeedSameRequests) {
  cfg_.disable_prefix_caching = false;
  cfg_.trace_speedup = 0;
  cfg_.replay_cycles = 3;
  auto a = source();
  auto b = source();
  const auto ra = drain(a), rb = drain(b);
  ASSERT_EQ(ra.size(), rb.size());
  for (std::size_t i = 0; i < ra.size(); ++i) {
    EXPECT_EQ(ra[i].qos, rb[i].qos);
    EXPECT_EQ(ra[i].prefix_index, rb[i].prefix_index);
    EXPECT_EQ(ra[i].context_tokens, rb[i].context_tokens);
  }
}

}  // namespace
}  // namespace kvbench::workload
