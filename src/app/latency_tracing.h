// --enable-latency-tracing (spec §8.6, issue 16 item 2): bpftrace on the block layer's
// request issue/complete tracepoints while the timed phase runs, its histograms (device
// latency per direction, request sizes) put in the results as device_latency_tracing. Where
// bpftrace is missing or may not attach (no root, no tracefs: most containers) the run warns
// once and goes on without it, as the reference does.
#pragma once

#include <sys/types.h>

#include <nlohmann/json.hpp>
#include <string>

namespace kvbench::app {

// The bpftrace program: block_rq_issue -> block_rq_complete per (device, sector).
extern const char* const kBlockLatencyProgram;

class LatencyTracing {
 public:
  LatencyTracing() = default;
  LatencyTracing(const LatencyTracing&) = delete;
  LatencyTracing& operator=(const LatencyTracing&) = delete;
  ~LatencyTracing();

  // Starts bpftrace ($KVBENCH_BPFTRACE, else bpftrace on PATH) and waits until its probes are
  // attached; false (after one warning) when it cannot run.
  bool start();
  // Stops it (SIGINT: bpftrace prints its maps) and returns device_latency_tracing; null when
  // it never ran.
  nlohmann::json finish();

 private:
  pid_t pid_ = -1;
  std::string output_path_;
  std::string program_path_;
  std::string tool_;
};

}  // namespace kvbench::app
