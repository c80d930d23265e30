#include "config/config_loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "model/model_spec.h"

namespace kvbench::config {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// Runs the loader on `yaml` and returns the ConfigError message ("" if it loaded).
std::string error_of(const std::string& yaml, const std::string& source = "config.yaml") {
  try {
    load_config_text(yaml, source);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

const model::ModelSpec& model_of(const Settings& s, const std::string& key) {
  const auto* m = s.find_model(key);
  if (m == nullptr) throw std::runtime_error("model missing: " + key);
  return *m;
}

// Spec §3: strict schema, unknown key at the top level.
TEST(ConfigLoader, UnknownTopLevelKeyNamesKeyLineAndValidKeys) {
  const std::string msg = error_of("decode:\n  batch_size: 8\nstorage_health:\n  x: 1\n");
  EXPECT_THAT(msg, StartsWith("config.yaml:3: unknown key 'storage_health'. Valid keys at this "
                              "level: [user_templates, generation_timing,"));
  EXPECT_THAT(msg, HasSubstr("model_configs, run]"));
  EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
}

TEST(ConfigLoader, UnknownSectionKeyNamesDottedPath) {
  const std::string msg =
      error_of("# comment\neviction:\n  max_recursion_depth: 4\n  foo: 1\n", "my.yaml");
  EXPECT_EQ(msg,
            "my.yaml:4: unknown key 'eviction.foo'. Valid keys at this level: "
            "[max_recursion_depth, target_usage_ratio, large_entry_limit_ratio, "
            "max_evictions_hard_cap, max_evictions_min]");
}

TEST(ConfigLoader, UnknownKeyUnderUserTemplateLeafLevel) {
  const std::string msg = error_of(
      "user_templates:\n"
      "  chatbot:\n"
      "    context_range: [512, 4096]\n"
      "    context_rnage: [1, 2]\n");
  EXPECT_THAT(msg, StartsWith("config.yaml:4: unknown key 'user_templates.chatbot.context_rnage'. "
                              "Valid keys at this level: [context_range, generation_range, "
                              "think_time_range]"));
  // And a persona the reference does not have is rejected one level up.
  EXPECT_THAT(error_of("user_templates:\n  agent: {}\n"),
              StartsWith("config.yaml:2: unknown key 'user_templates.agent'. Valid keys at this "
                         "level: [chatbot, coding, document]"));
}

TEST(ConfigLoader, WrongTypesNameKeyLineAndExpectedType) {
  EXPECT_EQ(error_of("decode:\n  batch_size: lots\n"),
            "config.yaml:2: key 'decode.batch_size' must be an int >= 1, got 'lots'");
  // A quoted number is a string in YAML, as in the reference.
  EXPECT_EQ(error_of("decode:\n  batch_size: \"32\"\n"),
            "config.yaml:2: key 'decode.batch_size' must be an int >= 1, got the string '32'");
  EXPECT_EQ(
      error_of("eviction:\n  target_usage_ratio:\n    a: 1\n"),
      "config.yaml:2: key 'eviction.target_usage_ratio' must be a number in (0, 1], got a map");
  EXPECT_EQ(error_of("\neviction: 5\n"), "config.yaml:2: key 'eviction' must be a map, got '5'");
  EXPECT_THAT(error_of("user_templates:\n  coding:\n    context_range: 4096\n"),
              StartsWith("config.yaml:3: key 'user_templates.coding.context_range' must be a "
                         "list of 2 ints [min, max]"));
  EXPECT_THAT(error_of("user_templates:\n  coding:\n    think_time_range: [0.1, 0.2, 0.3]\n"),
              HasSubstr("got a list of 3 items"));
  EXPECT_EQ(error_of("rag:\n  max_documents: 1.5\n"),
            "config.yaml:2: key 'rag.max_documents' must be an int >= 0, got '1.5'");
  EXPECT_EQ(error_of("decode: {batch_size: +-5}\n"),
            "config.yaml:1: key 'decode.batch_size' must be an int >= 1, got '+-5'");
  EXPECT_EQ(load_config_text("decode: {batch_size: +5}\n", "p.yaml").settings.decode.batch_size, 5);
  EXPECT_EQ(error_of("decode:\n  batch_size:\n"),
            "config.yaml:2: key 'decode.batch_size' must be an int >= 1, got no value");
  EXPECT_EQ(error_of("- a\n- b\n"),
            "config.yaml:1: the top level must be a map of sections, got a list of 2 items");
}

TEST(ConfigLoader, OutOfRangeValuesAreRejected) {
  EXPECT_EQ(error_of("decode:\n  batch_size: 0\n"),
            "config.yaml:2: key 'decode.batch_size' must be an int >= 1, got 0");
  EXPECT_EQ(error_of("rag:\n  request_probability: 1.5\n"),
            "config.yaml:2: key 'rag.request_probability' must be a number in [0, 1], got 1.5");
  EXPECT_EQ(error_of("eviction:\n  target_usage_ratio: 0\n"),
            "config.yaml:2: key 'eviction.target_usage_ratio' must be a number in (0, 1], got 0");
  EXPECT_THAT(error_of("user_templates:\n  chatbot:\n    context_range: [4096, 512]\n"),
              AllOf(StartsWith("config.yaml:3: key 'user_templates.chatbot.context_range'"),
                    HasSubstr("min <= max, got [4096, 512]")));
  EXPECT_THAT(error_of("user_templates:\n  chatbot:\n    think_time_range: [-0.5, 1]\n"),
              HasSubstr("each >= 0, with min <= max, got [-0.5, 1]"));
  // A min given alone is checked against the default max (4096).
  EXPECT_EQ(error_of("rag:\n  top_k_chunks: 3\n  large_model_doc_tokens_min: 5000\n"),
            "config.yaml:3: key 'rag.large_model_doc_tokens_min' (5000) must be <= "
            "'rag.large_model_doc_tokens_max' (4096)");
  EXPECT_THAT(error_of("autoscaler:\n  min_users: 10\n  max_users: 5\n"),
              StartsWith("config.yaml:3: key 'autoscaler.min_users' (10) must be <= "));
  EXPECT_THAT(error_of("decode:\n  batch_size: 99999999999\n"), HasSubstr("(too large)"));
}

TEST(ConfigLoader, EmptyOrCommentOnlyTextGivesDefaults) {
  for (const std::string text : {"", "# nothing here\n", "---\n", "decode:\n"}) {
    const LoadedConfig c = load_config_text(text, "empty.yaml");
    const Settings defaults;
    EXPECT_EQ(c.source, "empty.yaml");
    EXPECT_TRUE(c.run.empty());
    EXPECT_EQ(c.settings.decode.batch_size, 32) << text;
    EXPECT_EQ(c.settings.eviction.target_usage_ratio, defaults.eviction.target_usage_ratio);
    EXPECT_EQ(c.settings.user_templates[1].context_max, 25000);
    EXPECT_EQ(c.settings.models.size(), 9u);
  }
}

TEST(ConfigLoader, ValuesGivenOverrideOnlyThoseKeys) {
  const LoadedConfig c = load_config_text(
      "eviction:\n  target_usage_ratio: 0.5\n"
      "user_templates:\n  document:\n    generation_range: [10, 20]\n"
      "qos_profiles:\n  batch:\n    priority: 7\n"
      "rag:\n  retrieval_distribution: uniform\n  max_chunk_bytes: 8589934592\n",
      "t.yaml");
  const Settings d;
  EXPECT_EQ(c.settings.eviction.target_usage_ratio, 0.5);
  EXPECT_EQ(c.settings.eviction.max_recursion_depth, d.eviction.max_recursion_depth);
  EXPECT_EQ(c.settings.user_templates[2].generation_min, 10);
  EXPECT_EQ(c.settings.user_templates[2].generation_max, 20);
  EXPECT_EQ(c.settings.user_templates[2].context_max, 16384);
  EXPECT_EQ(c.settings.qos_profiles[2].priority, 7);
  EXPECT_EQ(c.settings.qos_profiles[2].target_latency_p95_ms, 1000);
  EXPECT_EQ(c.settings.rag.retrieval_distribution, "uniform");
  EXPECT_EQ(c.settings.rag.max_chunk_bytes, 8589934592LL);
}

TEST(ConfigLoader, MissingFileIsAConfigError) {
  const std::string path = "/nonexistent/kvbench/config.yaml";
  try {
    load_config_file(path);
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(), "config file '/nonexistent/kvbench/config.yaml' not found");
  }
  EXPECT_THROW(load_config_file(std::filesystem::temp_directory_path().string()), ConfigError);
}

TEST(ConfigLoader, SyntaxErrorNamesTheLine) {
  const std::string msg = error_of("decode:\n  batch_size: 8\nrag: [1, 2\nconversation: {}\n");
  EXPECT_THAT(msg, StartsWith("config.yaml:4: YAML syntax error: "));
  EXPECT_THAT(error_of("eviction:\n\tmax_recursion_depth: 3\n"),
              StartsWith("config.yaml:2: YAML syntax error: "));
  EXPECT_THAT(error_of("decode: {}\n---\nrag: {}\n"),
              StartsWith("config.yaml:3: expected one YAML document, found 2"));
}

TEST(ConfigLoader, DuplicateKeyIsRejected) {
  EXPECT_EQ(error_of("decode:\n  batch_size: 8\n  batch_size: 16\n"),
            "config.yaml:3: duplicate key 'decode.batch_size' (first at line 2)");
}

// Spec §3/§4.2: model_configs merges over the built-ins; new keys add models.
TEST(ConfigLoader, ModelConfigsOverrideOneFieldAndAddAModel) {
  const LoadedConfig c = load_config_text(
      "model_configs:\n"
      "  llama3.1-8b:\n"
      "    kv_heads: 32\n"  // one field: MHA-sized now, name and the rest kept
      "  my-model:\n"
      "    num_layers: 40\n"
      "  my-mla:\n"
      "    name: My MLA\n"
      "    attention_type: mla\n"
      "    kv_lora_rank: 256\n"
      "    qk_rope_head_dim: 32\n",
      "m.yaml");
  const auto& s = c.settings;
  ASSERT_EQ(s.models.size(), 11u);
  const auto& llama = model_of(s, "llama3.1-8b");
  EXPECT_EQ(llama.name, "Llama 3.1 8B");
  EXPECT_EQ(llama.num_layers, 32);
  EXPECT_EQ(model::bytes_per_token(llama), 32u * 32 * 128 * 2 * 2);       // was 131,072
  EXPECT_EQ(model::bytes_per_token(model_of(s, "mistral-7b")), 131072u);  // untouched

  // Spec §4.2 fallbacks: 32 layers, hidden 4096, 32 heads, 8 kv_heads, float16, mha.
  const auto& mine = model_of(s, "my-model");
  EXPECT_EQ(mine.name, "my-model");
  EXPECT_EQ(mine.attention, model::Attention::Mha);
  EXPECT_EQ(model::bytes_per_token(mine), 40u * 8 * (4096 / 32) * 2 * 2);

  const auto& mla = model_of(s, "my-mla");
  EXPECT_EQ(mla.name, "My MLA");
  EXPECT_EQ(model::bytes_per_token(mla), 32u * (256 + 32) * 2);
  EXPECT_EQ(s.models.back().key, "my-mla");  // added in file order
}

TEST(ConfigLoader, ModelConfigsAreStrict) {
  EXPECT_THAT(
      error_of("model_configs:\n  tiny-1b:\n    layers: 4\n"),
      StartsWith("config.yaml:3: unknown key 'model_configs.tiny-1b.layers'. Valid keys "
                 "at this level: [name, num_layers, hidden_dim, num_heads, kv_heads, "
                 "dtype, kv_dim_per_head, attention_type, kv_lora_rank, qk_rope_head_dim]"));
  EXPECT_EQ(error_of("model_configs:\n  x:\n    num_layers: 0\n"),
            "config.yaml:3: key 'model_configs.x.num_layers' must be an int >= 1, got 0");
  EXPECT_EQ(error_of("model_configs:\n  x:\n    num_heads: -4\n"),
            "config.yaml:3: key 'model_configs.x.num_heads' must be an int >= 1, got -4");
  EXPECT_EQ(error_of("model_configs:\n  x:\n    attention_type: sparse\n"),
            "config.yaml:3: key 'model_configs.x.attention_type' must be one of mha, gqa, mla, "
            "got 'sparse'");
  EXPECT_THAT(error_of("model_configs:\n  x:\n    attention_type: mla\n"),
              StartsWith("config.yaml:2: key 'model_configs.x' gives 0 KV bytes per token"));
  EXPECT_EQ(error_of("model_configs:\n  x: 7\n"),
            "config.yaml:2: key 'model_configs.x' must be a map, got '7'");
}

// kvbench's `run:` section: collected as written, in file order, with lines; not validated.
TEST(ConfigLoader, RunSectionCollectsEntriesWithLines) {
  const LoadedConfig c = load_config_text(
      "decode:\n"
      "  batch_size: 16\n"
      "run:\n"
      "  num_users: 50\n"
      "  cache-dir: \"/mnt/nvme 1\"\n"
      "\n"
      "  enable_rag: true\n"
      "  no_such_flag: 1.5\n",
      "run.yaml");
  ASSERT_EQ(c.run.size(), 4u);
  EXPECT_EQ(c.run[0].key, "num_users");
  EXPECT_EQ(c.run[0].value, "50");
  EXPECT_EQ(c.run[0].line, 4);
  EXPECT_EQ(c.run[1].key, "cache-dir");
  EXPECT_EQ(c.run[1].value, "/mnt/nvme 1");
  EXPECT_EQ(c.run[1].line, 5);
  EXPECT_EQ(c.run[2].key, "enable_rag");
  EXPECT_EQ(c.run[2].value, "true");
  EXPECT_EQ(c.run[2].line, 7);
  EXPECT_EQ(c.run[3].key, "no_such_flag");
  EXPECT_EQ(c.run[3].line, 8);
  EXPECT_EQ(c.settings.decode.batch_size, 16);

  EXPECT_EQ(error_of("run:\n  num_users: [1, 2]\n"),
            "config.yaml:2: key 'run.num_users' must be a single value (number, string or "
            "true/false), got a list of 2 items");
  EXPECT_EQ(error_of("run:\n  seed:\n"),
            "config.yaml:2: key 'run.seed' must be a single value (number, string or "
            "true/false), got no value");
  EXPECT_EQ(error_of("run: 5\n"), "config.yaml:1: key 'run' must be a map, got '5'");
}

void expect_same_settings(const Settings& a, const Settings& b) {
  for (std::size_t i = 0; i < 3; ++i) {
    const auto &x = a.user_templates[i], &y = b.user_templates[i];
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.context_min, y.context_min) << x.name;
    EXPECT_EQ(x.context_max, y.context_max) << x.name;
    EXPECT_EQ(x.generation_min, y.generation_min) << x.name;
    EXPECT_EQ(x.generation_max, y.generation_max) << x.name;
    EXPECT_EQ(x.think_time_min, y.think_time_min) << x.name;
    EXPECT_EQ(x.think_time_max, y.think_time_max) << x.name;
    const auto &p = a.qos_profiles[i], &q = b.qos_profiles[i];
    EXPECT_EQ(p.target_latency_p95_ms, q.target_latency_p95_ms) << i;
    EXPECT_EQ(p.target_latency_p99_ms, q.target_latency_p99_ms) << i;
    EXPECT_EQ(p.target_latency_p999_ms, q.target_latency_p999_ms) << i;
    EXPECT_EQ(p.target_latency_p9999_ms, q.target_latency_p9999_ms) << i;
    EXPECT_EQ(p.priority, q.priority) << i;
  }
  EXPECT_EQ(a.generation_timing.none, b.generation_timing.none);
  EXPECT_EQ(a.generation_timing.fast, b.generation_timing.fast);
  EXPECT_EQ(a.generation_timing.realistic, b.generation_timing.realistic);
  EXPECT_EQ(a.qos_distribution.interactive_probability, b.qos_distribution.interactive_probability);
  EXPECT_EQ(a.qos_distribution.responsive_threshold, b.qos_distribution.responsive_threshold);
  EXPECT_EQ(a.eviction.max_recursion_depth, b.eviction.max_recursion_depth);
  EXPECT_EQ(a.eviction.target_usage_ratio, b.eviction.target_usage_ratio);
  EXPECT_EQ(a.eviction.large_entry_limit_ratio, b.eviction.large_entry_limit_ratio);
  EXPECT_EQ(a.eviction.max_evictions_hard_cap, b.eviction.max_evictions_hard_cap);
  EXPECT_EQ(a.eviction.max_evictions_min, b.eviction.max_evictions_min);
  EXPECT_EQ(a.gpu_backend.max_eviction_attempts, b.gpu_backend.max_eviction_attempts);
  EXPECT_EQ(a.gpu_backend.free_memory_threshold, b.gpu_backend.free_memory_threshold);
  EXPECT_EQ(a.prefix_cache.min_prefix_length, b.prefix_cache.min_prefix_length);
  EXPECT_EQ(a.prefix_cache.max_prefix_entries, b.prefix_cache.max_prefix_entries);
  EXPECT_EQ(a.prefix_cache.system_prompt_hit_probability,
            b.prefix_cache.system_prompt_hit_probability);
  EXPECT_EQ(a.rag.chunk_size_tokens, b.rag.chunk_size_tokens);
  EXPECT_EQ(a.rag.top_k_chunks, b.rag.top_k_chunks);
  EXPECT_EQ(a.rag.max_chunk_bytes, b.rag.max_chunk_bytes);
  EXPECT_EQ(a.rag.request_probability, b.rag.request_probability);
  EXPECT_EQ(a.rag.retrieval_distribution, b.rag.retrieval_distribution);
  EXPECT_EQ(a.rag.max_documents, b.rag.max_documents);
  EXPECT_EQ(a.rag.large_model_doc_tokens_min, b.rag.large_model_doc_tokens_min);
  EXPECT_EQ(a.rag.large_model_doc_tokens_max, b.rag.large_model_doc_tokens_max);
  EXPECT_EQ(a.rag.small_model_doc_tokens_min, b.rag.small_model_doc_tokens_min);
  EXPECT_EQ(a.rag.small_model_doc_tokens_max, b.rag.small_model_doc_tokens_max);
  EXPECT_EQ(a.conversation.max_conversations, b.conversation.max_conversations);
  EXPECT_EQ(a.conversation.max_turns_per_conv, b.conversation.max_turns_per_conv);
  EXPECT_EQ(a.conversation.end_conversation_probability,
            b.conversation.end_conversation_probability);
  EXPECT_EQ(a.autoscaler.min_users, b.autoscaler.min_users);
  EXPECT_EQ(a.autoscaler.max_users, b.autoscaler.max_users);
  EXPECT_EQ(a.autoscaler.scale_up_factor, b.autoscaler.scale_up_factor);
  EXPECT_EQ(a.autoscaler.scale_down_factor, b.autoscaler.scale_down_factor);
  EXPECT_EQ(a.autoscaler.consecutive_samples_required, b.autoscaler.consecutive_samples_required);
  EXPECT_EQ(a.decode.batch_size, b.decode.batch_size);
  EXPECT_EQ(a.sharegpt.max_context_tokens, b.sharegpt.max_context_tokens);
  EXPECT_EQ(a.sharegpt.max_generation_tokens, b.sharegpt.max_generation_tokens);
  EXPECT_EQ(a.sharegpt.chars_per_token_estimate, b.sharegpt.chars_per_token_estimate);
  EXPECT_EQ(a.saturation_detection.read_latency_p95_threshold_ms,
            b.saturation_detection.read_latency_p95_threshold_ms);
  EXPECT_EQ(a.saturation_detection.write_latency_p95_threshold_ms,
            b.saturation_detection.write_latency_p95_threshold_ms);
  EXPECT_EQ(a.saturation_detection.queue_depth_threshold,
            b.saturation_detection.queue_depth_threshold);
  EXPECT_EQ(a.saturation_detection.history_window_size, b.saturation_detection.history_window_size);
  EXPECT_EQ(a.validation_limits.max_users, b.validation_limits.max_users);
  EXPECT_EQ(a.validation_limits.max_duration_seconds, b.validation_limits.max_duration_seconds);
  EXPECT_EQ(a.validation_limits.max_gpu_memory_gb, b.validation_limits.max_gpu_memory_gb);
  EXPECT_EQ(a.validation_limits.max_cpu_memory_gb, b.validation_limits.max_cpu_memory_gb);
  ASSERT_EQ(a.models.size(), b.models.size());
  for (std::size_t i = 0; i < a.models.size(); ++i) {
    const auto &m = a.models[i], &n = b.models[i];
    EXPECT_EQ(m.key, n.key);
    EXPECT_EQ(m.num_layers, n.num_layers) << m.key;
    EXPECT_EQ(m.hidden_dim, n.hidden_dim) << m.key;
    EXPECT_EQ(m.num_heads, n.num_heads) << m.key;
    EXPECT_EQ(m.kv_heads, n.kv_heads) << m.key;
    EXPECT_EQ(m.dtype, n.dtype) << m.key;
    EXPECT_EQ(m.kv_dim_per_head, n.kv_dim_per_head) << m.key;
    EXPECT_EQ(m.attention, n.attention) << m.key;
    EXPECT_EQ(m.kv_lora_rank, n.kv_lora_rank) << m.key;
    EXPECT_EQ(m.qk_rope_head_dim, n.qk_rope_head_dim) << m.key;
    EXPECT_EQ(model::bytes_per_token(m), model::bytes_per_token(n)) << m.key;
  }
}

// The shipped file loads unchanged and sets exactly the built-in defaults, except the two
// values where the reference's own file differs from its code (spec §3, §4.2).
TEST(ConfigLoader, ShippedConfigLoadsAndMatchesDefaults) {
  const std::string path = std::string(KVBENCH_SOURCE_DIR) + "/configs/config.yaml";
  const LoadedConfig c = load_config_file(path);
  EXPECT_EQ(c.source, path);
  EXPECT_TRUE(c.run.empty());  // the example run: section is commented out
  const Settings defaults;
  expect_same_settings(c.settings, defaults);
  EXPECT_EQ(c.settings.gpu_backend.memory_fraction, 0.9);  // code default 0.8
  EXPECT_EQ(defaults.gpu_backend.memory_fraction, 0.8);

  const std::map<std::string, std::string> names = {
      {"tiny-1b", "Tiny 1B"},
      {"mistral-7b", "Mistral 7B"},
      {"llama2-7b", "Llama 2 7B"},
      {"llama3.1-8b", "Llama 3.1 8B"},
      {"llama3.1-70b-instruct", "Llama 3.1 70B Instruct"},
      {"deepseek-v3", "Deepseek v3"},
      {"qwen3-32b", "Qwen 3 32B"},
      {"gpt-oss-120b", "GPT-OSS 120B (5.1B active)"},
      {"gpt-oss-20b", "GPT-OSS 20B (3.6B active)"}};
  for (const auto& [key, name] : names) EXPECT_EQ(model_of(c.settings, key).name, name);
}

// The example run: section, uncommented, is what cli/ will receive.
TEST(ConfigLoader, ShippedConfigRunExampleParsesWhenUncommented) {
  std::ifstream in(std::string(KVBENCH_SOURCE_DIR) + "/configs/config.yaml");
  std::string text, line;
  bool in_run = false;
  while (std::getline(in, line)) {
    if (line == "# run:") in_run = true;
    if (in_run && line.rfind("# ", 0) == 0) line = line.substr(2);
    text += line + "\n";
  }
  ASSERT_TRUE(in_run);
  const LoadedConfig c = load_config_text(text, "uncommented.yaml");
  ASSERT_GE(c.run.size(), 3u);
  EXPECT_EQ(c.run[0].key, "model");
  EXPECT_EQ(c.run[0].value, "llama3.1-8b");
}

// Inputs a fuzzer would try: each is either loaded or rejected with a located ConfigError.
TEST(ConfigLoader, OddDocumentsFailCleanly) {
  for (const std::string text :
       {"42", "\"just a string\"", "[1, 2]", "? [a, b]\n: c\n",
        "decode: &a {batch_size: 2}\nrag: *a\n", "{model_configs: {x: {name: [1]}}}",
        "user_templates: {chatbot: {context_range: [1, [2]]}}",
        "qos_profiles:\n  batch:\n    target_latency_p95_ms: .inf\n", "eviction:\n  <<: {a: 1}\n",
        "rag: {retrieval_distribution: \"\"}\n", "decode: {batch_size: 1e3}\n"}) {
    const std::string msg = error_of(text);
    EXPECT_THAT(msg, StartsWith("config.yaml:")) << text;
    EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
  }
  // yaml-cpp resolves aliases, so an alias of a valid section is fine.
  EXPECT_EQ(load_config_text("decode: &a {batch_size: 2}\n", "a.yaml").settings.decode.batch_size,
            2);
}

}  // namespace
}  // namespace kvbench::config
