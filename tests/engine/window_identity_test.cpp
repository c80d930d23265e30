// "Nothing counted that did not happen" (issue 14, docs/metrics.md): a wall-clock run whose
// tiers fail every 3rd write still reports figures that add up. Total write bytes are
// the tiers' bytes written; each rate times the measured window is its total; the window's
// figures plus the drain's are the final counters.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "cache/cache_test_support.h"
#include "app/engine_options.h"
#include "app/report_options.h"
#include "engine/engine_parts.h"
#include "stats/counter_observer.h"
#include "report/results_json.h"

namespace kvbench::engine {
namespace {

using cache::testing::FakeTier;
using nlohmann::json;
constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

// One request every 2 ms for ever: the window closes at --duration.
class SteadySource final : public workload::ArrivalSource {
 public:
  std::optional<double> next_at() override { return static_cast<double>(next_id_) * 0.002; }
  workload::Request take(double now_s, std::int64_t) override {
    workload::Request r;
    r.id = next_id_++;
    r.cache_key = "req_" + std::to_string(r.id);
    r.context_tokens = 16;
    r.generate_tokens = 8;
    r.arrival_s = now_s;
    return r;
  }
  void drop(double) override { ++next_id_; }
  workload::OnFullQueue on_full_queue() const override { return workload::OnFullQueue::Drop; }
  int active_users() const override { return 1; }
  nlohmann::json describe() const override { return nlohmann::json::object(); }

 private:
  std::uint64_t next_id_ = 0;
};

void expect_close(double a, double b, const char* what) {
  EXPECT_LE(std::fabs(a - b), 1e-9 * std::max({1.0, std::fabs(a), std::fabs(b)})) << what << ": " << a << " vs " << b;
}

TEST(WindowIdentities, HoldUnderATierThatFailsEveryThirdWrite) {
  config::RunConfig cfg;
  cfg.duration = 1;
  cfg.workers = 4;
  cfg.drain_timeout = 2;
  cfg.generation_mode = config::GenerationMode::None;
  stats::CacheCounters counters;
  std::vector<cache::TierSetup> tiers;
  auto cpu = std::make_unique<FakeTier>(Level::Cpu, 200);
  auto storage = std::make_unique<FakeTier>(Level::Storage, 300);
  cpu->fail_every = 3;      // new entries land here first: these are write failures
  storage->fail_every = 3;  // demotions and new entries too large for the CPU tier
  tiers.push_back({std::move(cpu), 64.0 * 1024 * 1024});  // 32 entries: demotions happen
  tiers.push_back({std::move(storage), std::numeric_limits<double>::infinity()});
  stats::CounterObserver counting(counters);
  cache::MultiTierCache cache(std::move(tiers), cache::CacheOptions{}, IoObserverList{&counting});
  stats::RequestStats requests(cfg.settings.qos_profiles);
  RequestRunner runner(app::engine_options_for(cfg), cache, requests);
  SteadySource source;
  StopSignal stop;
  stats::RunStatus status;
  WallClock clock;
  EngineParts parts{app::engine_options_for(cfg), source, runner, requests, stop, status};
  parts.counters = &counters;
  const EngineOutcome out = run_wall_clock(parts, clock);
  ASSERT_TRUE(out.window_counters);

  report::RunResult r;
  const report::ReportOptions report_options = app::report_options_for(cfg);
  r.config = &report_options;
  r.cache = out.window_counters.get();
  r.final_cache = &counters;
  r.requests = &requests;
  r.elapsed_s = out.elapsed_s;
  r.window_end = window_end_name(out.end);
  r.drain_s = out.drain_s;
  const json doc = report::build_results_json(r);
  const json& s = doc["summary"];
  const json& cs = s["cache_stats"];
  const double window = s["elapsed_time"].get<double>();
  EXPECT_EQ(window, out.elapsed_s);
  EXPECT_GE(window, 1.0);
  EXPECT_GT(doc["kvbench"]["write_failures"].get<std::uint64_t>(), 0u);

  // Total write bytes = the tiers' bytes written (failed writes in neither).
  const stats::CacheCounters& w = *out.window_counters;
  std::uint64_t tier_bytes = 0;
  for (const auto& t : w.tiers) tier_bytes += stats::CacheCounters::get(t.kv_bytes_written);
  EXPECT_EQ(stats::CacheCounters::get(w.total_write_bytes), tier_bytes);
  EXPECT_EQ(cs["total_write_bytes"].get<std::uint64_t>(), tier_bytes);
  EXPECT_GT(tier_bytes, 0u);
  double tier_gib = 0;
  for (const char* t : {"gpu", "cpu", "storage"}) {
    const double written = cs[std::string("tier_") + t + "_kv_bytes_written_gb"].get<double>();
    tier_gib += written;
    // Rate x window = total, per tier.
    expect_close(cs[std::string("tier_") + t + "_write_bandwidth_gbps"].get<double>() * window, written, t);
  }
  expect_close(tier_gib, cs["total_write_gb"].get<double>(), "total_write_gb");
  expect_close(static_cast<double>(tier_bytes) / kGiB, cs["total_write_gb"].get<double>(), "bytes");

  // Rates x window = totals, for the request figures.
  expect_close(s["avg_throughput_tokens_per_sec"].get<double>() * window,
               static_cast<double>(s["total_tokens"].get<std::uint64_t>()), "tokens");
  expect_close(s["requests_per_second"].get<double>() * window,
               static_cast<double>(s["total_requests"].get<std::uint64_t>()), "requests");
  EXPECT_EQ(s["total_requests"].get<std::uint64_t>(), doc["requests_completed"].get<std::uint64_t>());
  EXPECT_EQ(doc["end_to_end_latencies"].size(), doc["requests_completed"].get<std::uint64_t>());

  // Window + drain = everything that happened.
  const json& d = doc["kvbench"]["drain"];
  EXPECT_EQ(cs["total_write_bytes"].get<std::uint64_t>() + d["bytes_written"].get<std::uint64_t>(),
            stats::CacheCounters::get(counters.total_write_bytes));
  EXPECT_EQ(cs["total_read_bytes"].get<std::uint64_t>() + d["bytes_read"].get<std::uint64_t>(),
            stats::CacheCounters::get(counters.total_read_bytes));
  std::uint64_t final_tier_bytes = 0;
  for (const auto& t : counters.tiers) final_tier_bytes += stats::CacheCounters::get(t.kv_bytes_written);
  EXPECT_EQ(stats::CacheCounters::get(counters.total_write_bytes), final_tier_bytes);

  // The reference's way of counting: whole requests, the drain's included, over the nominal 1 s.
  const json& ref = doc["kvbench"]["reference_compatible"];
  EXPECT_EQ(ref["requests_completed"].get<std::uint64_t>(),
            doc["requests_completed"].get<std::uint64_t>() + d["requests_completed"].get<std::uint64_t>());
  expect_close(ref["requests_per_second"].get<double>(),
               static_cast<double>(ref["requests_completed"].get<std::uint64_t>()) / 1.0, "reference rps");
}

}  // namespace
}  // namespace kvbench::engine
