#include "model/kv_layout.h"

#include <gtest/gtest.h>

#include <map>
#include <tuple>

namespace kvbench::model {
namespace {

const ModelSpec& builtin(const std::string& key) {
  static const std::vector<ModelSpec> models = builtin_models();
  for (const auto& m : models)
    if (m.key == key) return m;
  throw std::runtime_error("no built-in model " + key);
}

// Per-rank bytes of a 1,479-token entry (spec §12.10's example length) for one MHA, two GQA and
// the MLA model at TP 1, 2 and 8: the figures kvbench wrote before KvLayout existed.
TEST(KvLayout, PerRankBytesOfMhaGqaAndMlaModels) {
  const std::map<std::string, std::tuple<std::uint64_t, std::uint64_t, std::uint64_t>> expected = {
      {"llama2-7b", {775421952, 387710976, 96927744}},              // MHA, 524,288 B/token
      {"llama3.1-8b", {193855488, 96927744, 24231936}},             // GQA, 131,072 B/token
      {"llama3.1-70b-instruct", {484638720, 242319360, 60579840}},  // GQA, 327,680 B/token
      {"deepseek-v3", {103932288, 51966144, 12991536}},             // MLA, 70,272 B/token
  };
  for (const auto& [key, bytes] : expected) {
    const ModelSpec& m = builtin(key);
    const auto [tp1, tp2, tp8] = bytes;
    int tp = 1;
    for (const std::uint64_t want : {tp1, tp2, tp8}) {
      const KvBlock b = KvLayout(m, tp).entry("conv_user_0000_1_turn_1", 1479);
      EXPECT_EQ(b.bytes, want) << key << " TP " << tp;
      EXPECT_EQ(b.bytes, entry_bytes(m, 1479, tp)) << key << " TP " << tp;
      EXPECT_EQ(b.tokens, 1479u) << key << " TP " << tp;  // tokens are the entry's, not per rank
      EXPECT_EQ(b.key, "conv_user_0000_1_turn_1");
      tp = tp == 1 ? 2 : 8;
    }
  }
}

// A rank's share is rounded down once, after multiplying (spec §6.1); the tokens stay exact
// even where bytes / (bpt / TP) would round them down (TP 3 of an odd product).
TEST(KvLayout, RoundsBytesDownAndKeepsTokensExact) {
  ModelSpec odd;
  odd.num_layers = 1;
  odd.hidden_dim = 10;
  odd.num_heads = 10;
  odd.kv_heads = 1;
  odd.dtype = "int8";
  odd.attention = Attention::Gqa;
  ASSERT_EQ(bytes_per_token(odd), 2u);  // 1 layer × 1 head × 1 dim × K+V × 1 byte
  const KvLayout layout(odd, 3);
  const KvBlock b = layout.entry("k", 7);
  EXPECT_EQ(b.bytes, 4u);  // 14 / 3
  EXPECT_EQ(b.tokens, 7u);
  EXPECT_EQ(layout.rank_bytes(7), 4u);
  EXPECT_EQ(layout.full_bytes_per_token(), 2u);
}

TEST(KvLayout, TensorParallelBelowOneIsOneAndBlocksAreWholeEntries) {
  const ModelSpec& m = builtin("llama3.1-8b");
  const KvLayout layout(m, 0);
  EXPECT_EQ(layout.tensor_parallel(), 1);
  EXPECT_EQ(layout.entry("k", 10).bytes, 10u * 131072u);
  EXPECT_EQ(layout.block_tokens, 0u);
  EXPECT_EQ(layout.entry("k", 0).bytes, 0u);
}

}  // namespace
}  // namespace kvbench::model
