#include "report/results_json.h"

#include <cmath>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "common/qos_class.h"
#include "report/histogram_json.h"
#include "report/reference_json.h"
#include "report/results_window.h"
#include "stats/storage_health.h"

#ifndef KVBENCH_VERSION
#define KVBENCH_VERSION "0.0.0"
#endif

namespace kvbench::report {
namespace {

using nlohmann::json;
constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
constexpr const auto& kTiers = kLevels;

// JSON has no NaN/inf; the reference never produces them, so neither may we.
double finite(double v) { return std::isfinite(v) ? v : 0.0; }

double gib(std::uint64_t bytes) { return static_cast<double>(bytes) / kGiB; }

json ms_summary(const stats::LatencySummary& s) {
  return json{{"mean", finite(s.mean * 1000)}, {"p50", finite(s.p50 * 1000)},
              {"p95", finite(s.p95 * 1000)},   {"p99", finite(s.p99 * 1000)},
              {"p999", finite(s.p999 * 1000)}, {"p9999", finite(s.p9999 * 1000)}};
}

const TierSnapshot* find_tier(const RunResult& r, Level id) {
  for (const auto& t : r.tiers)
    if (t.id == id) return &t;
  return nullptr;
}

// The levels this run reports: the three every run has, then the object level where the run
// has one (--object-tier), so that without it the keys are exactly as they were.
std::vector<Level> reported_levels(const RunResult& r) {
  std::vector<Level> out(kTiers.begin(), kTiers.end());
  if (find_tier(r, Level::Object)) out.push_back(Level::Object);
  return out;
}

json seconds_list(const stats::LatencyRecorder& rec) { return json(rec.samples()); }

json prefix_stats_json(const RunResult& r) {
  if (r.config->disable_prefix_caching) return json::object();
  const stats::PrefixStats p = r.requests->prefix();
  return json{{"prefix_hits", p.prefix_hits},
              {"prefix_misses", p.prefix_misses},
              {"system_prompt_reuse", p.system_prompt_reuse},
              {"common_phrase_reuse", p.common_phrase_reuse},
              {"bytes_saved", p.bytes_saved}};
}

json scale_events_json(const RunResult& r) {
  json events = json::array();
  for (const auto& e : r.scale_events) {
    json j{{"timestamp", e.timestamp_iso},
           {"mode", e.mode},
           {"action", e.action},
           {"users", e.users},
           {"saturation_level", finite(e.saturation_level)}};
    if (e.action == "stop") {
      if (e.peak_throughput_tokens_per_sec)
        j["peak_throughput_tokens_per_sec"] = finite(*e.peak_throughput_tokens_per_sec);
    } else {
      j["read_latency_p95_ms"] =
          e.read_latency_p95_ms ? json(finite(*e.read_latency_p95_ms)) : json(nullptr);
      j["write_latency_p95_ms"] =
          e.write_latency_p95_ms ? json(finite(*e.write_latency_p95_ms)) : json(nullptr);
      j["throughput_tokens_per_sec"] = finite(e.throughput_tokens_per_sec.value_or(0));
    }
    events.push_back(std::move(j));
  }
  return events;
}

json autoscaling_summary_json(const RunResult& r) {
  if (!r.autoscaling) return nullptr;
  const AutoscalingSummary& a = *r.autoscaling;
  json j{{"initial_users", a.initial_users},
         {"final_users", a.final_users},
         {"total_scale_events", r.scale_events.size()}};
  if (a.peak_user_count) j["peak_user_count"] = *a.peak_user_count;
  if (a.peak_throughput_tokens_per_sec)
    j["peak_throughput_tokens_per_sec"] = finite(*a.peak_throughput_tokens_per_sec);
  return j;
}

json summary_json(const RunResult& r) {
  const stats::RequestStats& q = *r.requests;
  const double elapsed = effective_elapsed_s(r);
  const std::uint64_t requests = q.requests_completed();
  const std::uint64_t tokens = q.total_tokens();
  const double storage_s = q.total_storage_s();
  const std::uint64_t mt_hits = q.multi_turn_hits(), mt_misses = q.multi_turn_misses();
  const std::uint64_t mt_total = mt_hits + mt_misses;
  return json{
      {"total_requests", requests},
      {"total_tokens", tokens},
      {"elapsed_time", elapsed},
      // 0 over a zero denominator: the reference's int 0.
      {"avg_throughput_tokens_per_sec", elapsed > 0 ? json(static_cast<double>(tokens) / elapsed) : json(0)},
      {"total_storage_io_time", storage_s},
      {"storage_throughput_tokens_per_sec",
       storage_s > 0 ? json(static_cast<double>(tokens) / storage_s) : json(0)},
      {"requests_per_second", elapsed > 0 ? json(static_cast<double>(requests) / elapsed) : json(0)},
      {"end_to_end_latency_ms", ms_summary(q.end_to_end().summary())},
      {"storage_io_latency_ms", ms_summary(q.storage().summary())},
      {"generation_latency_ms", ms_summary(q.generation().summary())},
      {"cache_stats", build_cache_stats_json(r)},
      {"qos_metrics", build_qos_metrics_json(r)},
      {"prefix_cache_stats", prefix_stats_json(r)},
      {"autoscaling_stats", scale_events_json(r)},
      {"autoscaling_summary", autoscaling_summary_json(r)},
      {"multi_turn_stats",
       {{"cache_hits", mt_hits},
        {"cache_misses", mt_misses},
        {"hit_rate",
         static_cast<double>(mt_hits) / static_cast<double>(mt_total > 0 ? mt_total : 1)}}},
  };
}

// Seconds spent in each tier's operations, summed (device and host parts too): bytes / these
// give the bandwidth a tier delivered while busy, independent of think and generation time.
json tier_io_json(const stats::CacheCounters& k) {
  json out = json::object();
  const auto busy = [](const stats::LatencyRecorder& rec) {
    const stats::LatencySummary s = rec.summary();
    return finite(s.mean * static_cast<double>(s.count));
  };
  for (Level id : kAllLevels) {  // a level without operations (the object one too) has no row
    const stats::TierCounters& t = k.tier(id);
    if (t.read_latency.count() == 0 && t.write_latency.count() == 0) continue;
    out[std::string(level_label(id))] = {
        {"read_ops", t.read_latency.count()},       {"write_ops", t.write_latency.count()},
        {"read_s", busy(t.read_latency)},           {"write_s", busy(t.write_latency)},
        {"read_device_s", busy(t.read_device_latency)}, {"read_host_s", busy(t.read_host_latency)},
        {"write_device_s", busy(t.write_device_latency)}, {"write_host_s", busy(t.write_host_latency)},
        {"read_overlapped_host_s", static_cast<double>(stats::CacheCounters::get(t.read_overlapped_ns)) * 1e-9},
        {"write_overlapped_host_s", static_cast<double>(stats::CacheCounters::get(t.write_overlapped_ns)) * 1e-9},
    };
  }
  return out;
}

// Every counter declared for `block` (stats/cache_counters.h), under its declared key: a run
// counter as a number, a per-type one as flat "{}" keys or an object by type label, a per-level
// one as an object by level name.
void add_counters(json& j, const stats::CacheCounters& k, stats::JsonBlock block, const std::vector<Level>& levels) {
  for (const stats::CounterReading& r : k.read_all()) {
    const stats::CounterSpec& spec = *r.spec;
    if (spec.json != block) continue;
    const std::string key(spec.json_key);
    switch (spec.scope) {
      case stats::CounterScope::Run:
        j[key] = r.values[0];
        break;
      case stats::CounterScope::PerType: {
        const std::size_t hole = key.find("{}");
        json by_type = json::object();
        for (const CacheType t : kCacheTypes) {
          const std::uint64_t v = r.values[static_cast<std::size_t>(t)];
          if (hole == std::string::npos) by_type[std::string(cache_type_label(t))] = v;
          else j[key.substr(0, hole) + std::string(stats::cache_type_json_name(t)) + key.substr(hole + 2)] = v;
        }
        if (hole == std::string::npos) j[key] = std::move(by_type);
        break;
      }
      case stats::CounterScope::PerLevel: {
        json by_level = json::object();
        for (Level id : levels) by_level[std::string(level_stats_name(id))] = r.values[static_cast<std::size_t>(id)];
        j[key] = std::move(by_level);
        break;
      }
    }
  }
}

json kvbench_json(const RunResult& r) {
  const ReportOptions& c = *r.config;
  const stats::CacheCounters& k = *r.cache;
  const stats::RequestStats& q = *r.requests;
  json tiers = json::array();
  for (const auto& t : r.tiers) {
    tiers.push_back(
        {{"tier", std::string(level_label(t.id))},
         {"used_bytes", t.used_bytes},
         {"limit_bytes", std::isfinite(t.limit_bytes) ? json(t.limit_bytes) : json(nullptr)},
         {"entries", t.entries}});
  }
  bool truncated = false;
  for (const stats::LatencyRecorder* rec :
       {&q.end_to_end(), &q.storage(), &q.generation(), &q.prefill(), &q.decode()})
    truncated = truncated || rec->truncated();
  json j{
      {"version", KVBENCH_VERSION},
      {"mode", r.mode},
      {"interrupted", r.interrupted},
      {"started_at", r.started_at_iso},
      {"started_at_epoch_us", r.started_at_epoch_us},
      {"elapsed_s", r.elapsed_s},
      {"clock", clock_kind_name(c.clock)},
      {"workers", c.effective_workers()},
      {"arrivals_offered", q.arrivals_offered()},
      {"arrivals_dropped_queue_full", q.arrivals_dropped_queue_full()},
      // Due inside the window: offered + never reached by a scheduler that fell behind.
      {"arrivals_due", q.arrivals_offered() + q.arrivals_not_offered()},
      {"requests_abandoned_at_stop", q.requests_abandoned_at_stop()},
      {"tiers", std::move(tiers)},
      {"tensor_parallel", c.tensor_parallel},
      {"num_gpus", c.num_gpus},
      // The raw latency lists are a uniform sample once this is true; the percentiles
      // still cover every request (histogram, < 1 % error).
      {"latency_lists_truncated", truncated},
  };
  j["health"] = health_json(r.health);
  j["run"] = r.identity;  // null where no identity was built (a RunResult made in a test)
  if (!r.group.is_null()) j["group"] = r.group;
  j["window"] = window_json(r);
  j["drain"] = drain_json(r);
  j["reference_compatible"] = reference_compatible_json(r);
  add_counters(j, k, stats::JsonBlock::Kvbench, reported_levels(r));
  // rows: what the file really holds (issue 15 item 4); complete: every recorded row is in it.
  j["trace"] = r.mode == "trace" ? json{{"path", r.trace_path},
                                        {"rows", r.trace_rows},
                                        {"rows_recorded", r.trace_rows_recorded},
                                        {"complete", r.trace_complete}}
                                 : json(nullptr);
  j["verify_mismatch_reads"] = r.verify_mismatch_reads;
  j["storage_io"] = r.storage_io;
  if (!r.device.is_null()) j["device"] = r.device;
  if (!r.timeline.is_null()) j["timeline"] = r.timeline;
  j["workload"] = r.workload;
  j["tier_io"] = r.mode == "real" ? tier_io_json(k) : json(nullptr);  // trace mode times nothing
  return j;
}

}  // namespace

double effective_elapsed_s(const RunResult& r) {
  // A replay that was over before --duration ran only that long (under --clock virtual with no
  // generation time: 0 simulated seconds, and no rate can be given).
  if (r.elapsed_s > 0 || r.window_end == "replay_done") return r.elapsed_s;
  return r.config ? static_cast<double>(r.config->duration) : 0.0;
}

json build_cache_stats_json(const RunResult& r) {
  const stats::CacheCounters& c = *r.cache;
  const auto get = [](const stats::Counter& v) { return stats::CacheCounters::get(v); };
  const double elapsed = effective_elapsed_s(r);
  const std::uint64_t hits = get(c.cache_hits), misses = get(c.cache_misses);
  const std::uint64_t read_bytes = get(c.total_read_bytes), write_bytes = get(c.total_write_bytes);

  const auto entries = [&](Level id) -> std::uint64_t {
    const TierSnapshot* t = find_tier(r, id);
    return t ? t->entries : 0;
  };
  const auto used_gb = [&](Level id) -> double {
    const TierSnapshot* t = find_tier(r, id);
    return t ? gib(t->used_bytes) : 0.0;
  };

  json s{
      {"cache_hit_rate",
       hits + misses > 0 ? static_cast<double>(hits) / static_cast<double>(hits + misses) : 0.0},
      {"gpu_entries", entries(Level::Gpu)},
      {"cpu_entries", entries(Level::Cpu)},
      {"storage_entries", entries(Level::Storage)},
      {"gpu_memory_used_gb", used_gb(Level::Gpu)},
      {"cpu_memory_used_gb", used_gb(Level::Cpu)},
      {"storage_health", r.mode == "trace" ? stats::storage_health_not_measured()
                                           : stats::evaluate_storage_health(c, r.config->performance_profile, elapsed)},
      {"total_read_gb", gib(read_bytes)},
      {"total_write_gb", gib(write_bytes)},
      {"read_write_ratio",
       static_cast<double>(read_bytes) / static_cast<double>(write_bytes > 0 ? write_bytes : 1)},
  };
  const std::vector<Level> levels = reported_levels(r);
  add_counters(s, c, stats::JsonBlock::CacheStats, levels);
  if (find_tier(r, Level::Object)) {  // reads that found their entry in the bucket
    s["object_entries"] = entries(Level::Object);
    s["object_hits"] = get(c.tier(Level::Object).entries_read);
  }
  for (Level id : levels) {
    const std::string name(level_stats_name(id));
    const stats::TierCounters& t = c.tier(id);
    const double written = gib(get(t.kv_bytes_written)), read = gib(get(t.kv_bytes_read));
    s["tier_" + name + "_kv_bytes_written_gb"] = written;
    s["tier_" + name + "_kv_bytes_read_gb"] = read;
    // "gbps" in the name, GiB/s in value: the reference's naming, kept for compatibility.
    s["tier_" + name + "_read_bandwidth_gbps"] = elapsed > 0 ? json(read / elapsed) : json(0);
    s["tier_" + name + "_write_bandwidth_gbps"] = elapsed > 0 ? json(written / elapsed) : json(0);
  }
  for (Level id : levels) {
    const std::string name(level_stats_name(id));
    add_percentile_keys(s, name + "_read", c.tier(id).read_latency);
    add_percentile_keys(s, name + "_write", c.tier(id).write_latency);
  }
  const stats::TierCounters& nvme = c.tier(Level::Storage);
  // An NVMe read adds size / bpt, a float, in the reference.
  if (get(nvme.kv_bytes_read) > 0) s["storage_tokens_processed"] = static_cast<double>(get(c.storage_tokens_processed));
  add_percentile_keys(s, "storage_read_device", nvme.read_device_latency);
  add_percentile_keys(s, "storage_read_host", nvme.read_host_latency);
  add_percentile_keys(s, "storage_write_device", nvme.write_device_latency);
  add_percentile_keys(s, "storage_write_host", nvme.write_host_latency);
  return s;
}

json build_qos_metrics_json(const RunResult& r) {
  json out = json::object();
  for (QosLevel level :
       {QosLevel::Interactive, QosLevel::Responsive, QosLevel::Batch}) {
    const stats::QosStats q = r.requests->qos(level);
    const char* name = kQosNames[static_cast<std::size_t>(level)];
    if (q.total_requests == 0) {
      out[name] = {{"no_data", true}};
      continue;
    }
    out[name] = {
        {"total_requests", q.total_requests},
        {"latency_ms",
         {{"mean", finite(q.latency.mean * 1000)},
          {"p50", finite(q.latency.p50 * 1000)},
          {"p95", finite(q.latency.p95 * 1000)},
          {"p99", finite(q.latency.p99 * 1000)},
          {"max", finite(q.latency.max * 1000)}}},
        {"sla",
         {{"target_p95_ms", whole_or_double(q.target_p95_ms)},
          {"actual_p95_ms", finite(q.latency.p95 * 1000)},
          {"compliance", q.compliance()},
          {"met", q.met()}}},
    };
  }
  return out;
}

json build_results_json(const RunResult& r) {
  if (!r.config || !r.cache || !r.requests)
    throw std::invalid_argument("build_results_json: RunResult is missing config/cache/requests");
  const stats::RequestStats& q = *r.requests;
  json timeline = json::array();
  for (const auto& p : r.throughput_timeline)
    timeline.push_back(
        {{"timestamp", p.elapsed_s}, {"throughput_tokens_per_sec", finite(p.tokens_per_sec)}});

  json doc{
      {"requests_completed", q.requests_completed()},
      {"total_tokens_generated", q.total_tokens()},
      {"total_storage_io_latency", q.total_storage_s()},
      {"total_generation_latency", q.total_generation_s()},
      {"end_to_end_latencies", seconds_list(q.end_to_end())},
      {"storage_latencies", seconds_list(q.storage())},
      {"generation_latencies", seconds_list(q.generation())},
      {"throughput_timeline", std::move(timeline)},
      {"prefill_latencies", seconds_list(q.prefill())},
      {"decode_latencies", seconds_list(q.decode())},
      {"multi_turn_cache_hits", q.multi_turn_hits()},
      {"multi_turn_cache_misses", q.multi_turn_misses()},
      {"seed", r.config->seed ? json(*r.config->seed) : json(nullptr)},
      {"interrupted", r.interrupted},
  };
  if (q.requests_completed() > 0) doc["summary"] = summary_json(r);
  if (!r.validation.is_null()) doc["validation"] = r.validation;
  if (!r.device_latency_tracing.is_null()) doc["device_latency_tracing"] = r.device_latency_tracing;
  doc["kvbench"] = kvbench_json(r);
  doc["kvbench"]["histograms"] = histograms_json(r);  // issue 19: mergeable, for aggregate and compare
  return doc;
}

}  // namespace kvbench::report
