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

// Which objects are written in the reference's order, and each one's children: a tree of the
// few objects kv-cache.py builds key by key; everything below them is written as it is.
struct Shape {
  const Keys* keys;
  const Shape* (*child)(const std::string& key, const nlohmann::json& value);
};

const Shape* no_child(const std::string&, const nlohmann::json&) { return nullptr; }
const Shape kLatencyShape{&kLatency, &no_child};
const Shape kSlaShape{&kSla, &no_child};
const Shape kCacheStatsShape{&kCacheStats, &no_child};
const Shape kQosLevelShape{&kQosLevel, [](const std::string& key, const nlohmann::json&) -> const Shape* {
                             if (key == "latency_ms") return &kLatencyShape;
                             return key == "sla" ? &kSlaShape : nullptr;
                           }};
const Keys kQosLevels = {"interactive", "responsive", "batch"};
const Shape kQosMetricsShape{&kQosLevels, [](const std::string& key, const nlohmann::json&) -> const Shape* {
                               return key == "interactive" || key == "responsive" || key == "batch" ? &kQosLevelShape
                                                                                                     : nullptr;
                             }};
const Shape kSummaryShape{&kSummary, [](const std::string& key, const nlohmann::json& v) -> const Shape* {
                            if (key == "cache_stats") return &kCacheStatsShape;
                            if (key.size() > 11 && key.compare(key.size() - 11, 11, "_latency_ms") == 0)
                              return &kLatencyShape;
                            return key == "qos_metrics" && v.is_object() ? &kQosMetricsShape : nullptr;
                          }};
const Shape kTopShape{&kTopLevel, [](const std::string& key, const nlohmann::json&) -> const Shape* {
                        return key == "summary" ? &kSummaryShape : nullptr;
                      }};

// nlohmann's pretty printer (indent 4) for the objects of a Shape, its own serializer for all
// else, so the text is what dumping a reordered copy would give, without the copy.
class OrderedDump {
 public:
  explicit OrderedDump(nlohmann::detail::output_adapter_t<char> out)
      : out_(out), serializer_(out, ' ', nlohmann::json::error_handler_t::replace) {}

  void value(const nlohmann::json& v, const Shape* shape, unsigned indent) {
    if (shape == nullptr || !v.is_object() || v.empty()) return serializer_.dump(v, true, false, 4, indent);
    out_->write_characters("{\n", 2);
    const std::string pad(indent + 4, ' ');
    bool first = true;
    const auto member = [&](const std::string& key, const nlohmann::json& child) {
      if (!first) out_->write_characters(",\n", 2);
      first = false;
      out_->write_characters(pad.data(), pad.size());
      serializer_.dump(nlohmann::json(key), false, false, 0);
      out_->write_characters(": ", 2);
      value(child, shape->child(key, child), indent + 4);
    };
    for (const char* key : *shape->keys)
      if (const auto it = v.find(key); it != v.end()) member(key, *it);
    for (const auto& [key, child] : v.items())
      if (!named(*shape->keys, key)) member(key, child);
    out_->write_character('\n');
    const std::string close(indent, ' ');
    out_->write_characters(close.data(), close.size());
    out_->write_character('}');
  }

 private:
  static bool named(const Keys& keys, const std::string& key) {
    for (const char* k : keys)
      if (key == k) return true;
    return false;
  }
  nlohmann::detail::output_adapter_t<char> out_;
  nlohmann::detail::serializer<nlohmann::json> serializer_;
};

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

void dump_reference_ordered(const nlohmann::json& doc, nlohmann::detail::output_adapter_t<char> out) {
  OrderedDump(out).value(doc, &kTopShape, 0);
}

}  // namespace kvbench::report
