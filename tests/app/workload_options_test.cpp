#include <gtest/gtest.h>

#include "app/workload_run.h"

namespace kvbench::app {
namespace {

// The arrival sources read only WorkloadOptions: every field must come from the run's own
// RunConfig, or a flag or config.yaml key would silently stop reaching the workload.
TEST(WorkloadOptions, CarriesWhatTheSourcesReadFromRunConfig) {
  config::RunConfig cfg;
  cfg.num_users = 7;
  cfg.seed = 1234;
  cfg.disable_multi_turn = true;
  cfg.disable_prefix_caching = true;
  cfg.request_rate = 2.5;
  cfg.trace_speedup = 0;
  cfg.replay_cycles = 3;
  cfg.settings.user_templates[1].context_max = 999;
  cfg.settings.qos_profiles[2].priority = 9;
  cfg.settings.qos_distribution.interactive_probability = 0.4;
  cfg.settings.prefix_cache.system_prompt_hit_probability = 0.7;
  cfg.settings.rag.request_probability = 0.3;
  cfg.settings.rag.retrieval_distribution = "uniform";
  cfg.settings.conversation.max_turns_per_conv = 4;

  const workload::WorkloadOptions o = workload_options(cfg);
  EXPECT_EQ(o.num_users, 7);
  ASSERT_TRUE(o.seed.has_value());
  EXPECT_EQ(*o.seed, 1234);
  EXPECT_EQ(o.seed_or_zero(), cfg.seed_or_zero());
  EXPECT_TRUE(o.disable_multi_turn);
  EXPECT_TRUE(o.disable_prefix_caching);
  EXPECT_EQ(o.request_rate, 2.5);
  EXPECT_EQ(o.trace_speedup, 0.0);
  EXPECT_EQ(o.replay_cycles, 3);
  EXPECT_EQ(o.user_templates[1].context_max, 999);
  EXPECT_EQ(o.qos_profiles[2].priority, 9);
  EXPECT_EQ(o.qos_distribution.interactive_probability, 0.4);
  EXPECT_EQ(o.prefix_cache.system_prompt_hit_probability, 0.7);
  EXPECT_EQ(o.rag.request_probability, 0.3);
  EXPECT_EQ(o.rag.retrieval_distribution, "uniform");
  EXPECT_EQ(o.conversation.max_turns_per_conv, 4);
}

// Defaults agree, so a test or tool that builds WorkloadOptions directly gets the reference's.
TEST(WorkloadOptions, DefaultsEqualRunConfigDefaults) {
  const config::RunConfig cfg;
  const workload::WorkloadOptions o;
  const workload::WorkloadOptions from = workload_options(cfg);
  EXPECT_EQ(o.num_users, from.num_users);
  EXPECT_EQ(o.seed.has_value(), from.seed.has_value());
  EXPECT_EQ(o.trace_speedup, from.trace_speedup);
  EXPECT_EQ(o.replay_cycles, from.replay_cycles);
  EXPECT_EQ(o.request_rate, from.request_rate);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(o.user_templates[i].context_max, from.user_templates[i].context_max);
    EXPECT_EQ(o.user_templates[i].think_time_max, from.user_templates[i].think_time_max);
    EXPECT_EQ(o.qos_profiles[i].priority, from.qos_profiles[i].priority);
  }
  EXPECT_EQ(o.rag.chunk_size_tokens, from.rag.chunk_size_tokens);
  EXPECT_EQ(o.conversation.max_conversations, from.conversation.max_conversations);
}

}  // namespace
}  // namespace kvbench::app
