#include "engine/autoscaler.h"

#include <algorithm>
#include <cmath>

namespace kvbench::engine {
namespace {

constexpr int kCooldownSamples = 3;
constexpr double kCapacityFirstStep = 0.4, kCapacityStep = 0.2;
constexpr int kCapacityMinStep = 5, kCapacityMaxStep = 100;

// floor(users x factor) clamped to [0, cap] before the conversion: a factor from config.yaml
// can be any number, and a double beyond int's range must not be cast.
int scaled(int users, double factor, int cap) {
  const double v = std::floor(static_cast<double>(users) * factor);
  if (!(v > 0)) return 0;
  return v >= static_cast<double>(cap) ? cap : static_cast<int>(v);
}

}  // namespace

SaturationModel::SaturationModel(std::size_t window, double threshold_ms)
    : window_(window > 1 ? window : 2), threshold_ms_(threshold_ms > 0 ? threshold_ms : 100) {}

void SaturationModel::add(const StorageSample& s) {
  history_.push_back(s);
  while (history_.size() > window_) history_.pop_front();
}

double SaturationModel::level() const {
  if (history_.size() < window_) return 0;
  const double n = static_cast<double>(history_.size());
  // Least-squares slope of read p95 over the sample index (numpy.polyfit(x, y, 1)[0]).
  double sx = 0, sy = 0, sxx = 0, sxy = 0, max_latency = 0, sum_tp = 0;
  for (std::size_t i = 0; i < history_.size(); ++i) {
    const double x = static_cast<double>(i), y = history_[i].read_p95_ms;
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
    max_latency = std::max(max_latency, y);
    sum_tp += history_[i].read_gibps + history_[i].write_gibps;
  }
  const double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  const double mean_tp = sum_tp / n;
  double var = 0;
  for (const auto& s : history_) {
    const double d = s.read_gibps + s.write_gibps - mean_tp;
    var += d * d;
  }
  const double variation = std::sqrt(var / n) / (mean_tp + 0.01);
  const double latency_factor = std::min(max_latency / threshold_ms_, 1.0);
  const double plateau_factor = variation < 0.1 && slope > 0 ? 1.0 : 0.5;
  return std::min(latency_factor * plateau_factor, 1.0);
}

const char* scale_action_name(ScaleAction a) {
  switch (a) {
    case ScaleAction::Hold: return "hold";
    case ScaleAction::ScaleUp: return "scale_up";
    case ScaleAction::ScaleDown: return "scale_down";
    case ScaleAction::Stop: return "stop";
  }
  return "hold";
}

Autoscaler::Autoscaler(const AutoscalerOptions& options, int initial_users, int max_users)
    : mode_(options.mode),
      target_(options.target_saturation),
      min_users_(std::max(1, options.min_users)),
      max_users_(std::max(1, max_users)),
      up_factor_(options.scale_up_factor),
      down_factor_(options.scale_down_factor),
      consecutive_(std::max(1, options.consecutive_samples_required)),
      users_(initial_users) {}

ScaleAction Autoscaler::decide(bool have_sample, double saturation, double throughput_tps) {
  return mode_ == AutoscalerMode::Capacity ? decide_capacity(throughput_tps)
                                                   : decide_qos(have_sample, saturation);
}

ScaleAction Autoscaler::decide_qos(bool have_sample, double saturation) {
  if (!have_sample) return ScaleAction::Hold;
  if (cooldown_ > 0) {
    --cooldown_;
    return ScaleAction::Hold;
  }
  if (saturation > target_ * 1.1) {
    // As the reference, the count is not reset by a scale-down: once the cooldown is over one
    // more saturated sample scales down again.
    if (++over_target_ >= consecutive_) {
      const int down = std::min(users_ - 1, scaled(users_, down_factor_, users_));
      const int target = std::max(down, min_users_);
      if (target < users_) {
        users_ = target;
        cooldown_ = kCooldownSamples;
        return ScaleAction::ScaleDown;
      }
    }
    return ScaleAction::Hold;
  }
  over_target_ = 0;
  if (saturation < target_ * 0.9) {
    const int up = std::max(users_ + 1, scaled(users_, up_factor_, max_users_));
    const int target = std::min(up, max_users_);
    if (target > users_) {
      users_ = target;
      return ScaleAction::ScaleUp;
    }
  }
  return ScaleAction::Hold;
}

int Autoscaler::step(double fraction) const {
  const int raw = std::max(static_cast<int>(users_ * fraction), kCapacityMinStep);
  return std::min(raw, kCapacityMaxStep);
}

ScaleAction Autoscaler::decide_capacity(double throughput_tps) {
  const bool first = first_;
  first_ = false;
  if (first || throughput_tps > peak_throughput_ * 1.01) {
    peak_throughput_ = throughput_tps;
    peak_users_ = users_;
    if (!first) over_target_ = 0;
    const int target = std::min(users_ + step(first ? kCapacityFirstStep : kCapacityStep), max_users_);
    if (target > users_) {
      users_ = target;
      return ScaleAction::ScaleUp;
    }
    return ScaleAction::Hold;
  }
  if (++over_target_ >= consecutive_) return ScaleAction::Stop;
  return ScaleAction::Hold;
}

}  // namespace kvbench::engine
