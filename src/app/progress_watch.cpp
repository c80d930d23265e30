#include "app/progress_watch.h"

#include <unistd.h>

#include <iostream>

#include "common/log.h"
#include "stats/health_inputs.h"

namespace kvbench::app {

using stats::CacheCounters;

ProgressWatch::ProgressWatch(const config::RunConfig& cfg, const stats::CacheCounters& counters,
                             const stats::RequestStats& requests, const stats::RunStatus& status)
    : cfg_(cfg), counters_(counters), requests_(requests), status_(status) {}

void ProgressWatch::start() {
  if (cfg_.clock == config::ClockKind::Virtual) return;
  // The log goes to stderr, so the line does too: on a terminal it is rewritten in place.
  const report::ProgressMode mode = cfg_.quiet                ? report::ProgressMode::Silent
                                    : ::isatty(STDERR_FILENO) ? report::ProgressMode::Terminal
                                                              : report::ProgressMode::Log;
  reporter_ = std::make_unique<report::ProgressReporter>(
      std::cerr, mode, mode == report::ProgressMode::Silent ? 1.0 : cfg_.progress_interval,
      [this] { return sample(); });
  reporter_->start();
}

void ProgressWatch::stop() {
  if (reporter_) reporter_->stop();
}

report::ProgressSample ProgressWatch::sample() {
  watch_health();
  const stats::TierCounters& storage = counters_.tier(Level::Storage);
  report::ProgressSample s;
  s.elapsed_s = status_.elapsed_s.load(std::memory_order_relaxed);
  s.planned_s = status_.planned_s.load(std::memory_order_relaxed);
  s.requests_completed = requests_.requests_completed();
  s.storage_read_bytes = CacheCounters::get(storage.kv_bytes_read) + CacheCounters::get(storage.demoted_out_bytes);
  s.storage_write_bytes = CacheCounters::get(storage.kv_bytes_written) + CacheCounters::get(storage.demoted_in_bytes);
  s.failures = CacheCounters::get(counters_.write_failures) + CacheCounters::get(counters_.read_failures);
  s.p95_request_ms = requests_.end_to_end().percentile(95) * 1000.0;
  s.queue_depth = status_.queue_depth.load(std::memory_order_relaxed);
  s.in_flight = status_.in_flight.load(std::memory_order_relaxed);
  return s;
}

// The shares the final verdict judges, on the live counters: a crossing is logged once.
void ProgressWatch::watch_health() {
  const stats::HealthInputs in = stats::health_inputs_from(counters_, requests_);
  const stats::RunHealth h = stats::assess_health(in);
  if (h.status <= worst_) return;
  worst_ = h.status;
  std::string line = "Run health is now " + std::string(stats::health_status_name(h.status));
  for (const auto& reason : h.reasons) line += "; " + reason.text;
  log::warning(line);
}

}  // namespace kvbench::app
