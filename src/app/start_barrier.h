// The start barrier of several tensor-parallel groups measured as one (--group-size, issue 20):
// each group, once prepared (tiers open, preconditioning and pre-population done), answers
// ready on /readyz with the instant it became ready, and polls every peer's /readyz until all
// are; the window then opens at max(ready instants) + a margin, which every group computes
// alike from the same answers, so the windows overlap up to clock skew and polling delay.
// A peer still not ready at --barrier-timeout fails the run, named. Composition, not engine:
// the engine only receives the instant (engine::EngineParts::start_at_epoch_us).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/peer_list.h"
#include "engine/stop_signal.h"

namespace kvbench::app {

struct BarrierOptions {
  std::vector<PeerAddress> peers;  // every group, this one included, in rank order
  double timeout_s = 600;
  // After the last group became ready, the others see it within one polling round: the margin
  // covers that round and the clock skew between nodes (NTP keeps it to milliseconds).
  double margin_s = 0.5;
  double poll_interval_s = 0.05;
};

struct BarrierOutcome {
  bool ok = false;
  bool interrupted = false;                // a signal ended the wait
  std::int64_t start_at_epoch_us = 0;      // the agreed instant (system clock)
  std::vector<std::int64_t> ready_at_epoch_us;  // per peer; 0 = never seen ready
  double waited_s = 0;
  std::string failure;                     // names the peers missing at the deadline
};

BarrierOutcome wait_for_peers(const BarrierOptions& options, engine::StopSignal& stop);

// "ready since_epoch_us=N" (server/routes.cpp's /readyz body) → N; 0 when absent.
std::int64_t ready_instant_of(const std::string& readyz_body);

// kvbench.group in the results: who the group was and when this one's window ran.
nlohmann::json group_json(int rank, const BarrierOptions& options, const BarrierOutcome& barrier,
                          std::int64_t window_start_us, std::int64_t window_end_us);

}  // namespace kvbench::app
