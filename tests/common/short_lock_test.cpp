#include "common/short_lock.h"

#include <gtest/gtest.h>

#include <mutex>
#include <thread>
#include <vector>

namespace kvbench {
namespace {

// Mutual exclusion under contention: more threads than cores, a plain (non-atomic) counter.
// A lost wake-up would hang here (ctest's timeout), a broken exclusion lose increments.
TEST(ShortLock, ExcludesAndWakesEveryWaiter) {
  ShortLock lock;
  long counter = 0;
  constexpr int kThreads = 8, kRounds = 20000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kRounds; ++i) {
        std::lock_guard guard(lock);
        ++counter;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(counter, long{kThreads} * kRounds);
}

TEST(ShortLock, TryLockFailsWhileHeldAndSucceedsOnceFree) {
  ShortLock lock;
  ASSERT_TRUE(lock.try_lock());
  std::thread([&] { EXPECT_FALSE(lock.try_lock()); }).join();
  lock.unlock();
  std::unique_lock guard(lock, std::try_to_lock);
  EXPECT_TRUE(guard.owns_lock());
}

}  // namespace
}  // namespace kvbench
