// The virtual-clock engine run in-process, without the kvbench binary: a scripted arrival source
// (requests at given engine times), null tiers behind a real MultiTierCache, and the engine's
// own RequestRunner. Generation time is the only time a request takes (null tiers take none), so
// every completion time, wait and stop below is exact simulated time.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "cache/multi_tier_cache.h"
#include "app/engine_options.h"
#include "config/run_config.h"
#include "engine/clock.h"
#include "engine/engine_parts.h"
#include "stats/counter_observer.h"
#include "engine/request_runner.h"
#include "engine/stop_signal.h"
#include "stats/cache_counters.h"
#include "stats/request_stats.h"
#include "stats/run_status.h"
#include "tiers/null_tier.h"
#include "workload/arrival_source.h"
#include "workload/request.h"

namespace kvbench::engine {
namespace {

// --generation-mode fast: 2 ms per token, so 500 tokens keep a worker busy for one second.
constexpr std::uint64_t kOneSecondOfTokens = 500;

struct Arrival {
  double at_s;
  std::uint64_t generate_tokens = kOneSecondOfTokens;
};

// Hands out `script` in order; with `period_s` > 0 it repeats the last arrival every period
// forever (an open-loop source that only the timed end stops).
class ScriptedSource final : public workload::ArrivalSource {
 public:
  ScriptedSource(std::vector<Arrival> script, workload::OnFullQueue policy, double period_s = 0)
      : script_(std::move(script)), policy_(policy), period_s_(period_s) {}

  std::optional<double> next_at() override {
    if (next_ < script_.size()) return script_[next_].at_s;
    if (period_s_ > 0) return script_.back().at_s + period_s_ * static_cast<double>(next_ - script_.size() + 1);
    return std::nullopt;
  }
  workload::Request take(double now_s, std::int64_t) override {
    workload::Request r;
    r.id = next_;
    r.arrival_s = *next_at();
    r.context_tokens = 64;
    r.generate_tokens = next_ < script_.size() ? script_[next_].generate_tokens : kOneSecondOfTokens;
    r.cache_key = "scripted_" + std::to_string(next_);
    taken.push_back({r.id, now_s});
    ++next_;
    return r;
  }
  void drop(double) override {
    dropped.push_back(next_);
    ++next_;
  }
  workload::OnFullQueue on_full_queue() const override { return policy_; }
  void finished(int, std::uint64_t request_id, double now_s) override {
    finished_at.push_back({request_id, now_s});
  }
  int active_users() const override { return 1; }
  nlohmann::json describe() const override { return {{"source", "scripted"}}; }

  std::vector<std::pair<std::uint64_t, double>> taken, finished_at;  // (request id, engine time)
  std::vector<std::uint64_t> dropped;

 private:
  std::vector<Arrival> script_;
  workload::OnFullQueue policy_;
  double period_s_;
  std::size_t next_ = 0;
};

class EngineInProcess : public ::testing::Test {
 protected:
  EngineInProcess() {
    cfg_.generation_mode = config::GenerationMode::Fast;
    cfg_.workers = 1;
    cfg_.duration = 60;
  }

  EngineOutcome run(ScriptedSource& source) {
    std::vector<cache::TierSetup> tiers;
    tiers.push_back({std::make_unique<tiers::NullTier>(Level::Gpu), 0});
    tiers.push_back({std::make_unique<tiers::NullTier>(Level::Cpu), 0});
    tiers.push_back({std::make_unique<tiers::NullTier>(Level::Storage), std::numeric_limits<double>::infinity()});
    stats::CounterObserver counting(counters_);
    cache::MultiTierCache cache(std::move(tiers), cache::CacheOptions{}, IoObserverList{&counting});
    stats_ = std::make_unique<stats::RequestStats>(cfg_.settings.qos_profiles);
    RequestRunner runner(app::engine_options_for(cfg_), cache, *stats_);
    VirtualClock clock(0);
    EngineParts parts{app::engine_options_for(cfg_), source, runner, *stats_, stop_, status_};
    return run_virtual_clock(parts, clock);
  }

  config::RunConfig cfg_;
  stats::CacheCounters counters_;
  std::unique_ptr<stats::RequestStats> stats_;
  StopSignal stop_;
  stats::RunStatus status_;
};

using Times = std::vector<std::pair<std::uint64_t, double>>;

// One worker, one second per request: the request arriving while the worker is busy waits in
// the queue and starts the moment the first finishes; a finite script ends the run when its
// last request is served, not at --duration.
TEST_F(EngineInProcess, OneWorkerQueuesAndEndsWhenTheScriptIsServed) {
  ScriptedSource source({{0.0}, {0.5}, {5.0}}, workload::OnFullQueue::Wait);
  const EngineOutcome outcome = run(source);
  EXPECT_EQ(source.finished_at, (Times{{0, 1.0}, {1, 2.0}, {2, 6.0}}));
  EXPECT_EQ(source.taken, (Times{{0, 0.0}, {1, 0.5}, {2, 5.0}}));
  EXPECT_DOUBLE_EQ(outcome.elapsed_s, 6.0);
  EXPECT_EQ(stats_->requests_completed(), 3u);
  EXPECT_EQ(stats_->arrivals_offered(), 3u);
  EXPECT_EQ(stats_->requests_abandoned_at_stop(), 0u);
  EXPECT_EQ(stats_->total_tokens(), 3 * kOneSecondOfTokens);
  EXPECT_DOUBLE_EQ(stats_->total_generation_s(), 3.0);
  EXPECT_EQ(status_.get_state(), stats::RunState::Running);  // the caller moves it on
}

// Two workers serve two simultaneous arrivals at once; the third waits for the first free one.
TEST_F(EngineInProcess, WorkersServeInParallelAndTheRestWaits) {
  cfg_.workers = 2;
  ScriptedSource source({{0.0}, {0.0}, {0.0, 2 * kOneSecondOfTokens}}, workload::OnFullQueue::Wait);
  const EngineOutcome outcome = run(source);
  ASSERT_EQ(source.finished_at.size(), 3u);
  EXPECT_DOUBLE_EQ(source.finished_at[0].second, 1.0);
  EXPECT_DOUBLE_EQ(source.finished_at[1].second, 1.0);
  EXPECT_EQ(source.finished_at[2], (std::pair<std::uint64_t, double>{2, 3.0}));
  EXPECT_DOUBLE_EQ(outcome.elapsed_s, 3.0);
}

// An open-loop source that never runs dry: the run ends at --duration. What is queued or in
// flight then is abandoned and counted; an arrival after the end is never taken.
TEST_F(EngineInProcess, TimedEndStopsAnEndlessSourceAndCountsWhatWasLeft) {
  cfg_.duration = 2;
  // Arrivals at 0, 0.5, 1.0, ...; one worker needs 1 s for each.
  ScriptedSource source({{0.0}}, workload::OnFullQueue::Drop, 0.5);
  const EngineOutcome outcome = run(source);
  EXPECT_DOUBLE_EQ(outcome.elapsed_s, 2.0);
  EXPECT_EQ(source.finished_at, (Times{{0, 1.0}, {1, 2.0}}));
  ASSERT_EQ(source.taken.size(), 5u);  // 0 .. 2.0 inclusive
  EXPECT_DOUBLE_EQ(source.taken.back().second, 2.0);
  EXPECT_EQ(stats_->requests_completed(), 2u);
  EXPECT_EQ(stats_->arrivals_offered(), 5u);
  // Request 2 started at 2.0 (in flight), 3 and 4 still queued.
  EXPECT_EQ(stats_->requests_abandoned_at_stop(), 3u);
}

// A full queue with a dropping source loses the arrival (counted), and the engine moves on.
TEST_F(EngineInProcess, FullQueueDropsArrivalsOfADroppingSource) {
  cfg_.max_queue_depth = 1;
  ScriptedSource source({{0.0}, {0.1}, {0.2}, {3.0}}, workload::OnFullQueue::Drop);
  const EngineOutcome outcome = run(source);
  EXPECT_EQ(source.dropped, (std::vector<std::uint64_t>{2}));  // 0 runs, 1 waits, 2 finds it full
  EXPECT_EQ(source.finished_at, (Times{{0, 1.0}, {1, 2.0}, {3, 4.0}}));
  EXPECT_EQ(stats_->arrivals_dropped_queue_full(), 1u);
  EXPECT_EQ(stats_->arrivals_offered(), 4u);
  EXPECT_DOUBLE_EQ(outcome.elapsed_s, 4.0);
}

// A back-pressured source (a replay) is held while the queue is full and loses nothing.
TEST_F(EngineInProcess, FullQueueHoldsAWaitingSource) {
  cfg_.max_queue_depth = 1;
  ScriptedSource source({{0.0}, {0.1}, {0.2}}, workload::OnFullQueue::Wait);
  run(source);
  EXPECT_TRUE(source.dropped.empty());
  // Request 2 is taken only when request 0's completion frees the queue slot.
  EXPECT_EQ(source.taken, (Times{{0, 0.0}, {1, 0.1}, {2, 1.0}}));
  EXPECT_EQ(source.finished_at, (Times{{0, 1.0}, {1, 2.0}, {2, 3.0}}));
}

// --max-requests ends the run at the completion that reaches it.
TEST_F(EngineInProcess, MaxRequestsEndsAtThatCompletion) {
  cfg_.max_requests = 2;
  ScriptedSource source({{0.0}, {0.0}, {0.0}}, workload::OnFullQueue::Wait);
  const EngineOutcome outcome = run(source);
  EXPECT_DOUBLE_EQ(outcome.elapsed_s, 2.0);
  EXPECT_EQ(stats_->requests_completed(), 2u);
  EXPECT_EQ(stats_->requests_abandoned_at_stop(), 1u);
}

}  // namespace
}  // namespace kvbench::engine
