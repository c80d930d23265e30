// The per-request I/O mixes of the disaggregated modes (spec §5.7) and the RAG chunk reads
// (spec §5.4 step 4): --prefill-only writes and never decodes; --decode-only neither reloads
// nor writes, and decodes a pre-populated entry, without filling it on a miss.
#include <gtest/gtest.h>

#include <limits>
#include <set>

#include "engine/prepopulate.h"
#include "app/engine_options.h"
#include "engine/request_runner.h"
#include "stats/counter_observer.h"
#include "tiers/null_tier.h"

namespace kvbench::engine {
namespace {

struct Row {
  IoOp op;
  std::string key;
  Phase phase;
};

class Rows : public IoObserver {
 public:
  std::uint32_t interests() const override { return event_bit(EventKind::Io); }
  void on_event(const IoEvent& e) override {
    rows.push_back({e.op, std::string(e.key), e.phase});
  }
  std::size_t count(IoOp op) const {
    std::size_t n = 0;
    for (const auto& r : rows) n += r.op == op;
    return n;
  }
  std::vector<Row> rows;
};

class DisaggregatedTest : public ::testing::Test {
 protected:
  void make() {
    cfg_.disable_prefix_caching = true;
    cfg_.num_users = 2;
    cfg_.seed = 4;
    std::vector<cache::TierSetup> tiers;
    tiers.push_back({std::make_unique<tiers::NullTier>(Level::Gpu), 0});
    tiers.push_back({std::make_unique<tiers::NullTier>(Level::Cpu), 0});
    tiers.push_back({std::make_unique<tiers::NullTier>(Level::Storage), std::numeric_limits<double>::infinity()});
    cache_ = std::make_unique<cache::MultiTierCache>(std::move(tiers), cache::CacheOptions{}, IoObserverList{&counting_, &rows_});
    stats_ = std::make_unique<stats::RequestStats>(cfg_.settings.qos_profiles);
    runner_ = std::make_unique<RequestRunner>(app::engine_options_for(cfg_), *cache_, *stats_);
  }
  workload::Request turn(int n, std::uint64_t gen = 64) {
    workload::Request r;
    r.id = static_cast<std::uint64_t>(n);
    r.conversation_id = "conv_user_0000_1";
    r.turn = n;
    r.cache_key = workload::turn_key(r.conversation_id, n);
    r.context_tokens = 1000;
    r.generate_tokens = gen;
    r.phase = workload::RequestPhase::PrefillDecode;
    return r;
  }
  config::RunConfig cfg_;
  stats::CacheCounters counters_;
  stats::CounterObserver counting_{counters_};
  Rows rows_;
  std::unique_ptr<cache::MultiTierCache> cache_;
  std::unique_ptr<stats::RequestStats> stats_;
  std::unique_ptr<RequestRunner> runner_;
};

TEST_F(DisaggregatedTest, PrefillOnlyWritesAndNeverDecodes) {
  cfg_.prefill_only = true;
  cfg_.disable_multi_turn = true;
  make();
  for (int i = 1; i <= 5; ++i) {
    workload::Request r = turn(i);
    r.turn = 0;
    runner_->run(r);
  }
  EXPECT_EQ(rows_.count(IoOp::Write), 5u);
  EXPECT_EQ(rows_.count(IoOp::Read), 0u);
  EXPECT_EQ(stats_->decode().count(), 0u);
}

TEST_F(DisaggregatedTest, PrefillOnlyStillReloadsEarlierTurns) {
  cfg_.prefill_only = true;  // as the reference: only decode is skipped
  make();
  runner_->run(turn(1));
  runner_->run(turn(2));
  EXPECT_EQ(rows_.count(IoOp::Write), 2u);
  EXPECT_EQ(rows_.count(IoOp::Read), 1u);  // turn 1 reloaded by turn 2
  EXPECT_EQ(stats_->multi_turn_hits(), 1u);
}

TEST_F(DisaggregatedTest, DecodeOnlyReadsPrepopulatedEntriesOnly) {
  cfg_.decode_only = true;
  make();
  const std::uint64_t bytes = model::entry_bytes(cfg_.model_spec(), kPrepopulatedTokens, 1);
  for (std::uint64_t n = 0; n < prepopulated_entries(app::engine_options_for(cfg_)); ++n)
    ASSERT_TRUE(cache_->allocate(prepopulated_key(n), bytes, kPrepopulatedTokens).ok);
  rows_.rows.clear();
  for (int i = 1; i <= 20; ++i) runner_->run(turn(i, 64));
  EXPECT_EQ(rows_.count(IoOp::Write), 0u);  // no prefill, no reload, no fill
  EXPECT_EQ(rows_.count(IoOp::Read), 20u * (1 + 2));  // probe + ceil(64 / 32) per request
  std::set<std::string> keys;
  for (const auto& r : rows_.rows) {
    EXPECT_EQ(r.key.rfind("prepop_", 0), 0u) << r.key;
    keys.insert(r.key);
  }
  EXPECT_GT(keys.size(), 5u);  // random entries, not one
  EXPECT_EQ(stats_->multi_turn_hits() + stats_->multi_turn_misses(), 0u);
}

TEST_F(DisaggregatedTest, DecodeOnlyMissDoesNotWrite) {
  cfg_.decode_only = true;
  make();  // nothing pre-populated
  runner_->run(turn(1));
  EXPECT_TRUE(rows_.rows.empty());
  EXPECT_EQ(stats_->decode().count(), 1u);
}

TEST_F(DisaggregatedTest, DecodeOnlyKeyIsFixedByTheSeedAndRequest) {
  cfg_.decode_only = true;
  make();
  const std::uint64_t bytes = model::entry_bytes(cfg_.model_spec(), kPrepopulatedTokens, 1);
  for (std::uint64_t n = 0; n < prepopulated_entries(app::engine_options_for(cfg_)); ++n) cache_->allocate(prepopulated_key(n), bytes, 1);
  rows_.rows.clear();
  runner_->run(turn(7));
  runner_->run(turn(7));
  ASSERT_EQ(rows_.rows.size(), 6u);
  EXPECT_EQ(rows_.rows[0].key, rows_.rows[3].key);
}

TEST_F(DisaggregatedTest, RagChunkReadsAreDecodeReads) {
  make();
  cache_->allocate("rag_doc_0000_chunk_0", 1000, 10);
  cache_->allocate("rag_doc_0000_chunk_3", 1000, 10);
  rows_.rows.clear();
  workload::Request r = turn(1, 32);
  r.rag_reads = {"rag_doc_0000_chunk_0", "rag_doc_0000_chunk_3", "rag_doc_0000_chunk_9"};
  runner_->run(r);
  std::size_t chunk_reads = 0;
  for (const auto& row : rows_.rows)
    if (row.key.rfind("rag_doc_0000_chunk_", 0) == 0) {
      ++chunk_reads;
      EXPECT_EQ(row.op, IoOp::Read);
      EXPECT_EQ(row.phase, Phase::Decode);
    }
  EXPECT_EQ(chunk_reads, 2u);  // the third chunk is not cached: a miss, no I/O
}

}  // namespace
}  // namespace kvbench::engine
