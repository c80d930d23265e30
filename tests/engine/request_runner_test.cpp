#include "engine/request_runner.h"

#include <gtest/gtest.h>

#include <limits>

#include "app/engine_options.h"
#include "stats/counter_observer.h"
#include "tiers/null_tier.h"
#include "workload/system_prompts.h"

namespace kvbench::engine {
namespace {

struct Row {
  IoOp op;
  Level tier;
  std::uint64_t size;
  std::string key;
  Phase phase;
};

class Recorder : public IoObserver {
 public:
  std::uint32_t interests() const override { return event_bit(EventKind::Io); }
  void on_event(const IoEvent& e) override {
    rows.push_back({e.op, e.level, e.bytes, std::string(e.key), e.phase});
  }
  std::vector<Row> rows;
};

class RequestRunnerTest : public ::testing::Test {
 protected:
  void make(int tp = 1) {
    cfg_.tensor_parallel = tp;
    cfg_.num_gpus = tp;
    std::vector<cache::TierSetup> tiers;
    tiers.push_back({std::make_unique<tiers::NullTier>(Level::Gpu), 0});
    tiers.push_back({std::make_unique<tiers::NullTier>(Level::Cpu), 0});
    tiers.push_back({std::make_unique<tiers::NullTier>(Level::Storage), std::numeric_limits<double>::infinity()});
    cache_ = std::make_unique<cache::MultiTierCache>(std::move(tiers), cache::CacheOptions{}, IoObserverList{&counting_, &recorder_});
    stats_ = std::make_unique<stats::RequestStats>(cfg_.settings.qos_profiles);
    runner_ = std::make_unique<RequestRunner>(app::engine_options_for(cfg_), *cache_, *stats_);
  }
  workload::Request request(int turn, std::uint64_t context, std::uint64_t gen) {
    workload::Request r;
    r.conversation_id = "conv_user_0001_5";
    r.turn = turn;
    r.cache_key = workload::turn_key(r.conversation_id, turn);
    r.context_tokens = context;
    r.generate_tokens = gen;
    r.phase = context >= 10000 ? workload::RequestPhase::Prefill : workload::RequestPhase::PrefillDecode;
    return r;
  }
  config::RunConfig cfg_;
  stats::CacheCounters counters_;
  stats::CounterObserver counting_{counters_};
  Recorder recorder_;
  std::unique_ptr<cache::MultiTierCache> cache_;
  std::unique_ptr<stats::RequestStats> stats_;
  std::unique_ptr<RequestRunner> runner_;
};

// Spec §5.10 for a three-turn conversation: reload of every earlier turn, prefill write,
// decode probe + ceil(gen/32) reads.
TEST_F(RequestRunnerTest, MultiTurnConversationSequence) {
  cfg_.disable_prefix_caching = true;
  make();
  const std::uint64_t bpt = 131072;  // llama3.1-8b
  runner_->run(request(1, 100, 64));  // write + probe + 2 reads
  runner_->run(request(2, 200, 1));   // 1 reload + write + probe + 1 read
  recorder_.rows.clear();
  runner_->run(request(3, 300, 33));  // 2 reloads + write + probe + 2 reads
  const auto& rows = recorder_.rows;
  ASSERT_EQ(rows.size(), 2u + 1u + 1u + 2u);
  EXPECT_EQ(rows[0].key, "conv_user_0001_5_turn_1");
  EXPECT_EQ(rows[0].size, 100 * bpt);
  EXPECT_EQ(rows[1].key, "conv_user_0001_5_turn_2");
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(rows[i].op, IoOp::Read);
    EXPECT_EQ(rows[i].phase, Phase::Decode);
  }
  EXPECT_EQ(rows[2].op, IoOp::Write);
  EXPECT_EQ(rows[2].phase, Phase::Prefill);
  EXPECT_EQ(rows[2].key, "conv_user_0001_5_turn_3");
  EXPECT_EQ(rows[2].size, 300 * bpt);
  for (std::size_t i = 3; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].op, IoOp::Read);
    EXPECT_EQ(rows[i].key, "conv_user_0001_5_turn_3");
  }
  EXPECT_EQ(stats_->multi_turn_hits(), 1u + 2u);
  EXPECT_EQ(stats_->multi_turn_misses(), 0u);
}

TEST_F(RequestRunnerTest, LongContextIsPrefillOnly) {
  cfg_.disable_prefix_caching = true;
  make();
  runner_->run(request(1, 10000, 500));
  ASSERT_EQ(recorder_.rows.size(), 1u);
  EXPECT_EQ(recorder_.rows[0].op, IoOp::Write);
}

TEST_F(RequestRunnerTest, MissingEarlierTurnIsAMissWithoutRow) {
  cfg_.disable_prefix_caching = true;
  make();
  runner_->run(request(2, 100, 1));
  EXPECT_EQ(stats_->multi_turn_misses(), 1u);
  EXPECT_EQ(counters_.cache_misses.load(), 1u);
  EXPECT_EQ(recorder_.rows.size(), 3u);  // write, probe, one batch read
}

// Decode of a key that is not cached (e.g. a decode-only request) writes it instead.
TEST_F(RequestRunnerTest, DecodeMissFillsTheEntry) {
  cfg_.disable_prefix_caching = true;
  make();
  auto r = request(1, 100, 10);
  r.phase = workload::RequestPhase::Decode;
  runner_->run(r);
  ASSERT_EQ(recorder_.rows.size(), 1u);
  EXPECT_EQ(recorder_.rows[0].op, IoOp::Write);
  EXPECT_EQ(counters_.cache_misses.load(), 1u);
}

// kvbench fix of spec §11.2.4: the prefix entry is written on first use and read afterwards.
TEST_F(RequestRunnerTest, SystemPromptPrefixIsWrittenOnceThenRead) {
  make();
  const auto& prompt = workload::system_prompts()[1];
  auto r = request(1, 100, 1);
  r.prefix_index = 1;
  runner_->run(r);
  ASSERT_FALSE(recorder_.rows.empty());
  EXPECT_EQ(recorder_.rows[0].op, IoOp::Write);
  EXPECT_EQ(recorder_.rows[0].key, prompt.cache_key);
  EXPECT_EQ(recorder_.rows[0].size, 9u * 131072u);
  recorder_.rows.clear();
  auto r2 = request(2, 100, 1);
  r2.prefix_index = 1;
  runner_->run(r2);
  EXPECT_EQ(recorder_.rows[0].op, IoOp::Read);
  EXPECT_EQ(recorder_.rows[0].key, prompt.cache_key);
  EXPECT_EQ(counters_.hits(CacheType::System).load(), 1u);
  EXPECT_EQ(stats_->prefix().prefix_hits, 2u);
}

TEST_F(RequestRunnerTest, TensorParallelShardSizesInRows) {
  cfg_.disable_prefix_caching = true;
  cfg_.model = "llama3.1-70b-instruct";
  make(8);
  runner_->run(request(1, 1479, 1));
  ASSERT_FALSE(recorder_.rows.empty());
  for (const auto& row : recorder_.rows) EXPECT_EQ(row.size, 60579840u);
}

// Python: hashlib.sha256(f"{p[:500]}_{words}".encode()).hexdigest()[:16]
TEST(SystemPrompts, KeysMatchTheReferenceHash) {
  const auto& p = workload::system_prompts();
  EXPECT_EQ(p[0].token_count, 5);
  EXPECT_EQ(p[1].token_count, 9);
  EXPECT_EQ(p[2].token_count, 6);
  EXPECT_EQ(p[0].cache_key, "kv_system_0b7588a77cb9c73b");
  EXPECT_EQ(p[1].cache_key, "kv_system_ea8ffc489f80c165");
  EXPECT_EQ(p[2].cache_key, "kv_system_2ed87f49657692a2");
}

}  // namespace
}  // namespace kvbench::engine

namespace kvbench::engine {
namespace {

// A decode probe that misses (issue 16 item 5), as the reference counts it: the probe's latency
// goes to decode_latencies, the fill that follows adds nothing to prefill_latencies.
TEST_F(RequestRunnerTest, DecodeMissCountsTheProbeNotTheFill) {
  cfg_.disable_prefix_caching = true;
  make();
  workload::Request r = request(1, 100, 64);
  r.phase = workload::RequestPhase::Decode;  // no prefill write before the probe: it misses
  runner_->run(r);
  EXPECT_EQ(stats_->decode().count(), 1u);
  EXPECT_EQ(stats_->prefill().count(), 0u);
  ASSERT_FALSE(recorder_.rows.empty());
  EXPECT_EQ(recorder_.rows.back().op, IoOp::Write);  // the fill was written
}

}  // namespace
}  // namespace kvbench::engine
