#include "engine/clock.h"

namespace kvbench::engine {

std::int64_t system_epoch_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

WallClock::WallClock() : Clock(system_epoch_us()), start_(std::chrono::steady_clock::now()) {}

void WallClock::restart() {
  start_ = std::chrono::steady_clock::now();
  set_origin(system_epoch_us());
}

}  // namespace kvbench::engine
