// Everything config.yaml can set (spec §3), with the reference's defaults. Built once by
// config/ and read-only afterwards. Keys the reference reads but then ignores in favour of
// hard-coded values (spec §11.2.7) are honoured here; their defaults equal those constants.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "common/qos_class.h"
#include "model/model_spec.h"

namespace kvbench::config {

struct UserTemplate {
  std::string name;  // chatbot | coding | document
  int context_min = 0, context_max = 0;
  int generation_min = 0, generation_max = 0;
  double think_time_min = 0, think_time_max = 0;  // seconds
};

// The QoS vocabulary lives in common/qos_class.h; these names keep config:: spellings working.
using ::kvbench::kQosNames;
using ::kvbench::QosLevel;

struct QosProfile {
  double target_latency_p95_ms = 0;
  double target_latency_p99_ms = 0;
  double target_latency_p999_ms = 0;
  double target_latency_p9999_ms = 0;
  int priority = 1;  // higher runs first
};

struct GenerationTiming {  // seconds per generated token
  double none = 0.0, fast = 0.002, realistic = 0.030;
};

struct QosDistribution {
  double interactive_probability = 0.15;
  double responsive_threshold = 0.50;  // cumulative
};

struct Eviction {
  int max_recursion_depth = 10;
  double target_usage_ratio = 0.8;
  double large_entry_limit_ratio = 0.95;
  int max_evictions_hard_cap = 5000;
  int max_evictions_min = 1000;
};

struct GpuBackend {
  double memory_fraction = 0.8;
  int max_eviction_attempts = 100;
  double free_memory_threshold = 0.1;
};

struct PrefixCache {
  int min_prefix_length = 50;
  int max_prefix_entries = 1000;
  double system_prompt_hit_probability = 0.2;
};

struct Rag {
  int chunk_size_tokens = 512;
  int top_k_chunks = 5;
  std::int64_t max_chunk_bytes = 268435456;
  double request_probability = 0.1;
  std::string retrieval_distribution = "zipfian";
  int max_documents = 0;
  int large_model_doc_tokens_min = 1024, large_model_doc_tokens_max = 4096;
  int small_model_doc_tokens_min = 4000, small_model_doc_tokens_max = 12000;
};

struct Conversation {
  int max_conversations = 1000;
  int max_turns_per_conv = 50;
  double end_conversation_probability = 0.2;
};

struct Autoscaler {
  int min_users = 1, max_users = 10000;
  double scale_up_factor = 1.2, scale_down_factor = 0.8;
  int consecutive_samples_required = 2;
};

struct Decode {
  int batch_size = 32;
};

struct ShareGpt {
  int max_context_tokens = 16384;  // reference hard-codes 16384 (its config file says 8192)
  int max_generation_tokens = 2048;
  int chars_per_token_estimate = 4;
};

struct SaturationDetection {
  double read_latency_p95_threshold_ms = 100;
  double write_latency_p95_threshold_ms = 50;
  int queue_depth_threshold = 100;
  int history_window_size = 10;
};

struct ValidationLimits {  // accepted for compatibility; the flag limits are constants (§2.2)
  std::int64_t max_users = 100000, max_duration_seconds = 86400;
  std::int64_t max_gpu_memory_gb = 1024, max_cpu_memory_gb = 16384;
};

struct Settings {
  std::array<UserTemplate, 3> user_templates{{
      {"chatbot", 512, 4096, 50, 200, 0.1, 0.5},
      {"coding", 4096, 25000, 100, 500, 0.2, 1.0},
      {"document", 4096, 16384, 200, 800, 0.3, 1.5},
  }};
  GenerationTiming generation_timing;
  std::array<QosProfile, 3> qos_profiles{{
      {50, 100, 150, 200, 3},
      {100, 200, 350, 500, 2},
      {1000, 5000, 7500, 10000, 1},
  }};
  QosDistribution qos_distribution;
  Eviction eviction;
  GpuBackend gpu_backend;
  PrefixCache prefix_cache;
  Rag rag;
  Conversation conversation;
  Autoscaler autoscaler;
  Decode decode;
  ShareGpt sharegpt;
  SaturationDetection saturation_detection;
  ValidationLimits validation_limits;
  std::vector<model::ModelSpec> models = model::builtin_models();

  const model::ModelSpec* find_model(const std::string& key) const {
    for (const auto& m : models)
      if (m.key == key) return &m;
    return nullptr;
  }
};

}  // namespace kvbench::config
