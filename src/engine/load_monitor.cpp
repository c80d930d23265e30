#include "engine/load_monitor.h"

#include <algorithm>
#include <iomanip>
#include <sstream>

#include "common/log.h"
#include "engine/iso_time.h"

namespace kvbench::engine {
namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

}  // namespace

LoadMonitor::LoadMonitor(const EngineOptions& cfg, const stats::CacheCounters& counters,
                         const stats::RequestStats& requests, const Clock& clock,
                         int initial_users, int max_users)
    : cfg_(cfg),
      counters_(counters),
      requests_(requests),
      clock_(clock),
      saturation_(static_cast<std::size_t>(std::max(2, cfg.saturation.history_window_size)),
                  cfg.saturation.read_latency_p95_threshold_ms),
      autoscaler_(cfg.autoscaler, initial_users, max_users),
      initial_users_(initial_users),
      max_users_(max_users) {}

bool LoadMonitor::tick(double now_s, std::int64_t queue_depth, workload::ArrivalSource& source,
                       stats::RunStatus& status) {
  next_tick_s_ = now_s + kIntervalS;
  if (now_s > cfg_.duration) return false;
  const double throughput = static_cast<double>(requests_.total_tokens()) / std::max(now_s, 1e-6);
  timeline_.push_back({now_s, throughput});

  // Storage sample: byte deltas since the previous tick; the first tick only sets the baseline.
  const std::uint64_t read = stats::CacheCounters::get(counters_.total_read_bytes);
  const std::uint64_t write = stats::CacheCounters::get(counters_.total_write_bytes);
  StorageSample sample;
  const bool have_sample = have_baseline_ && now_s > last_s_;
  if (have_sample) {
    const double dt = now_s - last_s_;
    sample.read_gibps = static_cast<double>(read > last_read_ ? read - last_read_ : 0) / kGiB / dt;
    sample.write_gibps = static_cast<double>(write > last_write_ ? write - last_write_ : 0) / kGiB / dt;
    const auto& nvme = counters_.tier(Level::Storage);
    sample.read_p95_ms = nvme.read_latency.percentile(95) * 1000.0;
    sample.write_p95_ms = nvme.write_latency.percentile(95) * 1000.0;
    sample.queue_depth = queue_depth;
    saturation_.add(sample);
  }
  have_baseline_ = true;
  last_s_ = now_s;
  last_read_ = read;
  last_write_ = write;

  const double saturation = saturation_.level();
  const int before = autoscaler_.users();
  const ScaleAction action = autoscaler_.decide(have_sample, saturation, throughput);
  bool stop = false;
  stats::ScaleEvent e;
  e.timestamp_iso = iso_local_time(clock_.origin_epoch_us() + static_cast<std::int64_t>(now_s * 1e6));
  e.mode = autoscaler_mode_name(cfg_.autoscaler.mode);
  e.action = scale_action_name(action);
  e.saturation_level = saturation;
  if (action == ScaleAction::ScaleUp || action == ScaleAction::ScaleDown) {
    const int users = std::clamp(autoscaler_.users(), 1, max_users_);
    autoscaler_.set_users(users);
    if (users != before) {
      if (!source.set_active_users(users, now_s) && !warned_fixed_users_) {
        log::warning("Autoscaler: a replayed trace has no users to scale; its decisions are recorded only");
        warned_fixed_users_ = true;
      }
      status.active_users.store(users, std::memory_order_relaxed);
      e.users = users;
      if (have_sample) {
        e.read_latency_p95_ms = sample.read_p95_ms;
        e.write_latency_p95_ms = sample.write_p95_ms;
      }
      e.throughput_tokens_per_sec = throughput;
      events_.push_back(e);
      std::ostringstream msg;
      msg << "Autoscaler " << e.action << " -> " << users << " users (saturation: " << std::fixed
          << std::setprecision(2) << saturation << ")";
      log::info(msg.str());
    }
  } else if (action == ScaleAction::Stop) {
    e.users = autoscaler_.users();
    e.peak_throughput_tokens_per_sec = autoscaler_.peak_throughput();
    events_.push_back(e);
    log::info("Autoscaler requested stop after reaching capacity peak.");
    stop = true;
  }
  std::ostringstream line;
  line << "Time: " << static_cast<long long>(now_s) << "s, Users: " << autoscaler_.users()
       << ", Queue: " << queue_depth << ", Throughput: " << std::fixed << std::setprecision(2)
       << throughput << " tok/s";
  log::info(line.str());
  return stop;
}

stats::AutoscalingLog LoadMonitor::log() const {
  stats::AutoscalingLog out{timeline_, events_, {}};
  stats::AutoscalingSummary& s = out.summary;
  s.initial_users = initial_users_;
  s.final_users = autoscaler_.users();
  if (cfg_.autoscaler.mode == AutoscalerMode::Capacity) {
    s.peak_user_count = autoscaler_.peak_users();
    s.peak_throughput_tokens_per_sec = autoscaler_.peak_throughput();
  }
  return out;
}

}  // namespace kvbench::engine
