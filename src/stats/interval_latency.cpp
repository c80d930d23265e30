#include "stats/interval_latency.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <mutex>

namespace kvbench::stats {
namespace {

constexpr double kFloorS = 1e-6;
constexpr double kGrowth = 1.01;

double log_growth() {
  static const double v = std::log(kGrowth);
  return v;
}

}  // namespace

std::size_t IntervalLatency::bucket_of(double seconds) {
  if (!(seconds >= kFloorS)) return 0;  // NaN and negatives too
  const double idx = std::floor(std::log(seconds / kFloorS) / log_growth()) + 1.0;
  return idx >= static_cast<double>(kBuckets - 1) ? kBuckets - 1 : static_cast<std::size_t>(idx);
}

double IntervalLatency::bucket_value(std::size_t bucket) {
  if (bucket == 0) return 0;
  return kFloorS * std::pow(kGrowth, static_cast<double>(bucket) - 0.5);
}

void IntervalLatency::record(double seconds) {
  const std::size_t b = bucket_of(seconds);
  std::lock_guard lock(mu_);
  ++counts_[b];
  ++count_;
  if (seconds > max_s_) max_s_ = seconds;
}

SparseLatency IntervalLatency::take() {
  SparseLatency out;
  std::lock_guard lock(mu_);
  for (std::size_t b = 0; b < kBuckets; ++b) {
    if (counts_[b] == 0) continue;
    out.buckets.emplace_back(static_cast<std::uint16_t>(b), counts_[b]);
    counts_[b] = 0;
  }
  out.count = count_;
  out.max_s = max_s_;
  count_ = 0;
  max_s_ = 0;
  return out;
}

void SparseLatency::merge(const SparseLatency& other) {
  std::vector<std::pair<std::uint16_t, std::uint32_t>> merged;
  merged.reserve(buckets.size() + other.buckets.size());
  auto a = buckets.cbegin();
  auto b = other.buckets.cbegin();
  while (a != buckets.cend() || b != other.buckets.cend()) {
    if (b == other.buckets.cend() || (a != buckets.cend() && a->first < b->first)) {
      merged.push_back(*a++);
    } else if (a == buckets.cend() || b->first < a->first) {
      merged.push_back(*b++);
    } else {
      const std::uint64_t sum = std::uint64_t{a->second} + b->second;  // saturates, never wraps
      merged.emplace_back(a->first, static_cast<std::uint32_t>(std::min<std::uint64_t>(sum, UINT32_MAX)));
      ++a;
      ++b;
    }
  }
  buckets = std::move(merged);
  count += other.count;
  max_s = std::max(max_s, other.max_s);
}

double SparseLatency::percentile(double q) const {
  if (count == 0) return 0;
  // The rank numpy's linear method puts the percentile at, rounded to the sample holding it.
  const double rank = static_cast<double>(count - 1) * std::clamp(q, 0.0, 100.0) / 100.0;
  const auto k = static_cast<std::uint64_t>(std::llround(rank));
  std::uint64_t seen = 0;
  for (const auto& [bucket, n] : buckets) {
    seen += n;
    if (seen > k) return std::min(IntervalLatency::bucket_value(bucket), max_s);
  }
  return max_s;
}

}  // namespace kvbench::stats
