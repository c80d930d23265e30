// MetricsRecorder and IoObserverList: a demotion's Evict write (which carries its source level)
// becomes one from→to eviction, trace mode leaves the latency histograms empty, and the list
// calls its observers in order, each only for the kinds it asked for.
#include "engine/metrics_recorder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/io_observer_list.h"

namespace kvbench::engine {
namespace {

stats::LiveMetrics make_metrics() { return stats::LiveMetrics({50, 100, 1000}); }

IoEvent io(IoOp op, Level level, std::uint64_t bytes, Phase phase, Level from, double device_s = 0) {
  IoEvent e;
  e.op = op;
  e.level = level;
  e.from_level = from;
  e.bytes = bytes;
  e.phase = phase;
  e.device_s = device_s;
  e.key = "k";
  return e;
}

TEST(MetricsRecorder, CountsADemotionFromItsEvictWrite) {
  auto m = make_metrics();
  MetricsRecorder rec(m, /*timed=*/false);
  rec.on_event(io(IoOp::Read, Level::Gpu, 100, Phase::Evict, Level::Gpu));
  rec.on_event(io(IoOp::Write, Level::Cpu, 100, Phase::Evict, Level::Gpu));
  rec.on_event(io(IoOp::Read, Level::Cpu, 200, Phase::Evict, Level::Cpu));
  rec.on_event(io(IoOp::Write, Level::Storage, 200, Phase::Evict, Level::Cpu));
  rec.on_event(io(IoOp::Write, Level::Gpu, 300, Phase::Prefill, Level::Gpu));
  EXPECT_EQ(m.demotions(Level::Gpu, Level::Cpu), 1u);
  EXPECT_EQ(m.demotions(Level::Cpu, Level::Storage), 1u);
  EXPECT_EQ(m.demotions(Level::Gpu, Level::Storage), 0u);
  EXPECT_EQ(m.io_bytes(Level::Gpu, IoOp::Read, Phase::Evict), 100u);
  EXPECT_EQ(m.io_bytes(Level::Gpu, IoOp::Write, Phase::Prefill), 300u);
  EXPECT_EQ(m.io_operations(Level::Storage, IoOp::Write, Phase::Evict), 1u);
}

TEST(MetricsRecorder, OnlyAsksForIoEvents) {
  auto m = make_metrics();
  MetricsRecorder rec(m, false);
  EXPECT_EQ(rec.interests(), event_bit(EventKind::Io));
}

TEST(MetricsRecorder, LatencyIsObservedOnlyWhenTimed) {
  auto untimed = make_metrics();
  auto timed = make_metrics();
  MetricsRecorder a(untimed, false), b(timed, true);
  for (MetricsRecorder* r : {&a, &b})
    r->on_event(io(IoOp::Read, Level::Storage, 1, Phase::Decode, Level::Storage, 0.002));
  EXPECT_EQ(untimed.io_latency(Level::Storage, IoOp::Read).count, 0u);
  EXPECT_EQ(untimed.io_operations(Level::Storage, IoOp::Read, Phase::Decode), 1u);
  const auto h = timed.io_latency(Level::Storage, IoOp::Read);
  EXPECT_EQ(h.count, 1u);
  EXPECT_NEAR(h.sum, 0.002, 1e-9);
}

struct Tape final : IoObserver {
  std::vector<std::string>* log;
  std::string name;
  std::uint32_t wanted;
  Tape(std::vector<std::string>* l, std::string n, std::uint32_t w) : log(l), name(std::move(n)), wanted(w) {}
  std::uint32_t interests() const override { return wanted; }
  void on_event(const IoEvent& e) override {
    log->push_back(name + ":" + std::string(e.key) + ":" + std::to_string(e.bytes));
  }
};

TEST(IoObserverList, CallsObserversInOrderOnlyForWhatTheyWant) {
  std::vector<std::string> log;
  Tape counters(&log, "counters", kAllEvents), trace(&log, "trace", event_bit(EventKind::Io));
  const IoObserverList list{&counters, &trace, nullptr};
  list.emit(io(IoOp::Write, Level::Cpu, 42, Phase::Prefill, Level::Cpu));
  IoEvent miss;
  miss.kind = EventKind::Miss;
  miss.key = "gone";
  list.emit(miss);
  EXPECT_EQ(log, (std::vector<std::string>{"counters:k:42", "trace:k:42", "counters:gone:0"}));
  EXPECT_TRUE(list.wants(EventKind::Miss));
  EXPECT_FALSE(IoObserverList{&trace}.wants(EventKind::Miss));
}

}  // namespace
}  // namespace kvbench::engine
