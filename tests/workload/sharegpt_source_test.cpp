// ShareGPT replay as an arrival source (spec §5.5): shuffled conversations, turns in order,
// registered conversations (multi-turn reloads), --disable-multi-turn (the reference's crash,
// spec §11.2.1), --request-rate pacing and replay cycles.
#include "workload/sharegpt_source.h"

#include <gtest/gtest.h>

#include <map>

namespace kvbench::workload {
namespace {

ShareGptDataset dataset() {
  ShareGptDataset d;
  for (int c = 0; c < 4; ++c) {
    ShareGptConversation conv;
    conv.id = "c" + std::to_string(c);
    for (int t = 0; t <= c; ++t) conv.turns.push_back({static_cast<std::uint32_t>(100 * (c + 1) + t), 7});
    d.conversations.push_back(conv);
  }
  return d;  // 1 + 2 + 3 + 4 = 10 turns
}

std::vector<Request> drain(ShareGptSource& s, std::size_t cap = 1000) {
  std::vector<Request> out;
  while (out.size() < cap) {
    const auto at = s.next_at();
    if (!at) break;
    out.push_back(s.take(*at, 0));
  }
  return out;
}

class ShareGptSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cfg_.seed = 9;
    cfg_.num_users = 3;
    cfg_.disable_prefix_caching = true;
  }
  WorkloadOptions cfg_;
};

TEST_F(ShareGptSourceTest, EveryTurnOnceInOrderWithinItsConversation) {
  cfg_.replay_cycles = 1;
  ShareGptSource s(cfg_, dataset(), "d.json");
  const auto reqs = drain(s);
  ASSERT_EQ(reqs.size(), 10u);
  std::map<std::string, int> last_turn;
  std::string current;
  for (const auto& r : reqs) {
    // Turns of one conversation come together and in order.
    if (r.conversation_id != current) {
      EXPECT_EQ(last_turn.count(r.conversation_id), 0u) << r.conversation_id;
      current = r.conversation_id;
    }
    EXPECT_EQ(r.turn, last_turn[r.conversation_id] + 1);
    last_turn[r.conversation_id] = r.turn;
    EXPECT_EQ(r.cache_key, r.conversation_id + "_turn_" + std::to_string(r.turn));
    EXPECT_EQ(r.generate_tokens, 7u);
    EXPECT_EQ(r.user_index, static_cast<int>(r.id % 3));
  }
  EXPECT_EQ(last_turn.size(), 4u);
  EXPECT_FALSE(s.next_at());
  EXPECT_EQ(s.cycles_completed(), 1);
}

TEST_F(ShareGptSourceTest, DisableMultiTurnGivesIndependentTurnsInsteadOfACrash) {
  cfg_.replay_cycles = 1;
  cfg_.disable_multi_turn = true;
  ShareGptSource s(cfg_, dataset(), "d.json");
  const auto reqs = drain(s);
  ASSERT_EQ(reqs.size(), 10u);
  for (const auto& r : reqs) {
    EXPECT_EQ(r.turn, 0);  // no reload of earlier turns
    EXPECT_TRUE(r.conversation_id.empty());
    EXPECT_NE(r.cache_key.find("_turn_"), std::string::npos);  // each turn still its own entry
  }
}

TEST_F(ShareGptSourceTest, CyclesReshuffleAndEndlessReplayContinues) {
  cfg_.replay_cycles = 3;
  ShareGptSource three(cfg_, dataset(), "d.json");
  EXPECT_EQ(drain(three).size(), 30u);
  cfg_.replay_cycles = 0;
  ShareGptSource endless(cfg_, dataset(), "d.json");
  EXPECT_EQ(drain(endless, 55).size(), 55u);
  EXPECT_EQ(endless.cycles_completed(), 5);
}

TEST_F(ShareGptSourceTest, RequestRatePacesArrivals) {
  cfg_.replay_cycles = 1;
  cfg_.request_rate = 4;
  ShareGptSource s(cfg_, dataset(), "d.json");
  const auto reqs = drain(s);
  ASSERT_EQ(reqs.size(), 10u);
  for (std::size_t i = 0; i < reqs.size(); ++i) EXPECT_DOUBLE_EQ(reqs[i].arrival_s, 0.25 * static_cast<double>(i));
}

TEST_F(ShareGptSourceTest, UnpacedArrivalsAreWhenTaken) {
  cfg_.replay_cycles = 1;
  ShareGptSource s(cfg_, dataset(), "d.json");
  EXPECT_EQ(s.on_full_queue(), OnFullQueue::Wait);
  EXPECT_EQ(s.take(3.5, 0).arrival_s, 3.5);
  EXPECT_EQ(*s.next_at(), 3.5);
}

}  // namespace
}  // namespace kvbench::workload
