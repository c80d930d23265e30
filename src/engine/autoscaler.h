// The autoscaler's model (spec §5.9), pure: a storage saturation estimate from the last
// samples, and the scaling decision of each mode. The LoadMonitor feeds it every 10 s of
// engine time and applies what it decides.
//
// qos: after 2 samples in a row above 1.1 x target the users go down (x0.8, then 3 samples of
// cooldown); below 0.9 x target they go up (x1.2). capacity: +40 % (5..100 users) at the
// first sample, +20 % while throughput beats its peak by 1 %, and "stop" after 2 samples
// without a new peak. Factors, sample counts and the window come from config.yaml's
// autoscaler / saturation_detection sections (their defaults are the reference's constants).
// A step always moves by at least one user: with fewer than 5 users the reference's x1.2
// rounded back to the same count and never scaled up.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

#include "engine/engine_options.h"

namespace kvbench::engine {

struct StorageSample {
  double read_gibps = 0, write_gibps = 0;  // bytes moved since the previous sample
  double read_p95_ms = 0, write_p95_ms = 0;  // storage-tier latency p95 so far
  std::int64_t queue_depth = 0;
};

// Saturation in [0, 1]: 0 until `window` samples exist; then min(max read p95 / threshold, 1)
// x (1.0 if throughput is flat — std/mean < 0.1 — while latency rises, else 0.5).
class SaturationModel {
 public:
  SaturationModel(std::size_t window, double read_latency_threshold_ms);
  void add(const StorageSample& s);
  double level() const;
  std::size_t samples() const { return history_.size(); }

 private:
  std::size_t window_;
  double threshold_ms_;
  std::deque<StorageSample> history_;  // the last `window_` samples
};

enum class ScaleAction { Hold, ScaleUp, ScaleDown, Stop };
const char* scale_action_name(ScaleAction a);  // "hold" | "scale_up" | "scale_down" | "stop"

class Autoscaler {
 public:
  Autoscaler(const AutoscalerOptions& options, int initial_users, int max_users);

  // One decision. `have_sample`: storage metrics exist (not the first tick; qos mode holds
  // without them). `saturation` from SaturationModel; `throughput_tps` tokens/s of the run.
  ScaleAction decide(bool have_sample, double saturation, double throughput_tps);

  int users() const { return users_; }
  void set_users(int users) { users_ = users; }  // after the caller clamped the decision
  int peak_users() const { return peak_users_; }
  double peak_throughput() const { return peak_throughput_; }

 private:
  ScaleAction decide_qos(bool have_sample, double saturation);
  ScaleAction decide_capacity(double throughput_tps);
  int step(double fraction) const;

  AutoscalerMode mode_;
  double target_;
  int min_users_, max_users_;
  double up_factor_, down_factor_;
  int consecutive_;
  int users_;
  int cooldown_ = 0;
  int over_target_ = 0;  // qos: samples above target in a row; capacity: samples without a peak
  bool first_ = true;
  int peak_users_ = 0;
  double peak_throughput_ = 0;
};

}  // namespace kvbench::engine
