// RunStatus: the live state of a run, written by the engine and read by anyone watching it
// (the HTTP /status endpoint, metrics, progress lines) from other threads. Every field is an
// atomic, so readers never block the engine.
#pragma once

#include <atomic>
#include <cstdint>
#include <string_view>

namespace kvbench::stats {

enum class RunState : int { Starting, Preconditioning, Running, Finishing, Done, Failed, Interrupted };

inline constexpr std::string_view run_state_name(RunState s) {
  switch (s) {
    case RunState::Starting: return "starting";
    case RunState::Preconditioning: return "preconditioning";
    case RunState::Running: return "running";
    case RunState::Finishing: return "finishing";
    case RunState::Done: return "done";
    case RunState::Failed: return "failed";
    case RunState::Interrupted: return "interrupted";
  }
  return "starting";
}

struct RunStatus {
  std::atomic<RunState> state{RunState::Starting};
  // Prepared: tiers open, preconditioning and pre-population done (/readyz). A group's start
  // barrier reads the instant from its peers' /readyz (app/start_barrier.h).
  std::atomic<bool> ready{false};
  std::atomic<std::int64_t> ready_at_epoch_us{0};  // system clock, when `ready` became true
  std::atomic<double> elapsed_s{0};      // engine time of the timed phase (simulated if virtual)
  std::atomic<double> planned_s{0};      // --duration
  std::atomic<std::int64_t> queue_depth{0};
  std::atomic<std::int64_t> active_users{0};
  std::atomic<std::int64_t> in_flight{0};  // requests being served by workers

  void mark_ready(std::int64_t epoch_us) {
    ready_at_epoch_us.store(epoch_us, std::memory_order_relaxed);
    ready.store(true, std::memory_order_release);
  }
  void set_state(RunState s) { state.store(s, std::memory_order_release); }
  RunState get_state() const { return state.load(std::memory_order_acquire); }
  // 0..1 of the planned duration.
  double progress() const {
    const double planned = planned_s.load(std::memory_order_relaxed);
    if (planned <= 0) return 0;
    const double p = elapsed_s.load(std::memory_order_relaxed) / planned;
    return p < 0 ? 0 : (p > 1 ? 1 : p);
  }
};

}  // namespace kvbench::stats
