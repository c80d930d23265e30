// What one allocate() call holds for its duration: a plan vector reused per thread (so
// planning a write allocates nothing) and one --max-concurrent-allocs slot, both released on
// every path out.
#pragma once

#include <semaphore>
#include <utility>
#include <vector>

#include "cache/waterfall_planner.h"

namespace kvbench::cache {

// Plans are built on every allocate(); reusing one vector per thread keeps that free of heap
// allocations. Moving it out (rather than using it in place) stays correct if a thread ever
// re-enters allocate().
inline thread_local std::vector<PlanStep> t_spare_plan;

class PlanBuffer {
 public:
  PlanBuffer() : steps_(std::move(t_spare_plan)) { steps_.clear(); }
  ~PlanBuffer() {
    steps_.clear();
    t_spare_plan = std::move(steps_);
  }
  PlanBuffer(const PlanBuffer&) = delete;
  PlanBuffer& operator=(const PlanBuffer&) = delete;
  std::vector<PlanStep>& steps() { return steps_; }

 private:
  std::vector<PlanStep> steps_;
};

// Holds one --max-concurrent-allocs slot for the rest of an allocate() call.
class AllocSlot {
 public:
  AllocSlot() = default;
  AllocSlot(const AllocSlot&) = delete;
  AllocSlot& operator=(const AllocSlot&) = delete;
  ~AllocSlot() {
    if (sem_ != nullptr) sem_->release();
  }
  void acquire(std::counting_semaphore<>& sem) {
    sem.acquire();
    sem_ = &sem;
  }

 private:
  std::counting_semaphore<>* sem_ = nullptr;
};

}  // namespace kvbench::cache
