#include "report/timeline_json.h"

#include <string>

namespace kvbench::report {
namespace {

using nlohmann::json;

// Only where the interval had storage operations: in trace mode nothing is timed.
void add_latency(json& point, const char* key, const stats::SparseLatency& l) {
  if (l.count == 0) return;
  point[key] = {{"count", l.count},
                {"p50", l.percentile(50) * 1000},
                {"p95", l.percentile(95) * 1000},
                {"p99", l.percentile(99) * 1000}};
}

json point_json(const stats::TimelinePoint& p) {
  json levels = json::object();
  for (Level id : kLevels) {
    const stats::TimelineLevel& l = p.levels[static_cast<std::size_t>(id)];
    levels[std::string(level_stats_name(id))] = {{"read_bytes", l.read_bytes},
                                                 {"written_bytes", l.written_bytes},
                                                 {"demoted_in_bytes", l.demoted_in_bytes},
                                                 {"demoted_out_bytes", l.demoted_out_bytes},
                                                 {"used_bytes", l.used_bytes}};
  }
  json out{{"start_s", p.start_s},
           {"end_s", p.end_s},
           {"requests_completed", p.requests_completed},
           {"tokens", p.tokens},
           {"queue_depth", p.queue_depth},
           {"in_flight", p.in_flight},
           {"levels", std::move(levels)}};
  add_latency(out, "storage_read_latency_ms", p.storage_read);
  add_latency(out, "storage_write_latency_ms", p.storage_write);
  return out;
}

}  // namespace

json timeline_json(const stats::RunTimeline& timeline) {
  json points = json::array();
  for (const stats::TimelinePoint& p : timeline.points()) points.push_back(point_json(p));
  return {{"interval_s", timeline.interval_s()},
          {"requested_interval_s", timeline.base_interval_s()},
          {"max_points", timeline.max_points()},
          {"points", std::move(points)}};
}

}  // namespace kvbench::report
