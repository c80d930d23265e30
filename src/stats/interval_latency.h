// The latencies of one timeline interval (stats/run_timeline.h): a log-bucketed histogram
// (1 % wide buckets from 1 µs to an hour, so a percentile is within 1 %) that workers fill
// while the interval is open, kept afterwards as its non-empty buckets only. Two intervals'
// histograms merge exactly, which is what lets the timeline coarsen its oldest points without
// inventing a percentile.
#pragma once

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "common/short_lock.h"

namespace kvbench::stats {

// The non-empty buckets of a closed interval, ascending by bucket.
struct SparseLatency {
  std::vector<std::pair<std::uint16_t, std::uint32_t>> buckets;  // {bucket, count}
  std::uint64_t count = 0;
  double max_s = 0;

  // Adds `other`'s observations (both stay sorted by bucket).
  void merge(const SparseLatency& other);
  // Percentile q in [0, 100], seconds; 0 when empty. The bucket's geometric midpoint, capped
  // by the largest observation.
  double percentile(double q) const;
};

class IntervalLatency {
 public:
  // Under 1 µs (trace mode's zeros included) is bucket 0; an hour or more the last bucket.
  static constexpr std::size_t kBuckets = 2214;

  void record(double seconds);
  // What was recorded since the last take(), and an empty histogram for the next interval.
  SparseLatency take();

  static std::size_t bucket_of(double seconds);
  static double bucket_value(std::size_t bucket);

 private:
  ShortLock mu_;
  std::array<std::uint32_t, kBuckets> counts_{};
  std::uint64_t count_ = 0;
  double max_s_ = 0;
};

}  // namespace kvbench::stats
