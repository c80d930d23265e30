#include "stats/run_health.h"

#include <cstdio>

namespace kvbench::stats {
namespace {

double share(std::uint64_t part, std::uint64_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

std::string percent(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f %%", s * 100.0);
  return buf;
}

class Verdict {
 public:
  void add(HealthStatus severity, std::string code, std::string text) {
    if (severity > health_.status) health_.status = severity;
    health_.reasons.push_back({severity, std::move(code), std::move(text)});
  }
  RunHealth take() { return std::move(health_); }

 private:
  RunHealth health_;
};

// Failed operations of one kind: any I/O error share past the limit means broken storage;
// otherwise failures past the degraded share (capacity rejections, a few I/O errors) degrade.
void judge_failures(Verdict& v, const char* code, const char* what, std::uint64_t failures,
                    std::uint64_t io_errors, std::uint64_t attempts, const HealthThresholds& t) {
  if (failures == 0) return;
  const double failed = share(failures, attempts);
  const std::string figures = std::to_string(failures) + " of " + std::to_string(attempts) +
                              " " + what + " failed (" + percent(failed) + ")";
  if (share(io_errors, attempts) > t.failed_io_error_share)
    v.add(HealthStatus::Failed, code, figures + ": the storage returned I/O errors");
  else if (failed > t.degraded_failure_share)
    v.add(HealthStatus::Degraded, code, figures);
}

}  // namespace

std::string_view health_status_name(HealthStatus s) {
  switch (s) {
    case HealthStatus::Ok: return "ok";
    case HealthStatus::Degraded: return "degraded";
    case HealthStatus::Failed: return "failed";
  }
  return "failed";
}

RunHealth assess_health(const HealthInputs& in, const HealthThresholds& t) {
  Verdict v;
  judge_failures(v, "write_failures", "writes", in.write_failures, in.write_io_errors,
                 in.write_attempts, t);
  // Every failed read is an I/O error: the entry was there and could not be read back.
  judge_failures(v, "read_failures", "reads", in.read_failures, in.read_failures,
                 in.read_attempts, t);
  if (in.verify_mismatches > 0)
    v.add(HealthStatus::Failed, "verify_mismatches",
          std::to_string(in.verify_mismatches) + " reads returned bytes that differ from what was written");
  const std::uint64_t unserved = in.arrivals_dropped + in.requests_abandoned;
  if (share(unserved, in.arrivals_offered) > t.degraded_unserved_share)
    v.add(HealthStatus::Degraded, "unserved_arrivals",
          std::to_string(unserved) + " of " + std::to_string(in.arrivals_offered) +
              " arrivals were dropped (queue full) or abandoned when the window closed (" +
              percent(share(unserved, in.arrivals_offered)) +
              "): the run served less than the offered load (storage too slow, or too few --workers)");
  if (in.arrivals_due > in.arrivals_offered &&
      share(in.arrivals_due - in.arrivals_offered, in.arrivals_due) > t.degraded_load_shortfall)
    v.add(HealthStatus::Degraded, "load_shortfall",
          std::to_string(in.arrivals_due - in.arrivals_offered) + " of " + std::to_string(in.arrivals_due) +
              " arrivals due were never offered: the scheduler fell behind");
  if (in.drain_overrun)
    v.add(HealthStatus::Degraded, "drain_overrun",
          "requests in flight at the end of the window outlived --drain-timeout; their I/O was cancelled");
  if (in.device_read_ratio && *in.device_read_ratio > 1.0 + t.device_read_excess) {
    char buf[160];
    std::snprintf(buf, sizeof buf,
                  "kvbench read %.2fx the bytes the block device read: a cache (page cache, controller) served reads",
                  *in.device_read_ratio);
    v.add(HealthStatus::Degraded, "device_read_excess", buf);
  } else if (in.device_read_nothing) {
    v.add(HealthStatus::Degraded, "device_read_excess",
          "the block device read none of the bytes kvbench read: a cache (page cache, controller) served them");
  }
  if (in.storage_buffered)
    v.add(HealthStatus::Degraded, "page_cache",
          "storage I/O was buffered, not O_DIRECT: the page cache may have served reads and absorbed writes, so "
          "the storage figures may describe memory rather than the device");
  if (in.trace_incomplete)
    v.add(HealthStatus::Failed, "trace_incomplete", "the trace file is incomplete: rows were lost");
  if (in.interrupted)
    v.add(HealthStatus::Degraded, "interrupted", "a signal ended the run before its duration");
  return v.take();
}

bool health_fails_run(HealthStatus status, FailOn fail_on) {
  switch (fail_on) {
    case FailOn::Never: return false;
    case FailOn::Degraded: return status != HealthStatus::Ok;
    case FailOn::Failed: return status == HealthStatus::Failed;
  }
  return false;
}

}  // namespace kvbench::stats
