// MetricsRecorder and ObserverFanout: demotion pairs become from→to evictions per thread,
// trace mode leaves the latency histograms empty, and the fan-out keeps the order.
#include "engine/metrics_recorder.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "engine/observer_fanout.h"

namespace kvbench::engine {
namespace {

stats::LiveMetrics make_metrics() { return stats::LiveMetrics({50, 100, 1000}); }

TEST(MetricsRecorder, PairsEvictReadAndWriteIntoADemotion) {
  auto m = make_metrics();
  MetricsRecorder rec(m, /*timed=*/false);
  rec.on_io(IoOp::Read, Level::Gpu, 100, "a", Phase::Evict, 0);
  rec.on_io(IoOp::Write, Level::Cpu, 100, "a", Phase::Evict, 0);
  rec.on_io(IoOp::Read, Level::Cpu, 200, "b", Phase::Evict, 0);
  rec.on_io(IoOp::Write, Level::Storage, 200, "b", Phase::Evict, 0);
  rec.on_io(IoOp::Write, Level::Gpu, 300, "c", Phase::Prefill, 0);
  EXPECT_EQ(m.demotions(Level::Gpu, Level::Cpu), 1u);
  EXPECT_EQ(m.demotions(Level::Cpu, Level::Storage), 1u);
  EXPECT_EQ(m.demotions(Level::Gpu, Level::Storage), 0u);
  EXPECT_EQ(m.io_bytes(Level::Gpu, IoOp::Read, Phase::Evict), 100u);
  EXPECT_EQ(m.io_bytes(Level::Gpu, IoOp::Write, Phase::Prefill), 300u);
  EXPECT_EQ(m.io_operations(Level::Storage, IoOp::Write, Phase::Evict), 1u);
}

TEST(MetricsRecorder, PairsPerThreadWhenThreadsInterleave) {
  auto m = make_metrics();
  MetricsRecorder rec(m, false);
  constexpr int kPairs = 20000;
  std::thread gpu_to_cpu([&] {
    for (int i = 0; i < kPairs; ++i) {
      rec.on_io(IoOp::Read, Level::Gpu, 1, "x", Phase::Evict, 0);
      rec.on_io(IoOp::Write, Level::Cpu, 1, "x", Phase::Evict, 0);
    }
  });
  std::thread cpu_to_nvme([&] {
    for (int i = 0; i < kPairs; ++i) {
      rec.on_io(IoOp::Read, Level::Cpu, 1, "y", Phase::Evict, 0);
      rec.on_io(IoOp::Write, Level::Storage, 1, "y", Phase::Evict, 0);
    }
  });
  gpu_to_cpu.join();
  cpu_to_nvme.join();
  EXPECT_EQ(m.demotions(Level::Gpu, Level::Cpu), std::uint64_t{kPairs});
  EXPECT_EQ(m.demotions(Level::Cpu, Level::Storage), std::uint64_t{kPairs});
  EXPECT_EQ(m.demotions(Level::Gpu, Level::Storage), 0u);
}

TEST(MetricsRecorder, LatencyIsObservedOnlyWhenTimed) {
  auto untimed = make_metrics();
  auto timed = make_metrics();
  MetricsRecorder a(untimed, false), b(timed, true);
  for (MetricsRecorder* r : {&a, &b}) r->on_io(IoOp::Read, Level::Storage, 1, "k", Phase::Decode, 0.002);
  EXPECT_EQ(untimed.io_latency(Level::Storage, IoOp::Read).count, 0u);
  EXPECT_EQ(untimed.io_operations(Level::Storage, IoOp::Read, Phase::Decode), 1u);
  const auto h = timed.io_latency(Level::Storage, IoOp::Read);
  EXPECT_EQ(h.count, 1u);
  EXPECT_NEAR(h.sum, 0.002, 1e-9);
}

struct Tape final : cache::CacheObserver {
  std::vector<std::string>* log;
  std::string name;
  Tape(std::vector<std::string>* l, std::string n) : log(l), name(std::move(n)) {}
  void on_io(IoOp, Level, std::uint64_t size, std::string_view key, Phase, double) override {
    log->push_back(name + ":" + std::string(key) + ":" + std::to_string(size));
  }
};

TEST(ObserverFanout, CallsBothInOrderWithTheSameArguments) {
  std::vector<std::string> log;
  Tape first(&log, "trace"), second(&log, "metrics");
  ObserverFanout<Tape, Tape> fan(first, second);
  fan.on_io(IoOp::Write, Level::Cpu, 42, "key1", Phase::Prefill, 0);
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0], "trace:key1:42");
  EXPECT_EQ(log[1], "metrics:key1:42");
}

}  // namespace
}  // namespace kvbench::engine
