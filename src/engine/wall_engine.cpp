// The wall-clock engine: one scheduler (this thread) replays the users' arrivals from a timer
// heap in real time (no thread per user), and --workers threads serve the queue, run each
// request's cache I/O and sleep its generation time.
#include <algorithm>
#include <queue>
#include <thread>
#include <vector>

#include "engine/engine_parts.h"
#include "engine/request_queue.h"

namespace kvbench::engine {
namespace {

struct Arrival {
  double at_s;
  int user;
  bool operator>(const Arrival& o) const { return at_s > o.at_s || (at_s == o.at_s && user > o.user); }
};

class WallEngine {
 public:
  WallEngine(EngineParts& p, WallClock& clock)
      : p_(p), clock_(clock), queue_(static_cast<std::size_t>(p.cfg.effective_queue_depth())) {}

  EngineOutcome run() {
    std::vector<std::thread> workers;
    const int n = p_.cfg.effective_workers();
    workers.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) workers.emplace_back([this] { serve(); });
    p_.status.active_users.store(p_.workload.user_count());
    p_.status.set_state(stats::RunState::Running);
    schedule_arrivals();
    const double elapsed = std::min(clock_.now_s(), static_cast<double>(p_.cfg.duration));
    halt();
    for (auto& w : workers) w.join();
    p_.stats.record_abandoned_at_stop(queue_.size());
    return {elapsed};
  }

 private:
  void halt() {
    p_.stop.request();
    std::lock_guard<std::mutex> lock(mu_);
    work_cv_.notify_all();
  }

  void schedule_arrivals() {
    std::priority_queue<Arrival, std::vector<Arrival>, std::greater<>> heap;
    for (int u = 0; u < p_.workload.user_count(); ++u) heap.push({p_.workload.next_think_s(u), u});
    const double duration = p_.cfg.duration;
    while (!p_.stop.requested()) {
      const Arrival next = heap.top();
      if (next.at_s >= duration) {
        p_.stop.wait_until(clock_.at(duration));
        return;
      }
      if (p_.stop.wait_until(clock_.at(next.at_s))) return;
      heap.pop();
      p_.status.elapsed_s.store(next.at_s, std::memory_order_relaxed);
      p_.stats.record_arrival_offered();
      // Only this thread pushes, so "not full" stays true while the request is built.
      bool full;
      {
        std::lock_guard<std::mutex> lock(mu_);
        full = queue_.full();
      }
      if (full) {
        p_.stats.record_arrival_dropped_queue_full();
      } else {
        // Arrival time is the scheduled one: if this thread falls behind, the lag shows up in
        // the requests' latency instead of silently thinning the load.
        workload::Request r =
            p_.workload.next_request(next.user, next.at_s, epoch_ms_at(clock_, next.at_s));
        {
          std::lock_guard<std::mutex> lock(mu_);
          queue_.push(std::move(r));
          p_.status.queue_depth.store(static_cast<std::int64_t>(queue_.size()), std::memory_order_relaxed);
        }
        work_cv_.notify_one();
      }
      heap.push({next.at_s + p_.workload.next_think_s(next.user), next.user});
    }
  }

  void serve() {
    const double per_token = p_.cfg.seconds_per_token();
    for (;;) {
      workload::Request r;
      {
        std::unique_lock<std::mutex> lock(mu_);
        work_cv_.wait(lock, [&] { return p_.stop.requested() || !queue_.empty(); });
        if (p_.stop.requested()) return;
        r = *queue_.pop();
        p_.status.queue_depth.store(static_cast<std::int64_t>(queue_.size()), std::memory_order_relaxed);
      }
      p_.status.in_flight.fetch_add(1, std::memory_order_relaxed);
      const double storage = p_.runner.run(r);
      const double generation = static_cast<double>(r.generate_tokens) * per_token;
      if (generation > 0 && p_.stop.wait_until(clock_.at(clock_.now_s() + generation))) {
        p_.stats.record_abandoned_at_stop();
        p_.status.in_flight.fetch_sub(1, std::memory_order_relaxed);
        return;
      }
      const bool reached = record_completion(p_, completed_record(r, storage, generation, clock_.now_s()));
      p_.status.in_flight.fetch_sub(1, std::memory_order_relaxed);
      if (reached) halt();
    }
  }

  EngineParts& p_;
  WallClock& clock_;
  std::mutex mu_;
  std::condition_variable work_cv_;
  RequestQueue queue_;
};

}  // namespace

EngineOutcome run_wall_clock(EngineParts& parts, WallClock& clock) {
  return WallEngine(parts, clock).run();
}

}  // namespace kvbench::engine
