#include "stats/latency_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <stdexcept>

namespace kvbench::stats {

std::uint64_t LatencyHistogram::lower_ns(std::uint32_t index) {
  if (index < kLinearLimitNs) return index;
  const unsigned shift = (index >> kSubBucketBits) - 1;
  const std::uint64_t sub = index - (shift << kSubBucketBits);
  return sub << shift;
}

std::uint64_t LatencyHistogram::width_ns(std::uint32_t index) {
  if (index < kLinearLimitNs) return 1;
  return std::uint64_t{1} << ((index >> kSubBucketBits) - 1);
}

double LatencyHistogram::value_s(std::uint32_t index) {
  if (index < kLinearLimitNs) return static_cast<double>(index) * 1e-9;  // exact
  const double lo = static_cast<double>(lower_ns(index));
  return (lo + static_cast<double>(width_ns(index) - 1) / 2.0) * 1e-9;
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  if (other.count_ == 0) return;
  if (other.counts_.size() > counts_.size()) counts_.resize(other.counts_.size(), 0);
  for (std::size_t i = 0; i < other.counts_.size(); ++i) counts_[i] += other.counts_[i];
  count_ += other.count_;
  sum_s_ += other.sum_s_;
  min_ns_ = std::min(min_ns_, other.min_ns_);
  max_ns_ = std::max(max_ns_, other.max_ns_);
}

void LatencyHistogram::clear() { *this = LatencyHistogram(); }

double LatencyHistogram::rank_value_s(std::uint64_t k) const {
  if (k == 0) return min_s();  // the extremes are known exactly
  if (k + 1 >= count_) return max_s();
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen > k) return std::clamp(value_s(static_cast<std::uint32_t>(i)), min_s(), max_s());
  }
  return max_s();
}

double LatencyHistogram::percentile(double q) const {
  if (count_ == 0) return 0;
  q = std::clamp(q, 0.0, 100.0);
  const double rank = static_cast<double>(count_ - 1) * (q / 100.0);
  const auto lo = static_cast<std::uint64_t>(std::floor(rank));
  const double frac = rank - static_cast<double>(lo);
  const double a = rank_value_s(lo);
  if (frac == 0) return a;
  return a + (rank_value_s(lo + 1) - a) * frac;
}

std::vector<LatencyHistogram::Bucket> LatencyHistogram::buckets() const {
  std::vector<Bucket> out;
  for (std::size_t i = 0; i < counts_.size(); ++i)
    if (counts_[i]) out.push_back({static_cast<std::uint32_t>(i), counts_[i]});
  return out;
}

LatencyHistogram LatencyHistogram::from_buckets(const std::vector<Bucket>& buckets, double sum_s,
                                                std::uint64_t min_ns, std::uint64_t max_ns) {
  LatencyHistogram h;
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    const Bucket& b = buckets[i];
    if (b.index >= kIndexLimit) throw std::invalid_argument("bucket index " + std::to_string(b.index) + " is past the layout");
    if (b.count == 0) throw std::invalid_argument("bucket " + std::to_string(b.index) + " has a zero count");
    if (i > 0 && b.index <= buckets[i - 1].index) throw std::invalid_argument("buckets are not in increasing index order");
    if (b.index >= h.counts_.size()) h.counts_.resize(b.index + 1, 0);
    h.counts_[b.index] = b.count;
    h.count_ += b.count;
  }
  if (h.count_ == 0) return h;
  if (index_of(min_ns) != buckets.front().index || index_of(max_ns) != buckets.back().index)
    throw std::invalid_argument("min or max lies outside the first or last bucket");
  h.sum_s_ = sum_s;
  h.min_ns_ = min_ns;
  h.max_ns_ = max_ns;
  return h;
}

bool LatencyHistogram::operator==(const LatencyHistogram& o) const {
  return buckets() == o.buckets() && count_ == o.count_ && min_ns() == o.min_ns() && max_ns_ == o.max_ns_ &&
         std::abs(sum_s_ - o.sum_s_) <= 1e-9 * std::max(1.0, std::abs(sum_s_));
}

}  // namespace kvbench::stats
