// A lock for critical sections of a few dozen instructions taken millions of times a run (a
// latency sample, a counter row): uncontended it is one exchange and one store, where
// pthread_mutex_lock + unlock cost about 100 instructions (callgrind: 8 % of a trace-mode run).
// A contended waiter sleeps in atomic::wait (a futex) instead of spinning, so 500 workers on
// two cores do not burn the CPU the holder needs. Meets BasicLockable: use with lock_guard.
#pragma once

#include <atomic>

namespace kvbench {

class ShortLock {
 public:
  void lock() {
    while (locked_.exchange(1, std::memory_order_acquire) != 0) locked_.wait(1, std::memory_order_relaxed);
  }
  void unlock() {
    locked_.store(0, std::memory_order_release);
    locked_.notify_one();
  }

 private:
  // int, not bool: the type a futex waits on, so wait/notify need no proxy table.
  std::atomic<int> locked_{0};
};

}  // namespace kvbench
