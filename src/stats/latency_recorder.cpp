#include "stats/latency_recorder.h"

#include <algorithm>
#include <cmath>

#include "stats/percentile.h"

namespace kvbench::stats {
namespace {

// Histogram layout: bucket 0 holds everything below kFloor (0 in trace mode), bucket i ≥ 1
// holds [kFloor·g^(i-1), kFloor·g^i). Answering with the geometric midpoint of a bucket is off
// by at most sqrt(g) − 1 ≈ 0.5 %, which keeps the promised < 1 % with margin. 1 ns .. ~11 days.
constexpr double kFloor = 1e-9;
constexpr double kGrowth = 1.01;
constexpr std::size_t kBucketCount = 3600;

double log_growth() {
  static const double v = std::log(kGrowth);
  return v;
}

std::size_t bucket_of(double v) {
  if (!(v >= kFloor)) return 0;
  const double idx = std::floor(std::log(v / kFloor) / log_growth()) + 1.0;
  if (idx >= static_cast<double>(kBucketCount - 1)) return kBucketCount - 1;
  return static_cast<std::size_t>(idx);
}

double bucket_value(std::size_t i) {
  if (i == 0) return 0;
  return kFloor * std::pow(kGrowth, static_cast<double>(i) - 0.5);
}

double sanitize(double v) { return (std::isnan(v) || v < 0) ? 0.0 : v; }

// Value of the k-th smallest sample (0-based) according to the histogram.
double rank_value(const std::vector<std::uint64_t>& buckets, std::uint64_t k, double max) {
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    seen += buckets[i];
    if (seen > k) return std::min(bucket_value(i), max);
  }
  return max;
}

double histogram_percentile(const std::vector<std::uint64_t>& buckets, std::uint64_t count,
                            double max, double q) {
  if (count == 0) return 0;
  q = std::clamp(q, 0.0, 100.0);
  const double rank = static_cast<double>(count - 1) * (q / 100.0);
  const auto lo = static_cast<std::uint64_t>(std::floor(rank));
  const double frac = rank - static_cast<double>(lo);
  // The largest sample is known exactly; use it rather than its bucket's midpoint.
  const double a = lo + 1 >= count ? max : rank_value(buckets, lo, max);
  if (frac == 0) return a;
  const double b = lo + 2 >= count ? max : rank_value(buckets, lo + 1, max);
  return a + (b - a) * frac;
}

}  // namespace

LatencyRecorder::LatencyRecorder(std::size_t sample_cap, PastCap past_cap)
    : cap_(sample_cap), past_cap_(past_cap) {}

void LatencyRecorder::record(double seconds) {
  const double v = sanitize(seconds);
  std::lock_guard lock(mu_);
  ++count_;
  sum_ += v;
  max_ = std::max(max_, v);
  histogram_.record(v);
  const bool histogram = !buckets_.empty();
  if (samples_.size() < cap_) {
    samples_.push_back(v);
    if (histogram) ++buckets_[bucket_of(v)];
    return;
  }
  if (!histogram) {
    // First sample past the cap: from now on the histogram must describe every sample.
    buckets_.assign(kBucketCount, 0);
    for (double s : samples_) ++buckets_[bucket_of(s)];
  }
  ++buckets_[bucket_of(v)];
  if (past_cap_ == PastCap::FirstSamples) return;
  // Reservoir sampling (Algorithm R): the kept list stays a uniform sample of the whole run
  // instead of its first minutes. The index comes from a hash of the count, so it is
  // deterministic and needs no RNG state.
  std::uint64_t z = count_ * 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  const std::uint64_t slot = (z ^ (z >> 31)) % count_;
  if (slot < cap_) samples_[static_cast<std::size_t>(slot)] = v;
}

std::uint64_t LatencyRecorder::count() const {
  std::lock_guard lock(mu_);
  return count_;
}

double LatencyRecorder::percentile(double q) const {
  std::lock_guard lock(mu_);
  if (count_ == 0) return 0;
  if (buckets_.empty()) {
    std::vector<double> sorted = samples_;
    std::sort(sorted.begin(), sorted.end());
    return percentile_of_sorted(sorted, q);
  }
  return histogram_percentile(buckets_, count_, max_, q);
}

LatencySummary LatencyRecorder::summary() const {
  std::lock_guard lock(mu_);
  LatencySummary s;
  s.count = count_;
  if (count_ == 0) return s;
  s.mean = sum_ / static_cast<double>(count_);
  s.max = max_;
  constexpr double qs[] = {50, 95, 99, 99.9, 99.99};
  double* outs[] = {&s.p50, &s.p95, &s.p99, &s.p999, &s.p9999};
  if (buckets_.empty()) {
    std::vector<double> sorted = samples_;
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t i = 0; i < 5; ++i) *outs[i] = percentile_of_sorted(sorted, qs[i]);
  } else {
    for (std::size_t i = 0; i < 5; ++i)
      *outs[i] = histogram_percentile(buckets_, count_, max_, qs[i]);
  }
  return s;
}

std::vector<double> LatencyRecorder::samples() const {
  std::lock_guard lock(mu_);
  return samples_;
}

LatencyHistogram LatencyRecorder::histogram() const {
  std::lock_guard lock(mu_);
  return histogram_;
}

bool LatencyRecorder::truncated() const {
  std::lock_guard lock(mu_);
  return count_ > samples_.size();
}

void LatencyRecorder::merge_from(const LatencyRecorder& other) {
  if (&other == this) return;
  // Copy `other` first so the two locks are never held together (no lock-order deadlock).
  std::vector<double> o_samples;
  std::vector<std::uint64_t> o_buckets;
  LatencyHistogram o_histogram;
  std::uint64_t o_count = 0;
  double o_sum = 0, o_max = 0;
  {
    std::lock_guard lock(other.mu_);
    o_samples = other.samples_;
    o_buckets = other.buckets_;
    o_histogram = other.histogram_;
    o_count = other.count_;
    o_sum = other.sum_;
    o_max = other.max_;
  }
  if (o_buckets.empty()) {
    for (double v : o_samples) record(v);
    return;
  }
  std::lock_guard lock(mu_);
  histogram_.merge(o_histogram);
  if (buckets_.empty()) {
    buckets_.assign(kBucketCount, 0);
    for (double s : samples_) ++buckets_[bucket_of(s)];
  }
  for (std::size_t i = 0; i < kBucketCount; ++i) buckets_[i] += o_buckets[i];
  for (double v : o_samples) {
    if (samples_.size() >= cap_) break;
    samples_.push_back(v);
  }
  count_ += o_count;
  sum_ += o_sum;
  max_ = std::max(max_, o_max);
}

void LatencyRecorder::reset() {
  std::lock_guard lock(mu_);
  samples_.clear();
  samples_.shrink_to_fit();
  buckets_.clear();
  buckets_.shrink_to_fit();
  histogram_.clear();
  count_ = 0;
  sum_ = 0;
  max_ = 0;
}

}  // namespace kvbench::stats
