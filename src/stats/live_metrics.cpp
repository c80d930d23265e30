#include "stats/live_metrics.h"

#include <stdexcept>

namespace kvbench::stats {
namespace {

AtomicHistogram request_histogram() { return AtomicHistogram(kRequestLatencyBounds); }

std::uint64_t next_id() {
  static std::atomic<std::uint64_t> last{0};
  return last.fetch_add(1, std::memory_order_relaxed) + 1;  // never 0, the "no owner" value
}

}  // namespace

AtomicHistogram::AtomicHistogram(std::span<const double> bounds) : n_(bounds.size()) {
  if (bounds.size() > kMaxBounds) throw std::invalid_argument("AtomicHistogram: too many buckets");
  for (std::size_t i = 0; i < n_; ++i) bounds_[i] = bounds[i];
}

HistogramSnapshot AtomicHistogram::snapshot() const {
  HistogramSnapshot s;
  s.upper_bounds.assign(bounds_.begin(), bounds_.begin() + static_cast<std::ptrdiff_t>(n_));
  s.cumulative.reserve(n_ + 1);
  std::uint64_t running = 0;
  // Each bucket is read once; cumulative counts are monotonic by construction even while
  // writers keep adding.
  for (std::size_t i = 0; i <= n_; ++i) {
    running += counts_[i].load(std::memory_order_relaxed);
    s.cumulative.push_back(running);
  }
  s.count = running;
  s.sum = static_cast<double>(sum_ns_.load(std::memory_order_relaxed)) / 1e9;
  return s;
}

LiveMetrics::LiveMetrics(const std::array<double, kQosCount>& sla_target_p95_ms)
    : id_(next_id()),
      request_latency_{{request_histogram(), request_histogram(), request_histogram()}},
      sla_target_ms_(sla_target_p95_ms) {}

LiveMetrics::~LiveMetrics() = default;

// Slow path, once per thread (and again only if a thread alternates between instances): reuse
// this thread's shard if it has one, else add one.
LiveMetrics::IoShard& LiveMetrics::register_thread() noexcept {
  const std::thread::id me = std::this_thread::get_id();
  std::lock_guard lock(shards_mu_);
  for (const auto& s : shards_)
    if (s->thread == me) return *s;
  shards_.push_back(std::make_unique<IoShard>());
  shards_.back()->thread = me;
  return *shards_.back();
}

template <class F>
std::uint64_t LiveMetrics::sum_shards(F&& cell) const {
  std::lock_guard lock(shards_mu_);
  std::uint64_t total = 0;
  for (const auto& s : shards_) total += cell(*s).load(std::memory_order_relaxed);
  return total;
}

std::uint64_t LiveMetrics::io_operations(Level t, IoOp op, Phase p) const {
  return sum_shards([&](const IoShard& s) -> const Counter& { return s.io[idx(t)][idx(op)][idx(p)].ops; });
}

std::uint64_t LiveMetrics::io_bytes(Level t, IoOp op, Phase p) const {
  return sum_shards([&](const IoShard& s) -> const Counter& { return s.io[idx(t)][idx(op)][idx(p)].bytes; });
}

std::uint64_t LiveMetrics::demotions(Level from, Level to) const {
  return sum_shards([&](const IoShard& s) -> const Counter& { return s.demotions[idx(from)][idx(to)]; });
}

LiveMetrics::SizeBuckets LiveMetrics::latency_buckets(Level t, IoOp op, std::size_t first, std::size_t last,
                                                      std::uint64_t& sum_ns) const {
  SizeBuckets counts{};
  sum_ns = 0;
  std::lock_guard lock(shards_mu_);
  for (const auto& s : shards_)
    for (std::size_t c = first; c < last; ++c) {
      const LatencyCells& h = s->latency[idx(t)][idx(op)][c];
      for (std::size_t i = 0; i < counts.size(); ++i) counts[i] += h.counts[i].load(std::memory_order_relaxed);
      sum_ns += h.sum_ns.load(std::memory_order_relaxed);
    }
  return counts;
}

namespace {

// Cumulative snapshot of the first `bounds.size()` buckets; whatever lies above goes to +Inf.
template <class Counts>
HistogramSnapshot cumulative_snapshot(std::span<const double> bounds, const Counts& counts, std::uint64_t sum_ns) {
  HistogramSnapshot snap;
  snap.upper_bounds.assign(bounds.begin(), bounds.end());
  std::uint64_t running = 0;
  for (std::size_t i = 0; i < bounds.size(); ++i) snap.cumulative.push_back(running += counts[i]);
  for (std::size_t i = bounds.size(); i < counts.size(); ++i) running += counts[i];
  snap.cumulative.push_back(running);
  snap.count = running;
  snap.sum = static_cast<double>(sum_ns) / 1e9;
  return snap;
}

}  // namespace

// The per-tier family keeps its 30 s top bound: the 60 s and 120 s buckets fold into +Inf.
HistogramSnapshot LiveMetrics::io_latency(Level t, IoOp op) const {
  static_assert(kIoLatencyBounds.size() <= kIoSizeLatencyBounds.size());
  std::uint64_t sum_ns = 0;
  const SizeBuckets counts = latency_buckets(t, op, 0, kSizeClassCount, sum_ns);
  return cumulative_snapshot(kIoLatencyBounds, counts, sum_ns);
}

HistogramSnapshot LiveMetrics::io_latency_by_size(Level t, IoOp op, std::size_t size_class) const {
  std::uint64_t sum_ns = 0;
  const SizeBuckets counts = latency_buckets(t, op, size_class, size_class + 1, sum_ns);
  return cumulative_snapshot(kIoSizeLatencyBounds, counts, sum_ns);
}

void LiveMetrics::record_request(QosLevel qos, double end_to_end_s,
                                 std::uint64_t tokens) noexcept {
  const std::size_t q = idx(qos);
  request_latency_[q].observe(end_to_end_s);
  requests_[q].fetch_add(1, std::memory_order_relaxed);
  // The same rule as RequestStats (the results JSON's SLA compliance): over the p95 target.
  if (end_to_end_s * 1000.0 > sla_target_ms_[q])
    violations_[q].fetch_add(1, std::memory_order_relaxed);
  tokens_.fetch_add(tokens, std::memory_order_relaxed);
}

}  // namespace kvbench::stats
