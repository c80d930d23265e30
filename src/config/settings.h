// Everything config.yaml can set (spec §3), with the reference's defaults. Built once by
// config/ and read-only afterwards. Keys the reference reads but then ignores in favour of
// hard-coded values (spec §11.2.7) are honoured here; their defaults equal those constants.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "cache/eviction_options.h"
#include "common/generation_mode.h"
#include "common/qos_class.h"
#include "common/qos_profile.h"
#include "model/model_spec.h"
#include "workload/workload_settings.h"

namespace kvbench::config {

// The sections other layers read are theirs (common/qos_profile.h, common/generation_mode.h,
// workload/workload_settings.h, cache/eviction_options.h); these names keep config:: spellings
// working for the YAML loader. The engine's sections (autoscaler, decode, saturation_detection)
// stay here: config/ may not see engine/, so app/ copies them into engine::EngineOptions.
using ::kvbench::kQosNames;
using ::kvbench::QosLevel;
using ::kvbench::QosProfile;
using ::kvbench::GenerationTiming;
using workload::UserTemplate;
using workload::QosDistribution;
using workload::PrefixCache;
using workload::Rag;
using Conversation = workload::ConversationLimits;
using cache::Eviction;

struct GpuBackend {
  double memory_fraction = 0.8;
  int max_eviction_attempts = 100;
  double free_memory_threshold = 0.1;
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
  std::array<UserTemplate, 3> user_templates = workload::default_user_templates();
  GenerationTiming generation_timing;
  std::array<QosProfile, 3> qos_profiles = kDefaultQosProfiles;
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
