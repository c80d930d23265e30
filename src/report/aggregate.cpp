#include "report/aggregate.h"

#include <algorithm>
#include <ostream>
#include <stdexcept>

#include "report/results_json.h"
#include "stats/percentile.h"

namespace kvbench::report {
namespace {

using nlohmann::json;

constexpr const char* kLatencyLists[] = {"end_to_end_latencies", "storage_latencies",
                                         "generation_latencies", "prefill_latencies",
                                         "decode_latencies"};

// Per-request summaries in `summary`, and the raw list each is recomputed from.
constexpr std::pair<const char*, const char*> kSummaries[] = {
    {"end_to_end_latency_ms", "end_to_end_latencies"},
    {"storage_io_latency_ms", "storage_latencies"},
    {"generation_latency_ms", "generation_latencies"}};

double num(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : 0.0;
}

json ms_summary_of(std::vector<double> seconds) {
  std::sort(seconds.begin(), seconds.end());
  double sum = 0;
  for (double v : seconds) sum += v;
  const auto p = [&](double q) { return stats::percentile_of_sorted(seconds, q) * 1000; };
  return json{{"mean", seconds.empty() ? 0.0 : sum / static_cast<double>(seconds.size()) * 1000},
              {"p50", p(50)}, {"p95", p(95)}, {"p99", p(99)}, {"p999", p(99.9)}, {"p9999", p(99.99)}};
}

// cache_stats: counts and bytes add up; ratios are recomputed; per-operation percentiles are
// not in the files' raw data, so the worst group's value stands for the whole (conservative).
json merge_cache_stats(const std::vector<const json*>& stats) {
  json out = json::object();
  for (const json* s : stats) {
    for (auto it = s->begin(); it != s->end(); ++it) {
      const std::string& key = it.key();
      if (!it->is_number()) continue;
      const bool percentile = key.size() > 3 && key.compare(key.size() - 3, 3, "_ms") == 0;
      const double v = it->get<double>();
      if (!out.contains(key)) out[key] = v;
      else out[key] = percentile ? std::max(out[key].get<double>(), v) : out[key].get<double>() + v;
    }
  }
  const double hits = num(out, "cache_hits"), misses = num(out, "cache_misses");
  out["cache_hit_rate"] = hits + misses > 0 ? hits / (hits + misses) : 0.0;
  out["read_write_ratio"] = num(out, "total_read_bytes") / std::max(num(out, "total_write_bytes"), 1.0);
  // Health is per group: the merged run passes only if every group passed.
  bool pass = true;
  for (const json* s : stats)
    if (s->contains("storage_health") && (*s)["storage_health"].value("overall_status", "PASS") != "PASS")
      pass = false;
  out["storage_health"] = json{{"overall_status", pass ? "PASS" : "FAIL"}, {"per_group", json::array()}};
  for (const json* s : stats)
    if (s->contains("storage_health")) out["storage_health"]["per_group"].push_back((*s)["storage_health"]);
  return out;
}

}  // namespace

json aggregate_results(const std::vector<json>& runs, const std::vector<std::string>& names) {
  if (runs.empty()) throw std::runtime_error("aggregate: no result files given");
  json out = json::object();
  for (const char* key : {"requests_completed", "total_tokens_generated", "total_storage_io_latency",
                          "total_generation_latency", "multi_turn_cache_hits", "multi_turn_cache_misses"}) {
    double sum = 0;
    for (const auto& r : runs) sum += num(r, key);
    out[key] = sum;
  }
  for (const char* list : kLatencyLists) {
    json merged = json::array();
    for (const auto& r : runs)
      if (r.contains(list) && r[list].is_array())
        for (const auto& v : r[list]) merged.push_back(v);
    out[list] = std::move(merged);
  }
  bool interrupted = false;
  for (const auto& r : runs) interrupted = interrupted || r.value("interrupted", false);
  out["interrupted"] = interrupted;
  out["seed"] = runs.front().value("seed", json(nullptr));

  std::vector<const json*> summaries, cache_stats;
  for (const auto& r : runs)
    if (r.contains("summary")) {
      summaries.push_back(&r["summary"]);
      if (r["summary"].contains("cache_stats")) cache_stats.push_back(&r["summary"]["cache_stats"]);
    }
  if (!summaries.empty()) {
    json s = json::object();
    double elapsed = 0, throughput = 0, rps = 0, storage_time = 0;
    for (const json* g : summaries) {
      elapsed = std::max(elapsed, num(*g, "elapsed_time"));
      throughput += num(*g, "avg_throughput_tokens_per_sec");  // groups run side by side
      rps += num(*g, "requests_per_second");
      storage_time += num(*g, "total_storage_io_time");
    }
    s["total_requests"] = out["requests_completed"];
    s["total_tokens"] = out["total_tokens_generated"];
    s["elapsed_time"] = elapsed;
    s["avg_throughput_tokens_per_sec"] = throughput;
    s["requests_per_second"] = rps;
    s["total_storage_io_time"] = storage_time;
    s["storage_throughput_tokens_per_sec"] =
        storage_time > 0 ? out["total_tokens_generated"].get<double>() / storage_time : 0.0;
    for (const auto& [summary_key, list] : kSummaries)
      s[summary_key] = ms_summary_of(out[list].get<std::vector<double>>());
    s["cache_stats"] = merge_cache_stats(cache_stats);
    const double hits = out["multi_turn_cache_hits"].get<double>(), misses = out["multi_turn_cache_misses"].get<double>();
    s["multi_turn_stats"] = {{"cache_hits", hits}, {"cache_misses", misses},
                             {"hit_rate", hits / std::max(hits + misses, 1.0)}};
    out["summary"] = std::move(s);
  }
  bool truncated = false;
  for (const auto& r : runs)
    truncated = truncated || (r.contains("kvbench") && r["kvbench"].value("latency_lists_truncated", false));
  out["kvbench"] = {{"aggregated_from", names},
                    {"groups", runs.size()},
                    // A truncated list is a uniform sample of its group, so merged percentiles
                    // are estimates weighted by list length rather than by request count.
                    {"latency_lists_truncated", truncated}};
  return out;
}

}  // namespace kvbench::report
