// Worker threads that, once done serving, wait here instead of exiting. A thread's exit runs its
// thread-local destructors (an io_uring ring with registered buffers, megabytes of I/O buffers),
// and 500 of them at once contend for the process's address-space lock for seconds: measured on
// a 2-core host, that put SIGTERM-to-results at up to 9 s, starving even the scheduler thread
// that closes the window. Parked, the workers exit only when released, after the results are
// written (issue 15 item 13: a signal's results well inside the pod's grace period).
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace kvbench::engine {

class ParkedWorkers {
 public:
  ParkedWorkers() = default;
  ParkedWorkers(const ParkedWorkers&) = delete;
  ParkedWorkers& operator=(const ParkedWorkers&) = delete;
  ~ParkedWorkers() { release_and_join(); }

  // Starts a thread that runs `work`, then parks. Throws std::system_error where the system
  // refuses the thread; the threads already started are kept.
  template <class Work>
  void start(Work work) {
    threads_.emplace_back([this, work] {
      work();
      park();
    });
  }
  std::size_t started() const { return threads_.size(); }

  // Returns once every started thread has finished its work (parked or about to).
  void wait_all_parked() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return parked_ == threads_.size(); });
  }

  // Lets the parked threads exit and joins them. Idempotent.
  void release_and_join() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      released_ = true;
    }
    cv_.notify_all();
    for (std::thread& t : threads_)
      if (t.joinable()) t.join();
  }

 private:
  void park() {
    std::unique_lock<std::mutex> lock(mu_);
    ++parked_;
    cv_.notify_all();
    cv_.wait(lock, [&] { return released_; });
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::size_t parked_ = 0;
  bool released_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace kvbench::engine
