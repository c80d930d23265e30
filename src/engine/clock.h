// The engine's clocks (docs/architecture.md, "Clocks"). Only the engine owns one; everything else gets
// times from it. now_s() = seconds since the run started; epoch_us() = the Unix time of that
// moment, for trace rows and conversation ids.
#pragma once

#include <chrono>
#include <cstdint>

namespace kvbench::engine {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual double now_s() const = 0;
  std::int64_t epoch_us() const { return origin_epoch_us_ + static_cast<std::int64_t>(now_s() * 1e6); }
  std::int64_t origin_epoch_us() const { return origin_epoch_us_; }

 protected:
  explicit Clock(std::int64_t origin_epoch_us) : origin_epoch_us_(origin_epoch_us) {}
  void set_origin(std::int64_t origin_epoch_us) { origin_epoch_us_ = origin_epoch_us; }

 private:
  std::int64_t origin_epoch_us_;
};

// Real time. Epoch stamps are the start's epoch plus monotonic elapsed time, so they never
// step backwards when NTP adjusts the system clock mid-run.
class WallClock final : public Clock {
 public:
  WallClock();
  double now_s() const override {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  // Makes now the run's start again: work done before the timed phase (preconditioning,
  // decode-only pre-population) must not use up --duration. Call it while no other thread
  // reads the clock.
  void restart();
  std::chrono::steady_clock::time_point at(double s) const {
    return start_ + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                        std::chrono::duration<double>(s));
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

// Simulated time for the discrete-event engine: it moves only when the engine sets it.
class VirtualClock final : public Clock {
 public:
  explicit VirtualClock(std::int64_t origin_epoch_us) : Clock(origin_epoch_us) {}
  double now_s() const override { return now_; }
  void advance_to(double s) { now_ = s; }

 private:
  double now_ = 0;
};

std::int64_t system_epoch_us();

}  // namespace kvbench::engine
