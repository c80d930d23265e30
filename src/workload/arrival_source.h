// ArrivalSource: where the engine's requests come from (docs/architecture.md, "Data flow of a run"). A pure
// state machine driven by one thread, the engine's scheduler: it says when its next request
// arrives and makes it when asked. It never sleeps and never sees a clock; the engine owns
// time, so the same source runs under the wall clock and the virtual clock.
// Implementations: synthetic users, ShareGPT replay, BurstGPT replay.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>

#include "workload/request.h"

namespace kvbench::workload {

// What the engine does with an arrival that finds the bounded request queue full.
enum class OnFullQueue {
  Drop,  // open loop: the arrival is lost and counted (synthetic users, as with real users)
  Wait,  // back-pressure: the source holds it until there is room and loses nothing (replays)
};

class ArrivalSource {
 public:
  virtual ~ArrivalSource() = default;

  // Engine time (seconds since the run started) of the next arrival, or nullopt once the
  // source is exhausted (every replay cycle handed out). An unpaced replay answers the time of
  // its previous arrival: "as soon as there is room". +infinity: nothing is due until a
  // request the engine holds is finished (see finished()).
  virtual std::optional<double> next_at() = 0;
  // Makes the next arrival's request. `now_s` (>= next_at()) is when the engine takes it and
  // `epoch_ms` the Unix time then (it names new conversations).
  virtual Request take(double now_s, std::int64_t epoch_ms) = 0;
  // Discards the next arrival (queue full, OnFullQueue::Drop), advancing like take().
  virtual void drop(double now_s) = 0;
  virtual OnFullQueue on_full_queue() const = 0;
  // The engine is done with the request `request_id` of user `user` at engine time `now_s`
  // (served). Told of every served request, in the order they finished; a source whose next
  // arrival waits for one (a user with no think time) schedules it here.
  virtual void finished(int user, std::uint64_t request_id, double now_s) {
    (void)user;
    (void)request_id;
    (void)now_s;
  }

  // Users currently arriving. Autoscaling changes it where the source has users to scale:
  // returns false (and changes nothing) where it does not.
  virtual int active_users() const = 0;
  virtual bool set_active_users(int users, double now_s) {
    (void)users;
    (void)now_s;
    return false;
  }

  // What was replayed or generated, for the results JSON (kvbench.workload): counts of rows,
  // records skipped as malformed, cycles completed, and so on.
  virtual nlohmann::json describe() const = 0;
};

}  // namespace kvbench::workload
