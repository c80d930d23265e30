// LatencyRecorder: collects one kind of latency (seconds) from many threads and answers
// percentiles the way numpy does (linear interpolation between closest ranks). Memory is
// bounded: raw samples are kept up to a cap; past it a log-bucketed histogram (relative error
// under 1 %) answers instead, so a day-long run cannot exhaust memory, and the kept samples
// become a uniform random sample (reservoir) of every value recorded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <vector>

#include "common/short_lock.h"
#include "stats/latency_histogram.h"

namespace kvbench::stats {

struct LatencySummary {
  std::uint64_t count = 0;
  double mean = 0, p50 = 0, p95 = 0, p99 = 0, p999 = 0, p9999 = 0, max = 0;  // seconds
};

class LatencyRecorder {
 public:
  // 64 Ki samples (512 KiB) per list: exact percentiles for runs up to that many requests.
  static constexpr std::size_t kDefaultSampleCap = 1u << 16;
  // Per-operation tier latencies are only ever reported as percentiles, so they keep fewer
  // raw samples: millions of operations must not cost hundreds of MiB.
  static constexpr std::size_t kOperationSampleCap = 1u << 12;
  // What the kept samples are past the cap: a uniform sample of the whole run (lists the
  // results print), or the first `sample_cap` values, for a recorder read only as
  // percentiles, which past the cap come from the histogram, so that replacing samples would
  // be work nobody sees (a reservoir step is a hash and a 64-bit division, three per tier
  // operation).
  enum class PastCap { UniformSample, FirstSamples };
  explicit LatencyRecorder(std::size_t sample_cap = kDefaultSampleCap,
                           PastCap past_cap = PastCap::UniformSample);

  void record(double seconds);
  std::uint64_t count() const;
  LatencySummary summary() const;
  // Percentile q in [0, 100], seconds; 0 when empty.
  double percentile(double q) const;
  // Raw samples: all of them in arrival order up to `sample_cap`; past it as `past_cap` says.
  std::vector<double> samples() const;
  bool truncated() const;  // more samples were recorded than kept
  // Every value recorded, in mergeable buckets (the results' kvbench.histograms), whatever
  // the cap: pods pool these into exact percentiles.
  LatencyHistogram histogram() const;
  // Adds every sample of `other` as if it had been recorded here (e.g. the CPU criterion of
  // storage_health pools reads and writes). Exact while the union fits under the cap.
  void merge_from(const LatencyRecorder& other);
  void reset();

 private:
  mutable ShortLock mu_;
  std::size_t cap_;
  PastCap past_cap_;
  std::vector<double> samples_;
  std::vector<std::uint64_t> buckets_;  // log-spaced, used once samples_ is full
  LatencyHistogram histogram_;
  std::uint64_t count_ = 0;
  double sum_ = 0, max_ = 0;
};

}  // namespace kvbench::stats
