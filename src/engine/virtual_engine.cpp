// The virtual-clock engine (trace mode): the same model as the wall-clock engine run as a
// discrete-event simulation on one thread. Think times, queueing and generation are simulated;
// nothing sleeps. Events are ordered by (time, sequence number), so a given --seed always
// produces the same sequence of operations.
#include <algorithm>
#include <queue>
#include <vector>

#include "engine/engine_parts.h"
#include "engine/request_queue.h"

namespace kvbench::engine {
namespace {

struct Event {
  double at_s;
  std::uint64_t seq;
  int worker;  // -1: an arrival of `user`; otherwise that worker finishes its request
  int user;
  bool operator>(const Event& o) const { return at_s > o.at_s || (at_s == o.at_s && seq > o.seq); }
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
    for (int u = 0; u < p_.workload.user_count(); ++u) push_event(p_.workload.next_think_s(u), -1, u);
    const double duration = p_.cfg.duration;
    double end = duration;
    p_.status.active_users.store(p_.workload.user_count());
    p_.status.set_state(stats::RunState::Running);
    std::uint64_t handled = 0;
    while (!events_.empty()) {
      const Event e = events_.top();
      if (e.at_s > duration) break;
      events_.pop();
      clock_.advance_to(e.at_s);
      if (e.worker < 0) {
        arrive(e);
      } else {
        idle_.push_back(e.worker);
        if (complete(in_flight_[static_cast<std::size_t>(e.worker)])) {
          end = e.at_s;
          break;
        }
      }
      if (dispatch()) {
        end = clock_.now_s();
        break;
      }
      // A signal is the only outside event; checking it now and then costs nothing.
      if ((++handled & 1023) == 0) {
        publish();
        if (p_.stop.requested()) {
          end = clock_.now_s();
          break;
        }
      }
    }
    publish();
    p_.stats.record_abandoned_at_stop(queue_.size() + (in_flight_.size() - idle_.size()));
    return {end};
  }

 private:
  struct InFlight {
    workload::Request request;
    double storage_s = 0, generation_s = 0;
  };

  void push_event(double at, int worker, int user) { events_.push({at, seq_++, worker, user}); }

  // Live status for watchers on other threads, refreshed every 1024 events.
  void publish() {
    p_.status.elapsed_s.store(clock_.now_s(), std::memory_order_relaxed);
    p_.status.queue_depth.store(static_cast<std::int64_t>(queue_.size()), std::memory_order_relaxed);
    p_.status.in_flight.store(static_cast<std::int64_t>(in_flight_.size() - idle_.size()),
                              std::memory_order_relaxed);
  }

  void arrive(const Event& e) {
    p_.stats.record_arrival_offered();
    if (queue_.full()) {
      p_.stats.record_arrival_dropped_queue_full();
    } else {
      queue_.push(p_.workload.next_request(e.user, e.at_s, epoch_ms_at(clock_, e.at_s)));
    }
    push_event(e.at_s + p_.workload.next_think_s(e.user), -1, e.user);
  }

  bool complete(const InFlight& f) {
    return record_completion(
        p_, completed_record(f.request, f.storage_s, f.generation_s, clock_.now_s()));
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
      push_event(clock_.now_s() + busy, w, f.request.user_index);
    }
    return false;
  }

  EngineParts& p_;
  VirtualClock& clock_;
  RequestQueue queue_;
  double per_token_;
  std::priority_queue<Event, std::vector<Event>, std::greater<>> events_;
  std::uint64_t seq_ = 0;
  std::vector<InFlight> in_flight_;
  std::vector<int> idle_;
};

}  // namespace

EngineOutcome run_virtual_clock(EngineParts& parts, VirtualClock& clock) {
  return VirtualEngine(parts, clock).run();
}

}  // namespace kvbench::engine
