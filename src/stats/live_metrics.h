// LiveMetrics: the counters and histograms behind the live /metrics endpoint that the results
// JSON does not already keep (per tier/op/phase I/O, I/O latency histograms, per-QoS request
// latency histograms). Written on the hot path by many threads, read on each scrape.
// A tier operation touches only the calling thread's shard of pre-sized arrays: no lock, no
// lookup, no allocation, no shared cache line (prometheus::Histogram::Observe takes a mutex per
// call and its counters are shared compare-exchange loops, so they are not used here).
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "common/io_types.h"
#include "common/qos_class.h"
#include "stats/size_class.h"

namespace kvbench::stats {

// Upper bounds (seconds) of the I/O latency buckets: 50 µs up to 30 s, since one whole KV entry
// on a slow device can take seconds.
inline constexpr std::array<double, 18> kIoLatencyBounds = {
    50e-6, 100e-6, 250e-6, 500e-6, 1e-3, 2.5e-3, 5e-3, 10e-3, 25e-3,
    50e-3, 100e-3, 250e-3, 500e-3, 1.0, 2.5,   5.0,  10.0,  30.0};
// The per-size-class histograms (kvbench_io_latency_by_size_seconds) go on to 120 s: a 3 GiB
// entry on a saturated device takes longer than 30 s. The first bounds are kIoLatencyBounds',
// so the per-tier histogram is these buckets summed over classes, the last ones folded in +Inf.
inline constexpr std::array<double, 20> kIoSizeLatencyBounds = {
    50e-6, 100e-6, 250e-6, 500e-6, 1e-3, 2.5e-3, 5e-3, 10e-3, 25e-3, 50e-3,
    100e-3, 250e-3, 500e-3, 1.0,  2.5,  5.0,    10.0, 30.0,  60.0,  120.0};
constexpr bool io_bounds_are_a_prefix() {
  for (std::size_t i = 0; i < kIoLatencyBounds.size(); ++i)
    if (kIoLatencyBounds[i] != kIoSizeLatencyBounds[i]) return false;
  return true;
}
static_assert(io_bounds_are_a_prefix(), "io_latency() folds the size-class buckets into the per-tier ones");
// Request end-to-end latency (queue wait + storage + generation): 5 ms up to 10 minutes, since an
// overloaded run queues requests for minutes.
inline constexpr std::array<double, 16> kRequestLatencyBounds = {
    5e-3, 10e-3, 25e-3, 50e-3, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 25.0, 60.0, 120.0, 300.0, 600.0};

struct HistogramSnapshot {
  std::vector<double> upper_bounds;        // finite bounds, ascending
  std::vector<std::uint64_t> cumulative;   // one per bound, then the +Inf bucket (= count)
  double sum = 0;                          // seconds
  std::uint64_t count = 0;
};

// Fixed-bound histogram with atomic bucket counts. The sum is kept in integer nanoseconds so
// that observing is a fetch_add, not a compare-exchange loop on a double.
class AtomicHistogram {
 public:
  static constexpr std::size_t kMaxBounds = 24;
  explicit AtomicHistogram(std::span<const double> bounds);
  void observe(double seconds) noexcept {
    if (!(seconds > 0)) seconds = 0;  // also maps NaN to 0
    std::size_t i = 0;
    while (i < n_ && seconds > bounds_[i]) ++i;  // <= 24 compares on a hot cache line
    counts_[i].fetch_add(1, std::memory_order_relaxed);
    sum_ns_.fetch_add(static_cast<std::uint64_t>(seconds * 1e9), std::memory_order_relaxed);
  }
  HistogramSnapshot snapshot() const;

 private:
  std::array<double, kMaxBounds> bounds_{};
  std::size_t n_ = 0;
  std::array<std::atomic<std::uint64_t>, kMaxBounds + 1> counts_{};
  std::atomic<std::uint64_t> sum_ns_{0};
};

// Occupancy of one tier as the cache reports it (for /status and the tier gauges).
struct TierOccupancy {
  Level tier = Level::Gpu;
  std::uint64_t used_bytes = 0;
  double limit_bytes = 0;  // +infinity = unlimited
  std::uint64_t entries = 0;
};

inline constexpr int kIoOpCount = 2;
inline constexpr int kPhaseCount = 3;
inline constexpr int kQosCount = 3;

class LiveMetrics {
 public:
  // `sla_target_p95_ms`: each QoS level's end-to-end p95 target, for the violation counters.
  explicit LiveMetrics(const std::array<double, kQosCount>& sla_target_p95_ms);
  ~LiveMetrics();
  LiveMetrics(const LiveMetrics&) = delete;
  LiveMetrics& operator=(const LiveMetrics&) = delete;

  // Per tier operation: written to the calling thread's own shard, so no two threads share a
  // cache line and no read-modify-write needs a locked instruction.
  void record_io(IoOp op, Level tier, Phase phase, std::uint64_t bytes) noexcept {
    IoShard& s = shard();
    IoCell& c = s.io[idx(tier)][idx(op)][idx(phase)];
    bump(c.ops, 1);
    bump(c.bytes, bytes);
  }
  // `bytes`: the entry's size, which picks its size class.
  void record_io_latency(IoOp op, Level tier, double seconds, std::uint64_t bytes = 0) noexcept {
    if (!(seconds > 0)) seconds = 0;
    LatencyCells& h = shard().latency[idx(tier)][idx(op)][size_class_of(bytes)];
    std::size_t i = 0;
    while (i < kIoSizeLatencyBounds.size() && seconds > kIoSizeLatencyBounds[i]) ++i;
    bump(h.counts[i], 1);
    bump(h.sum_ns, static_cast<std::uint64_t>(seconds * 1e9));
  }
  void record_demotion(Level from, Level to) noexcept { bump(shard().demotions[idx(from)][idx(to)], 1); }
  // Per completed request: rare enough for shared atomics.
  void record_request(QosLevel qos, double end_to_end_s, std::uint64_t tokens) noexcept;

  // Readers sum the shards (a short lock on the shard list, never taken by writers' hot path).
  std::uint64_t io_operations(Level t, IoOp op, Phase p) const;
  std::uint64_t io_bytes(Level t, IoOp op, Phase p) const;
  HistogramSnapshot io_latency(Level t, IoOp op) const;  // all sizes, kIoLatencyBounds
  HistogramSnapshot io_latency_by_size(Level t, IoOp op, std::size_t size_class) const;
  std::uint64_t demotions(Level from, Level to) const;
  HistogramSnapshot request_latency(QosLevel q) const { return request_latency_[idx(q)].snapshot(); }
  std::uint64_t requests_completed(QosLevel q) const {
    return requests_[idx(q)].load(std::memory_order_relaxed);
  }
  std::uint64_t sla_violations(QosLevel q) const {
    return violations_[idx(q)].load(std::memory_order_relaxed);
  }
  std::uint64_t tokens_generated() const { return tokens_.load(std::memory_order_relaxed); }
  double sla_target_seconds(QosLevel q) const { return sla_target_ms_[idx(q)] / 1000.0; }

 private:
  template <class E>
  static constexpr std::size_t idx(E e) { return static_cast<std::size_t>(e); }
  using Counter = std::atomic<std::uint64_t>;
  // Single writer per shard: a relaxed load and store, readable at any time by the scraper.
  static void bump(Counter& c, std::uint64_t v) noexcept {
    c.store(c.load(std::memory_order_relaxed) + v, std::memory_order_relaxed);
  }
  struct IoCell {
    Counter ops{0};
    Counter bytes{0};
  };
  struct LatencyCells {
    std::array<Counter, kIoSizeLatencyBounds.size() + 1> counts{};
    Counter sum_ns{0};
  };
  struct IoShard {  // one writer thread's counters
    std::thread::id thread;
    std::array<std::array<std::array<IoCell, kPhaseCount>, kIoOpCount>, kLevelCount> io{};
    std::array<std::array<std::array<LatencyCells, kSizeClassCount>, kIoOpCount>, kLevelCount> latency{};
    std::array<std::array<Counter, kLevelCount>, kLevelCount> demotions{};
  };
  IoShard& shard() noexcept {
    // Cached per thread; the id (unique per LiveMetrics ever built) makes a stale cache miss.
    thread_local std::uint64_t owner = 0;
    thread_local IoShard* cached = nullptr;
    if (owner != id_) {
      cached = &register_thread();
      owner = id_;
    }
    return *cached;
  }
  IoShard& register_thread() noexcept;
  template <class F>
  std::uint64_t sum_shards(F&& cell) const;
  // Per-bucket (not cumulative) counts and the sum of one tier/op's classes in [first, last).
  using SizeBuckets = std::array<std::uint64_t, kIoSizeLatencyBounds.size() + 1>;
  SizeBuckets latency_buckets(Level t, IoOp op, std::size_t first, std::size_t last,
                              std::uint64_t& sum_ns) const;

  const std::uint64_t id_;
  mutable std::mutex shards_mu_;
  std::vector<std::unique_ptr<IoShard>> shards_;

  std::array<AtomicHistogram, kQosCount> request_latency_;
  std::array<Counter, kQosCount> requests_{};
  std::array<Counter, kQosCount> violations_{};
  std::array<double, kQosCount> sla_target_ms_{};
  Counter tokens_{0};
};

}  // namespace kvbench::stats
