// The run's timeline (stats/run_timeline.h): intervals that add up to the counters they were
// cut from, latencies per interval, and a bounded number of points on a long run.
#include "stats/run_timeline.h"

#include <gtest/gtest.h>

#include "common/qos_profile.h"
#include "stats/interval_latency.h"

namespace kvbench::stats {
namespace {

IoEvent storage_read(double seconds) {
  IoEvent e;
  e.kind = EventKind::Io;
  e.op = IoOp::Read;
  e.level = Level::Storage;
  e.phase = Phase::Decode;
  e.device_s = seconds;
  return e;
}

TEST(RunTimeline, IntervalsAddUpToTheCountersTheyWereCutFrom) {
  CacheCounters counters;
  RequestStats requests(kDefaultQosProfiles);
  RunTimeline timeline(1.0, counters);
  timeline.attach(requests, [] { return std::array<std::uint64_t, kLevelCount>{1, 2, 3}; });
  timeline.begin();
  std::uint64_t bytes = 0;
  for (int i = 1; i <= 5; ++i) {
    CacheCounters::add(counters.tier(Level::Storage).kv_bytes_read, 100u * i);
    bytes += 100u * i;
    requests.record({QosLevel::Batch, 0.1, 0.05, 0, 7});
    EXPECT_DOUBLE_EQ(timeline.next_tick_s(), i);
    timeline.tick(i, i, 1);
  }
  CacheCounters window;
  window.copy_from(counters);
  CacheCounters::add(window.tier(Level::Cpu).kv_bytes_written, 42);  // moved after the last tick
  timeline.finish(5.5, &window, 0, 0);
  ASSERT_EQ(timeline.points().size(), 6u);
  std::uint64_t read = 0, written = 0, done = 0, tokens = 0;
  for (const TimelinePoint& p : timeline.points()) {
    read += p.levels[2].read_bytes;
    written += p.levels[1].written_bytes;
    done += p.requests_completed;
    tokens += p.tokens;
    EXPECT_EQ(p.levels[2].used_bytes, 3u);
  }
  EXPECT_EQ(read, bytes);
  EXPECT_EQ(written, 42u);
  EXPECT_EQ(done, 5u);
  EXPECT_EQ(tokens, 35u);
  EXPECT_DOUBLE_EQ(timeline.points().back().start_s, 5);
  EXPECT_DOUBLE_EQ(timeline.points().back().end_s, 5.5);
}

TEST(RunTimeline, ALongRunMergesAdjacentPairsAndKeepsItsTotals) {
  CacheCounters counters;
  RunTimeline timeline(1.0, counters, 8);
  timeline.begin();
  double t = 0;
  for (int i = 1; i <= 40; ++i) {
    CacheCounters::add(counters.tier(Level::Gpu).kv_bytes_written, 10);
    timeline.on_event(storage_read(0.001 * i));
    t = timeline.next_tick_s();  // coarser intervals tick less often
    timeline.tick(t, 0, i);
  }
  EXPECT_LT(timeline.points().size(), 8u);
  EXPECT_GT(timeline.interval_s(), 1.0);
  std::uint64_t written = 0, ops = 0;
  double last_end = 0;
  for (const TimelinePoint& p : timeline.points()) {
    EXPECT_DOUBLE_EQ(p.start_s, last_end);  // contiguous after merging
    last_end = p.end_s;
    written += p.levels[0].written_bytes;
    ops += p.storage_read.count;
  }
  EXPECT_EQ(written, 400u);
  EXPECT_EQ(ops, 40u);
  EXPECT_DOUBLE_EQ(last_end, t);
  // A merged point's in_flight is the larger of the pair's.
  EXPECT_EQ(timeline.points().back().in_flight, 40);
}

TEST(RunTimeline, StorageLatencyPercentilesPerIntervalWithinOnePercent) {
  CacheCounters counters;
  RunTimeline timeline(1.0, counters);
  timeline.begin();
  for (int i = 1; i <= 100; ++i) timeline.on_event(storage_read(0.001 * i));  // 1..100 ms
  timeline.tick(1, 0, 0);
  timeline.tick(2, 0, 0);  // an interval without I/O has no latencies
  const SparseLatency& l = timeline.points()[0].storage_read;
  EXPECT_EQ(l.count, 100u);
  EXPECT_NEAR(l.percentile(50), 0.050, 0.0011);
  EXPECT_NEAR(l.percentile(99), 0.099, 0.0011);
  EXPECT_EQ(timeline.points()[1].storage_read.count, 0u);
}

TEST(IntervalLatency, MergedHistogramsAnswerAsOne) {
  IntervalLatency a, b;
  for (int i = 0; i < 50; ++i) a.record(0.002);
  for (int i = 0; i < 50; ++i) b.record(0.200);
  SparseLatency merged = a.take();
  merged.merge(b.take());
  EXPECT_EQ(merged.count, 100u);
  EXPECT_NEAR(merged.percentile(25), 0.002, 0.00002);
  EXPECT_NEAR(merged.percentile(95), 0.200, 0.002);
  EXPECT_EQ(a.take().count, 0u);  // take() leaves an empty interval behind
}

}  // namespace
}  // namespace kvbench::stats
