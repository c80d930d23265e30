#include "app/replay_report.h"

#include <algorithm>
#include <cstdio>

#include "app/report_options.h"
#include "app/run_health_check.h"
#include "common/host_facts.h"
#include "common/log.h"
#include "engine/iso_time.h"
#include "report/results_json.h"
#include "report/run_identity.h"
#include "stats/request_stats.h"

namespace kvbench::app {
namespace {

void add_reason(stats::RunHealth& h, stats::HealthStatus severity, std::string code, std::string text) {
  h.reasons.push_back({severity, std::move(code), std::move(text)});
  if (static_cast<int>(severity) > static_cast<int>(h.status)) h.status = severity;
}

// What only a replay knows makes it degraded: rows it could not use, a storage that fell behind
// the trace's timestamps, a trace file that ended early or could not be read.
void add_replay_reasons(stats::RunHealth& h, const ReplayMeasured& m) {
  using stats::HealthStatus;
  if (const auto skipped = m.scan.skips.total(); skipped > 0)
    add_reason(h, HealthStatus::Degraded, "rows_skipped",
               std::to_string(skipped) + " trace rows could not be replayed (kvbench.replay.rows_skipped)");
  const double p99 = m.tally.lag().percentile(99);
  if (m.setup.options.speed > 0 && p99 > m.setup.options.max_lag_s) {
    char text[160];
    std::snprintf(text, sizeof text, "p99 lag %.1f ms is over --max-lag-ms %g: the storage fell behind the trace",
                  p99 * 1e3, m.setup.options.max_lag_s * 1e3);
    add_reason(h, HealthStatus::Degraded, "replay_lag", text);
  }
  for (const auto& f : m.scan.files) {
    if (!f.truncated.empty())
      add_reason(h, HealthStatus::Degraded, "trace_truncated", f.path + " ended early: " + f.truncated);
    if (!f.refused.empty())
      add_reason(h, HealthStatus::Degraded, "trace_refused", "not replayed: " + f.refused);
  }
}

nlohmann::json identity_json(const ReplayMeasured& m) {
  report::RunIdentityInputs id;
  id.run_id = report::new_run_id();
  id.command_line = m.command_line;
  id.effective_config = m.setup.effective;
  id.started_us = m.window.started_at_epoch_us;
  id.ended_us = m.window.started_at_epoch_us + static_cast<std::int64_t>(m.window.elapsed_s * 1e6);
  if (m.built.storage_io.is_object()) id.cache_dir = m.built.storage_io.value("cache_dir", std::string());
  return report::run_identity_json(id, read_host_facts());
}

void print_summary(std::ostream& os, const nlohmann::json& r, const stats::RunHealth& health) {
  char line[256];
  std::snprintf(line, sizeof line, "Replay: %llu rows in %.2f s (trace span %.2f s, speed %g), %llu failed, %llu skipped\n",
                r["rows"]["total"].get<unsigned long long>(), r["elapsed_s"].get<double>(),
                r["trace_span_s"].get<double>(), r["speed"].get<double>(),
                r["rows"]["failed"].get<unsigned long long>(), r["rows_skipped"]["total"].get<unsigned long long>());
  os << line;
  std::snprintf(line, sizeof line, "Lag: p50 %.3f ms, p99 %.3f ms, max %.3f ms; set-up: %llu objects, %llu bytes\n",
                r["lag_ms"]["p50"].get<double>(), r["lag_ms"]["p99"].get<double>(), r["lag_ms"]["max"].get<double>(),
                r["setup"]["objects"].get<unsigned long long>(), r["setup"]["bytes"].get<unsigned long long>());
  os << line << "Health: " << stats::health_status_name(health.status) << "\n";
}

}  // namespace

nlohmann::json replay_json(const ReplayMeasured& m) {
  const replay::ReplayOptions& o = m.setup.options;
  nlohmann::json j = m.tally.to_json();
  j["rows"]["in_trace"] = m.scan.usable_rows;
  const std::uint64_t issued = m.tally.rows() + m.tally.abandoned_rows();
  j["rows"]["not_replayed"] = m.scan.usable_rows > issued ? m.scan.usable_rows - issued : 0;
  j["rows_skipped"] = m.scan.skips.to_json();
  j["max_lag_ms"] = o.max_lag_s * 1e3;
  j["setup"] = {{"objects", m.prepared.objects}, {"bytes", m.prepared.bytes}, {"failed", m.prepared.failed},
                {"seconds", m.prepared.seconds}};
  j["speed"] = o.speed;
  j["concurrency"] = o.concurrency;
  j["levels"] = std::string(replay::level_routing_name(o.routing));
  j["size_cap"] = o.size_cap;
  j["elapsed_s"] = m.window.elapsed_s;
  j["trace_span_s"] = m.window.trace_span_s;
  j["stopped"] = m.window.stopped;
  nlohmann::json files = nlohmann::json::array();
  for (const auto& f : m.scan.files) {
    nlohmann::json fj{{"path", f.path}, {"rows", f.usable}, {"rows_skipped", f.skipped}};
    if (!f.refused.empty()) fj["refused"] = f.refused;
    if (!f.truncated.empty()) fj["truncated"] = f.truncated;
    files.push_back(std::move(fj));
  }
  j["files"] = std::move(files);
  return j;
}

int report_replay(const ReplayMeasured& m, CommandIo& io) {
  const config::RunConfig& cfg = m.setup.cfg;
  report::ReportOptions options = report_options_for(cfg);
  // A replay lasts as long as its trace takes, not --duration: the nominal window is the measured one.
  options.duration = std::max(1, static_cast<int>(m.window.elapsed_s + 0.5));
  const stats::RequestStats requests(cfg.settings.qos_profiles);  // a replay serves no requests
  report::RunResult r;
  r.config = &options;
  r.cache = &m.counters;
  r.final_cache = &m.counters;
  r.requests = &requests;
  for (const auto& l : m.levels.levels()) r.tiers.push_back({l.level, 0, l.limit_bytes, 0});
  r.elapsed_s = m.window.elapsed_s;
  r.window_end = m.window.stopped ? "signal" : "replay_done";
  r.interrupted = m.interrupted;
  r.storage_io = m.built.storage_io;
  m.built.add_counters(r.storage_io);  // the S3 counters, once the I/O is over
  if (r.storage_io.is_object()) {
    r.storage_io["payload_seed"] = m.setup.options.payload_seed;
    r.storage_io["verify"] = m.setup.options.verify;
  }
  r.device = m.device;
  r.started_at_iso = engine::iso_local_time(m.window.started_at_epoch_us);
  r.started_at_epoch_us = m.window.started_at_epoch_us;
  r.workload = {{"source", "replay"}, {"rows", m.tally.rows()}, {"malformed_rows_skipped", m.scan.skips.total()}};
  r.health = stats::assess_health(health_inputs(r));
  add_replay_reasons(r.health, m);
  r.identity = identity_json(m);
  log_health(r.health);
  nlohmann::json doc = report::build_results_json(r);
  // A run's per-level figures sit in summary.cache_stats, which a run writes once a request
  // completed; a replay has no requests but has those figures.
  if (!doc.contains("summary")) doc["summary"] = {{"cache_stats", report::build_cache_stats_json(r)}};
  doc["kvbench"]["replay"] = replay_json(m);
  print_summary(io.out, doc["kvbench"]["replay"], r.health);
  int exit_code = 0;
  try {
    report::write_results_file(cfg.output, doc);
    log::info("Results saved to " + cfg.output);
  } catch (const std::exception& e) {
    log::error(std::string("--output: ") + e.what());
    exit_code = 1;
  }
  if (stats::health_fails_run(r.health.status, fail_on_of(cfg.fail_on))) {
    log::error("Replay health is " + std::string(stats::health_status_name(r.health.status)) + ": exit 1 (--fail-on " +
               cfg.fail_on + ")");
    exit_code = 1;
  }
  if (const auto bad = stats::CacheCounters::get(m.counters.verify_mismatches); bad > 0) {
    log::error("--verify: " + std::to_string(bad) + " reads returned bytes that differ from their payload");
    exit_code = 1;
  }
  return exit_code;
}

}  // namespace kvbench::app
