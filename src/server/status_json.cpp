#include "server/status_json.h"

#include <cmath>

namespace kvbench::server {

nlohmann::json build_status_json(const LiveSources& s) {
  using nlohmann::json;
  const stats::RunStatus& st = *s.status;
  const double elapsed = st.elapsed_s.load(std::memory_order_relaxed);
  const std::uint64_t completed = s.requests->requests_completed();
  const std::uint64_t tokens = s.requests->total_tokens();

  json tiers = json::array();
  if (s.tiers) {
    for (const stats::TierOccupancy& t : s.tiers()) {
      tiers.push_back({{"tier", std::string(level_label(t.tier))},
                       {"used_bytes", t.used_bytes},
                       // JSON has no infinity: an unlimited tier reports null.
                       {"limit_bytes", std::isfinite(t.limit_bytes) ? json(t.limit_bytes) : json(nullptr)},
                       {"entries", t.entries}});
    }
  }
  const stats::CacheCounters& c = *s.cache;
  json doc{
      {"state", std::string(stats::run_state_name(st.get_state()))},
      {"ready", st.ready.load(std::memory_order_relaxed)},
      {"version", s.info.version},
      {"model", s.info.model},
      {"mode", s.info.mode},
      {"clock", s.info.clock},
      {"tensor_parallel", s.info.tensor_parallel},
      {"num_gpus", s.info.num_gpus},
      {"elapsed_s", elapsed},
      {"planned_s", st.planned_s.load(std::memory_order_relaxed)},
      {"progress", st.progress()},
      {"requests_completed", completed},
      {"tokens_generated", tokens},
      // Engine time, as the results JSON's throughput (simulated time with --clock virtual).
      {"tokens_per_sec", elapsed > 0 ? static_cast<double>(tokens) / elapsed : 0.0},
      {"requests_per_sec", elapsed > 0 ? static_cast<double>(completed) / elapsed : 0.0},
      {"users", st.active_users.load(std::memory_order_relaxed)},
      {"configured_users", s.info.num_users},
      {"queue_depth", st.queue_depth.load(std::memory_order_relaxed)},
      {"in_flight", st.in_flight.load(std::memory_order_relaxed)},
      {"total_read_bytes", stats::CacheCounters::get(c.total_read_bytes)},
      {"total_write_bytes", stats::CacheCounters::get(c.total_write_bytes)},
      {"tiers", std::move(tiers)},
  };
  if (s.trace_rows) doc["trace_rows"] = s.trace_rows();
  return doc;
}

}  // namespace kvbench::server
