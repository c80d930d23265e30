#include "app/engine_options.h"

namespace kvbench::app {

engine::EngineOptions engine_options_for(const config::RunConfig& cfg) {
  engine::EngineOptions o;
  o.clock = cfg.clock;
  o.seed = cfg.seed;
  o.num_users = cfg.num_users;
  o.duration = cfg.duration;
  o.max_requests = cfg.max_requests;
  o.drain_timeout = cfg.drain_timeout;
  o.workers = cfg.workers;
  o.max_queue_depth = cfg.max_queue_depth;
  o.generation_s_per_token = cfg.seconds_per_token();

  o.model = cfg.model_spec();
  o.tensor_parallel = cfg.tensor_parallel;
  o.block_tokens = cfg.effective_block_tokens();
  o.prefill_only = cfg.prefill_only;
  o.decode_only = cfg.decode_only;
  o.disable_prefix_caching = cfg.disable_prefix_caching;
  o.decode_batch_size = cfg.settings.decode.batch_size;
  o.rag_num_docs = cfg.rag_num_docs;

  o.precondition_size_gb = cfg.precondition_size_gb;
  o.precondition_threads = cfg.precondition_threads;

  const config::Autoscaler& scaler = cfg.settings.autoscaler;
  o.autoscaler.mode = cfg.autoscaler_mode;
  o.autoscaler.target_saturation = cfg.target_saturation;
  o.autoscaler.min_users = scaler.min_users;
  o.autoscaler.max_users = scaler.max_users;
  o.autoscaler.scale_up_factor = scaler.scale_up_factor;
  o.autoscaler.scale_down_factor = scaler.scale_down_factor;
  o.autoscaler.consecutive_samples_required = scaler.consecutive_samples_required;

  const config::SaturationDetection& saturation = cfg.settings.saturation_detection;
  o.saturation.read_latency_p95_threshold_ms = saturation.read_latency_p95_threshold_ms;
  o.saturation.history_window_size = saturation.history_window_size;
  return o;
}

}  // namespace kvbench::app
