#include "stats/storage_health.h"

#include <cstdio>
#include <string>

namespace kvbench::stats {
namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

using nlohmann::json;

json finish(json criteria) {
  std::size_t passed = 0;
  for (const auto& c : criteria)
    if (c["passed"].get<bool>()) ++passed;
  const std::size_t total = criteria.size();
  return json{{"overall_status", passed == total ? "PASS" : "FAIL"},
              {"criteria", std::move(criteria)},
              {"passed_count", passed},
              {"total_count", total}};
}

std::string two_decimals(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

json throughput_profile(const CacheCounters& c, double elapsed_s) {
  const TierCounters& nvme = c.tier(Level::Storage);
  const std::uint64_t read_bytes = CacheCounters::get(nvme.kv_bytes_read);
  const std::uint64_t write_bytes = CacheCounters::get(nvme.kv_bytes_written);
  const double read_bw = elapsed_s > 0 ? static_cast<double>(read_bytes) / kGiB / elapsed_s : 0;
  const double write_bw = elapsed_s > 0 ? static_cast<double>(write_bytes) / kGiB / elapsed_s : 0;
  json criteria = json::array();
  // A direction is judged only if it happened, or if neither did (so an idle run fails):
  // prefill-only runs have no reads, decode-only runs no writes.
  if (read_bytes > 0 || write_bytes == 0) {
    criteria.push_back({{"name", "Storage KV Read Bandwidth"},
                        {"target", ">0"},
                        {"actual", two_decimals(read_bw)},
                        {"unit", "GiB/s"},
                        {"passed", read_bw > 0}});
  }
  if (write_bytes > 0 || read_bytes == 0) {
    criteria.push_back({{"name", "Storage KV Write Bandwidth"},
                        {"target", ">0"},
                        {"actual", two_decimals(write_bw)},
                        {"unit", "GiB/s"},
                        {"passed", write_bw > 0}});
  }
  return finish(std::move(criteria));
}

// Device latency when the tier measured it, else the total (the reference's fallback).
void storage_criterion(json& criteria, const LatencyRecorder& device, const LatencyRecorder& total,
                       const char* op, double limit_ms) {
  const bool use_device = device.count() > 0;
  const LatencyRecorder& basis = use_device ? device : total;
  if (basis.count() == 0) return;
  const double p95_ms = basis.percentile(95) * 1000.0;
  const std::string name = std::string("Storage Tier ") + op + (use_device ? " Device" : " Total") +
                           " P95 < " + std::to_string(static_cast<int>(limit_ms)) + "ms";
  criteria.push_back({{"name", name},
                      {"target", static_cast<int>(limit_ms)},
                      {"actual", p95_ms},
                      {"unit", "ms"},
                      {"passed", p95_ms < limit_ms}});
}

json latency_profile(const CacheCounters& c) {
  json criteria = json::array();
  const TierCounters& nvme = c.tier(Level::Storage);
  storage_criterion(criteria, nvme.write_device_latency, nvme.write_latency, "Write", 500);
  storage_criterion(criteria, nvme.read_device_latency, nvme.read_latency, "Read", 200);

  const TierCounters& cpu = c.tier(Level::Cpu);
  if (cpu.read_latency.count() > 0 || cpu.write_latency.count() > 0) {
    // The reference pools CPU reads and writes into one list before taking the p95.
    LatencyRecorder pooled;
    pooled.merge_from(cpu.read_latency);
    pooled.merge_from(cpu.write_latency);
    const double p95_ms = pooled.percentile(95) * 1000.0;
    criteria.push_back({{"name", "CPU RAM P95 < 150ms"},
                        {"target", 150},
                        {"actual", p95_ms},
                        {"unit", "ms"},
                        {"passed", p95_ms < 150.0}});
  }

  const std::uint64_t hits = CacheCounters::get(c.cache_hits);
  const std::uint64_t misses = CacheCounters::get(c.cache_misses);
  if (hits + misses > 0) {
    const double hit_rate = static_cast<double>(hits) / static_cast<double>(hits + misses);
    criteria.push_back({{"name", "Cache Hit Rate > 30%"},
                        {"target", 0.3},
                        {"actual", hit_rate},
                        {"unit", "ratio"},
                        {"passed", hit_rate > 0.3}});
  }
  return finish(std::move(criteria));
}

}  // namespace

nlohmann::json storage_health_not_measured() {
  return json{{"overall_status", kStorageHealthNotMeasured},
              {"criteria", json::array()},
              {"passed_count", 0},
              {"total_count", 0},
              {"reason", "trace mode writes a trace instead of doing I/O: latencies are zero and "
                         "bandwidths are offered load, so nothing about the storage can pass or fail"}};
}

nlohmann::json evaluate_storage_health(const CacheCounters& counters,
                                       PerformanceProfile profile, double elapsed_s) {
  if (profile == PerformanceProfile::Throughput)
    return throughput_profile(counters, elapsed_s);
  return latency_profile(counters);
}

}  // namespace kvbench::stats
