// Synthetic users as an arrival source: the active-user count the autoscaler sets really
// changes who arrives (spec §11.2.6), and the RAG requests made along with a user's request
// (spec §5.1 step 8, §5.4).
#include "workload/synthetic_source.h"

#include <gtest/gtest.h>

#include <limits>
#include <set>

namespace kvbench::workload {
namespace {

struct Taken {
  double at;
  Request r;
};

// Takes every arrival up to `until_s`.
std::vector<Taken> run_until(SyntheticSource& s, double until_s) {
  std::vector<Taken> out;
  for (auto at = s.next_at(); at && *at < until_s; at = s.next_at()) out.push_back({*at, s.take(*at, 0)});
  return out;
}

class SyntheticSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cfg_.seed = 11;
    cfg_.num_users = 10;
  }
  WorkloadOptions cfg_;
};

TEST_F(SyntheticSourceTest, ArrivalsAreInTimeOrderAndUsersDropWhenQueueIsFull) {
  SyntheticSource s(cfg_, 10, nullptr);
  EXPECT_EQ(s.on_full_queue(), OnFullQueue::Drop);
  const auto got = run_until(s, 30);
  ASSERT_GT(got.size(), 100u);
  for (std::size_t i = 1; i < got.size(); ++i) EXPECT_GE(got[i].at, got[i - 1].at);
  const auto before = s.workload().requests_made();
  s.drop(*s.next_at());
  EXPECT_EQ(s.workload().requests_made(), before);  // a dropped arrival makes no request
}

// A zero think time would put all of a user's arrivals at one instant; instead its next request
// follows its previous one once that is finished, and a user whose arrival was dropped at a
// full queue tries again when any request finishes (a slot opened).
TEST_F(SyntheticSourceTest, ZeroThinkTimeUsersSendBackToBack) {
  for (auto& t : cfg_.user_templates) t.think_time_min = t.think_time_max = 0;
  cfg_.num_users = 2;
  SyntheticSource s(cfg_, 2, nullptr);
  constexpr double kNothingDue = std::numeric_limits<double>::infinity();
  ASSERT_EQ(*s.next_at(), 0.0);
  const Request first = s.take(0.0, 0);
  EXPECT_EQ(first.user_index, 0);
  ASSERT_EQ(*s.next_at(), 0.0);  // user 1, not user 0 again
  s.drop(0.0);                   // user 1's arrival finds the queue full
  EXPECT_EQ(*s.next_at(), kNothingDue);
  s.finished(0, first.id + 1000, 1.0);  // another request (a RAG query): user 1 retries
  ASSERT_EQ(*s.next_at(), 1.0);
  const Request retried = s.take(1.0, 0);
  EXPECT_EQ(retried.user_index, 1);
  EXPECT_EQ(retried.arrival_s, 1.0);
  EXPECT_EQ(*s.next_at(), kNothingDue);  // user 0 still waits for its own request
  s.finished(0, first.id, 1.5);
  ASSERT_EQ(*s.next_at(), 1.5);
  const Request next = s.take(1.5, 0);
  EXPECT_EQ(next.user_index, 0);
  EXPECT_EQ(next.arrival_s, 1.5);
  EXPECT_EQ(*s.next_at(), kNothingDue);
}

TEST_F(SyntheticSourceTest, ScalingDownStopsUsersAndScalingUpAddsThem) {
  SyntheticSource s(cfg_, 40, nullptr);
  EXPECT_EQ(s.workload().user_count(), 40);  // profiles for the users the autoscaler may add
  EXPECT_EQ(s.active_users(), 10);
  std::set<int> users;
  for (const auto& t : run_until(s, 20)) users.insert(t.r.user_index);
  EXPECT_EQ(users, (std::set<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));

  ASSERT_TRUE(s.set_active_users(4, 20));
  users.clear();
  const auto low = run_until(s, 40);
  for (const auto& t : low) users.insert(t.r.user_index);
  EXPECT_EQ(*users.rbegin(), 3);

  ASSERT_TRUE(s.set_active_users(30, 40));
  users.clear();
  const auto high = run_until(s, 60);
  for (const auto& t : high) {
    users.insert(t.r.user_index);
    EXPECT_GE(t.at, 40.0);
  }
  EXPECT_EQ(users.size(), 30u);
  EXPECT_GT(high.size(), 5 * low.size());  // 30 users vs 4 over equal spans
  EXPECT_EQ(s.set_active_users(1000, 60), true);
  EXPECT_EQ(s.active_users(), 40);  // bounded by the profiles
  EXPECT_EQ(s.describe()["users_final"], 40);
}

TEST_F(SyntheticSourceTest, FirstUsersAreTheSameWhateverTheAutoscalingHeadroom) {
  SyntheticSource a(cfg_, 10, nullptr), b(cfg_, 500, nullptr);
  for (int u = 0; u < 10; ++u) {
    EXPECT_EQ(a.workload().users()[static_cast<std::size_t>(u)].context_length,
              b.workload().users()[static_cast<std::size_t>(u)].context_length);
  }
  const auto ra = run_until(a, 10), rb = run_until(b, 10);
  ASSERT_EQ(ra.size(), rb.size());
  for (std::size_t i = 0; i < ra.size(); ++i) EXPECT_EQ(ra[i].r.cache_key, rb[i].r.cache_key);
}

TEST_F(SyntheticSourceTest, RagQueriesArriveWithTheUsersRequest) {
  cfg_.rag.request_probability = 1.0;  // every request reads chunks and sends a query
  cfg_.disable_prefix_caching = true;
  const auto models = model::builtin_models();
  RagCorpus corpus(cfg_.rag, models[3], 1);
  SyntheticSource s(cfg_, 10, &corpus);
  // No document yet: nothing RAG happens (the reference's guard, fix 2eb39cf).
  const auto before = run_until(s, 5);
  for (const auto& t : before) EXPECT_TRUE(t.r.rag_reads.empty());
  corpus.add(corpus.plan(0));
  const auto after = run_until(s, 10);
  std::size_t queries = 0;
  for (std::size_t i = 0; i < after.size(); ++i) {
    const Request& r = after[i].r;
    EXPECT_EQ(r.rag_reads.size(), 5u);
    for (const auto& key : r.rag_reads) EXPECT_EQ(key.rfind("rag_doc_0000_chunk_", 0), 0u) << key;
    if (r.cache_key == "rag_doc_0000") {
      ++queries;
      EXPECT_EQ(r.phase, RequestPhase::Decode);
      EXPECT_GE(r.generate_tokens, 50u);
      EXPECT_LE(r.generate_tokens, 200u);
      EXPECT_GT(r.context_tokens, 0u);
      EXPECT_LE(r.context_tokens, 5u * 512);  // five chunks of at most 512 tokens
      ASSERT_GT(i, 0u);
      EXPECT_EQ(after[i].at, after[i - 1].at);  // with the request that prompted it
    }
  }
  EXPECT_EQ(queries * 2, after.size());
  EXPECT_EQ(s.rag_queries(), queries);
}

}  // namespace
}  // namespace kvbench::workload
