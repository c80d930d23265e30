// Mooncake trace replay as an ArrivalSource: one request per usable row, its context the row's
// blocks (hash_ids, in order), paced by the rows' timestamps divided by --trace-speedup (0 = no
// pacing: as fast as the workers take them), repeated --replay-cycles times (0 = until the run
// ends). Rows are streamed from the file each cycle, never held in memory. Back-pressured like
// the BurstGPT replay: a row waits for room in the queue and is never dropped.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "workload/arrival_source.h"
#include "workload/mooncake_reader.h"
#include "workload/rng.h"
#include "workload/workload_options.h"

namespace kvbench::workload {

class MooncakeSource final : public ArrivalSource {
 public:
  // `path` as check_mooncake_trace_file accepted it.
  MooncakeSource(WorkloadOptions opts, std::string path);

  std::optional<double> next_at() override;
  Request take(double now_s, std::int64_t epoch_ms) override;
  void drop(double now_s) override { take(now_s, 0); }
  OnFullQueue on_full_queue() const override { return OnFullQueue::Wait; }
  int active_users() const override { return kTraceUsers; }
  nlohmann::json describe() const override;

  std::uint64_t rows_replayed() const { return taken_; }
  int cycles_completed() const { return cycles_done_; }

  static constexpr int kTraceUsers = 1000;  // rows are spread over users as in the BurstGPT replay

 private:
  bool load_next();

  WorkloadOptions cfg_;
  std::string path_;
  Rng rng_;
  std::optional<MooncakeTraceReader> reader_;  // the current cycle's pass over the file
  std::optional<MooncakeRow> pending_;
  double pending_at_ = 0;
  double schedule_s_ = 0;          // paced replay: arrival time of the latest row
  std::optional<double> prev_ts_;  // previous row's timestamp (ms); reset at each cycle start
  double last_take_s_ = 0;
  bool exhausted_ = false;
  int cycles_done_ = 0;
  std::uint64_t rows_in_cycle_ = 0;
  std::uint64_t taken_ = 0, blocks_ = 0;
  std::uint64_t malformed_first_pass_ = 0, malformed_total_ = 0;
};

}  // namespace kvbench::workload
