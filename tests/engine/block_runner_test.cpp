// Block mode of the request runner (--block-tokens, issue 18): ceil(T/N) blocks per context,
// each its own entry sized per rank; blocks keyed by their prefix chain, so a system prompt and
// a conversation's earlier turns are shared prefix blocks; and the two facts of a Mooncake
// replay's hit rate: 1 - distinct/all ids with unlimited room, an LRU's hits with a finite tier.
#include <gtest/gtest.h>

#include <limits>
#include <list>
#include <set>
#include <unordered_map>

#include "app/engine_options.h"
#include "engine/request_runner.h"
#include "stats/counter_observer.h"
#include "tiers/null_tier.h"
#include "workload/mooncake_source.h"
#include "workload/rng.h"
#include "workload/system_prompts.h"

namespace kvbench::engine {
namespace {

constexpr std::uint64_t kBytesPerToken = 131072;  // llama3.1-8b, the default model

struct Row {
  IoOp op;
  std::uint64_t size;
  std::string key;
};

class Recorder : public IoObserver {
 public:
  std::uint32_t interests() const override { return event_bit(EventKind::Io); }
  void on_event(const IoEvent& e) override { rows.push_back({e.op, e.bytes, std::string(e.key)}); }
  std::size_t count(IoOp op) const {
    std::size_t n = 0;
    for (const auto& r : rows) n += r.op == op;
    return n;
  }
  std::vector<Row> rows;
};

class BlockRunnerTest : public ::testing::Test {
 protected:
  void make(std::int64_t block_tokens, double storage_limit = std::numeric_limits<double>::infinity(), int tp = 1) {
    cfg_.block_tokens = block_tokens;
    cfg_.tensor_parallel = tp;
    cfg_.num_gpus = tp;
    std::vector<cache::TierSetup> tiers;
    tiers.push_back({std::make_unique<tiers::NullTier>(Level::Gpu), 0});
    tiers.push_back({std::make_unique<tiers::NullTier>(Level::Cpu), 0});
    tiers.push_back({std::make_unique<tiers::NullTier>(Level::Storage), storage_limit});
    cache_ = std::make_unique<cache::MultiTierCache>(std::move(tiers), cache::CacheOptions{},
                                                     IoObserverList{&counting_, &recorder_});
    stats_ = std::make_unique<stats::RequestStats>(cfg_.settings.qos_profiles);
    runner_ = std::make_unique<RequestRunner>(app::engine_options_for(cfg_), *cache_, *stats_);
  }
  static workload::Request turn(int n, std::uint64_t history, std::uint64_t context) {
    workload::Request r;
    r.conversation_id = "conv_user_0001_5";
    r.turn = n;
    r.cache_key = workload::turn_key(r.conversation_id, n);
    r.history_tokens = history;
    r.context_tokens = context;
    r.generate_tokens = 1;
    return r;
  }
  std::uint64_t hits() const { return counters_.cache_hits.load(); }
  std::uint64_t misses() const { return counters_.cache_misses.load(); }

  config::RunConfig cfg_;
  stats::CacheCounters counters_;
  stats::CounterObserver counting_{counters_};
  Recorder recorder_;
  std::unique_ptr<cache::MultiTierCache> cache_;
  std::unique_ptr<stats::RequestStats> stats_;
  std::unique_ptr<RequestRunner> runner_;
};

TEST(KvLayoutBlocks, CeilBlocksWithAPartialLast) {
  const model::KvLayout whole(model::ModelSpec{}, 1);
  EXPECT_EQ(whole.block_count(1000), 1u);
  EXPECT_EQ(whole.tokens_of_block(1000, 0), 1000u);
  const model::KvLayout blocks(model::ModelSpec{}, 1, 16);
  EXPECT_EQ(blocks.block_count(1000), 63u);  // 62 full + 8 tokens
  EXPECT_EQ(blocks.tokens_of_block(1000, 61), 16u);
  EXPECT_EQ(blocks.tokens_of_block(1000, 62), 8u);
  EXPECT_EQ(blocks.block_count(32), 2u);
  EXPECT_EQ(blocks.tokens_of_block(32, 1), 16u);
}

// One write per block, each sized per rank (TP 2 halves it), the last one partial.
TEST_F(BlockRunnerTest, PrefillWritesOneRowPerBlockSizedPerRank) {
  cfg_.disable_prefix_caching = true;
  cfg_.prefill_only = true;
  make(16, std::numeric_limits<double>::infinity(), 2);
  runner_->run(turn(1, 0, 40));  // 16 + 16 + 8 tokens
  ASSERT_EQ(recorder_.rows.size(), 3u);
  EXPECT_EQ(recorder_.rows[0].size, 16 * kBytesPerToken / 2);
  EXPECT_EQ(recorder_.rows[2].size, 8 * kBytesPerToken / 2);
  EXPECT_EQ(recorder_.rows[0].key.rfind("blk_", 0), 0u);
  EXPECT_EQ(misses(), 3u);  // each block looked up first
  EXPECT_EQ(cache_->usage().back().entries, 3u);
}

// Turn 2's sequence starts with turn 1's tokens: its full blocks hit, the partial one (which
// now holds more tokens) and the new ones are written.
TEST_F(BlockRunnerTest, EarlierTurnsArePrefixBlocksThatHit) {
  cfg_.disable_prefix_caching = true;
  cfg_.prefill_only = true;
  make(16);
  runner_->run(turn(1, 0, 40));  // blocks 0, 1 full; 2 partial (8)
  recorder_.rows.clear();
  runner_->run(turn(2, 40, 30));  // 70 tokens: 0, 1 hit; 2, 3 full and 4 (6) new
  EXPECT_EQ(hits(), 2u);
  EXPECT_EQ(recorder_.count(IoOp::Read), 2u);
  EXPECT_EQ(recorder_.count(IoOp::Write), 3u);
}

// Requests of different users with the same system prompt share its blocks.
TEST_F(BlockRunnerTest, SystemPromptBlocksAreSharedAcrossUsers) {
  cfg_.prefill_only = true;
  make(256);
  workload::Request a = turn(1, 0, 100), b = turn(1, 0, 100);
  a.prefix_index = b.prefix_index = 0;
  b.conversation_id = "conv_user_0002_5";
  const std::uint64_t prompt_blocks = (workload::system_prompts()[0].token_count + 255) / 256;
  runner_->run(a);
  const std::uint64_t writes_a = recorder_.count(IoOp::Write);
  recorder_.rows.clear();
  runner_->run(b);
  EXPECT_EQ(hits(), prompt_blocks);
  EXPECT_EQ(recorder_.count(IoOp::Write), writes_a - prompt_blocks);  // only b's own blocks
}

// Decode batches read the request's own blocks.
TEST_F(BlockRunnerTest, DecodeBatchesReadTheOwnBlocks) {
  cfg_.disable_prefix_caching = true;
  make(16);
  workload::Request r = turn(1, 0, 40);
  r.generate_tokens = 64;  // 2 batches of 32
  runner_->run(r);
  EXPECT_EQ(recorder_.count(IoOp::Write), 3u);
  EXPECT_EQ(recorder_.count(IoOp::Read), 2u * 3u);
}

// Every row of a Mooncake trace, in order, with the trace's 512-token blocks.
std::vector<workload::Request> trace_requests(const std::string& path) {
  workload::WorkloadOptions o;
  o.seed = 1;
  o.replay_cycles = 1;
  o.trace_speedup = 0;
  workload::MooncakeSource source(o, path);
  std::vector<workload::Request> out;
  while (const auto at = source.next_at()) out.push_back(source.take(*at, 0));
  return out;
}

const std::string kSample = std::string(KVBENCH_SOURCE_DIR) + "/tests/data/workload/mooncake_sample.jsonl";

// Unlimited room: a block misses once, the first time its id appears, and hits ever after.
TEST_F(BlockRunnerTest, MooncakeHitRateWithUnlimitedRoomIsOneMinusDistinctOverAll) {
  cfg_.disable_prefix_caching = true;
  cfg_.prefill_only = true;
  make(512);
  std::set<std::uint64_t> distinct;
  std::uint64_t all = 0;
  const auto requests = trace_requests(kSample);
  ASSERT_EQ(requests.size(), 10u);
  for (const auto& r : requests) {
    for (const auto id : r.block_hashes) distinct.insert(id);
    all += r.block_hashes.size();
    runner_->run(r);
  }
  EXPECT_EQ(hits() + misses(), all);
  EXPECT_EQ(misses(), distinct.size());
  EXPECT_DOUBLE_EQ(static_cast<double>(hits()) / static_cast<double>(all),
                   1.0 - static_cast<double>(distinct.size()) / static_cast<double>(all));
  // The last block is partial: 1500 tokens = 512 + 512 + 476.
  EXPECT_EQ(recorder_.rows[2].size, 476 * kBytesPerToken);
}

// A finite tier holding K blocks (all full, so all the same size) evicts exactly as an LRU of
// K over the id sequence: a hit refreshes, a miss inserts and evicts the least recent.
TEST_F(BlockRunnerTest, MooncakeHitRateWithAFiniteTierIsAnLruOverTheIds) {
  const std::uint64_t capacity = 40;
  cfg_.disable_prefix_caching = true;
  cfg_.prefill_only = true;
  make(512, static_cast<double>(capacity * 512 * kBytesPerToken));

  // A trace with prefix reuse: a few shared "system prompts" of 2-6 blocks, then own blocks.
  workload::Rng rng = workload::Rng::stream(7, 1);
  std::list<std::uint64_t> lru;  // front = most recent
  std::unordered_map<std::uint64_t, std::list<std::uint64_t>::iterator> where;
  std::uint64_t expected_hits = 0, next_id = 1000;
  for (int req = 0; req < 300; ++req) {
    workload::Request r;
    r.id = static_cast<std::uint64_t>(req);
    r.cache_key = workload::mooncake_request_key(r.id);
    const auto prompt = static_cast<std::uint64_t>(rng.randint(0, 4));
    for (std::uint64_t i = 0, n = static_cast<std::uint64_t>(rng.randint(2, 6)); i < n; ++i)
      r.block_hashes.push_back(prompt * 100 + i);
    for (std::int64_t i = 0, n = rng.randint(0, 8); i < n; ++i)
      r.block_hashes.push_back(rng.random() < 0.3 ? static_cast<std::uint64_t>(rng.randint(1000, static_cast<std::int64_t>(next_id))) : next_id++);
    r.context_tokens = 512 * r.block_hashes.size();
    r.phase = workload::RequestPhase::Prefill;
    for (const auto id : r.block_hashes) {
      const auto it = where.find(id);
      if (it != where.end()) {
        ++expected_hits;
        lru.splice(lru.begin(), lru, it->second);
        continue;
      }
      if (lru.size() == capacity) {
        where.erase(lru.back());
        lru.pop_back();
      }
      lru.push_front(id);
      where[id] = lru.begin();
    }
    runner_->run(r);
  }
  EXPECT_EQ(hits(), expected_hits);
  EXPECT_GT(expected_hits, 100u);  // the trace does reuse, and evicts
  EXPECT_GT(counters_.deletions.load(), 0u);
}

}  // namespace
}  // namespace kvbench::engine
