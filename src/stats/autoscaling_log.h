// What the autoscaler did in a run (spec §5.9): the throughput sampled every 10 s, each
// decision, and the users it started and ended with. Kept by the engine's load monitor and
// read by the results JSON and the console report.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace kvbench::stats {

// One autoscaler sample (spec §5.9): elapsed seconds and wall-clock throughput.
struct ThroughputPoint {
  double elapsed_s = 0;
  double tokens_per_sec = 0;
};

// One autoscaler decision (spec §8.1 autoscaling_stats). Optional fields are omitted or null
// exactly where the reference leaves them out or writes None.
struct ScaleEvent {
  std::string timestamp_iso;
  std::string mode;    // "qos" | "capacity"
  std::string action;  // "scale_up" | "scale_down" | "stop"
  int users = 0;
  double saturation_level = 0;
  std::optional<double> read_latency_p95_ms;        // null when no metrics sample (not for "stop")
  std::optional<double> write_latency_p95_ms;       // idem
  std::optional<double> throughput_tokens_per_sec;  // scale events only
  std::optional<double> peak_throughput_tokens_per_sec;  // "stop" events only
};

struct AutoscalingSummary {
  int initial_users = 0;
  int final_users = 0;
  std::optional<int> peak_user_count;                    // capacity mode only
  std::optional<double> peak_throughput_tokens_per_sec;  // capacity mode only
};

struct AutoscalingLog {
  std::vector<ThroughputPoint> timeline;
  std::vector<ScaleEvent> events;
  AutoscalingSummary summary;
};

}  // namespace kvbench::stats
