// A lock for critical sections of a few dozen instructions taken millions of times a run (a
// latency sample, a counter row): uncontended it is one compare-exchange and one exchange, where
// pthread_mutex_lock + unlock cost about 100 instructions (callgrind: 8 % of a trace-mode run).
// A contended waiter sleeps in atomic::wait (a futex) instead of spinning, so 500 workers on
// two cores do not burn the CPU the holder needs. Meets Lockable: use with lock_guard or unique_lock.
#pragma once

#include <atomic>

namespace kvbench {

class ShortLock {
 public:
  void lock() {
    int seen = 0;
    if (state_.compare_exchange_strong(seen, kLocked, std::memory_order_acquire)) return;
    // Contended: mark the lock so the holder's unlock wakes a sleeper, then sleep until it is
    // free. Whoever takes it this way leaves it marked (it cannot know that nobody else
    // sleeps), which costs at most one needless wake-up.
    while (state_.exchange(kContended, std::memory_order_acquire) != kFree) {
      state_.wait(kContended, std::memory_order_relaxed);
    }
  }
  bool try_lock() {
    int seen = kFree;
    return state_.compare_exchange_strong(seen, kLocked, std::memory_order_acquire);
  }
  void unlock() {
    // Only a marked lock can have a sleeper: the uncontended path makes no notify call (which
    // costs a lookup in libstdc++'s waiter table on every unlock).
    if (state_.exchange(kFree, std::memory_order_release) == kContended) state_.notify_one();
  }

 private:
  static constexpr int kFree = 0, kLocked = 1, kContended = 2;
  // int, not bool: the type a futex waits on, so wait/notify need no proxy table.
  std::atomic<int> state_{kFree};
};

}  // namespace kvbench
