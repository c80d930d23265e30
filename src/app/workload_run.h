// Everything one run's workload needs around the engine: choosing and building the arrival
// source (synthetic users, ShareGPT replay, BurstGPT replay), checking its input files before
// anything starts, the RAG corpus and its ingestion, decode-only pre-population, the
// autoscaling monitor, --validation-trace, and their parts of the banner and the results.
// Composition, not engine: it picks the parts the engine drives and reports on them.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>

#include "app/engine_options.h"
#include "cache/multi_tier_cache.h"
#include "config/run_config.h"
#include "engine/clock.h"
#include "engine/load_monitor.h"
#include "engine/rag_ingest.h"
#include "engine/stop_signal.h"
#include "report/console_report.h"
#include "report/run_result.h"
#include "stats/cache_counters.h"
#include "stats/request_stats.h"
#include "stats/run_status.h"
#include "workload/arrival_source.h"
#include "workload/burstgpt_reader.h"
#include "workload/rag_corpus.h"
#include "workload/validation_trace.h"
#include "workload/workload_options.h"

namespace kvbench::app {

using engine::Clock;
using engine::LoadMonitor;
using engine::RagIngestor;
using engine::StopSignal;

// The part of RunConfig the arrival sources read.
workload::WorkloadOptions workload_options(const config::RunConfig& cfg);

class WorkloadRun {
 public:
  // Reads and checks every workload input. Throws workload::WorkloadInputError, naming the
  // file or flag, when one cannot be used (the caller exits 2 before the run starts).
  static std::unique_ptr<WorkloadRun> prepare(const config::RunConfig& cfg);
  ~WorkloadRun();

  // "synthetic" | "sharegpt" | "burstgpt" | "mooncake"
  const std::string& kind() const { return kind_; }
  report::BannerInfo banner_info() const;
  // The workload lines after the banner: the users' context/QoS distribution, or the ShareGPT
  // dataset statistics.
  void print_workload(std::ostream& os) const;

  // Before the timed phase. --decode-only: writes the pre-populated entries, then zeroes the
  // statistics (entries stay). Returns false if a stop request interrupted it.
  bool before_timed_phase(cache::MultiTierCache& cache, stats::CacheCounters& counters,
                          stats::RequestStats& requests, stats::RunStatus& status,
                          const StopSignal& stop, std::ostream& out);

  // Builds the parts the engine drives along with the source.
  void attach(cache::MultiTierCache& cache, const stats::CacheCounters& counters,
              const stats::RequestStats& requests, const Clock& clock);
  workload::ArrivalSource& source() { return *source_; }
  LoadMonitor* monitor() { return monitor_.get(); }
  RagIngestor* rag() { return rag_ingest_.get(); }

  // After the run: autoscaling timeline and events, the validation against the trace, and
  // what the workload replayed (result.workload → kvbench.workload in the JSON).
  void fill_result(report::RunResult& result, const stats::CacheCounters& counters) const;

 private:
  explicit WorkloadRun(const config::RunConfig& cfg) : cfg_(cfg), engine_options_(engine_options_for(cfg)) {}
  void build_source();
  void build_synthetic(const std::string& fallback_reason);
  void build_mooncake(bool unpaced_endless);

  const config::RunConfig& cfg_;
  const engine::EngineOptions engine_options_;  // for the engine parts it builds
  std::string kind_ = "synthetic";
  std::string fallback_;  // why a ShareGPT run fell back to synthetic users ("" = it did not)
  int max_users_ = 0;     // the most users the autoscaler may activate
  std::size_t burst_files_ = 0;
  std::unique_ptr<workload::RagCorpus> corpus_;
  std::unique_ptr<workload::ArrivalSource> source_;
  std::optional<workload::ValidationTrace> validation_;
  std::unique_ptr<LoadMonitor> monitor_;
  std::unique_ptr<RagIngestor> rag_ingest_;
  std::optional<std::uint64_t> prepopulated_;
};

}  // namespace kvbench::app
