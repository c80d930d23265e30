// ShareGPT replay as an ArrivalSource (spec §5.5): conversations in a shuffled order, one
// request per turn and turns in order, one request every 1/--request-rate seconds (0 = as
// fast as the workers take them), reshuffled for each of --replay-cycles passes (0 = until the
// run ends). Differences from the reference, on purpose:
// * turns carry their conversation, so each turn reloads the earlier ones (multi-turn reads;
//   the reference never registered replayed conversations);
// * --disable-multi-turn works: turns are then independent entries (it crashed every worker,
//   spec §11.2.1);
// * back-pressure (OnFullQueue::Wait): every turn of every cycle is served, memory bounded.
#pragma once

#include <vector>

#include "workload/arrival_source.h"
#include "workload/rng.h"
#include "workload/workload_options.h"
#include "workload/sharegpt_dataset.h"

namespace kvbench::workload {

class ShareGptSource final : public ArrivalSource {
 public:
  // `data` holds at least one conversation.
  ShareGptSource(WorkloadOptions opts, ShareGptDataset data, std::string path);

  std::optional<double> next_at() override;
  Request take(double now_s, std::int64_t epoch_ms) override;
  void drop(double now_s) override { take(now_s, 0); }
  OnFullQueue on_full_queue() const override { return OnFullQueue::Wait; }
  int active_users() const override { return cfg_.num_users; }
  nlohmann::json describe() const override;

  const ShareGptDataset& dataset() const { return data_; }
  int cycles_completed() const { return cycles_done_; }

 private:
  void shuffle();

  WorkloadOptions cfg_;
  ShareGptDataset data_;
  std::string path_;
  Rng rng_;
  std::vector<std::uint32_t> order_;  // conversation indices of the current cycle
  std::size_t conv_pos_ = 0;          // position in order_
  std::size_t turn_pos_ = 0;          // next turn of that conversation
  int cycles_done_ = 0;
  bool exhausted_ = false;
  std::uint64_t made_ = 0;
  double last_take_s_ = 0;
};

}  // namespace kvbench::workload
