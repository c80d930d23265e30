// /metrics: renders the live state as Prometheus text exposition format 0.0.4, using
// prometheus-cpp's data model (MetricFamily) and its TextSerializer. Families are built on each
// scrape from the atomics in stats/; nothing here runs on the benchmark's hot path.
#pragma once

#include <string>

#include "server/live_sources.h"

namespace kvbench::server {

inline constexpr const char* kMetricsContentType = "text/plain; version=0.0.4; charset=utf-8";

std::string render_metrics(const LiveSources& sources);

}  // namespace kvbench::server
