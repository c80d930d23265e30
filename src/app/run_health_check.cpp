#include "app/run_health_check.h"

#include "common/log.h"

namespace kvbench::app {

stats::HealthInputs health_inputs(const report::RunResult& r, bool trace_lost_rows) {
  using stats::CacheCounters;
  // The final counters: the drain's I/O happened too, and its failures count.
  const stats::CacheCounters& c = r.final_cache ? *r.final_cache : *r.cache;
  stats::HealthInputs in;
  in.write_attempts = CacheCounters::get(c.write_operations);
  in.write_failures = CacheCounters::get(c.write_failures);
  in.read_attempts = CacheCounters::get(c.read_operations);
  in.read_failures = CacheCounters::get(c.read_failures);
  in.verify_mismatches = CacheCounters::get(c.verify_mismatches);
  in.arrivals_offered = r.requests->arrivals_offered();
  in.arrivals_dropped = r.requests->arrivals_dropped_queue_full();
  in.arrivals_due = in.arrivals_offered + r.requests->arrivals_not_offered();
  in.requests_abandoned = r.requests->requests_abandoned_at_stop();
  in.drain_overrun = r.drain_overrun;
  in.trace_incomplete = trace_lost_rows;
  in.interrupted = r.interrupted;
  if (r.device.is_object() && r.device.contains("read_ratio") && r.device["read_ratio"].is_number())
    in.device_read_ratio = r.device["read_ratio"].get<double>();
  else if (r.device.is_object() && r.device.value("reads_served_by_cache", false))
    in.device_read_nothing = true;
  // A real run's storage level says whether its files were opened with O_DIRECT.
  if (r.storage_io.is_object() && r.storage_io.contains("o_direct") && r.storage_io["o_direct"].is_boolean())
    in.storage_buffered = !r.storage_io["o_direct"].get<bool>();
  return in;
}

stats::FailOn fail_on_of(const std::string& word) {
  if (word == "never") return stats::FailOn::Never;
  if (word == "degraded") return stats::FailOn::Degraded;
  return stats::FailOn::Failed;
}

void log_health(const stats::RunHealth& h) {
  if (h.status == stats::HealthStatus::Ok) return;
  std::string line = "Run health: " + std::string(stats::health_status_name(h.status));
  for (const auto& reason : h.reasons) line += "; " + reason.text;
  if (h.status == stats::HealthStatus::Failed) log::error(line);
  else log::warning(line);
}

}  // namespace kvbench::app
