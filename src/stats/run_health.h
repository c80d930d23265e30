// Run health: whether a run's figures can be trusted, and why not (issue 14). Judged from the
// shares of failed operations, unserved arrivals, a drain that overran, verify mismatches and
// the block device's own counters; shown at the top of the report, in kvbench.health and in
// the exit code (--fail-on). Thresholds are documented in docs/metrics.md "Run health".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kvbench::stats {

enum class HealthStatus { Ok = 0, Degraded = 1, Failed = 2 };

std::string_view health_status_name(HealthStatus s);  // "ok", "degraded", "failed"

// What the verdict is made from; every count covers the timed window (and its drain).
struct HealthInputs {
  std::uint64_t write_attempts = 0;      // entry writes tried (successes + failures)
  std::uint64_t write_failures = 0;      // no level could take the entry, or its I/O failed
  std::uint64_t write_io_errors = 0;     // of those, the ones whose device I/O failed
  std::uint64_t read_attempts = 0;       // tier reads tried
  std::uint64_t read_failures = 0;
  std::uint64_t verify_mismatches = 0;
  std::uint64_t arrivals_due = 0;        // arrivals the workload asked for (0 = not tracked)
  std::uint64_t arrivals_offered = 0;
  std::uint64_t arrivals_dropped = 0;    // queue full
  std::uint64_t requests_abandoned = 0;  // queued or in flight when the window closed
  bool drain_overrun = false;            // in-flight requests outlived --drain-timeout
  bool trace_incomplete = false;         // the trace file lost rows (e.g. disk full)
  bool interrupted = false;              // a signal ended the run early
  // kvbench's storage bytes read / the device's bytes read over the window; absent where
  // there is no device to ask (trace mode, tmpfs) or nothing was read.
  std::optional<double> device_read_ratio;
  // The device read nothing of kvbench's storage reads (the ratio has no value then).
  bool device_read_nothing = false;
  // The storage level's I/O went through the page cache (no O_DIRECT: a file system that refuses
  // it, or KVBENCH_BUFFERED_IO=1), which may serve reads and absorb writes.
  bool storage_buffered = false;
};

// The limits, as shares (0.01 = 1 %). Defaults are documented; tests use them as they are.
struct HealthThresholds {
  double degraded_failure_share = 0.01;   // failed writes or reads beyond this: degraded
  double failed_io_error_share = 0.5;     // device I/O errors beyond this: the storage is broken
  double degraded_unserved_share = 0.05;  // dropped + abandoned arrivals beyond this
  double degraded_load_shortfall = 0.05;  // arrivals due but never offered beyond this
  double device_read_excess = 0.10;       // reads the device never saw beyond this: a cache served them
};

struct HealthReason {
  HealthStatus severity;
  std::string code;  // stable, for scripts: write_failures, read_failures, ...
  std::string text;  // one line for people, with the figures
};

struct RunHealth {
  HealthStatus status = HealthStatus::Ok;
  std::vector<HealthReason> reasons;
};

RunHealth assess_health(const HealthInputs& in, const HealthThresholds& limits = {});

// --fail-on: the worst status that still exits 0.
enum class FailOn { Never, Degraded, Failed };
bool health_fails_run(HealthStatus status, FailOn fail_on);

}  // namespace kvbench::stats
