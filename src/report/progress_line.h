// Live progress of a run (issue 14 item 5), as fio and elbencho users expect: on a terminal one
// line rewritten every second; elsewhere (a pod's log) one log line every --progress-interval
// seconds; nothing with --quiet. The line shows elapsed and remaining time, requests/s, storage
// read and write GiB/s over the last interval, p95 request latency, queue depth, in flight
// and failures.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>

namespace kvbench::report {

// What the run looks like at one moment; counts are totals since the window opened.
struct ProgressSample {
  double elapsed_s = 0;
  double planned_s = 0;
  std::uint64_t requests_completed = 0;
  std::uint64_t storage_read_bytes = 0;
  std::uint64_t storage_write_bytes = 0;
  std::uint64_t failures = 0;  // failed writes and reads
  double p95_request_ms = 0;
  std::int64_t queue_depth = 0;
  std::int64_t in_flight = 0;
};

// One line from two samples `dt_s` seconds apart (rates over that interval).
std::string format_progress(const ProgressSample& now, const ProgressSample& before, double dt_s);

class ProgressReporter {
 public:
  // `terminal`: rewrite one line on `out`; otherwise log at INFO every `interval_s`.
  ProgressReporter(std::ostream& out, bool terminal, double interval_s,
                   std::function<ProgressSample()> sample);
  ~ProgressReporter();  // stops
  ProgressReporter(const ProgressReporter&) = delete;
  ProgressReporter& operator=(const ProgressReporter&) = delete;

  void start();
  // Ends the line on a terminal, so the report starts on a fresh one. Idempotent.
  void stop();

 private:
  void loop();

  std::ostream& out_;
  const bool terminal_;
  const double interval_s_;
  std::function<ProgressSample()> sample_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool printed_ = false;
  std::thread thread_;
};

}  // namespace kvbench::report
