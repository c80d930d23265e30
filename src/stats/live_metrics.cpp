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

HistogramSnapshot LiveMetrics::io_latency(Level t, IoOp op) const {
  HistogramSnapshot snap;
  snap.upper_bounds.assign(kIoLatencyBounds.begin(), kIoLatencyBounds.end());
  std::array<std::uint64_t, kIoLatencyBounds.size() + 1> counts{};
  std::uint64_t sum_ns = 0;
  {
    std::lock_guard lock(shards_mu_);
    for (const auto& s : shards_) {
      const LatencyCells& h = s->latency[idx(t)][idx(op)];
      for (std::size_t i = 0; i < counts.size(); ++i) counts[i] += h.counts[i].load(std::memory_order_relaxed);
      sum_ns += h.sum_ns.load(std::memory_order_relaxed);
    }
  }
  std::uint64_t running = 0;
  for (std::uint64_t c : counts) snap.cumulative.push_back(running += c);
  snap.count = running;
  snap.sum = static_cast<double>(sum_ns) / 1e9;
  return snap;
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
