#include "report/results_window.h"

#include "report/results_json.h"

namespace kvbench::report {

using nlohmann::json;

// kvbench.health: the verdict and every reason, worst first as assessed.
json health_json(const stats::RunHealth& h) {
  json reasons = json::array();
  for (const auto& reason : h.reasons)
    reasons.push_back({{"severity", std::string(stats::health_status_name(reason.severity))},
                       {"code", reason.code},
                       {"message", reason.text}});
  return json{{"status", std::string(stats::health_status_name(h.status))}, {"reasons", std::move(reasons)}};
}

// The timed window: its measured length next to the nominal one, and what was left when it
// closed (docs/metrics.md).
json window_json(const RunResult& r) {
  const stats::RequestStats& q = *r.requests;
  const stats::WindowEdges e = q.window_edges();
  return json{{"nominal_s", r.config->duration},
              {"measured_s", effective_elapsed_s(r)},
              {"ended_by", r.window_end},
              {"requests_completed", q.requests_completed()},
              {"tokens", q.total_tokens()},
              {"tokens_pro_rata", e.partial_tokens},
              {"requests_abandoned_queued", e.abandoned_queued},
              {"requests_in_flight_at_end", e.in_flight_at_end}};
}

// What the bounded drain after the window finished and moved: reported apart, never in the
// headline. Bytes are the final counters minus the window's.
json drain_json(const RunResult& r) {
  const stats::WindowEdges e = r.requests->window_edges();
  const stats::CacheCounters& w = *r.cache;
  const stats::CacheCounters& f = r.final_cache ? *r.final_cache : w;
  const auto after = [&](const stats::Counter& fin, const stats::Counter& win) {
    const std::uint64_t a = stats::CacheCounters::get(fin), b = stats::CacheCounters::get(win);
    return a > b ? a - b : 0;
  };
  return json{{"timeout_s", r.config->drain_timeout},
              {"seconds", r.drain_s},
              {"overrun", r.drain_overrun},
              {"requests_completed", e.drained},
              {"tokens_of_completed_requests", e.drained_tokens},
              {"requests_cut", e.cut},
              {"bytes_read", after(f.total_read_bytes, w.total_read_bytes)},
              {"bytes_written", after(f.total_write_bytes, w.total_write_bytes)},
              {"read_ops", after(f.read_operations, w.read_operations)},
              {"write_ops", after(f.write_operations, w.write_operations)},
              {"read_failures", after(f.read_failures, w.read_failures)},
              {"write_failures", after(f.write_failures, w.write_failures)}};
}

// kv-cache.py's way of counting, for comparison with its published results: requests and
// tokens counted whole, those finishing after the deadline included, over the nominal duration.
json reference_compatible_json(const RunResult& r) {
  const stats::WindowEdges e = r.requests->window_edges();
  const std::uint64_t requests = r.requests->requests_completed() + e.drained;
  const std::uint64_t tokens = e.completed_tokens + e.drained_tokens;
  const double nominal = r.config->duration;
  // The reference counted a read that failed as a hit (spec §6.4); kvbench's cache_hits does not.
  const std::uint64_t hits = stats::CacheCounters::get(r.cache->cache_hits) +
                             stats::CacheCounters::get(r.cache->read_failures);
  return json{{"requests_completed", requests},
              {"cache_hits", hits},
              {"total_tokens", tokens},
              {"duration_s", nominal},
              {"avg_throughput_tokens_per_sec", nominal > 0 ? static_cast<double>(tokens) / nominal : 0.0},
              {"requests_per_second", nominal > 0 ? static_cast<double>(requests) / nominal : 0.0}};
}

}  // namespace kvbench::report
