// The wall-clock engine: one scheduler (this thread) pulls arrivals from the arrival source in
// real time (no thread per user), and --workers threads serve the queue, run each request's
// cache I/O and sleep its generation time. The scheduler also runs the autoscaling monitor's
// ticks; RAG documents are ingested by one more thread while the window is open (as the
// reference's ingestion thread).
//
// The timed window (docs/metrics.md): it closes at --duration, at --max-requests, on a signal,
// when the capacity autoscaler stops it, or when a finite replay has been served entirely.
// Then arrivals stop, queued requests are abandoned, and the requests in flight get a bounded
// drain (--drain-timeout); what is still running after it is cut: the tiers cancel their
// outstanding I/O and the generation sleeps end. A signal cuts at once.
#include <algorithm>
#include <limits>
#include <string>
#include <system_error>
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
    const int n = p_.cfg.effective_workers();
    EngineOutcome out;
    out.parked_workers = std::make_shared<ParkedWorkers>();
    ParkedWorkers& workers = *out.parked_workers;
    std::thread ingest;
    // A thread the system refuses (pids.max, memory) ends the run before its window opens:
    // the threads already started are stopped and joined, and the app reports the failure.
    try {
      for (int i = 0; i < n; ++i) workers.start([this] { serve(); });
      if (p_.rag) ingest = std::thread([this] { p_.rag->ingest_all(window_over_); });
    } catch (const std::system_error& e) {
      out.failure = "cannot start worker thread " + std::to_string(workers.started() + 1) + " of " +
                    std::to_string(n) + (workers.started() == static_cast<std::size_t>(n) ? " (RAG ingestion)" : "") +
                    ": " + e.what();
      p_.stop.request();
    }
    p_.status.active_users.store(p_.source.active_users());
    p_.status.set_state(stats::RunState::Running);
    // A stop from outside (a signal) cancels the I/O at once, from the signal's thread.
    p_.stop.set_on_request([this] { p_.runner.cancel_io(); });
    struct HookGuard {
      StopSignal& stop;
      ~HookGuard() { stop.clear_on_request(); }
    } hook_guard{p_.stop};
    out.end = schedule_arrivals();
    out.elapsed_s = close_window();
    if (out.end != WindowEnd::Signal) count_arrivals_not_offered(out.elapsed_s);
    if (p_.counters) {
      out.window_counters = std::make_shared<stats::CacheCounters>();
      out.window_counters->copy_from(*p_.counters);
    }
    out.drain_overrun = drain(out.elapsed_s);
    workers.wait_all_parked();  // their exit waits for the caller (parked_workers.h)
    if (ingest.joinable()) ingest.join();
    // To the moment the last request left (not the workers' thread teardown after it).
    out.drain_s = std::max(0.0, last_left_s_ - out.elapsed_s);
    return out;
  }

 private:
  // Stops arrivals and abandons the queue; returns the window's end (engine seconds), taken
  // under the lock every completion takes its time under, so a request counted inside the
  // window finished before its end.
  double close_window() {
    double end;
    std::uint64_t queued, in_flight;
    {
      std::lock_guard<std::mutex> lock(mu_);
      end = clock_.now_s();
      closed_ = true;
      window_end_s_ = end;
      queued = queue_.size();
      while (queue_.pop()) {
      }
      in_flight = static_cast<std::uint64_t>(busy_);
      p_.status.queue_depth.store(0, std::memory_order_relaxed);
      work_cv_.notify_all();
    }
    window_over_.request();
    // requests_abandoned_at_stop keeps its meaning: not completed inside the window.
    p_.stats.record_abandoned_at_stop(queued + in_flight);
    p_.stats.record_window_end(queued, in_flight);
    return end;
  }

  // Counts the arrivals due before the window's end that the scheduler never reached, by
  // discarding them from the source (no arrival is taken after the window): at 100,000 users
  // one scheduler thread falls behind the schedule, and that shortfall must show in the
  // run's health (load_shortfall), not vanish. Back-pressured replays wait by design and are
  // not counted; nor is a window a signal ended, whose exit must be quick. Bounded.
  void count_arrivals_not_offered(double window_end) {
    constexpr std::uint64_t kMostCounted = 100'000'000;
    workload::ArrivalSource& source = p_.source;
    if (source.on_full_queue() != workload::OnFullQueue::Drop) return;
    std::uint64_t late = 0;
    for (std::optional<double> at = source.next_at(); at && *at < window_end && late < kMostCounted;
         at = source.next_at()) {
      source.drop(window_end);
      ++late;
    }
    if (late > 0) p_.stats.record_arrivals_not_offered(late);
  }

  // Lets the requests in flight finish for up to --drain-timeout (none after a signal), then
  // cancels the tiers' outstanding I/O and wakes the generation sleepers, whose requests are
  // cut. Returns true when the timeout passed with requests still in flight.
  bool drain(double window_end) {
    const double deadline = window_end + std::max(0.0, p_.cfg.drain_timeout);
    bool overrun = false;
    {
      std::unique_lock<std::mutex> lock(mu_);
      while (busy_ > 0 && !p_.stop.requested()) {
        const double now = clock_.now_s();
        if (now >= deadline) break;
        space_cv_.wait_until(lock, clock_.at(std::min(deadline, now + kWaitSliceS)),
                             [&] { return busy_ == 0 || p_.stop.requested(); });
      }
      overrun = busy_ > 0 && !p_.stop.requested();
      if (busy_ > 0) p_.runner.cancel_io();
    }
    p_.stop.clear_on_request();  // the engine's own stop below cancels nothing more
    p_.stop.request();  // wakes generation sleepers; the workers then leave
    std::lock_guard<std::mutex> lock(mu_);
    work_cv_.notify_all();
    return overrun;
  }

  // Asks the scheduler to close the window (--max-requests reached).
  void close_soon() {
    std::lock_guard<std::mutex> lock(mu_);
    due_ = true;
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
    space_cv_.wait_until(lock, clock_.at(until), [&] { return p_.stop.requested() || due_ || ready(); });
  }

  bool due() {
    std::lock_guard<std::mutex> lock(mu_);
    return due_;
  }

  // Runs arrivals until the window is to close; returns why.
  WindowEnd schedule_arrivals() {
    const double duration = p_.cfg.duration;
    constexpr double kNever = std::numeric_limits<double>::infinity();
    workload::ArrivalSource& source = p_.source;
    const bool holds = source.on_full_queue() == workload::OnFullQueue::Wait;
    for (;;) {
      if (p_.stop.requested()) return WindowEnd::Signal;
      if (due()) return WindowEnd::MaxRequests;
      const double now = clock_.now_s();
      if (now >= duration) return WindowEnd::Duration;
      deliver_finished();
      const double tick = p_.monitor ? p_.monitor->next_tick_s() : kNever;
      if (now >= tick) {
        std::int64_t depth;
        {
          std::lock_guard<std::mutex> lock(mu_);
          depth = static_cast<std::int64_t>(queue_.size());
        }
        if (p_.monitor->tick(now, depth, source, p_.status)) return WindowEnd::Autoscaler;
        continue;
      }
      const double deadline = std::min(duration, tick);
      const std::optional<double> at = source.next_at();
      if (!at) {
        // A finite replay is over once its last request has been served.
        wait_for(deadline, [&] { return queue_.empty() && busy_ == 0; });
        std::lock_guard<std::mutex> lock(mu_);
        if (queue_.empty() && busy_ == 0) return WindowEnd::ReplayDone;
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

  // A request that was still running when the run ended: its tokens generated inside the
  // window count pro rata; its I/O stays in the storage figures, and nothing else of it counts.
  void cut(std::uint64_t tokens_in_window) {
    p_.stats.record_cut();
    p_.stats.record_window_tokens(tokens_in_window);
    leave();
  }

  void leave() {
    p_.status.in_flight.fetch_sub(1, std::memory_order_relaxed);
    std::lock_guard<std::mutex> lock(mu_);
    --busy_;
    last_left_s_ = clock_.now_s();
    space_cv_.notify_all();  // the scheduler may be waiting for the replay or the drain
  }

  void serve() {
    const double per_token = p_.cfg.seconds_per_token();
    for (;;) {
      workload::Request r;
      {
        std::unique_lock<std::mutex> lock(mu_);
        work_cv_.wait(lock, [&] { return p_.stop.requested() || closed_ || !queue_.empty(); });
        if (p_.stop.requested() || closed_) return;
        r = *queue_.pop();
        ++busy_;
        p_.status.queue_depth.store(static_cast<std::int64_t>(queue_.size()), std::memory_order_relaxed);
      }
      space_cv_.notify_one();  // a back-pressured source may be waiting for this slot
      p_.status.in_flight.fetch_add(1, std::memory_order_relaxed);
      const double storage = p_.runner.run(r);
      if (p_.runner.cancelled()) {  // its I/O was cut short: no generation inside the window
        cut(0);
        return;
      }
      const double generation = static_cast<double>(r.generate_tokens) * per_token;
      const double gen_start = clock_.now_s();
      if (generation > 0 && p_.stop.wait_until(clock_.at(gen_start + generation))) {
        cut(tokens_inside_window(r.generate_tokens, gen_start, generation, window_end()));
        return;
      }
      double done, window_end;
      bool inside;
      {
        std::lock_guard<std::mutex> lock(mu_);
        done = clock_.now_s();
        inside = !closed_;
        window_end = window_end_s_;
      }
      const stats::RequestRecord rec = completed_record(r, storage, generation, done);
      bool reached = false;
      if (inside) {
        reached = record_completion(p_, rec);
      } else {  // finished in the drain: reported apart, its in-window tokens in the headline
        p_.stats.record_drained(rec);
        p_.stats.record_window_tokens(tokens_inside_window(r.generate_tokens, gen_start, generation, window_end));
      }
      if (inside) {
        std::lock_guard<std::mutex> lock(mu_);
        finished_.push_back({r.user_index, r.id, done});
      }
      leave();
      if (reached) close_soon();
    }
  }

  double window_end() {
    std::lock_guard<std::mutex> lock(mu_);
    return closed_ ? window_end_s_ : clock_.now_s();
  }

  struct Finished {
    int user;
    std::uint64_t request_id;
    double at_s;
  };

  EngineParts& p_;
  WallClock& clock_;
  std::mutex mu_;
  std::condition_variable work_cv_;   // workers: a request is queued (or the window closed)
  std::condition_variable space_cv_;  // scheduler: room in the queue, a request finished, due
  RequestQueue queue_;
  int busy_ = 0;          // requests taken by workers and not finished (guarded by mu_)
  bool closed_ = false;   // the window is over: no request is taken any more (guarded by mu_)
  bool due_ = false;      // --max-requests reached: close the window (guarded by mu_)
  double window_end_s_ = 0;  // set when closed_ becomes true (guarded by mu_)
  double last_left_s_ = 0;   // when a request last left a worker (guarded by mu_)
  StopSignal window_over_;   // for the RAG ingestion thread, which stops with the window
  std::vector<Finished> finished_;    // served, not yet told to the source (guarded by mu_)
  std::vector<Finished> delivering_;  // the scheduler's batch, swapped out of finished_
};

}  // namespace

EngineOutcome run_wall_clock(EngineParts& parts, WallClock& clock) {
  return WallEngine(parts, clock).run();
}

}  // namespace kvbench::engine
