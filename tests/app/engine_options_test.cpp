// app/ hands the engine what it reads of RunConfig (engine::EngineOptions): each value arrives,
// and the engine's own defaults are RunConfig's, so an engine test built without app/ runs the
// reference's configuration.
#include "app/engine_options.h"

#include <gtest/gtest.h>

namespace kvbench::app {
namespace {

TEST(EngineOptions, CarriesWhatTheEngineReadsFromRunConfig) {
  config::RunConfig cfg;
  cfg.clock = ClockKind::Virtual;
  cfg.seed = 7;
  cfg.num_users = 12;
  cfg.duration = 30;
  cfg.max_requests = 99;
  cfg.drain_timeout = 3;
  cfg.workers = 5;
  cfg.max_queue_depth = 17;
  cfg.generation_mode = GenerationMode::Fast;
  cfg.model = "llama3.1-70b-instruct";
  cfg.tensor_parallel = 4;
  cfg.decode_only = true;
  cfg.disable_prefix_caching = true;
  cfg.rag_num_docs = 3;
  cfg.precondition_size_gb = 2;
  cfg.precondition_threads = 6;
  cfg.autoscaler_mode = AutoscalerMode::Capacity;
  cfg.target_saturation = 0.5;
  cfg.settings.decode.batch_size = 8;
  cfg.settings.autoscaler.min_users = 3;
  cfg.settings.autoscaler.scale_up_factor = 1.5;
  cfg.settings.autoscaler.consecutive_samples_required = 4;
  cfg.settings.saturation_detection.read_latency_p95_threshold_ms = 40;
  cfg.settings.saturation_detection.history_window_size = 6;

  const engine::EngineOptions o = engine_options_for(cfg);
  EXPECT_EQ(o.clock, ClockKind::Virtual);
  EXPECT_EQ(o.seed_or_zero(), 7u);
  EXPECT_EQ(o.num_users, 12);
  EXPECT_EQ(o.duration, 30);
  EXPECT_EQ(o.max_requests, 99);
  EXPECT_EQ(o.drain_timeout, 3);
  EXPECT_EQ(o.effective_workers(), 5);
  EXPECT_EQ(o.effective_queue_depth(), 17);
  EXPECT_EQ(o.seconds_per_token(), cfg.seconds_per_token());
  EXPECT_EQ(o.model_spec().key, "llama3.1-70b-instruct");
  EXPECT_EQ(o.tensor_parallel, 4);
  EXPECT_TRUE(o.decode_only);
  EXPECT_FALSE(o.prefill_only);
  EXPECT_TRUE(o.disable_prefix_caching);
  EXPECT_EQ(o.rag_num_docs, 3);
  EXPECT_EQ(o.precondition_size_gb, 2);
  EXPECT_EQ(o.precondition_threads, 6);
  EXPECT_EQ(o.decode_batch_size, 8);
  EXPECT_EQ(o.autoscaler.mode, AutoscalerMode::Capacity);
  EXPECT_EQ(o.autoscaler.target_saturation, 0.5);
  EXPECT_EQ(o.autoscaler.min_users, 3);
  EXPECT_EQ(o.autoscaler.scale_up_factor, 1.5);
  EXPECT_EQ(o.autoscaler.consecutive_samples_required, 4);
  EXPECT_EQ(o.saturation.read_latency_p95_threshold_ms, 40);
  EXPECT_EQ(o.saturation.history_window_size, 6);
}

TEST(EngineOptions, DefaultsEqualRunConfigDefaults) {
  const engine::EngineOptions o;
  const engine::EngineOptions from = engine_options_for(config::RunConfig{});
  EXPECT_EQ(o.clock, from.clock);
  EXPECT_EQ(o.num_users, from.num_users);
  EXPECT_EQ(o.duration, from.duration);
  EXPECT_EQ(o.drain_timeout, from.drain_timeout);
  EXPECT_EQ(o.effective_workers(), from.effective_workers());
  EXPECT_EQ(o.effective_queue_depth(), from.effective_queue_depth());
  EXPECT_EQ(o.seconds_per_token(), from.seconds_per_token());
  EXPECT_EQ(o.tensor_parallel, from.tensor_parallel);
  EXPECT_EQ(o.decode_batch_size, from.decode_batch_size);
  EXPECT_EQ(o.rag_num_docs, from.rag_num_docs);
  EXPECT_EQ(o.autoscaler.mode, from.autoscaler.mode);
  EXPECT_EQ(o.autoscaler.target_saturation, from.autoscaler.target_saturation);
  EXPECT_EQ(o.autoscaler.min_users, from.autoscaler.min_users);
  EXPECT_EQ(o.autoscaler.max_users, from.autoscaler.max_users);
  EXPECT_EQ(o.autoscaler.scale_up_factor, from.autoscaler.scale_up_factor);
  EXPECT_EQ(o.autoscaler.scale_down_factor, from.autoscaler.scale_down_factor);
  EXPECT_EQ(o.autoscaler.consecutive_samples_required, from.autoscaler.consecutive_samples_required);
  EXPECT_EQ(o.saturation.read_latency_p95_threshold_ms, from.saturation.read_latency_p95_threshold_ms);
  EXPECT_EQ(o.saturation.history_window_size, from.saturation.history_window_size);
}

}  // namespace
}  // namespace kvbench::app
