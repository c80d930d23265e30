#include "stats/health_inputs.h"

namespace kvbench::stats {

HealthInputs health_inputs_from(const CacheCounters& c, const RequestStats& requests) {
  const auto get = [](const Counter& v) { return CacheCounters::get(v); };
  // Live counters move while they are read: a part read after its whole may exceed it.
  const auto minus = [](std::uint64_t whole, std::uint64_t part) { return whole > part ? whole - part : 0; };
  HealthInputs in;
  in.write_attempts = get(c.write_operations);
  in.write_failures = minus(get(c.write_failures), get(c.writes_cancelled));
  in.write_io_errors = get(c.write_io_errors);
  in.demotion_failures = get(c.demotion_failures);
  in.demotion_attempts = get(c.demotions) + in.demotion_failures;
  // read_operations counts the reads that succeeded (the hits); a failed read is not one.
  // Operations the run's end cancelled are not the storage's fault (drain_overrun says so).
  in.read_failures = minus(get(c.read_failures), get(c.reads_cancelled));
  in.read_attempts = get(c.read_operations) + in.read_failures;
  in.entries_lost = get(c.entries_lost);
  for (const TierCounters& t : c.tiers) in.lost_bytes += get(t.lost_bytes);
  in.verify_mismatches = get(c.verify_mismatches);
  in.arrivals_offered = requests.arrivals_offered();
  in.arrivals_dropped = requests.arrivals_dropped_queue_full();
  in.arrivals_due = in.arrivals_offered + requests.arrivals_not_offered();
  in.requests_abandoned = requests.requests_abandoned_at_stop();
  return in;
}

}  // namespace kvbench::stats
