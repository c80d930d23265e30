// The catalog's rows, section by section in the order the results JSON writes them. Figures
// that repeat per level, QoS class or cache type are spelled once and expanded here from the
// same name tables the writer uses, so the two cannot drift apart.
#include <string>

#include "common/io_types.h"
#include "common/qos_class.h"
#include "report/metric_catalog.h"

namespace kvbench::report::detail {
namespace {

using K = MetricKind;
using M = MergeRule;
using U = Unit;
using B = Better;
using Guard = Derivation::Guard;

constexpr Level kLevels[] = {Level::Gpu, Level::Cpu, Level::Storage};

// Quantile suffixes of the writer's percentile keys and the quantile each stands for.
constexpr std::pair<const char*, double> kQuantiles[] = {
    {"p50", 50}, {"p95", 95}, {"p99", 99}, {"p999", 99.9}, {"p9999", 99.99}};

class Rows {
 public:
  void add(std::string path, K kind, U unit, M merge, B better) {
    MetricEntry e;
    e.path = std::move(path);
    e.kind = kind;
    e.unit = unit;
    e.merge = merge;
    e.better = better;
    rows_.push_back(std::move(e));
  }
  void derived(std::string path, U unit, B better, Derivation d) {
    add(std::move(path), unit == U::Ratio ? K::Ratio : K::Rate, unit, M::Recompute, better);
    rows_.back().derived = std::move(d);
  }
  // {mean, p50, ..., p9999} in ms of a per-request list, recomputed from the pooled list.
  void pooled_summary(const std::string& path, const std::string& samples) {
    add(path + ".mean", K::Mean, U::Milliseconds, M::Pooled, B::Lower);
    rows_.back().pooled = {samples, -1, ""};
    for (const auto& [suffix, q] : kQuantiles) {
      add(path + "." + suffix, K::Percentile, U::Milliseconds, M::Pooled, B::Lower);
      rows_.back().pooled = {samples, q, ""};
    }
  }
  // {prefix}_{p50..p9999}_ms of one operation's latency: the worst group's, or pooled from the
  // kvbench.histograms series `prefix` names where every group has it.
  // `compare`: also name its p50, p95 and p99 for `kvbench compare`.
  void op_percentiles(const std::string& path, const std::string& series, bool compare) {
    for (const auto& [suffix, q] : kQuantiles) {
      add(path + "_" + suffix + "_ms", K::Percentile, U::Milliseconds, M::Max, B::Lower);
      rows_.back().pooled = {"", q, series};
      if (compare && (q == 50 || q == 95 || q == 99)) compared(series + "_" + suffix);
    }
  }
  void compared(std::string name) { rows_.back().compare_name = std::move(name); }
  void aggregate_only() { rows_.back().aggregate_only = true; }
  // Names {prefix}_p50/p95/p99 for compare on the rows {path}.p50/p95/p99 added before.
  void compare_quantiles(const std::string& path, const std::string& prefix) {
    for (auto& e : rows_)
      for (const char* p : {"p50", "p95", "p99"})
        if (e.path == path + "." + p) e.compare_name = prefix + "_" + p;
  }
  void same_as(std::string path) { rows_.back().same_as = std::move(path); }
  std::vector<MetricEntry> take() { return std::move(rows_); }

 private:
  std::vector<MetricEntry> rows_;
};

void top_level(Rows& r) {
  r.add("requests_completed", K::Counter, U::Requests, M::Sum, B::Higher);
  r.add("total_tokens_generated", K::Counter, U::Tokens, M::Sum, B::Higher);
  r.add("total_storage_io_latency", K::Counter, U::Seconds, M::Sum, B::Lower);
  r.add("total_generation_latency", K::Counter, U::Seconds, M::Sum, B::None);
  for (const char* list : {"end_to_end_latencies", "storage_latencies", "generation_latencies"})
    r.add(list, K::Samples, U::Seconds, M::Concat, B::Lower);
  r.add("throughput_timeline[].timestamp", K::Gauge, U::Seconds, M::PerPod, B::None);
  r.add("throughput_timeline[].throughput_tokens_per_sec", K::Rate, U::TokensPerSecond, M::PerPod, B::Higher);
  for (const char* list : {"prefill_latencies", "decode_latencies"})
    r.add(list, K::Samples, U::Seconds, M::Concat, B::Lower);
  r.add("multi_turn_cache_hits", K::Counter, U::Count, M::Sum, B::None);
  r.add("multi_turn_cache_misses", K::Counter, U::Count, M::Sum, B::None);
  r.add("seed", K::Identity, U::None, M::First, B::None);
  r.add("interrupted", K::Identity, U::None, M::Any, B::None);
}

void summary(Rows& r) {
  const std::string s = "summary.";
  r.add(s + "total_requests", K::Counter, U::Requests, M::Sum, B::Higher);
  r.same_as("requests_completed");
  r.add(s + "total_tokens", K::Counter, U::Tokens, M::Sum, B::Higher);
  r.same_as("total_tokens_generated");
  r.add(s + "elapsed_time", K::Gauge, U::Seconds, M::Max, B::None);
  // Groups run side by side, so their throughputs add up.
  r.add(s + "avg_throughput_tokens_per_sec", K::Rate, U::TokensPerSecond, M::Sum, B::Higher);
  r.compared("tokens_per_sec");
  r.add(s + "total_storage_io_time", K::Counter, U::Seconds, M::Sum, B::Lower);
  r.derived(s + "storage_throughput_tokens_per_sec", U::TokensPerSecond, B::Higher,
            {"summary.total_tokens", "summary.total_storage_io_time", "", Guard::ZeroWhenZero});
  r.add(s + "requests_per_second", K::Rate, U::RequestsPerSecond, M::Sum, B::Higher);
  r.pooled_summary(s + "end_to_end_latency_ms", "end_to_end_latencies");
  r.compare_quantiles(s + "end_to_end_latency_ms", "request");
  r.pooled_summary(s + "storage_io_latency_ms", "storage_latencies");
  r.pooled_summary(s + "generation_latency_ms", "generation_latencies");
}

void cache_stats(Rows& r) {
  const std::string c = "summary.cache_stats.";
  r.derived(c + "cache_hit_rate", U::Ratio, B::Higher,
            {c + "cache_hits", c + "cache_hits", c + "cache_misses", Guard::ZeroWhenZero});
  r.compared("hit_rate");
  r.add(c + "cache_hits", K::Counter, U::Count, M::Sum, B::Higher);
  r.add(c + "cache_misses", K::Counter, U::Count, M::Sum, B::Lower);
  for (Level l : kLevels) r.add(c + std::string(level_stats_name(l)) + "_entries", K::Gauge, U::Count, M::Sum, B::None);
  for (Level l : {Level::Gpu, Level::Cpu})
    r.add(c + std::string(level_stats_name(l)) + "_memory_used_gb", K::Gauge, U::GiB, M::Sum, B::None);
  r.add(c + "offloads_cpu", K::Counter, U::Count, M::Sum, B::None);
  r.add(c + "offloads_storage", K::Counter, U::Count, M::Sum, B::None);
  const std::string h = c + "storage_health";
  r.add(h, K::Verdict, U::None, M::AllPass, B::Higher);
  r.add(h + ".overall_status", K::Verdict, U::None, M::AllPass, B::Higher);
  for (const char* key : {"name", "target", "unit"})
    r.add(h + ".criteria[]." + key, K::Identity, U::None, M::PerPod, B::None);
  r.add(h + ".criteria[].actual", K::Gauge, U::None, M::PerPod, B::None);  // unit in `unit`
  r.add(h + ".criteria[].passed", K::Verdict, U::None, M::PerPod, B::Higher);
  r.add(h + ".passed_count", K::Counter, U::Count, M::PerPod, B::Higher);
  r.add(h + ".total_count", K::Counter, U::Count, M::PerPod, B::None);
  r.add(h + ".reason", K::Identity, U::None, M::PerPod, B::None);  // trace mode: why not measured
  r.add(h + ".per_group", K::Description, U::None, M::Concat, B::None);  // each group's verdict
  r.aggregate_only();
  for (const char* key : {"prefill_writes", "decode_reads", "system_prompt_hits", "common_phrase_hits",
                          "user_cache_hits", "multi_turn_hits"})
    r.add(c + key, K::Counter, U::Count, M::Sum, B::None);
  r.add(c + "total_read_bytes", K::Counter, U::Bytes, M::Sum, B::None);
  r.add(c + "total_write_bytes", K::Counter, U::Bytes, M::Sum, B::None);
  r.add(c + "total_read_gb", K::Counter, U::GiB, M::Sum, B::None);
  r.add(c + "total_write_gb", K::Counter, U::GiB, M::Sum, B::None);
  r.derived(c + "read_write_ratio", U::Ratio, B::None,
            {c + "total_read_bytes", c + "total_write_bytes", "", Guard::AtLeastOne});
  // Counts of operations despite the name (spec §8.2).
  r.add(c + "read_iops", K::Counter, U::Count, M::Sum, B::None);
  r.add(c + "write_iops", K::Counter, U::Count, M::Sum, B::None);
  r.add(c + "storage_tokens_processed", K::Counter, U::Tokens, M::Sum, B::None);
  for (Level l : kLevels) {
    const std::string t = c + "tier_" + std::string(level_stats_name(l));
    r.add(t + "_kv_bytes_written_gb", K::Counter, U::GiB, M::Sum, B::None);
    r.add(t + "_kv_bytes_read_gb", K::Counter, U::GiB, M::Sum, B::None);
    // "gbps" in the name, GiB/s in value (the reference's naming).
    r.add(t + "_read_bandwidth_gbps", K::Rate, U::GiBPerSecond, M::Sum, B::Higher);
    if (l == Level::Storage) r.compared("storage_read_gibps");
    r.add(t + "_write_bandwidth_gbps", K::Rate, U::GiBPerSecond, M::Sum, B::Higher);
    if (l == Level::Storage) r.compared("storage_write_gibps");
  }
  for (Level l : kLevels) {
    const std::string name(level_stats_name(l));
    r.op_percentiles(c + name + "_read", name + "_read", true);
    r.op_percentiles(c + name + "_write", name + "_write", true);
  }
  for (const char* part : {"storage_read_device", "storage_read_host", "storage_write_device", "storage_write_host"})
    r.op_percentiles(c + part, part, false);
}

void qos_and_prefix(Rows& r) {
  for (const char* level : kQosNames) {
    const std::string q = std::string("summary.qos_metrics.") + level;
    r.add(q + ".no_data", K::Identity, U::None, M::AllPass, B::None);
    r.add(q + ".total_requests", K::Counter, U::Requests, M::Sum, B::Higher);
    r.add(q + ".latency_ms.mean", K::Mean, U::Milliseconds, M::Max, B::Lower);
    for (const char* p : {"p50", "p95", "p99", "max"})
      r.add(q + ".latency_ms." + p, K::Percentile, U::Milliseconds, M::Max, B::Lower);
    r.add(q + ".sla.target_p95_ms", K::Identity, U::Milliseconds, M::Equal, B::None);
    r.add(q + ".sla.actual_p95_ms", K::Percentile, U::Milliseconds, M::Max, B::Lower);
    r.add(q + ".sla.compliance", K::Ratio, U::Ratio, M::Min, B::Higher);
    r.add(q + ".sla.met", K::Verdict, U::None, M::AllPass, B::Higher);
  }
  const std::string p = "summary.prefix_cache_stats.";
  for (const char* key : {"prefix_hits", "prefix_misses", "system_prompt_reuse", "common_phrase_reuse"})
    r.add(p + key, K::Counter, U::Count, M::Sum, B::None);
  r.add(p + "bytes_saved", K::Counter, U::Bytes, M::Sum, B::Higher);
}

// Autoscaling decisions are each pod's own: they do not merge.
void autoscaling(Rows& r) {
  const std::string e = "summary.autoscaling_stats[].";
  for (const char* key : {"timestamp", "mode", "action"}) r.add(e + key, K::Identity, U::None, M::PerPod, B::None);
  r.add(e + "users", K::Gauge, U::Users, M::PerPod, B::None);
  r.add(e + "saturation_level", K::Ratio, U::Ratio, M::PerPod, B::None);
  r.add(e + "read_latency_p95_ms", K::Percentile, U::Milliseconds, M::PerPod, B::Lower);
  r.add(e + "write_latency_p95_ms", K::Percentile, U::Milliseconds, M::PerPod, B::Lower);
  r.add(e + "throughput_tokens_per_sec", K::Rate, U::TokensPerSecond, M::PerPod, B::Higher);
  r.add(e + "peak_throughput_tokens_per_sec", K::Rate, U::TokensPerSecond, M::PerPod, B::Higher);
  const std::string a = "summary.autoscaling_summary";  // null when autoscaling was off
  r.add(a + ".initial_users", K::Gauge, U::Users, M::PerPod, B::None);
  r.add(a + ".final_users", K::Gauge, U::Users, M::PerPod, B::None);
  r.add(a + ".total_scale_events", K::Counter, U::Count, M::PerPod, B::None);
  r.add(a + ".peak_user_count", K::Gauge, U::Users, M::PerPod, B::Higher);
  r.add(a + ".peak_throughput_tokens_per_sec", K::Rate, U::TokensPerSecond, M::PerPod, B::Higher);
  const std::string m = "summary.multi_turn_stats.";
  r.add(m + "cache_hits", K::Counter, U::Count, M::Sum, B::Higher);
  r.same_as("multi_turn_cache_hits");
  r.add(m + "cache_misses", K::Counter, U::Count, M::Sum, B::Lower);
  r.same_as("multi_turn_cache_misses");
  r.derived(m + "hit_rate", U::Ratio, B::Higher,
            {m + "cache_hits", m + "cache_hits", m + "cache_misses", Guard::AtLeastOne});
}

// --validation-trace (spec §8.6): one pod's hit rate against a trace's.
void validation(Rows& r) {
  const std::string v = "validation.";
  r.add(v + "passed", K::Verdict, U::None, M::PerPod, B::Higher);
  r.add(v + "avg_error_pct", K::Ratio, U::Percent, M::PerPod, B::Lower);
  r.add(v + "difference", K::Identity, U::None, M::PerPod, B::None);  // issue 16 item 3: which one it sees
  const std::string c = v + "comparison.cache_hit_rate.";
  r.add(c + "benchmark", K::Ratio, U::Ratio, M::PerPod, B::None);
  r.add(c + "trace", K::Ratio, U::Ratio, M::PerPod, B::None);
  r.add(c + "error_pct", K::Ratio, U::Percent, M::PerPod, B::Lower);
  r.add(c + "within_5pct", K::Verdict, U::None, M::PerPod, B::Higher);
  const std::string t = v + "trace_stats.";
  r.add(t + "total_requests", K::Counter, U::Requests, M::PerPod, B::None);
  r.add(t + "cache_hit_rate", K::Ratio, U::Ratio, M::PerPod, B::None);
  r.add(t + "read_write_ratio", K::Ratio, U::Ratio, M::PerPod, B::None);
  r.add(t + "context_tokens_mean", K::Gauge, U::Tokens, M::PerPod, B::None);
  r.add(t + "generation_tokens_mean", K::Gauge, U::Tokens, M::PerPod, B::None);
  r.add(t + "records_skipped", K::Counter, U::Count, M::PerPod, B::Lower);
}

// The timed window, its drain and the reference's way of counting (docs/metrics.md).
void window_rows(Rows& r, const std::string& k) {
  const std::string w = k + "window.";
  r.add(w + "nominal_s", K::Identity, U::Seconds, M::Equal, B::None);
  r.add(w + "measured_s", K::Gauge, U::Seconds, M::Max, B::None);
  r.add(w + "ended_by", K::Identity, U::None, M::PerPod, B::None);
  r.add(w + "requests_completed", K::Counter, U::Requests, M::Sum, B::Higher);
  r.add(w + "tokens", K::Counter, U::Tokens, M::Sum, B::Higher);
  r.add(w + "tokens_pro_rata", K::Counter, U::Tokens, M::Sum, B::None);
  for (const char* key : {"requests_abandoned_queued", "requests_in_flight_at_end"})
    r.add(w + key, K::Counter, U::Requests, M::Sum, B::Lower);
  const std::string d = k + "drain.";
  r.add(d + "timeout_s", K::Identity, U::Seconds, M::Equal, B::None);
  r.add(d + "seconds", K::Gauge, U::Seconds, M::Max, B::Lower);
  r.add(d + "overrun", K::Identity, U::None, M::Any, B::None);
  r.add(d + "requests_completed", K::Counter, U::Requests, M::Sum, B::None);
  r.add(d + "tokens_of_completed_requests", K::Counter, U::Tokens, M::Sum, B::None);
  r.add(d + "requests_cut", K::Counter, U::Requests, M::Sum, B::Lower);
  for (const char* key : {"bytes_read", "bytes_written"}) r.add(d + key, K::Counter, U::Bytes, M::Sum, B::None);
  for (const char* key : {"read_ops", "write_ops"}) r.add(d + key, K::Counter, U::Count, M::Sum, B::None);
  for (const char* key : {"read_failures", "write_failures"}) r.add(d + key, K::Counter, U::Count, M::Sum, B::Lower);
  const std::string c = k + "reference_compatible.";
  r.add(c + "requests_completed", K::Counter, U::Requests, M::Sum, B::Higher);
  r.add(c + "total_tokens", K::Counter, U::Tokens, M::Sum, B::Higher);
  r.add(c + "duration_s", K::Identity, U::Seconds, M::Equal, B::None);
  r.add(c + "avg_throughput_tokens_per_sec", K::Rate, U::TokensPerSecond, M::Sum, B::Higher);
  r.add(c + "requests_per_second", K::Rate, U::RequestsPerSecond, M::Sum, B::Higher);
  r.add(c + "cache_hits", K::Counter, U::Count, M::Sum, B::Higher);  // failed reads included, as kv-cache.py
}

// kvbench.timeline (stats/run_timeline.h): one pod's own time series, never merged.
void timeline_rows(Rows& r, const std::string& k) {
  const std::string t = k + "timeline.";
  r.add(t + "interval_s", K::Identity, U::Seconds, M::PerPod, B::None);
  r.add(t + "requested_interval_s", K::Identity, U::Seconds, M::PerPod, B::None);
  r.add(t + "max_points", K::Identity, U::Count, M::PerPod, B::None);
  const std::string p = t + "points[].";
  r.add(p + "start_s", K::Gauge, U::Seconds, M::PerPod, B::None);
  r.add(p + "end_s", K::Gauge, U::Seconds, M::PerPod, B::None);
  r.add(p + "requests_completed", K::Counter, U::Requests, M::PerPod, B::Higher);
  r.add(p + "tokens", K::Counter, U::Tokens, M::PerPod, B::Higher);
  r.add(p + "queue_depth", K::Gauge, U::Requests, M::PerPod, B::Lower);
  r.add(p + "in_flight", K::Gauge, U::Requests, M::PerPod, B::None);
  for (Level l : kLevels)
    for (const char* key : {"read_bytes", "written_bytes", "demoted_in_bytes", "demoted_out_bytes", "used_bytes"})
      r.add(p + "levels." + std::string(level_stats_name(l)) + "." + key,
            std::string_view(key) == "used_bytes" ? K::Gauge : K::Counter, U::Bytes, M::PerPod, B::None);
  for (const char* op : {"storage_read_latency_ms.", "storage_write_latency_ms."}) {
    r.add(p + op + "count", K::Counter, U::Count, M::PerPod, B::None);
    for (const char* q : {"p50", "p95", "p99"}) r.add(p + op + q, K::Percentile, U::Milliseconds, M::PerPod, B::Lower);
  }
}

void kvbench_block(Rows& r) {
  const std::string k = "kvbench.";
  for (const char* key : {"version", "mode", "clock"}) r.add(k + key, K::Identity, U::None, M::Equal, B::None);
  r.add(k + "interrupted", K::Identity, U::None, M::Any, B::None);
  r.add(k + "started_at", K::Identity, U::None, M::PerPod, B::None);
  r.add(k + "started_at_epoch_us", K::Identity, U::Microseconds, M::Min, B::None);
  r.add(k + "elapsed_s", K::Gauge, U::Seconds, M::Max, B::None);
  r.add(k + "workers", K::Gauge, U::Count, M::Sum, B::None);
  r.add(k + "arrivals_offered", K::Counter, U::Requests, M::Sum, B::None);
  r.add(k + "arrivals_due", K::Counter, U::Requests, M::Sum, B::None);  // offered + never reached
  for (const char* key : {"arrivals_dropped_queue_full", "requests_abandoned_at_stop"})
    r.add(k + key, K::Counter, U::Requests, M::Sum, B::Lower);
  for (const char* key : {"write_failures", "read_failures", "verify_mismatches"}) {
    r.add(k + key, K::Counter, U::Count, M::Sum, B::Lower);
    r.compared(key);
  }
  r.add(k + "demotions", K::Counter, U::Count, M::Sum, B::None);
  r.add(k + "deletions", K::Counter, U::Count, M::Sum, B::None);
  r.add(k + "demotion_failures", K::Counter, U::Count, M::Sum, B::Lower);
  r.add(k + "demotions_cancelled", K::Counter, U::Count, M::Sum, B::Lower);
  // Issue 15: failures by cause, and entries lost (stats/cache_counters.h).
  for (const char* key : {"write_failures_no_room", "write_io_errors", "writes_cancelled", "reads_cancelled",
                          "entries_lost"})
    r.add(k + key, K::Counter, U::Count, M::Sum, B::Lower);
  for (Level l : kLevels) r.add(k + "lost_bytes." + std::string(level_stats_name(l)), K::Counter, U::Bytes, M::Sum, B::Lower);
  r.add(k + "verify_mismatch_reads", K::Description, U::None, M::PerPod, B::None);  // cache/mismatch_log.h
  // Per level (stats/cache_counters.h): completed demotions' bytes in and out, deletions' bytes.
  for (const char* key : {"demoted_in_bytes.", "demoted_out_bytes.", "deleted_bytes."})
    for (Level l : kLevels) r.add(k + key + std::string(level_stats_name(l)), K::Counter, U::Bytes, M::Sum, B::None);
  for (const CacheType t : kCacheTypes)
    r.add(k + "cache_misses_by_type." + std::string(cache_type_label(t)), K::Counter, U::Count, M::Sum, B::Lower);
  r.add(k + "tiers[].tier", K::Identity, U::None, M::Equal, B::None);
  r.add(k + "tiers[].used_bytes", K::Gauge, U::Bytes, M::Sum, B::None);
  r.add(k + "tiers[].limit_bytes", K::Gauge, U::Bytes, M::Sum, B::None);  // null = unlimited
  r.add(k + "tiers[].entries", K::Gauge, U::Count, M::Sum, B::None);
  r.add(k + "tensor_parallel", K::Identity, U::Count, M::Equal, B::None);
  r.add(k + "num_gpus", K::Identity, U::Count, M::Equal, B::None);
  r.add(k + "latency_lists_truncated", K::Identity, U::None, M::Any, B::None);
  // Issue 19: every latency series as a mergeable histogram (report/histogram_json.h).
  r.add(k + "histograms", K::Samples, U::None, M::Histograms, B::Lower);
  window_rows(r, k);
  timeline_rows(r, k);
  // kvbench.trace is null in real mode, kvbench.tier_io in trace mode.
  r.add(k + "trace.path", K::Identity, U::None, M::PerPod, B::None);
  r.add(k + "trace.rows", K::Counter, U::Count, M::Sum, B::None);  // what the file holds
  r.add(k + "trace.rows_recorded", K::Counter, U::Count, M::Sum, B::None);
  r.add(k + "trace.complete", K::Identity, U::None, M::AllPass, B::None);
  r.add(k + "storage_io", K::Description, U::None, M::PerPod, B::None);  // tiers' describe()
  r.add(k + "workload", K::Description, U::None, M::PerPod, B::None);    // the source's describe()
  r.add(k + "device", K::Description, U::None, M::PerPod, B::None);  // tiers/device_cross_check.h, real runs
  // stats/run_health.h: ok | degraded | failed, and why; each pod's own verdict.
  r.add(k + "health.status", K::Verdict, U::None, M::PerPod, B::None);
  r.add(k + "health.reasons", K::Description, U::None, M::PerPod, B::None);
  r.add(k + "run", K::Description, U::None, M::PerPod, B::None);  // report/run_identity.h
  r.add(k + "group", K::Description, U::None, M::PerPod, B::None);  // app/start_barrier.h: each group's window
  for (Level l : kLevels) {
    const std::string t = k + "tier_io." + std::string(level_label(l)) + ".";
    r.add(t + "read_ops", K::Counter, U::Count, M::Sum, B::None);
    r.add(t + "write_ops", K::Counter, U::Count, M::Sum, B::None);
    // Busy seconds: bytes over these give the bandwidth a tier delivered while busy.
    for (const char* key : {"read_s", "write_s", "read_device_s", "read_host_s", "write_device_s",
                            "write_host_s", "read_overlapped_host_s", "write_overlapped_host_s"})
      r.add(t + key, K::Counter, U::Seconds, M::Sum, B::Lower);
  }
  // What `kvbench aggregate` writes in place of a run's own block.
  r.add(k + "aggregated_from", K::Identity, U::None, M::Concat, B::None);
  r.aggregate_only();
  r.add(k + "groups", K::Counter, U::Count, M::Sum, B::None);
  r.aggregate_only();
  r.add(k + "figures_without_catalog_entry", K::Identity, U::None, M::Concat, B::None);
  r.aggregate_only();
  // Pooled percentiles per series next to MLPerf's max of the groups' p95 (aggregate_histograms.h).
  r.add(k + "pooled_percentiles", K::Description, U::None, M::PerPod, B::None);
  r.aggregate_only();
}

}  // namespace

std::vector<MetricEntry> catalog_rows() {
  Rows r;
  top_level(r);
  summary(r);
  cache_stats(r);
  qos_and_prefix(r);
  autoscaling(r);
  validation(r);
  kvbench_block(r);
  return r.take();
}

}  // namespace kvbench::report::detail
