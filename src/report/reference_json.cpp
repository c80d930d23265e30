#include "report/reference_json.h"

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace kvbench::report {
namespace {

using Keys = std::vector<const char*>;

// The order the reference builds each object in (spec §8.1, §8.2).
const Keys kTopLevel = {"requests_completed", "total_tokens_generated", "total_storage_io_latency",
                        "total_generation_latency", "end_to_end_latencies", "storage_latencies",
                        "generation_latencies", "prefill_latencies", "decode_latencies",
                        "throughput_timeline", "multi_turn_cache_hits", "multi_turn_cache_misses",
                        "seed", "summary", "validation", "device_latency_tracing", "fio_workload"};
const Keys kSummary = {"total_requests", "total_tokens", "elapsed_time", "avg_throughput_tokens_per_sec",
                       "total_storage_io_time", "storage_throughput_tokens_per_sec", "requests_per_second",
                       "end_to_end_latency_ms", "storage_io_latency_ms", "generation_latency_ms",
                       "cache_stats", "qos_metrics", "prefix_cache_stats", "autoscaling_stats",
                       "autoscaling_summary", "multi_turn_stats"};
const Keys kCacheStats = {
    "cache_hit_rate", "cache_hits", "cache_misses", "gpu_entries", "cpu_entries", "storage_entries",
    "gpu_memory_used_gb", "cpu_memory_used_gb", "offloads_cpu", "offloads_storage", "storage_health",
    "prefill_writes", "decode_reads", "tier_gpu_kv_bytes_written_gb", "tier_cpu_kv_bytes_written_gb",
    "tier_storage_kv_bytes_written_gb", "tier_gpu_kv_bytes_read_gb", "tier_cpu_kv_bytes_read_gb",
    "tier_storage_kv_bytes_read_gb", "tier_gpu_read_bandwidth_gbps", "tier_gpu_write_bandwidth_gbps",
    "tier_cpu_read_bandwidth_gbps", "tier_cpu_write_bandwidth_gbps", "tier_storage_read_bandwidth_gbps",
    "tier_storage_write_bandwidth_gbps", "system_prompt_hits", "common_phrase_hits", "user_cache_hits",
    "multi_turn_hits", "total_read_bytes", "total_write_bytes", "total_read_gb", "total_write_gb",
    "read_write_ratio", "read_iops", "write_iops", "storage_tokens_processed"};
const Keys kQosLevel = {"total_requests", "latency_ms", "sla"};
const Keys kLatency = {"mean", "p50", "p95", "p99", "p999", "p9999", "max"};
const Keys kSla = {"target_p95_ms", "actual_p95_ms", "compliance", "met"};

nlohmann::ordered_json plain(const nlohmann::json& v) { return nlohmann::ordered_json::parse(v.dump()); }

// `object`'s keys named in `order` first, in that order, each value made by `child`; the rest
// after them, sorted, as they are.
template <class Child>
nlohmann::ordered_json ordered(const nlohmann::json& object, const Keys& order, Child child) {
  if (!object.is_object()) return plain(object);
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const char* key : order)
    if (object.contains(key)) out[key] = child(key, object.at(key));
  for (const auto& [key, value] : object.items())
    if (!out.contains(key)) out[key] = plain(value);
  return out;
}

nlohmann::ordered_json latency_object(const char*, const nlohmann::json& v) {
  return ordered(v, kLatency, [](const char*, const nlohmann::json& x) { return plain(x); });
}

nlohmann::ordered_json qos_level(const nlohmann::json& level) {
  return ordered(level, kQosLevel, [](const char* key, const nlohmann::json& v) {
    if (std::string(key) == "latency_ms") return latency_object(key, v);
    if (std::string(key) == "sla") return ordered(v, kSla, [](const char*, const nlohmann::json& x) { return plain(x); });
    return plain(v);
  });
}

nlohmann::ordered_json summary(const nlohmann::json& s) {
  return ordered(s, kSummary, [](const char* key, const nlohmann::json& v) {
    const std::string k(key);
    if (k == "cache_stats") return ordered(v, kCacheStats, [](const char*, const nlohmann::json& x) { return plain(x); });
    if (k.size() > 11 && k.compare(k.size() - 11, 11, "_latency_ms") == 0) return latency_object(key, v);
    if (k == "qos_metrics" && v.is_object()) {
      nlohmann::ordered_json levels = nlohmann::ordered_json::object();
      for (const char* level : {"interactive", "responsive", "batch"})
        if (v.contains(level)) levels[level] = qos_level(v.at(level));
      for (const auto& [name, value] : v.items())
        if (!levels.contains(name)) levels[name] = plain(value);
      return levels;
    }
    return plain(v);
  });
}

}  // namespace

nlohmann::json whole_or_double(double v) {
  if (!std::isfinite(v)) return 0.0;
  if (v == std::floor(v) && std::fabs(v) < 9e15) return static_cast<std::int64_t>(v);
  return v;
}

void add_percentile_keys(nlohmann::json& out, const std::string& prefix, const stats::LatencyRecorder& rec) {
  if (rec.count() == 0) return;
  const stats::LatencySummary s = rec.summary();
  const auto ms = [](double seconds) { return std::isfinite(seconds) ? seconds * 1000 : 0.0; };
  out[prefix + "_p50_ms"] = ms(s.p50);
  out[prefix + "_p95_ms"] = ms(s.p95);
  out[prefix + "_p99_ms"] = ms(s.p99);
  out[prefix + "_p999_ms"] = ms(s.p999);
  out[prefix + "_p9999_ms"] = ms(s.p9999);
}

nlohmann::ordered_json reference_ordered(const nlohmann::json& doc) {
  return ordered(doc, kTopLevel, [](const char* key, const nlohmann::json& v) {
    return std::string(key) == "summary" ? summary(v) : plain(v);
  });
}

}  // namespace kvbench::report
