// RunConfig: one run's complete, immutable configuration. Built once by cli/ (flags, the
// `run:` section of --config) and config/ (the YAML schema), then passed by const reference.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/worker_defaults.h"
#include "common/autoscaler_mode.h"
#include "common/clock_kind.h"
#include "common/generation_mode.h"
#include "common/performance_profile.h"
#include "config/settings.h"
#include "common/backend_options.h"

namespace kvbench::config {

// The vocabulary enums and their spellings live in common/; these names keep config:: working.
using ::kvbench::AutoscalerMode;
using ::kvbench::ClockKind;
using ::kvbench::generation_mode_name;
using ::kvbench::GenerationMode;
using ::kvbench::PerformanceProfile;

struct RunConfig {
  // ---- flags of the reference (spec §2.1), same names and defaults ----
  std::string log_level = "INFO";
  std::string model = "llama3.1-8b";
  int num_users = 100;
  int duration = 60;  // seconds
  double gpu_mem_gb = 16;
  int num_gpus = 1;
  int tensor_parallel = 1;
  double cpu_mem_gb = 32;
  GenerationMode generation_mode = GenerationMode::Realistic;
  PerformanceProfile performance_profile = PerformanceProfile::Latency;
  bool disable_multi_turn = false;
  bool disable_prefix_caching = false;
  bool enable_rag = false;
  int rag_num_docs = 10;
  bool enable_autoscaling = false;
  AutoscalerMode autoscaler_mode = AutoscalerMode::Qos;
  double target_saturation = 0.8;
  bool use_burst_trace = false;
  std::string burst_trace_path = "BurstGPT/data/BurstGPT_1.csv";
  std::optional<std::string> validation_trace;
  std::optional<std::string> dataset_path;
  int max_conversations = 500;
  std::string output;  // default: benchmark_results_<YYYYMMDD_HHMMSS>.json
  std::optional<std::int64_t> seed;
  int max_concurrent_allocs = 0;
  double request_rate = 0;
  std::int64_t max_requests = 0;
  std::optional<std::string> xlsx_output;
  std::optional<std::string> config_path;
  double storage_capacity_gb = 0;
  bool precondition = false;
  double precondition_size_gb = 0;
  int precondition_threads = 0;
  double trace_speedup = 1.0;
  int replay_cycles = 0;
  bool prefill_only = false;
  bool decode_only = false;
  std::optional<std::string> io_trace_log;
  bool enable_latency_tracing = false;
  // Issue 16 item 1: "reference" caps ShareGPT turns as kv-cache.py does (16,384 context and
  // 2,048 generation tokens, 4 characters a token, whatever config.yaml's sharegpt section
  // says); "config" honours that section.
  std::string sharegpt_caps = "reference";

  // ---- kvbench's own flags ----
  ClockKind clock = ClockKind::Wall;
  int workers = 0;                 // 0 = min(num_users, 500)
  std::int64_t max_queue_depth = 0;  // 0 = default (see effective_queue_depth)
  // The tier backends' own flags (--cache-dir, --io-size, --io-depth, --io-engine), declared
  // with their rows in tiers/ (tier_registry.h).
  tiers::BackendOptions backends;
  bool verify = false;               // re-derive and check every byte read; mismatches fail the run
  std::optional<std::string> http_listen;  // HOST:PORT of the live HTTP server; unset = off
  double http_linger = 0;                  // seconds to keep serving after the run ends
  double drain_timeout = 10;  // seconds the requests in flight at the window's end may finish in
  std::string fail_on = "failed";  // run health that exits 1: never | degraded | failed
  bool quiet = false;              // no live progress lines
  double progress_interval = 10;   // seconds between progress log lines when not on a terminal
  // Several TP groups as one measurement (issue 20): the start barrier (app/start_barrier.h).
  int group_size = 1;              // 1 = no barrier
  int rank = 0;                    // this group's index among them (an Indexed Job's index)
  std::string peers;               // HOST:PORT,... of every group's --http-listen, itself included
  std::string peers_pattern;       // or a pattern with {index}, expanded for 0..group_size-1
  double barrier_timeout = 600;    // seconds to wait for every peer's /readyz
  // Issue 18: --block-tokens (unset: 0, or the trace's 512 with --mooncake-trace) and the
  // Mooncake JSONL trace to replay.
  std::optional<std::int64_t> block_tokens;
  std::optional<std::string> mooncake_trace;
  double timeline_interval = 1;    // seconds of engine time per kvbench.timeline point; 0 = none

  // ---- config.yaml ----
  Settings settings;

  bool trace_mode() const { return io_trace_log.has_value(); }
  int effective_workers() const { return kvbench::effective_workers(workers, num_users); }
  std::int64_t effective_queue_depth() const { return kvbench::effective_queue_depth(max_queue_depth); }
  std::uint64_t effective_block_tokens() const {
    if (block_tokens) return static_cast<std::uint64_t>(*block_tokens);
    return mooncake_trace ? 512 : 0;
  }
  std::uint64_t seed_or_zero() const { return seed ? static_cast<std::uint64_t>(*seed) : 0; }
  double seconds_per_token() const {
    return settings.generation_timing.seconds_per_token(generation_mode);
  }
  const model::ModelSpec& model_spec() const { return *settings.find_model(model); }
};

}  // namespace kvbench::config
