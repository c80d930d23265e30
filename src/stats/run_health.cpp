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

// Device I/O errors on more than the limit of the writes that reached a device (new entries
// and demotions) mean broken storage; otherwise new-entry failures past the degraded share
// (capacity rejections, a few I/O errors) degrade.
void judge_writes(Verdict& v, const HealthInputs& in, const HealthThresholds& t) {
  const std::uint64_t io_errors = in.write_io_errors + in.demotion_failures;
  const std::uint64_t io_attempts = in.write_attempts + in.demotion_attempts;
  if (in.write_failures == 0 && io_errors == 0) return;
  const double failed = share(in.write_failures, in.write_attempts);
  std::string figures = std::to_string(in.write_failures) + " of " + std::to_string(in.write_attempts) +
                        " writes failed (" + percent(failed) + ")";
  if (in.demotion_failures > 0)
    figures += ", and " + std::to_string(in.demotion_failures) + " of " + std::to_string(in.demotion_attempts) +
               " demotions";
  // Demotions apart too: behind a large CPU level they are few of the writes, and all of them fail.
  if (share(io_errors, io_attempts) > t.failed_io_error_share ||
      share(in.demotion_failures, in.demotion_attempts) > t.failed_io_error_share)
    v.add(HealthStatus::Failed, "write_failures", figures + ": the storage returned I/O errors");
  else if (failed > t.degraded_failure_share || in.demotion_failures > 0)
    v.add(HealthStatus::Degraded, "write_failures", figures);
}

// Every failed read is an I/O error: the entry was there and could not be read back, so a share
// beyond the limit means the storage lost data (a dead file system, a deleted cache directory).
void judge_reads(Verdict& v, const HealthInputs& in, const HealthThresholds& t) {
  if (in.read_failures == 0) return;
  const double failed = share(in.read_failures, in.read_attempts);
  const std::string figures = std::to_string(in.read_failures) + " of " + std::to_string(in.read_attempts) +
                              " reads failed (" + percent(failed) + ")";
  if (failed > t.failed_read_share)
    v.add(HealthStatus::Failed, "read_failures", figures + ": stored entries could not be read back");
  else
    v.add(HealthStatus::Degraded, "read_failures", figures);
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
  judge_writes(v, in, t);
  judge_reads(v, in, t);
  if (in.entries_lost > 0)
    v.add(HealthStatus::Degraded, "entries_lost",
          std::to_string(in.entries_lost) + " cached entries (" + std::to_string(in.lost_bytes) +
              " bytes) were lost: a demotion failed or their stored copy vanished");
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
    v.add(HealthStatus::Degraded, "trace_incomplete",
          "the trace file is incomplete: it holds " + std::to_string(in.trace_rows_written) + " of the " +
              std::to_string(in.trace_rows_recorded) + " rows recorded (a write to it failed)");
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
