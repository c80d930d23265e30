#include "model/model_spec.h"

#include <gtest/gtest.h>

#include <map>

namespace kvbench::model {
namespace {

// Spec §4.2: bytes per token of every built-in model.
TEST(ModelSpec, BytesPerTokenOfAllBuiltinModels) {
  const std::map<std::string, std::uint64_t> expected = {
      {"tiny-1b", 24576},        {"mistral-7b", 131072},   {"llama2-7b", 524288},
      {"llama3.1-8b", 131072},   {"llama3.1-70b-instruct", 327680},
      {"deepseek-v3", 70272},    {"qwen3-32b", 262144},    {"gpt-oss-120b", 73728},
      {"gpt-oss-20b", 49152}};
  const auto models = builtin_models();
  ASSERT_EQ(models.size(), 9u);
  for (const auto& m : models) {
    ASSERT_TRUE(expected.count(m.key)) << m.key;
    EXPECT_EQ(bytes_per_token(m), expected.at(m.key)) << m.key;
  }
}

// Spec §12.10: llama3.1-70b-instruct, 1,479 tokens, TP=8 ⇒ 60,579,840 bytes per rank.
TEST(ModelSpec, TensorParallelShardSize) {
  for (const auto& m : builtin_models()) {
    if (m.key != "llama3.1-70b-instruct") continue;
    EXPECT_EQ(entry_bytes(m, 1479, 8), 60579840u);
    EXPECT_EQ(entry_bytes(m, 1479, 1), 1479u * 327680u);
    return;
  }
  FAIL() << "llama3.1-70b-instruct missing";
}

TEST(ModelSpec, DtypeSizes) {
  EXPECT_EQ(bytes_per_element("float32"), 4);
  EXPECT_EQ(bytes_per_element("float16"), 2);
  EXPECT_EQ(bytes_per_element("bfloat16"), 2);
  EXPECT_EQ(bytes_per_element("int8"), 1);
  EXPECT_EQ(bytes_per_element("weird"), 2);
}

TEST(ModelSpec, MlaIgnoresKvHeadsAndHeadDimOverrideWins) {
  ModelSpec m;
  m.num_layers = 2;
  m.kv_heads = 99;
  m.attention = Attention::Mla;
  m.kv_lora_rank = 10;
  m.qk_rope_head_dim = 6;
  EXPECT_EQ(bytes_per_token(m), 2u * 16u * 2u);
  ModelSpec g;
  g.num_layers = 1;
  g.hidden_dim = 100;
  g.num_heads = 10;
  g.kv_heads = 1;
  EXPECT_EQ(bytes_per_token(g), 1u * 1u * 10u * 2u * 2u);
  g.kv_dim_per_head = 64;
  EXPECT_EQ(bytes_per_token(g), 64u * 2u * 2u);
}

}  // namespace
}  // namespace kvbench::model
