// BurstGPT trace replay as an ArrivalSource (spec §5.6): one request per usable row, paced by
// the rows' timestamps divided by --trace-speedup (0 = no pacing: as fast as the workers take
// them), repeated --replay-cycles times (0 = until the run ends). Rows are streamed from the
// files each cycle, never held in memory.
//
// Unlike the reference, the source is back-pressured (OnFullQueue::Wait): it never queues more
// than the bounded queue holds and never drops a row, so every row of every cycle is served
// (the reference stopped after reading, not serving, the rows: 3 requests at speedup 0; and
// with --replay-cycles 0 it queued without bound until it was OOM-killed).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "workload/arrival_source.h"
#include "workload/burstgpt_reader.h"
#include "workload/rng.h"
#include "workload/workload_options.h"

namespace kvbench::workload {

class BurstGptSource final : public ArrivalSource {
 public:
  // `files` as resolve_burst_trace_files returned them (already checked).
  BurstGptSource(WorkloadOptions opts, std::vector<std::string> files);

  std::optional<double> next_at() override;
  Request take(double now_s, std::int64_t epoch_ms) override;
  void drop(double now_s) override { take(now_s, 0); }
  OnFullQueue on_full_queue() const override { return OnFullQueue::Wait; }
  int active_users() const override { return kTraceUsers; }
  nlohmann::json describe() const override;

  const std::vector<std::string>& files() const { return files_; }
  std::uint64_t rows_replayed() const { return taken_; }
  int cycles_completed() const { return cycles_done_; }
  // Sum of `Total tokens` over every row handed out (the reference logs it at the end).
  std::uint64_t total_tokens() const { return total_tokens_; }

  static constexpr int kTraceUsers = 1000;  // rows are spread over "trace_user_0".."trace_user_999"

 private:
  bool load_next();

  WorkloadOptions cfg_;
  std::vector<std::string> files_;
  Rng rng_;
  std::optional<BurstTraceReader> reader_;  // the current cycle's pass over the files
  std::optional<BurstRow> pending_;
  double pending_at_ = 0;
  double schedule_s_ = 0;          // paced replay: arrival time of the latest row
  std::optional<double> prev_ts_;  // previous row's timestamp; reset at each cycle start
  double last_take_s_ = 0;
  bool exhausted_ = false;
  int cycles_done_ = 0;
  std::uint64_t rows_in_cycle_ = 0;
  std::uint64_t taken_ = 0, total_tokens_ = 0;
  std::uint64_t malformed_first_pass_ = 0, malformed_total_ = 0;
};

}  // namespace kvbench::workload
