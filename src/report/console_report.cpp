// The results report printed after the timed phase (spec §8.3), section by section in the
// reference's order. Numbers come from the same builders as the results JSON, so the console
// and the file can never disagree.
#include "report/console_report.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "common/qos_class.h"
#include "model/model_spec.h"
#include "report/results_json.h"
#include "report/text_format.h"
#include "stats/percentile.h"
#include "stats/storage_health.h"

namespace kvbench::report {
namespace {

using nlohmann::json;
using text::fixed;
constexpr double kMiB = 1024.0 * 1024.0;
constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
constexpr const char* kOk = "[OK]";
constexpr const char* kFail = "[X]";

double num(const json& j, const std::string& key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : 0.0;
}

std::string ms(double seconds) { return fixed(seconds * 1000.0, 2); }

// Criterion values are numbers (latency profile) or strings (throughput profile: ">0", "1.23").
std::string criterion_value(const json& v) {
  if (v.is_number()) return fixed(v.get<double>(), 2);
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

void print_block_sizes(std::ostream& os, const RunResult& r, const json& cs) {
  const model::ModelSpec* spec = r.config->model_spec();
  const std::uint64_t bpt = spec ? model::bytes_per_token(*spec) : 0;
  os << "\nIMPORTANT: All storage latencies below are measured per KV cache BLOCK,\n";
  os << "not per token or per disk page.  Each block holds the full KV state for\n";
  os << "one request (all layers, all heads, full sequence length).\n";
  os << "  Model KV bytes/token: " << text::thousands(bpt) << " bytes ("
     << fixed(static_cast<double>(bpt) / 1024.0, 1) << "KiB)\n";
  if (!r.entry_sizes.empty()) {
    std::vector<double> sizes(r.entry_sizes.begin(), r.entry_sizes.end());
    std::sort(sizes.begin(), sizes.end());
    double sum = 0;
    for (double s : sizes) sum += s;
    os << "  Entries in cache: " << sizes.size() << "\n";
    os << "  Block size min:   " << fixed(sizes.front() / kMiB, 1) << "MiB\n";
    os << "  Block size mean:  " << fixed(sum / static_cast<double>(sizes.size()) / kMiB, 1)
       << "MiB\n";
    os << "  Block size P95:   " << fixed(stats::percentile_of_sorted(sizes, 95) / kMiB, 1)
       << "MiB\n";
    os << "  Block size max:   " << fixed(sizes.back() / kMiB, 1) << "MiB\n";
  } else {
    const double writes = num(cs, "write_iops");
    if (writes > 0)
      os << "  Avg block size:   " << fixed(num(cs, "total_write_bytes") / writes / kMiB, 1)
         << "MiB (from " << cs["write_iops"].get<std::uint64_t>() << " writes)\n";
  }
  os << "  A 200 MiB block at 1 GiB/s NVMe read = ~200 ms device latency.\n";
  os << "  Compare latencies against block sizes, not against 4 KiB page I/O.\n\n";
}

void print_health(std::ostream& os, const json& health) {
  const std::string status = health["overall_status"].get<std::string>();
  if (status == stats::kStorageHealthNotMeasured) {  // trace mode: no verdict to give
    os << "\n### STORAGE PERFORMANCE ASSESSMENT: " << status << " ###\n";
    os << "  No I/O was done: latencies are zero and bandwidths are the offered load.\n";
    return;
  }
  os << "\n### STORAGE PERFORMANCE ASSESSMENT: " << status << " "
     << (status == "PASS" ? kOk : kFail) << " ###\n";
  os << "  Criteria Passed: " << health["passed_count"].get<std::uint64_t>() << "/"
     << health["total_count"].get<std::uint64_t>() << "\n";
  for (const auto& c : health["criteria"]) {
    const char* symbol = c["passed"].get<bool>() ? kOk : kFail;
    const std::string unit = c.value("unit", std::string());
    const std::string name = c["name"].get<std::string>();
    if (unit == "ratio") {
      os << "  " << symbol << " " << name << ": " << text::percent(c["actual"].get<double>())
         << " (target: " << text::percent(c["target"].get<double>()) << ")\n";
      continue;
    }
    os << "  " << symbol << " " << name << ": " << criterion_value(c["actual"]) << unit
       << " (target: " << criterion_value(c["target"]) << unit << ")\n";
  }
}

void print_latency_block(std::ostream& os, const stats::LatencySummary& s, bool with_p99) {
  os << "  Mean: " << ms(s.mean) << " ms\n";
  os << "  P50:  " << ms(s.p50) << " ms\n";
  os << "  P95:  " << ms(s.p95) << " ms\n";
  if (with_p99) os << "  P99:  " << ms(s.p99) << " ms\n";
}

void print_storage_and_tiers(std::ostream& os, const RunResult& r, const json& cs) {
  const double window = effective_elapsed_s(r) > 0 ? effective_elapsed_s(r) : 1;
  const bool traced = r.mode == "trace";
  os << "\n### STORAGE PERFORMANCE ###\n";
  os << "  Cache Hit Rate: " << fixed(num(cs, "cache_hit_rate") * 100.0, 1) << "%\n";
  os << "  Total Read: " << fixed(num(cs, "total_read_gb"), 2) << "GiB\n";
  os << "  Total Write: " << fixed(num(cs, "total_write_gb"), 2) << "GiB\n";
  const double ratio = num(cs, "read_write_ratio");
  if (ratio > 1e9)
    os << "  Read/Write Ratio: \u221e (read-only)\n";
  else if (ratio < 1e-9)
    os << "  Read/Write Ratio: 0 (write-only)\n";
  else
    os << "  Read/Write Ratio: " << fixed(ratio, 2) << "\n";
  // Per measured window (the reference divides by the nominal --duration; the JSON's
  // read_iops/write_iops are counts).
  os << "  Storage KV Read Operations/sec: " << fixed(num(cs, "read_iops") / window, 2) << "\n";
  os << "  Storage KV Write Operations/sec: " << fixed(num(cs, "write_iops") / window, 2) << "\n";

  os << "\n### CACHE TIER DISTRIBUTION ###\n";
  os << "  GPU Entries: " << cs["gpu_entries"].get<std::uint64_t>() << " ("
     << fixed(num(cs, "gpu_memory_used_gb"), 2) << "GiB)\n";
  os << "  CPU Entries: " << cs["cpu_entries"].get<std::uint64_t>() << " ("
     << fixed(num(cs, "cpu_memory_used_gb"), 2) << "GiB)\n";
  os << "  Storage Entries: " << cs["storage_entries"].get<std::uint64_t>() << "\n";

  static constexpr std::pair<const char*, const char*> kTierNames[] = {
      {"GPU", "gpu"}, {"CPU", "cpu"}, {"Storage", "storage"}};
  os << "\n### TIER-SPECIFIC KV BYTES ###\n";
  for (const auto& [label, key] : kTierNames) {
    const double w = num(cs, std::string("tier_") + key + "_kv_bytes_written_gb");
    const double rd = num(cs, std::string("tier_") + key + "_kv_bytes_read_gb");
    if (w > 0) os << "  " << label << " KV Bytes Written: " << fixed(w, 2) << "GiB\n";
    if (rd > 0) os << "  " << label << " KV Bytes Read: " << fixed(rd, 2) << "GiB\n";
  }

  // Trace mode moved no byte: the same figures are the load the workload offered.
  os << (traced ? "\n### STORAGE KV OFFERED LOAD (trace mode: not measured) ###\n"
                : "\n### STORAGE KV BANDWIDTH ###\n");
  const char* rate = traced ? " GiB/s offered\n" : " GiB/s\n";
  for (const auto& [label, key] : kTierNames) {
    const double rbw = num(cs, std::string("tier_") + key + "_read_bandwidth_gbps");
    const double wbw = num(cs, std::string("tier_") + key + "_write_bandwidth_gbps");
    if (rbw > 0) os << "  " << label << " KV Read" << (traced ? ": " : " Bandwidth: ") << fixed(rbw, 2) << rate;
    if (wbw > 0) os << "  " << label << " KV Write" << (traced ? ": " : " Bandwidth: ") << fixed(wbw, 2) << rate;
  }

  os << "\n### TIER-SPECIFIC LATENCIES (Total = Host + Device) ###\n";
  for (const auto& [label, key] : kTierNames) {
    for (const char* op : {"read", "write"}) {
      const std::string k = std::string(key) + "_" + op + "_p95_ms";
      if (cs.contains(k))
        os << "  " << label << " " << (op[0] == 'r' ? "Read" : "Write")
           << " P95 (Total): " << fixed(num(cs, k), 2) << " ms\n";
    }
  }

  os << "\n### STORAGE TIER LATENCY BREAKDOWN (Device = Disk I/O, Host = Serialization) ###\n";
  for (const char* op : {"read", "write"}) {
    const std::string base = std::string("storage_") + op;
    if (!cs.contains(base + "_device_p95_ms")) continue;
    os << "  Storage " << (op[0] == 'r' ? "Read" : "Write") << ":\n";
    os << "    - Device P95 (Disk I/O): " << fixed(num(cs, base + "_device_p95_ms"), 2) << " ms\n";
    if (cs.contains(base + "_host_p95_ms"))
      os << "    - Host P95 (Serialization): " << fixed(num(cs, base + "_host_p95_ms"), 2)
         << " ms\n";
    if (cs.contains(base + "_p95_ms"))
      os << "    - Total P95: " << fixed(num(cs, base + "_p95_ms"), 2) << " ms\n";
  }

  os << "\n### CACHE TYPE BREAKDOWNS ###\n";
  os << "  System Prompt Hits: " << cs["system_prompt_hits"].get<std::uint64_t>() << "\n";
  os << "  Common Phrase Hits: " << cs["common_phrase_hits"].get<std::uint64_t>() << "\n";
  os << "  User Cache Hits: " << cs["user_cache_hits"].get<std::uint64_t>() << "\n";
  os << "  Multi-turn Hits: " << cs["multi_turn_hits"].get<std::uint64_t>() << "\n";
}

void print_workload_sections(std::ostream& os, const RunResult& r) {
  const stats::RequestStats& q = *r.requests;
  if (!r.config->disable_prefix_caching) {
    const stats::PrefixStats p = q.prefix();
    if (p.prefix_hits > 0) {
      os << "\n### PREFIX CACHING ###\n";
      os << "  Prefix Hits: " << p.prefix_hits << "\n";
      os << "  Prefix Misses: " << p.prefix_misses << "\n";
      os << "  System Prompt Reuse: " << p.system_prompt_reuse << "\n";
      os << "  Bytes Saved: " << fixed(static_cast<double>(p.bytes_saved) / kGiB, 2) << "GiB\n";
    }
  }
  const std::uint64_t hits = q.multi_turn_hits(), misses = q.multi_turn_misses();
  if (hits > 0) {
    os << "\n### MULTI-TURN CONVERSATIONS ###\n";
    os << "  Multi-turn Cache Hits: " << hits << "\n";
    os << "  Multi-turn Cache Misses: " << misses << "\n";
    os << "  Multi-turn Hit Rate: "
       << fixed(static_cast<double>(hits) / static_cast<double>(hits + misses) * 100.0, 1) << "%\n";
  }
  if (r.config->performance_profile != PerformanceProfile::Throughput) {
    os << "\n### QOS LATENCY METRICS (Informational - includes simulated generation) ###\n";
    const json qos = build_qos_metrics_json(r);
    for (const char* level : kQosNames) {
      const json& m = qos[level];
      if (m.contains("no_data")) continue;
      std::string upper(level);
      for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      os << "\n  " << upper << ":\n";
      os << "    Requests: " << m["total_requests"].get<std::uint64_t>() << "\n";
      os << "    Latency P95: " << fixed(m["latency_ms"]["p95"].get<double>(), 2) << " ms\n";
      os << "    Latency P99: " << fixed(m["latency_ms"]["p99"].get<double>(), 2) << " ms\n";
      os << "    SLA Met: " << (m["sla"]["met"].get<bool>() ? kOk : kFail)
         << " (compliance: " << text::percent(m["sla"]["compliance"].get<double>()) << ")\n";
    }
  }
  if (!r.scale_events.empty()) {
    const bool capacity = r.config->autoscaler_mode == AutoscalerMode::Capacity;
    os << "\n### AUTOSCALING (" << (capacity ? "capacity" : "qos") << " mode) ###\n";
    os << "  Scaling Events: " << r.scale_events.size() << "\n";
    if (r.autoscaling) {
      os << "  Final User Count: " << r.autoscaling->final_users << "\n";
      if (capacity && r.autoscaling->peak_throughput_tokens_per_sec)
        os << "  Peak Capacity Found: " << fixed(*r.autoscaling->peak_throughput_tokens_per_sec, 2)
           << " tok/s at " << r.autoscaling->peak_user_count.value_or(0) << " users\n";
    }
  }
  if (r.validation.is_object()) {
    os << "\n### VALIDATION ###\n";
    const bool passed = r.validation.value("passed", false);
    os << "  Validation: " << (passed ? "PASSED [OK]" : "FAILED [X]") << "\n";
    os << "  Average Error: " << fixed(num(r.validation, "avg_error_pct"), 2) << "%\n";
  }
}

// kvbench additions: how much of the offered load was served, and what the trace holds.
void print_kvbench(std::ostream& os, const RunResult& r) {
  const stats::RequestStats& q = *r.requests;
  const stats::CacheCounters& c = *r.cache;
  os << "\n### KVBENCH ###\n";
  os << "  Arrivals Offered: " << q.arrivals_offered() << "\n";
  os << "  Requests Served: " << q.requests_completed() << "\n";
  os << "  Dropped (queue full): " << q.arrivals_dropped_queue_full() << "\n";
  const stats::WindowEdges e = q.window_edges();
  os << "  Abandoned at stop: " << q.requests_abandoned_at_stop() << " (" << e.abandoned_queued
     << " queued, " << e.in_flight_at_end << " in flight at the window's end)\n";
  os << "  Drain: " << fixed(r.drain_s, 2) << " s" << (r.drain_overrun ? " (timed out: I/O cancelled)" : "")
     << ", " << e.drained << " requests completed in it, " << e.cut << " cut (not in the figures above)\n";
  os << "  Write Failures: " << stats::CacheCounters::get(c.write_failures) << "\n";
  {  // issue 15: faults are shown, not only counted
    const auto get = [](const stats::Counter& v) { return stats::CacheCounters::get(v); };
    const std::uint64_t io = get(c.write_io_errors), rf = get(c.read_failures), df = get(c.demotion_failures),
                        lost = get(c.entries_lost);
    if (io + rf + df + lost > 0)
      os << "  Storage Faults: " << io << " write I/O errors, " << rf << " failed reads, " << df
         << " failed demotions, " << lost << " entries lost\n";
  }
  os << "  Demotions: " << stats::CacheCounters::get(c.demotions)
     << ", Deletions: " << stats::CacheCounters::get(c.deletions) << "\n";
  if (r.mode == "trace")
    os << "  Trace Rows: " << text::thousands(r.trace_rows) << " -> " << r.trace_path
       << (r.trace_complete ? "" : " (INCOMPLETE: " + text::thousands(r.trace_rows_recorded) + " recorded)")
       << "\n";
  if (r.interrupted) os << "  Run interrupted by signal: results cover the time until stop\n";
}

}  // namespace

// A run whose figures cannot be trusted says so before anything else (issue 14, run health).
static void print_health_warning(std::ostream& os, const stats::RunHealth& h) {
  if (h.status == stats::HealthStatus::Ok) return;
  const std::string status(stats::health_status_name(h.status));
  os << "\n" << std::string(80, '!') << "\n";
  os << "WARNING: this run is " << status << " (kvbench.health): its figures may not describe the storage\n";
  for (const auto& reason : h.reasons)
    os << "  - " << stats::health_status_name(reason.severity) << ": " << reason.text << "\n";
  os << std::string(80, '!') << "\n";
}

void print_report(std::ostream& os, const RunResult& r) {
  print_health_warning(os, r.health);
  const ReportOptions& cfg = *r.config;
  const stats::RequestStats& q = *r.requests;
  const std::string mode_line = std::string("Generation Mode: ") +
                                generation_mode_name(cfg.generation_mode) + " (" +
                                fixed(cfg.seconds_per_token() * 1000.0, 1) + "ms/token)";

  if (q.requests_completed() == 0) {
    os << "\nWARNING: No requests completed during benchmark!\n";
    print_kvbench(os, r);
    return;
  }

  const json cs = build_cache_stats_json(r);
  const double elapsed = effective_elapsed_s(r);
  const double storage_s = q.total_storage_s();
  const auto requests = q.requests_completed();
  const auto tokens = q.total_tokens();

  os << "\n" << std::string(80, '=') << "\n";
  os << "BENCHMARK RESULTS - MLPerf KV Cache Storage Benchmark\n";
  os << mode_line << "\n";
  os << std::string(80, '=') << "\n";

  print_block_sizes(os, r, cs);
  print_health(os, cs["storage_health"]);

  // Under --clock virtual every second is simulated: the labels say so.
  const bool simulated = cfg.clock == ClockKind::Virtual;
  os << "\n### OVERALL PERFORMANCE ###\n";
  os << "Timed Window: " << fixed(elapsed, 4) << " s " << (simulated ? "simulated" : "measured")
     << " (--duration " << cfg.duration << ", ended by " << r.window_end << ")\n";
  os << "Requests Completed: " << requests << "\n";
  os << "Total Tokens Generated: " << tokens << "\n";
  os << (simulated ? "Throughput (simulated time): " : "Throughput (wall-clock): ")
     << fixed(elapsed > 0 ? static_cast<double>(tokens) / elapsed : 0, 2) << " tokens/sec"
     << (elapsed > 0 ? "" : " (the window took no time: no rate)") << "\n";
  os << "Throughput (storage I/O): "
     << fixed(storage_s > 0 ? static_cast<double>(tokens) / storage_s : 0, 2) << " tokens/sec\n";
  os << "Requests/sec: " << fixed(elapsed > 0 ? static_cast<double>(requests) / elapsed : 0, 2)
     << "\n";

  os << "\n### END-TO-END LATENCY (Queue Wait + Storage I/O + Generation) ###\n";
  print_latency_block(os, q.end_to_end().summary(), true);
  os << "\n### PER-REQUEST STORAGE LATENCY (All I/O ops for one request) ###\n";
  print_latency_block(os, q.storage().summary(), true);
  os << "  (= 1 prefill write + N decode reads per request)\n";
  if (cfg.generation_mode != GenerationMode::None) {
    os << "\n### TOKEN GENERATION LATENCY (Simulated @ "
       << fixed(cfg.seconds_per_token() * 1000.0, 1) << "ms/token) ###\n";
    print_latency_block(os, q.generation().summary(), false);
  }

  print_storage_and_tiers(os, r, cs);
  print_workload_sections(os, r);
  print_kvbench(os, r);

  os << "\n" << std::string(80, '=') << "\n";
  os << "NOTES:\n";
  if (cfg.generation_mode == GenerationMode::None)
    os << "  - Pure storage I/O benchmark (no generation simulation)\n";
  else
    os << "  - End-to-end latency includes simulated GPU inference\n";
  os << std::string(80, '=') << "\n";
}

}  // namespace kvbench::report
