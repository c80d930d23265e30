// Turns I/O events into the cache counters of the results JSON: the one place that says which
// fact moves which counter (a demotion's bytes on its Evict write, a hit when it is found, a
// level's read and write figures from the tier operation itself, a write counted when asked
// for, spec §6.2/§6.4).
#pragma once

#include "common/io_event.h"
#include "stats/cache_counters.h"

namespace kvbench::stats {

class CounterObserver final : public IoObserver {
 public:
  explicit CounterObserver(CacheCounters& counters) : c_(counters) {}
  void on_event(const IoEvent& e) override;

 private:
  void on_io(const IoEvent& e);
  void on_hit(const IoEvent& e);
  CacheCounters& c_;
};

}  // namespace kvbench::stats
