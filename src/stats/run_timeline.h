// RunTimeline: the run's figures per interval of engine time (--timeline-interval; simulated
// seconds on the virtual clock), for kvbench.timeline: requests completed, their tokens, bytes
// read, written and demoted per level, storage read and write latency percentiles, queue
// depth, requests in flight and level usage. Counts are deltas of the cache counters and the
// request stats between two ticks, and the last interval ends on the window's own counters,
// so the intervals add up to the run's totals exactly. The engine ticks it on the thread that
// drives arrivals; it also observes storage I/O events for the latencies.
//
// Bounded for long runs: when kMaxPoints intervals are held, adjacent pairs merge (counts add,
// latency histograms merge, the gauges keep the pair's later reading, queue depth and in
// flight their larger) and the interval doubles from then on, so memory and the JSON stay
// under kMaxPoints points whatever the duration.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <vector>

#include "common/io_event.h"
#include "common/io_types.h"
#include "stats/cache_counters.h"
#include "stats/interval_latency.h"
#include "stats/request_stats.h"

namespace kvbench::stats {

struct TimelineLevel {
  std::uint64_t read_bytes = 0;         // kv_bytes_read: entries read from this level
  std::uint64_t written_bytes = 0;      // kv_bytes_written: new entries placed here
  std::uint64_t demoted_in_bytes = 0;   // demotions into this level
  std::uint64_t demoted_out_bytes = 0;  // demotions out of it
  std::uint64_t used_bytes = 0;         // gauge: usage at the interval's end
};

struct TimelinePoint {
  double start_s = 0, end_s = 0;  // engine seconds since the window opened
  std::uint64_t requests_completed = 0;
  std::uint64_t tokens = 0;  // of the requests completed in the interval
  std::array<TimelineLevel, kLevelCount> levels{};
  SparseLatency storage_read, storage_write;  // storage-level operations (0 s in trace mode)
  std::int64_t queue_depth = 0, in_flight = 0;  // gauges at the interval's end
};

class RunTimeline final : public IoObserver {
 public:
  static constexpr std::size_t kMaxPoints = 512;
  using LevelUsage = std::function<std::array<std::uint64_t, kLevelCount>()>;

  RunTimeline(double interval_s, const CacheCounters& counters, std::size_t max_points = kMaxPoints);

  // What the ticks read besides the counters; set before begin().
  void attach(const RequestStats& requests, LevelUsage usage);
  // The window opens now (engine time 0): readings so far are the baseline.
  void begin();
  double next_tick_s() const { return next_tick_s_; }
  // Closes the interval ending at `now_s` (the engine calls it at next_tick_s()).
  void tick(double now_s, std::int64_t queue_depth, std::int64_t in_flight);
  // Closes the last interval at the window's end, on the counters as they stood then (`window`;
  // null: the live ones).
  void finish(double end_s, const CacheCounters* window, std::int64_t queue_depth, std::int64_t in_flight);

  double interval_s() const { return interval_s_; }          // current, after any coarsening
  double base_interval_s() const { return base_interval_s_; }  // --timeline-interval
  std::size_t max_points() const { return max_points_; }
  const std::vector<TimelinePoint>& points() const { return points_; }

  std::uint32_t interests() const override { return event_bit(EventKind::Io); }
  void on_event(const IoEvent& e) override;

 private:
  struct Reading {
    std::uint64_t requests = 0, tokens = 0;
    std::array<TimelineLevel, kLevelCount> levels{};
  };
  Reading read(const CacheCounters& c) const;
  void close_interval(double end_s, const Reading& now, std::int64_t queue_depth, std::int64_t in_flight);
  void coarsen();

  const double base_interval_s_;
  double interval_s_;
  const CacheCounters& counters_;
  const std::size_t max_points_;
  const RequestStats* requests_ = nullptr;
  LevelUsage usage_;
  IntervalLatency read_latency_, write_latency_;
  Reading last_;
  double last_s_ = 0;
  double next_tick_s_;
  std::vector<TimelinePoint> points_;
};

}  // namespace kvbench::stats
