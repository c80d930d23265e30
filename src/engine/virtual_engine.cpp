// The virtual-clock engine (trace mode): the same model as the wall-clock engine run as a
// discrete-event simulation on one thread. Think times, queueing and generation are simulated;
// nothing sleeps. The next event is the earliest of: a worker finishing (ordered by time, then
// sequence number), the source's next arrival, the autoscaling monitor's tick. So a given
// --seed always produces the same sequence of operations. RAG documents are ingested at time
// 0, before the first arrival. The window ends as in the wall-clock engine; its drain is
// simulated from the completion times of the requests in flight (drain() below).
#include <algorithm>
#include <limits>
#include <queue>
#include <vector>

#include "engine/engine_parts.h"
#include "engine/request_queue.h"

namespace kvbench::engine {
namespace {

struct Completion {
  double at_s;
  std::uint64_t seq;
  int worker;
  bool operator>(const Completion& o) const { return at_s > o.at_s || (at_s == o.at_s && seq > o.seq); }
};

class VirtualEngine {
 public:
  VirtualEngine(EngineParts& p, VirtualClock& clock)
      : p_(p),
        clock_(clock),
        queue_(static_cast<std::size_t>(p.cfg.effective_queue_depth())),
        per_token_(p.cfg.seconds_per_token()) {
    const int n = p.cfg.effective_workers();
    in_flight_.resize(static_cast<std::size_t>(n));
    for (int w = n - 1; w >= 0; --w) idle_.push_back(w);
  }

  EngineOutcome run() {
    constexpr double kNever = std::numeric_limits<double>::infinity();
    const double duration = p_.cfg.duration;
    workload::ArrivalSource& source = p_.source;
    const bool holds = source.on_full_queue() == workload::OnFullQueue::Wait;
    p_.status.active_users.store(source.active_users());
    p_.status.set_state(stats::RunState::Running);
    if (p_.rag) p_.rag->ingest_all(p_.stop);
    double end = duration;
    WindowEnd why = WindowEnd::Duration;
    std::uint64_t handled = 0;
    for (;;) {
      const double now = clock_.now_s();
      // A back-pressured source waits while the queue is full; a worker will finish first.
      std::optional<double> at;
      bool exhausted = false;
      if (!(holds && queue_.full())) {
        at = source.next_at();
        exhausted = !at;
      }
      if (exhausted && done_.empty() && queue_.empty()) {  // a finite replay, all served
        end = now;
        why = WindowEnd::ReplayDone;
        break;
      }
      const double t_arrival = at ? std::max(*at, now) : kNever;
      const double t_done = done_.empty() ? kNever : done_.top().at_s;
      const double t_tick = p_.monitor ? p_.monitor->next_tick_s() : kNever;
      const double t_sample = p_.timeline ? p_.timeline->next_tick_s() : kNever;
      const double t = std::min({t_arrival, t_done, t_tick, t_sample});
      if (t > duration) break;
      clock_.advance_to(t);
      // A timeline sample changes nothing: taken before whatever else happens at its instant,
      // it ends the interval there; the loop goes on as if it had not been.
      if (t == t_sample) {
        p_.timeline->tick(t, static_cast<std::int64_t>(queue_.size()), busy_workers());
        if (t < std::min({t_arrival, t_done, t_tick})) continue;
      }
      if (t == t_tick && t_tick <= t_done && t_tick <= t_arrival) {
        if (p_.monitor->tick(t, static_cast<std::int64_t>(queue_.size()), source, p_.status)) {
          end = t;
          why = WindowEnd::Autoscaler;
          break;
        }
      } else if (t_done <= t_arrival) {
        const Completion c = done_.top();
        done_.pop();
        idle_.push_back(c.worker);
        if (complete(in_flight_[static_cast<std::size_t>(c.worker)])) {
          end = t;
          why = WindowEnd::MaxRequests;
          break;
        }
      } else {
        arrive(t);
      }
      if (dispatch()) {
        end = clock_.now_s();
        why = WindowEnd::MaxRequests;
        break;
      }
      // A signal is the only outside event; checking it now and then costs nothing.
      if ((++handled & 1023) == 0) {
        publish();
        if (p_.stop.requested()) {
          end = clock_.now_s();
          why = WindowEnd::Signal;
          break;
        }
      }
    }
    publish();
    if (p_.timeline) p_.timeline->finish(end, nullptr, static_cast<std::int64_t>(queue_.size()), busy_workers());
    const std::uint64_t queued = queue_.size(), in_flight = in_flight_.size() - idle_.size();
    p_.stats.record_abandoned_at_stop(queued + in_flight);  // not completed inside the window
    p_.stats.record_window_end(queued, in_flight);
    EngineOutcome out;
    out.elapsed_s = end;
    out.end = why;
    drain(end, out);
    return out;
  }

 private:
  struct InFlight {
    workload::Request request;
    double storage_s = 0, generation_s = 0;
  };

  // The drain, simulated: the requests in flight at the window's end finish at their
  // completion times if these come within --drain-timeout (none after a signal); the rest are
  // cut. Their I/O was done at dispatch, inside the window, so nothing is traced here and the
  // source is not told (no arrival follows the window).
  void drain(double end, EngineOutcome& out) {
    const bool signalled = p_.stop.requested();
    const double deadline = signalled ? end : end + std::max(0.0, p_.cfg.drain_timeout);
    double last = end;
    while (!done_.empty()) {
      const Completion c = done_.top();
      done_.pop();
      const InFlight& f = in_flight_[static_cast<std::size_t>(c.worker)];
      const double gen_start = c.at_s - f.generation_s;
      const std::uint64_t inside = tokens_inside_window(f.request.generate_tokens, gen_start, f.generation_s, end);
      if (c.at_s <= deadline) {
        p_.stats.record_drained(completed_record(f.request, f.storage_s, f.generation_s, c.at_s));
        last = c.at_s;
      } else {
        p_.stats.record_cut();
        out.drain_overrun = !signalled;
        last = deadline;
      }
      p_.stats.record_window_tokens(inside);
    }
    out.drain_s = std::max(0.0, last - end);
  }

  std::int64_t busy_workers() const { return static_cast<std::int64_t>(in_flight_.size() - idle_.size()); }

  // Live status for watchers on other threads, refreshed every 1024 events.
  void publish() {
    p_.status.elapsed_s.store(clock_.now_s(), std::memory_order_relaxed);
    p_.status.queue_depth.store(static_cast<std::int64_t>(queue_.size()), std::memory_order_relaxed);
    p_.status.in_flight.store(static_cast<std::int64_t>(in_flight_.size() - idle_.size()),
                              std::memory_order_relaxed);
  }

  void arrive(double t) {
    p_.stats.record_arrival_offered();
    if (queue_.full()) {  // only a dropping source gets here with a full queue
      p_.stats.record_arrival_dropped_queue_full();
      p_.source.drop(t);
      return;
    }
    queue_.push(p_.source.take(t, epoch_ms_at(clock_, t)));
  }

  bool complete(const InFlight& f) {
    const double now = clock_.now_s();
    p_.source.finished(f.request.user_index, f.request.id, now);
    return record_completion(p_, completed_record(f.request, f.storage_s, f.generation_s, now));
  }

  // Starts queued requests on idle workers. A request that takes no simulated time finishes
  // at once, without a round trip through the event heap. Returns true at --max-requests.
  bool dispatch() {
    while (!idle_.empty() && !queue_.empty()) {
      const int w = idle_.back();
      InFlight& f = in_flight_[static_cast<std::size_t>(w)];
      f.request = *queue_.pop();
      f.storage_s = p_.runner.run(f.request);
      f.generation_s = static_cast<double>(f.request.generate_tokens) * per_token_;
      const double busy = f.storage_s + f.generation_s;
      if (busy <= 0) {
        if (complete(f)) return true;
        continue;
      }
      idle_.pop_back();
      done_.push({clock_.now_s() + busy, seq_++, w});
    }
    return false;
  }

  EngineParts& p_;
  VirtualClock& clock_;
  RequestQueue queue_;
  double per_token_;
  std::priority_queue<Completion, std::vector<Completion>, std::greater<>> done_;
  std::uint64_t seq_ = 0;
  std::vector<InFlight> in_flight_;
  std::vector<int> idle_;
};

}  // namespace

EngineOutcome run_virtual_clock(EngineParts& parts, VirtualClock& clock) {
  return VirtualEngine(parts, clock).run();
}

}  // namespace kvbench::engine
