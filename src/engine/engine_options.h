// What the engine reads of a run's configuration, and nothing else: the clock, the window, the
// workers and queue, the disaggregated modes, the model and TP (for KvLayout), and config.yaml's
// decode, autoscaler and saturation_detection sections. app/ builds it from RunConfig
// (app/engine_options.cpp), so engine/ does not depend on how flags and YAML are parsed. The
// defaults are the reference's, as RunConfig's (tests/app/engine_options_test.cpp checks it).
#pragma once

#include <cstdint>
#include <optional>

#include "common/worker_defaults.h"
#include "common/autoscaler_mode.h"
#include "common/clock_kind.h"
#include "model/model_spec.h"

namespace kvbench::engine {

// config.yaml's `autoscaler` section with --autoscaler-mode and --target-saturation.
struct AutoscalerOptions {
  AutoscalerMode mode = AutoscalerMode::Qos;
  double target_saturation = 0.8;
  int min_users = 1, max_users = 10000;
  double scale_up_factor = 1.2, scale_down_factor = 0.8;
  int consecutive_samples_required = 2;
};

// config.yaml's `saturation_detection` section, as far as the saturation model reads it.
struct SaturationOptions {
  double read_latency_p95_threshold_ms = 100;
  int history_window_size = 10;
};

struct EngineOptions {
  ClockKind clock = ClockKind::Wall;
  std::optional<std::int64_t> seed;  // --seed: a seeded virtual clock starts at a fixed epoch
  int num_users = 100;
  int duration = 60;  // seconds of the timed window
  std::int64_t max_requests = 0;
  double drain_timeout = 10;  // seconds the requests in flight at the window's end may finish in
  int workers = 0;            // 0 = min(num_users, 500)
  std::int64_t max_queue_depth = 0;  // 0 = 10000
  double generation_s_per_token = 0.030;  // --generation-mode's seconds per generated token

  model::ModelSpec model;  // --model, resolved
  int tensor_parallel = 1;
  std::uint64_t block_tokens = 0;  // --block-tokens: 0 = whole entries (the reference)
  bool prefill_only = false;
  bool decode_only = false;
  bool disable_prefix_caching = false;
  int decode_batch_size = 32;  // config.yaml's decode.batch_size
  int rag_num_docs = 10;

  double precondition_size_gb = 0;  // 0 = twice the terminal level's limit
  int precondition_threads = 0;     // 0 = the hardware's threads

  AutoscalerOptions autoscaler;
  SaturationOptions saturation;

  // The same resolutions RunConfig makes (common/worker_defaults.h).
  int effective_workers() const { return kvbench::effective_workers(workers, num_users); }
  std::int64_t effective_queue_depth() const { return kvbench::effective_queue_depth(max_queue_depth); }
  std::uint64_t seed_or_zero() const { return seed ? static_cast<std::uint64_t>(*seed) : 0; }
  double seconds_per_token() const { return generation_s_per_token; }
  const model::ModelSpec& model_spec() const { return model; }
};

}  // namespace kvbench::engine
