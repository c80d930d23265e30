// Timing inside tier operations: a monotonic clock (docs/architecture.md: real I/O latencies are measured
// inside the tier, never with the engine's clock, which may be virtual), and the split of
// kvbench's own work into what the device waited for and what overlapped its transfers.
#pragma once

#include <time.h>

#include "tiers/tier.h"

namespace kvbench::tiers {

inline double monotonic_s() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct HostWork {
  double exposed_s = 0;     // nothing of the operation was in flight: the device waited on us
  double overlapped_s = 0;  // other transfers of the operation were in flight meanwhile

  // Runs fn() and books its duration: as overlapped if busy() says, once fn is done, that the
  // device is still working on the operation's other transfers (so it never waited), else as
  // exposed. Judging at the end is the conservative side: a transfer that ended halfway
  // through fn makes all of fn exposed. A throwing fn is booked as exposed.
  template <class Fn, class Busy>
  void time(Fn&& fn, Busy&& busy) {
    const double start = monotonic_s();
    try {
      fn();
    } catch (...) {
      exposed_s += monotonic_s() - start;
      throw;
    }
    const double took = monotonic_s() - start;
    (busy() ? overlapped_s : exposed_s) += took;
  }
  // Serial work: nothing of the operation runs meanwhile, so all of it is exposed.
  template <class Fn>
  void time(Fn&& fn) {
    time(fn, [] { return false; });
  }
};

// The timing of an operation that began at `start` (monotonic_s) and did `work` of its own.
inline IoTiming timing_since(double start, const HostWork& work) {
  const double total = monotonic_s() - start;
  const double host = work.exposed_s < total ? work.exposed_s : total;
  return {total - host, host, work.overlapped_s};
}

}  // namespace kvbench::tiers
