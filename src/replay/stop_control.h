// How a replay learns that it must end (SIGTERM, SIGINT): app/ adapts the engine's stop signal
// to this, so replay/ needs no engine/. Waiting for a row's due time wakes on a stop.
#pragma once

#include <chrono>

namespace kvbench::replay {

class StopControl {
 public:
  virtual ~StopControl() = default;
  virtual bool requested() const = 0;
  // Sleeps until `deadline` or a stop; true if stopped.
  virtual bool wait_until(std::chrono::steady_clock::time_point deadline) = 0;
};

}  // namespace kvbench::replay
