// LatencyHistogram: a mergeable latency distribution (log-linear buckets, HdrHistogram's idea)
// so that pods' latencies pool into exact percentiles after the run, where per-pod percentile
// figures could only be maxed. Values are whole nanoseconds: below 128 ns each value has its
// own bucket, above it every octave has 64 equal buckets, so a bucket's midpoint is within
// 1/128 (0.78 %) of any value in it from 1 µs to an hour (and well beyond). Not thread-safe:
// LatencyRecorder feeds it under its own lock.
#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <vector>

namespace kvbench::stats {

class LatencyHistogram {
 public:
  static constexpr unsigned kSubBucketBits = 6;  // 64 buckets per octave
  static constexpr unsigned kLinearLimitNs = 2u << kSubBucketBits;  // 128: exact below

  struct Bucket {
    std::uint32_t index = 0;
    std::uint64_t count = 0;
    bool operator==(const Bucket&) const = default;
  };

  // Inline: LatencyRecorder calls them three times per tier operation, under its lock.
  void record(double seconds) {  // NaN and negative values count as 0
    if (!(seconds > 0)) return record_ns(0);
    const double ns = std::round(seconds * 1e9);
    record_ns(ns >= 1.8e19 ? UINT64_MAX : static_cast<std::uint64_t>(ns));
  }
  void record_ns(std::uint64_t ns, std::uint64_t times = 1) {
    if (times == 0) return;
    const std::uint32_t i = index_of(ns);
    if (i >= counts_.size()) counts_.resize(i + 1, 0);
    counts_[i] += times;
    count_ += times;
    sum_s_ += static_cast<double>(ns) * 1e-9 * static_cast<double>(times);
    min_ns_ = std::min(min_ns_, ns);
    max_ns_ = std::max(max_ns_, ns);
  }
  void merge(const LatencyHistogram& other);
  void clear();

  std::uint64_t count() const { return count_; }
  double sum_s() const { return sum_s_; }
  double min_s() const { return count_ ? static_cast<double>(min_ns_) * 1e-9 : 0.0; }
  double max_s() const { return static_cast<double>(max_ns_) * 1e-9; }

  // Percentile q in [0, 100] in seconds, interpolated between closest ranks as numpy does;
  // within 1 % of numpy's answer over the raw values. 0 when empty.
  double percentile(double q) const;

  // Sparse form for serialization: the non-empty buckets in index order.
  std::vector<Bucket> buckets() const;
  // The inverse of buckets(), with the exact figures a bucket list cannot carry. Throws
  // std::invalid_argument on an index past the layout, a zero count or unsorted buckets.
  static LatencyHistogram from_buckets(const std::vector<Bucket>& buckets, double sum_s,
                                       std::uint64_t min_ns, std::uint64_t max_ns);
  std::uint64_t min_ns() const { return count_ ? min_ns_ : 0; }
  std::uint64_t max_ns() const { return max_ns_; }

  static std::uint32_t index_of(std::uint64_t ns) {
    if (ns < kLinearLimitNs) return static_cast<std::uint32_t>(ns);
    // msb ≥ 7: keep the top 7 bits (64..127); each shift step is one more octave of 64 buckets.
    const unsigned msb = 63u - static_cast<unsigned>(std::countl_zero(ns));
    const unsigned shift = msb - kSubBucketBits;
    return static_cast<std::uint32_t>((shift << kSubBucketBits) + (ns >> shift));
  }
  static std::uint64_t lower_ns(std::uint32_t index);  // first value of the bucket
  static std::uint64_t width_ns(std::uint32_t index);
  static double value_s(std::uint32_t index);  // the bucket's midpoint, seconds
  static constexpr std::uint32_t kIndexLimit = (64 - kSubBucketBits + 1) << kSubBucketBits;

  bool operator==(const LatencyHistogram& o) const;

 private:
  double rank_value_s(std::uint64_t k) const;  // k-th smallest (0-based), clamped to min/max

  std::vector<std::uint64_t> counts_;  // grown to the highest bucket used
  std::uint64_t count_ = 0;
  double sum_s_ = 0;
  std::uint64_t min_ns_ = UINT64_MAX, max_ns_ = 0;
};

}  // namespace kvbench::stats
