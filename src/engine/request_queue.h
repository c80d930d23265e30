// The request queue (spec §1): higher QoS priority first, FIFO within a priority, bounded so
// that an overloaded run counts the arrivals it cannot take instead of growing without limit
// (the reference's queue was unbounded and got OOM-killed). Not thread-safe by itself.
#pragma once

#include <cstddef>
#include <deque>
#include <map>
#include <optional>

#include "workload/request.h"

namespace kvbench::engine {

class RequestQueue {
 public:
  explicit RequestQueue(std::size_t capacity) : capacity_(capacity) {}

  bool full() const { return size_ >= capacity_; }
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  // Returns false (and leaves the queue unchanged) when full.
  bool push(workload::Request r) {
    if (full()) return false;
    by_priority_[r.priority].push_back(std::move(r));
    ++size_;
    return true;
  }

  std::optional<workload::Request> pop() {
    for (auto it = by_priority_.begin(); it != by_priority_.end(); ++it) {
      if (it->second.empty()) continue;
      workload::Request r = std::move(it->second.front());
      it->second.pop_front();
      --size_;
      return r;
    }
    return std::nullopt;
  }

 private:
  std::size_t capacity_;
  std::size_t size_ = 0;
  // Highest priority first; a handful of distinct priorities, so the map stays tiny.
  std::map<int, std::deque<workload::Request>, std::greater<int>> by_priority_;
};

}  // namespace kvbench::engine
