// The run's parameters the reports print back (the banner, the results JSON, the spreadsheet's
// parameter columns), and nothing else. app/ builds it from RunConfig (app/report_options.cpp),
// so report/ does not depend on how flags and YAML are parsed. Names and defaults are
// RunConfig's (tests/app/report_options_test.cpp checks the defaults).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/worker_defaults.h"
#include "common/autoscaler_mode.h"
#include "common/clock_kind.h"
#include "common/generation_mode.h"
#include "common/performance_profile.h"
#include "model/model_spec.h"

namespace kvbench::report {

struct ReportOptions {
  std::string model = "llama3.1-8b";
  std::optional<model::ModelSpec> spec;  // --model's table entry; unset: print the key only
  int num_users = 100;
  int duration = 60;  // seconds
  double gpu_mem_gb = 16;
  int num_gpus = 1;
  int tensor_parallel = 1;
  double cpu_mem_gb = 32;
  GenerationMode generation_mode = GenerationMode::Realistic;
  GenerationTiming generation_timing;  // config.yaml's seconds per token of each mode
  PerformanceProfile performance_profile = PerformanceProfile::Latency;
  bool disable_multi_turn = false;
  bool disable_prefix_caching = false;
  bool enable_rag = false;
  bool enable_autoscaling = false;
  AutoscalerMode autoscaler_mode = AutoscalerMode::Qos;
  bool use_burst_trace = false;
  std::optional<std::string> dataset_path;
  std::optional<std::int64_t> seed;
  int max_concurrent_allocs = 0;
  double request_rate = 0;
  std::int64_t max_requests = 0;
  std::optional<std::string> cache_dir;  // --cache-dir; unset: a temp dir
  double storage_capacity_gb = 0;
  bool precondition = false;
  double precondition_size_gb = 0;
  int precondition_threads = 0;
  double trace_speedup = 1.0;
  int replay_cycles = 0;
  bool prefill_only = false;
  bool decode_only = false;
  std::optional<std::string> io_trace_log;
  ClockKind clock = ClockKind::Wall;
  int workers = 0;  // 0 = min(num_users, 500)
  double drain_timeout = 10;

  int effective_workers() const { return kvbench::effective_workers(workers, num_users); }
  double seconds_per_token() const { return generation_timing.seconds_per_token(generation_mode); }
  const model::ModelSpec* model_spec() const { return spec ? &*spec : nullptr; }
};

}  // namespace kvbench::report
