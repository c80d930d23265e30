// The wall-clock engine: one scheduler (this thread) pulls arrivals from the arrival source in
// real time (no thread per user), and --workers threads serve the queue, run each request's
// cache I/O and sleep its generation time. The scheduler also runs the autoscaling monitor's
// ticks; RAG documents are ingested by one more thread while the run goes on (as the
// reference's ingestion thread). The run ends at --duration, at --max-requests, on a signal,
// when the capacity autoscaler stops it, or when a finite replay has been served entirely.
#include <algorithm>
#include <limits>
#include <thread>
#include <vector>

#include "engine/engine_parts.h"
#include "engine/request_queue.h"

namespace kvbench::engine {
namespace {

// Waits on a condition variable are cut into slices so that a signal (which only sets the
// StopSignal) is noticed quickly.
constexpr double kWaitSliceS = 0.05;

class WallEngine {
 public:
  WallEngine(EngineParts& p, WallClock& clock)
      : p_(p), clock_(clock), queue_(static_cast<std::size_t>(p.cfg.effective_queue_depth())) {}

  EngineOutcome run() {
    std::vector<std::thread> workers;
    const int n = p_.cfg.effective_workers();
    workers.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) workers.emplace_back([this] { serve(); });
    std::thread ingest;
    if (p_.rag) ingest = std::thread([this] { p_.rag->ingest_all(p_.stop); });
    p_.status.active_users.store(p_.source.active_users());
    p_.status.set_state(stats::RunState::Running);
    const double elapsed = schedule_arrivals();
    halt();
    for (auto& w : workers) w.join();
    if (ingest.joinable()) ingest.join();
    p_.stats.record_abandoned_at_stop(queue_.size());
    return {elapsed};
  }

 private:
  void halt() {
    p_.stop.request();
    std::lock_guard<std::mutex> lock(mu_);
    work_cv_.notify_all();
    space_cv_.notify_all();
  }

  // Tells the source which requests the workers finished, on this thread: the only one that
  // drives the source.
  void deliver_finished() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      delivering_.swap(finished_);
    }
    for (const Finished& f : delivering_) p_.source.finished(f.user, f.request_id, f.at_s);
    delivering_.clear();
  }

  // Waits until `ready` holds (checked under mu_), a stop, or `deadline_s`.
  template <class Ready>
  void wait_for(double deadline_s, Ready ready) {
    const double until = std::min(deadline_s, clock_.now_s() + kWaitSliceS);
    std::unique_lock<std::mutex> lock(mu_);
    space_cv_.wait_until(lock, clock_.at(until), [&] { return p_.stop.requested() || ready(); });
  }

  // Returns the length of the timed phase.
  double schedule_arrivals() {
    const double duration = p_.cfg.duration;
    constexpr double kNever = std::numeric_limits<double>::infinity();
    workload::ArrivalSource& source = p_.source;
    const bool holds = source.on_full_queue() == workload::OnFullQueue::Wait;
    for (;;) {
      if (p_.stop.requested()) return std::min(clock_.now_s(), duration);
      const double now = clock_.now_s();
      if (now >= duration) return duration;
      deliver_finished();
      const double tick = p_.monitor ? p_.monitor->next_tick_s() : kNever;
      if (now >= tick) {
        std::int64_t depth;
        {
          std::lock_guard<std::mutex> lock(mu_);
          depth = static_cast<std::int64_t>(queue_.size());
        }
        if (p_.monitor->tick(now, depth, source, p_.status)) return now;
        continue;
      }
      const double deadline = std::min(duration, tick);
      const std::optional<double> at = source.next_at();
      if (!at) {
        // A finite replay is over once its last request has been served.
        wait_for(deadline, [&] { return queue_.empty() && busy_ == 0; });
        std::lock_guard<std::mutex> lock(mu_);
        if (queue_.empty() && busy_ == 0) return std::min(clock_.now_s(), duration);
        continue;
      }
      if (*at > now) {
        // A finished request may bring a user's next one forward (no think time).
        wait_for(std::min(*at, deadline), [&] { return !finished_.empty(); });
        continue;
      }
      p_.status.elapsed_s.store(now, std::memory_order_relaxed);
      bool full;
      {
        std::lock_guard<std::mutex> lock(mu_);
        full = queue_.full();
      }
      if (full && holds) {
        wait_for(deadline, [&] { return !queue_.full(); });
        continue;
      }
      p_.stats.record_arrival_offered();
      if (full) {
        p_.stats.record_arrival_dropped_queue_full();
        source.drop(now);
        continue;
      }
      // Only this thread pushes, so "not full" stays true while the request is built.
      workload::Request r = source.take(now, epoch_ms_at(clock_, now));
      {
        std::lock_guard<std::mutex> lock(mu_);
        queue_.push(std::move(r));
        p_.status.queue_depth.store(static_cast<std::int64_t>(queue_.size()), std::memory_order_relaxed);
      }
      work_cv_.notify_one();
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
        ++busy_;
        p_.status.queue_depth.store(static_cast<std::int64_t>(queue_.size()), std::memory_order_relaxed);
      }
      space_cv_.notify_one();  // a back-pressured source may be waiting for this slot
      p_.status.in_flight.fetch_add(1, std::memory_order_relaxed);
      const double storage = p_.runner.run(r);
      const double generation = static_cast<double>(r.generate_tokens) * per_token;
      if (generation > 0 && p_.stop.wait_until(clock_.at(clock_.now_s() + generation))) {
        p_.stats.record_abandoned_at_stop();
        p_.status.in_flight.fetch_sub(1, std::memory_order_relaxed);
        return;
      }
      const double done = clock_.now_s();
      const bool reached = record_completion(p_, completed_record(r, storage, generation, done));
      p_.status.in_flight.fetch_sub(1, std::memory_order_relaxed);
      {
        std::lock_guard<std::mutex> lock(mu_);
        --busy_;
        finished_.push_back({r.user_index, r.id, done});
      }
      // The scheduler may be waiting for the replay to drain, or for this user's request.
      space_cv_.notify_one();
      if (reached) halt();
    }
  }

  struct Finished {
    int user;
    std::uint64_t request_id;
    double at_s;
  };

  EngineParts& p_;
  WallClock& clock_;
  std::mutex mu_;
  std::condition_variable work_cv_;   // workers: a request is queued (or stop)
  std::condition_variable space_cv_;  // scheduler: room in the queue, or a request finished
  RequestQueue queue_;
  int busy_ = 0;  // requests taken by workers and not finished (guarded by mu_)
  std::vector<Finished> finished_;    // served, not yet told to the source (guarded by mu_)
  std::vector<Finished> delivering_;  // the scheduler's batch, swapped out of finished_
};

}  // namespace

EngineOutcome run_wall_clock(EngineParts& parts, WallClock& clock) {
  return WallEngine(parts, clock).run();
}

}  // namespace kvbench::engine
