// StopSignal: the one "stop now" flag of a run (duration over, --max-requests reached,
// SIGTERM/SIGINT/SIGHUP/SIGPIPE). Sleepers wait on it so a stop wakes them at once instead of after their
// think or generation time.
#pragma once

#include <signal.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace kvbench::engine {

class StopSignal {
 public:
  void request() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopped_.store(true, std::memory_order_release);
    }
    cv_.notify_all();
  }
  bool requested() const { return stopped_.load(std::memory_order_acquire); }
  // Sleeps until `deadline` or a stop; returns true if stopped.
  template <class TimePoint>
  bool wait_until(TimePoint deadline) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_until(lock, deadline, [&] { return requested(); });
  }

 private:
  std::atomic<bool> stopped_{false};
  std::mutex mu_;
  std::condition_variable cv_;
};

// Turns SIGTERM, SIGINT, SIGHUP (a closed SSH session) and SIGPIPE (stdout piped to a `head`
// that exited) into StopSignal::request() from a dedicated thread (sigwait), so no work happens
// in a signal handler and the run still writes its results and removes its temporary cache
// directory. Blocks the signals in the calling thread first; create it before any other thread
// so they all inherit the mask. Restores the mask and SIGPIPE's action when destroyed.
class SignalWatcher {
 public:
  explicit SignalWatcher(StopSignal& stop);
  ~SignalWatcher();
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;
  bool interrupted() const { return interrupted_.load(); }
  int signal_number() const { return signal_.load(); }

 private:
  StopSignal& stop_;
  std::atomic<bool> interrupted_{false};
  std::atomic<int> signal_{0};
  struct sigaction previous_sigpipe_ {};
  std::thread thread_;
};

}  // namespace kvbench::engine
