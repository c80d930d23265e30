// The timed window (issue 14, docs/metrics.md): it closes at --duration with a measured length;
// queued requests are abandoned and counted; requests in flight get a bounded drain, finish in
// it (reported apart, their in-window tokens pro rata in the headline) or are cut when it ends,
// their tier I/O cancelled; the run ends within duration + drain. Both engines, in-process.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <limits>
#include <mutex>
#include <stdexcept>

#include "app/engine_options.h"
#include "engine/engine_parts.h"
#include "stats/counter_observer.h"
#include "tiers/null_tier.h"

namespace kvbench::engine {
namespace {

// `count` requests, all arriving at time 0; then nothing more (+infinity, not exhausted, so the
// window closes at --duration, not as a finished replay).
class BurstSource final : public workload::ArrivalSource {
 public:
  BurstSource(int count, std::uint64_t generate_tokens) : left_(count), tokens_(generate_tokens) {}
  std::optional<double> next_at() override {
    return left_ > 0 ? 0.0 : std::numeric_limits<double>::infinity();
  }
  workload::Request take(double now_s, std::int64_t) override {
    --left_;
    workload::Request r;
    r.id = next_id_++;
    r.cache_key = "req_" + std::to_string(r.id);
    r.context_tokens = 16;
    r.generate_tokens = tokens_;
    r.arrival_s = now_s;
    return r;
  }
  void drop(double) override { --left_; }
  workload::OnFullQueue on_full_queue() const override { return workload::OnFullQueue::Drop; }
  int active_users() const override { return 1; }
  nlohmann::json describe() const override { return nlohmann::json::object(); }

 private:
  int left_;
  std::uint64_t tokens_;
  std::uint64_t next_id_ = 0;
};

// A storage tier whose writes take `write_s` unless the run's I/O is cancelled: then they fail
// at once, as the file backend does between its batches.
class SlowTier final : public tiers::Tier {
 public:
  explicit SlowTier(double write_s) : write_s_(write_s) {}
  Level id() const override { return Level::Storage; }
  tiers::IoTiming write(const std::string&, std::uint64_t, tiers::ByteSource&) override {
    std::unique_lock lock(mu_);
    if (cv_.wait_for(lock, std::chrono::duration<double>(write_s_), [this] { return cancelled_; }))
      throw std::runtime_error("cancelled");
    return {write_s_, 0};
  }
  tiers::IoTiming read(const std::string&, std::uint64_t, std::uint64_t, tiers::ByteSink&) override { return {}; }
  void remove(const std::string&) override {}
  void cancel_io() override {
    std::lock_guard lock(mu_);
    cancelled_ = true;
    cv_.notify_all();
  }

 private:
  double write_s_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool cancelled_ = false;
};

struct Rig {
  explicit Rig(double drain_timeout, std::unique_ptr<tiers::Tier> storage = nullptr) {
    cfg.duration = 1;
    cfg.workers = 2;
    cfg.drain_timeout = drain_timeout;
    cfg.disable_prefix_caching = true;
    cfg.generation_mode = config::GenerationMode::Realistic;  // 30 ms per token
    std::vector<cache::TierSetup> tiers;
    if (!storage) storage = std::make_unique<tiers::NullTier>(Level::Storage);
    tiers.push_back({std::move(storage), std::numeric_limits<double>::infinity()});
    cache = std::make_unique<cache::MultiTierCache>(std::move(tiers), cache::CacheOptions{}, IoObserverList{&counting});
    requests = std::make_unique<stats::RequestStats>(cfg.settings.qos_profiles);
    runner = std::make_unique<RequestRunner>(app::engine_options_for(cfg), *cache, *requests);
  }

  EngineOutcome run_wall(workload::ArrivalSource& source) {
    WallClock clock;
    EngineParts parts{app::engine_options_for(cfg), source, *runner, *requests, stop, status};
    parts.counters = &counters;
    const auto t0 = std::chrono::steady_clock::now();
    EngineOutcome out = run_wall_clock(parts, clock);
    wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return out;
  }

  EngineOutcome run_virtual(workload::ArrivalSource& source) {
    VirtualClock clock(0);
    EngineParts parts{app::engine_options_for(cfg), source, *runner, *requests, stop, status};
    return run_virtual_clock(parts, clock);
  }

  config::RunConfig cfg;
  stats::CacheCounters counters;
  stats::CounterObserver counting{counters};
  std::unique_ptr<cache::MultiTierCache> cache;
  std::unique_ptr<stats::RequestStats> requests;
  std::unique_ptr<RequestRunner> runner;
  StopSignal stop;
  stats::RunStatus status;
  double wall_s = 0;
};

TEST(TokensInsideWindow, CountsTheGeneratedShareInsideTheWindow) {
  EXPECT_EQ(tokens_inside_window(50, 0.0, 1.5, 1.0), 33u);  // 2/3 of its generation inside
  EXPECT_EQ(tokens_inside_window(50, 0.0, 0.5, 1.0), 50u);  // all of it
  EXPECT_EQ(tokens_inside_window(50, 1.2, 0.5, 1.0), 0u);   // started after the window
  EXPECT_EQ(tokens_inside_window(50, 0.9, 0.0, 1.0), 50u);  // no generation time: an instant
  EXPECT_EQ(tokens_inside_window(0, 0.0, 1.0, 1.0), 0u);
}

// 10 requests at time 0, 2 workers, 50 tokens each at 30 ms/token (1.5 s): at the window's end
// (1 s) two are generating and eight are queued. The drain lets the two finish at 1.5 s.
TEST(WallTimedWindow, QueuedAreAbandonedAndInFlightFinishInTheDrain) {
  Rig rig(5.0);
  BurstSource source(10, 50);
  const EngineOutcome out = rig.run_wall(source);
  EXPECT_EQ(out.end, WindowEnd::Duration);
  EXPECT_GE(out.elapsed_s, 1.0);  // measured, not the nominal 1
  EXPECT_LT(out.elapsed_s, 1.2);
  EXPECT_FALSE(out.drain_overrun);
  EXPECT_GT(out.drain_s, 0.3);
  EXPECT_LT(out.drain_s, 1.0);
  const stats::WindowEdges e = rig.requests->window_edges();
  EXPECT_EQ(rig.requests->requests_completed(), 0u);  // nothing finished inside the window
  EXPECT_EQ(e.abandoned_queued, 8u);
  EXPECT_EQ(e.in_flight_at_end, 2u);
  EXPECT_EQ(e.drained, 2u);
  EXPECT_EQ(e.drained_tokens, 100u);
  EXPECT_EQ(e.cut, 0u);
  EXPECT_EQ(rig.requests->requests_abandoned_at_stop(), 10u);
  // Two thirds of each generation ran inside the window (a little less: I/O came first).
  EXPECT_GE(rig.requests->total_tokens(), 60u);
  EXPECT_LE(rig.requests->total_tokens(), 66u);
  EXPECT_EQ(rig.requests->end_to_end().count(), 0u);  // drained requests are not in the lists
  ASSERT_TRUE(out.window_counters);
}

TEST(WallTimedWindow, DrainTimeoutCutsTheRestAndBoundsTheRun) {
  Rig rig(0.2);
  BurstSource source(10, 50);
  const EngineOutcome out = rig.run_wall(source);
  EXPECT_TRUE(out.drain_overrun);
  EXPECT_GE(out.drain_s, 0.2);
  EXPECT_LT(out.drain_s, 0.5);
  EXPECT_LT(rig.wall_s, 1.0 + 0.2 + 0.5);  // duration + drain + a little
  const stats::WindowEdges e = rig.requests->window_edges();
  EXPECT_EQ(e.drained, 0u);
  EXPECT_EQ(e.cut, 2u);
  EXPECT_GE(rig.requests->total_tokens(), 60u);  // their in-window tokens still count
  EXPECT_LE(rig.requests->total_tokens(), 66u);
}

// Writes that would take 30 s: the drain ends after 0.3 s, the tier cancels them, the requests
// are cut and the failed writes move no bytes.
TEST(WallTimedWindow, OutstandingIoIsCancelledWhenTheDrainEnds) {
  Rig rig(0.3, std::make_unique<SlowTier>(30.0));
  rig.cfg.generation_mode = config::GenerationMode::None;
  BurstSource source(4, 10);
  const EngineOutcome out = rig.run_wall(source);
  EXPECT_TRUE(out.drain_overrun);
  EXPECT_LT(rig.wall_s, 1.0 + 0.3 + 0.5);
  EXPECT_EQ(rig.requests->window_edges().cut, 2u);
  EXPECT_EQ(rig.requests->total_tokens(), 0u);
  EXPECT_EQ(stats::CacheCounters::get(rig.counters.write_failures), 2u);
  EXPECT_EQ(stats::CacheCounters::get(rig.counters.total_write_bytes), 0u);
}

// Requests that finish inside the window count whole, and nothing is left for the drain.
TEST(WallTimedWindow, CompletionsInsideTheWindowCountWhole) {
  Rig rig(5.0);
  BurstSource source(4, 10);  // 0.3 s each: two rounds of two by 0.6 s
  const EngineOutcome out = rig.run_wall(source);
  EXPECT_EQ(rig.requests->requests_completed(), 4u);
  EXPECT_EQ(rig.requests->total_tokens(), 40u);
  EXPECT_EQ(rig.requests->window_edges().in_flight_at_end, 0u);
  EXPECT_LT(out.drain_s, 0.1);
}

// The virtual engine simulates the same drain exactly.
TEST(VirtualTimedWindow, DrainIsSimulatedFromCompletionTimes) {
  Rig rig(5.0);
  BurstSource source(10, 50);
  const EngineOutcome out = rig.run_virtual(source);
  EXPECT_DOUBLE_EQ(out.elapsed_s, 1.0);
  EXPECT_FALSE(out.drain_overrun);
  EXPECT_DOUBLE_EQ(out.drain_s, 0.5);
  const stats::WindowEdges e = rig.requests->window_edges();
  EXPECT_EQ(e.abandoned_queued, 8u);
  EXPECT_EQ(e.in_flight_at_end, 2u);
  EXPECT_EQ(e.drained, 2u);
  EXPECT_EQ(rig.requests->total_tokens(), 66u);  // 33 + 33
  EXPECT_EQ(rig.requests->requests_abandoned_at_stop(), 10u);
  EXPECT_FALSE(out.window_counters);  // all I/O was inside the window
}

TEST(VirtualTimedWindow, DrainTimeoutCuts) {
  Rig rig(0.2);
  BurstSource source(10, 50);
  const EngineOutcome out = rig.run_virtual(source);
  EXPECT_TRUE(out.drain_overrun);
  EXPECT_DOUBLE_EQ(out.drain_s, 0.2);
  EXPECT_EQ(rig.requests->window_edges().cut, 2u);
  EXPECT_EQ(rig.requests->total_tokens(), 66u);
}

}  // namespace
}  // namespace kvbench::engine
