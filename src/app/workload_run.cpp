#include "app/workload_run.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <thread>
#include <vector>

#include "app/report_options.h"
#include "common/log.h"
#include "engine/prepopulate.h"
#include "workload/burstgpt_source.h"
#include "workload/mooncake_source.h"
#include "workload/sharegpt_source.h"
#include "workload/synthetic_source.h"

namespace kvbench::app {
namespace {

using engine::prepopulate;
using engine::PrepopulateOutcome;

using workload::WorkloadInputError;

// The reference clamps the autoscaled user count to [1, 500] (spec §5.9).
constexpr int kAutoscaleUserCap = 500;

// With the virtual clock and no generation time a trace-mode request takes no simulated time,
// and nothing but --max-requests ends a run whose arrivals never wait: time would stand still.
// Each workload refuses the shapes of it that cannot wait (zero think time, unpaced endless
// replay).
bool simulated_time_can_stall(const config::RunConfig& cfg) {
  return cfg.clock == config::ClockKind::Virtual && cfg.seconds_per_token() == 0 && cfg.max_requests == 0;
}

workload::ShareGptOptions sharegpt_options(const config::RunConfig& cfg) {
  workload::ShareGptOptions o;
  o.max_conversations = static_cast<std::uint64_t>(cfg.max_conversations);
  // The reference reads none of the sharegpt section (its loader hard-codes the caps that
  // ShareGptOptions{} holds): its shipped config.yaml's 8,192 would cut long turns short.
  if (cfg.sharegpt_caps != "config") return o;
  o.chars_per_token = cfg.settings.sharegpt.chars_per_token_estimate;
  o.max_context_tokens = static_cast<std::uint32_t>(std::max(1, cfg.settings.sharegpt.max_context_tokens));
  o.max_generation_tokens = static_cast<std::uint32_t>(std::max(1, cfg.settings.sharegpt.max_generation_tokens));
  return o;
}

bool is_readable_file(const std::string& path, std::string& why) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    why = "no such file";
    return false;
  }
  if (std::filesystem::is_directory(path, ec)) {
    why = "is a directory";
    return false;
  }
  return true;
}

}  // namespace

workload::WorkloadOptions workload_options(const config::RunConfig& cfg) {
  workload::WorkloadOptions o;
  o.num_users = cfg.num_users;
  o.seed = cfg.seed;
  o.disable_multi_turn = cfg.disable_multi_turn;
  o.disable_prefix_caching = cfg.disable_prefix_caching;
  o.request_rate = cfg.request_rate;
  o.trace_speedup = cfg.trace_speedup;
  o.replay_cycles = cfg.replay_cycles;
  o.user_templates = cfg.settings.user_templates;
  o.qos_profiles = cfg.settings.qos_profiles;
  o.qos_distribution = cfg.settings.qos_distribution;
  o.prefix_cache = cfg.settings.prefix_cache;
  o.rag = cfg.settings.rag;
  o.conversation = cfg.settings.conversation;
  return o;
}

WorkloadRun::~WorkloadRun() = default;

std::unique_ptr<WorkloadRun> WorkloadRun::prepare(const config::RunConfig& cfg) {
  std::unique_ptr<WorkloadRun> run(new WorkloadRun(cfg));
  if (cfg.validation_trace) {
    const std::string& path = *cfg.validation_trace;
    std::string why;
    if (!is_readable_file(path, why))
      throw WorkloadInputError("--validation-trace '" + path + "': " + why);
    workload::ValidationTrace trace = workload::load_validation_trace(path);
    if (!trace.error.empty())
      throw WorkloadInputError("--validation-trace '" + path + "': " + trace.error);
    if (trace.total_requests == 0)
      throw WorkloadInputError("--validation-trace '" + path + "': no usable record (each needs a boolean cache_hit)");
    if (trace.records_skipped > 0)
      log::warning("--validation-trace '" + path + "': " + std::to_string(trace.records_skipped) +
                   " malformed record(s) skipped");
    run->validation_ = std::move(trace);
  }
  run->build_source();
  return run;
}

void WorkloadRun::build_synthetic(const std::string& fallback_reason) {
  // A user with no think time sends each request when its previous one is finished: at the
  // same instant, when requests take no simulated time.
  if (simulated_time_can_stall(cfg_))
    for (const auto& t : cfg_.settings.user_templates)
      if (t.think_time_max == 0)
        throw WorkloadInputError("--clock virtual: users of user_templates." + t.name +
                                 ".think_time_range [0, 0] with --generation-mode none never advance "
                                 "simulated time; set a think time, --max-requests or a generation mode");
  kind_ = "synthetic";
  fallback_ = fallback_reason;
  max_users_ = cfg_.num_users;
  if (cfg_.enable_autoscaling)
    max_users_ = std::max(cfg_.num_users, std::min(cfg_.settings.autoscaler.max_users, kAutoscaleUserCap));
  if (cfg_.enable_rag) {
    corpus_ = std::make_unique<workload::RagCorpus>(cfg_.settings.rag, cfg_.model_spec(), cfg_.seed_or_zero());
    if (!corpus_->distribution_known())
      log::warning("Unknown retrieval distribution '" + cfg_.settings.rag.retrieval_distribution +
                   "', defaulting to 'zipfian'");
  }
  source_ = std::make_unique<workload::SyntheticSource>(workload_options(cfg_), max_users_, corpus_.get());
}

void WorkloadRun::build_source() {
  const bool unpaced_endless = cfg_.replay_cycles == 0 && simulated_time_can_stall(cfg_);
  if (cfg_.dataset_path) {
    if (cfg_.use_burst_trace) log::warning("--dataset-path takes precedence over --use-burst-trace");
    const std::string& path = *cfg_.dataset_path;
    std::string why;
    if (!is_readable_file(path, why)) {
      if (why == "no such file") {
        // Spec §5.5: a missing dataset is a warning, and the run uses synthetic users.
        log::warning("Dataset not found at " + path);
        log::warning("ShareGPT dataset is empty or not loaded. Falling back to synthetic workload.");
        build_synthetic("dataset not found: " + path);
        return;
      }
      throw WorkloadInputError("--dataset-path '" + path + "': " + why);
    }
    workload::ShareGptDataset data = workload::load_sharegpt_file(path, sharegpt_options(cfg_));
    if (!data.error.empty() && data.conversations.empty())
      throw WorkloadInputError("--dataset-path '" + path + "': " + data.error);
    if (!data.error.empty())
      log::warning("--dataset-path '" + path + "': " + data.error + "; using the " +
                   std::to_string(data.conversations.size()) + " conversations read before it");
    if (data.records_skipped > 0 || data.pairs_skipped > 0)
      log::warning("--dataset-path '" + path + "': skipped " + std::to_string(data.records_skipped) +
                   " malformed record(s) and " + std::to_string(data.pairs_skipped) + " message pair(s)");
    if (data.conversations.empty() && data.records_read > 0)
      throw WorkloadInputError("--dataset-path '" + path + "': none of its " +
                               std::to_string(data.records_read) +
                               " records is a conversation with a (human, gpt) message pair");
    if (data.conversations.empty()) {
      // Spec §5.5: an empty dataset is a warning, and the run uses synthetic users.
      log::warning("ShareGPT dataset is empty or not loaded. Falling back to synthetic workload.");
      build_synthetic("dataset is empty: " + path);
      return;
    }
    log::info("Loaded " + std::to_string(data.conversations.size()) + " conversations with " +
              std::to_string(data.total_turns()) + " turns");
    if (unpaced_endless && cfg_.request_rate == 0)
      throw WorkloadInputError(
          "--clock virtual: an endless ShareGPT replay (--replay-cycles 0, --request-rate 0) with "
          "--generation-mode none never advances simulated time; set --replay-cycles, "
          "--max-requests, --request-rate or a generation mode");
    if (cfg_.enable_rag) log::warning("--enable-rag: RAG documents are ingested only with synthetic users (as kv-cache.py); ignored for ShareGPT replay");
    kind_ = "sharegpt";
    max_users_ = cfg_.num_users;
    source_ = std::make_unique<workload::ShareGptSource>(workload_options(cfg_), std::move(data), path);
    return;
  }
  if (cfg_.mooncake_trace) {
    build_mooncake(unpaced_endless);
    return;
  }
  if (cfg_.use_burst_trace) {
    std::vector<std::string> files = workload::resolve_burst_trace_files(cfg_.burst_trace_path);
    for (const auto& f : files) workload::check_burst_trace_file(f);
    log::info("Resolved " + std::to_string(files.size()) + " BurstGPT trace file(s)");
    if (unpaced_endless && cfg_.trace_speedup == 0)
      throw WorkloadInputError(
          "--clock virtual: an endless BurstGPT replay (--replay-cycles 0, --trace-speedup 0) with "
          "--generation-mode none never advances simulated time; set --replay-cycles, "
          "--max-requests, --trace-speedup or a generation mode");
    if (cfg_.enable_rag) log::warning("--enable-rag: RAG documents are ingested only with synthetic users (as kv-cache.py); ignored for BurstGPT replay");
    kind_ = "burstgpt";
    burst_files_ = files.size();
    max_users_ = workload::BurstGptSource::kTraceUsers;
    source_ = std::make_unique<workload::BurstGptSource>(workload_options(cfg_), std::move(files));
    return;
  }
  build_synthetic("");
}

// --mooncake-trace (issue 18): checked at start-up, then streamed each replay cycle.
void WorkloadRun::build_mooncake(bool unpaced_endless) {
  const std::string& path = *cfg_.mooncake_trace;
  if (cfg_.dataset_path || cfg_.use_burst_trace)
    log::warning("--mooncake-trace takes precedence over --dataset-path and --use-burst-trace");
  std::string why;
  if (!is_readable_file(path, why)) throw WorkloadInputError("--mooncake-trace '" + path + "': " + why);
  workload::check_mooncake_trace_file(path);
  if (unpaced_endless && cfg_.trace_speedup == 0)
    throw WorkloadInputError(
        "--clock virtual: an endless Mooncake replay (--replay-cycles 0, --trace-speedup 0) with "
        "--generation-mode none never advances simulated time; set --replay-cycles, "
        "--max-requests, --trace-speedup or a generation mode");
  if (cfg_.enable_rag) log::warning("--enable-rag: RAG documents are ingested only with synthetic users; ignored for Mooncake replay");
  kind_ = "mooncake";
  max_users_ = workload::MooncakeSource::kTraceUsers;
  source_ = std::make_unique<workload::MooncakeSource>(workload_options(cfg_), path);
}

report::BannerInfo WorkloadRun::banner_info() const {
  report::BannerInfo info;
  info.burst_trace_files = burst_files_;
  return info;
}

void WorkloadRun::print_workload(std::ostream& os) const {
  if (kind_ == "sharegpt") {
    const auto& data = static_cast<const workload::ShareGptSource&>(*source_).dataset();
    report::print_dataset_stats(os, data.conversations.size(), data.total_turns());
    return;
  }
  if (kind_ != "synthetic") return;
  const auto& users = static_cast<const workload::SyntheticSource&>(*source_).workload().users();
  std::vector<int> contexts;
  std::array<std::uint64_t, 3> qos{};
  // Only the users arriving at the start; the extra profiles are for the autoscaler.
  for (std::size_t i = 0; i < users.size() && i < static_cast<std::size_t>(cfg_.num_users); ++i) {
    contexts.push_back(users[i].context_length);
    ++qos[static_cast<std::size_t>(users[i].qos)];
  }
  report::print_user_distribution(os, report_options_for(cfg_), contexts, qos);
}

bool WorkloadRun::before_timed_phase(cache::MultiTierCache& cache, stats::CacheCounters& counters,
                                     stats::RequestStats& requests, stats::RunStatus& status,
                                     const StopSignal& stop, std::ostream& out) {
  if (!cfg_.decode_only) return true;
  status.set_state(stats::RunState::Preconditioning);
  // One thread keeps a virtual-clock trace byte-identical; real tiers get parallel writers.
  const unsigned hw = std::thread::hardware_concurrency();
  const int threads = cfg_.clock == config::ClockKind::Virtual ? 1 : static_cast<int>(hw > 0 ? hw : 16);
  const PrepopulateOutcome done = prepopulate(engine_options_, cache, threads, stop, out);
  prepopulated_ = done.entries;
  counters.reset();  // the timed phase starts from zero; the entries stay
  requests.reset();
  return !stop.requested();
}

void WorkloadRun::attach(cache::MultiTierCache& cache, const stats::CacheCounters& counters,
                         const stats::RequestStats& requests, const Clock& clock) {
  if (cfg_.enable_autoscaling)
    monitor_ = std::make_unique<LoadMonitor>(engine_options_, counters, requests, clock, source_->active_users(), max_users_);
  if (corpus_) rag_ingest_ = std::make_unique<RagIngestor>(engine_options_, *corpus_, cache);
}

void WorkloadRun::fill_result(report::RunResult& result, const stats::CacheCounters& counters) const {
  if (monitor_) {
    stats::AutoscalingLog log = monitor_->log();
    result.throughput_timeline = std::move(log.timeline);
    result.scale_events = std::move(log.events);
    result.autoscaling = log.summary;
  }
  if (validation_) {
    const double hits = static_cast<double>(stats::CacheCounters::get(counters.cache_hits));
    const double misses = static_cast<double>(stats::CacheCounters::get(counters.cache_misses));
    result.validation = workload::compare_with_trace(*validation_, hits + misses > 0 ? hits / (hits + misses) : 0.0);
    if (!result.validation.value("passed", false))
      log::info("--validation-trace: " + result.validation.value("difference", std::string()));
  }
  nlohmann::json w = source_->describe();
  if (!fallback_.empty()) w["fallback_from_sharegpt"] = fallback_;
  if (rag_ingest_) w["rag"] = rag_ingest_->describe();
  if (prepopulated_) w["decode_only_prepopulated_entries"] = *prepopulated_;
  // Block mode (issue 18): every cache entry, trace row and stored object is one block.
  if (cfg_.effective_block_tokens() > 0) w["block_tokens"] = cfg_.effective_block_tokens();
  w["disaggregated"] = cfg_.prefill_only ? "prefill-only" : cfg_.decode_only ? "decode-only" : "none";
  result.workload = std::move(w);
}

}  // namespace kvbench::app
