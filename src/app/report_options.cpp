#include "app/report_options.h"

namespace kvbench::app {

report::ReportOptions report_options_for(const config::RunConfig& cfg) {
  report::ReportOptions o;
  o.model = cfg.model;
  if (const model::ModelSpec* spec = cfg.settings.find_model(cfg.model)) o.spec = *spec;
  o.num_users = cfg.num_users;
  o.duration = cfg.duration;
  o.gpu_mem_gb = cfg.gpu_mem_gb;
  o.num_gpus = cfg.num_gpus;
  o.tensor_parallel = cfg.tensor_parallel;
  o.cpu_mem_gb = cfg.cpu_mem_gb;
  o.generation_mode = cfg.generation_mode;
  o.generation_timing = cfg.settings.generation_timing;
  o.performance_profile = cfg.performance_profile;
  o.disable_multi_turn = cfg.disable_multi_turn;
  o.disable_prefix_caching = cfg.disable_prefix_caching;
  o.enable_rag = cfg.enable_rag;
  o.enable_autoscaling = cfg.enable_autoscaling;
  o.autoscaler_mode = cfg.autoscaler_mode;
  o.use_burst_trace = cfg.use_burst_trace;
  o.dataset_path = cfg.dataset_path;
  o.seed = cfg.seed;
  o.max_concurrent_allocs = cfg.max_concurrent_allocs;
  o.request_rate = cfg.request_rate;
  o.max_requests = cfg.max_requests;
  o.cache_dir = cfg.backends.file.dir;
  o.storage_capacity_gb = cfg.storage_capacity_gb;
  o.precondition = cfg.precondition;
  o.precondition_size_gb = cfg.precondition_size_gb;
  o.precondition_threads = cfg.precondition_threads;
  o.trace_speedup = cfg.trace_speedup;
  o.replay_cycles = cfg.replay_cycles;
  o.prefill_only = cfg.prefill_only;
  o.decode_only = cfg.decode_only;
  o.io_trace_log = cfg.io_trace_log;
  o.clock = cfg.clock;
  o.workers = cfg.workers;
  o.drain_timeout = cfg.drain_timeout;
  return o;
}

}  // namespace kvbench::app
