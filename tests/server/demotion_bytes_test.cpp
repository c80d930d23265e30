// The results JSON and /metrics count demotion bytes the same way: a cache run through the
// composed observers (counters, live metrics) reports per level the same bytes demoted in and
// out in kvbench.demoted_{in,out}_bytes as in kvbench_io_bytes_total{phase="evict"}.
#include <gtest/gtest.h>

#include <limits>
#include <sstream>
#include <string>

#include "cache/multi_tier_cache.h"
#include "engine/metrics_recorder.h"
#include "report/results_json.h"
#include "report/run_result_fixture.h"
#include "server/live_sources_fixture.h"
#include "server/metrics_exposition.h"
#include "stats/counter_observer.h"
#include "tiers/null_tier.h"

namespace kvbench::server {
namespace {

// The value of the one series `series` (name and labels as rendered), or -1.
double series_value(const std::string& text, const std::string& series) {
  std::istringstream in(text);
  std::string l;
  while (std::getline(in, l))
    if (l.rfind(series + " ", 0) == 0) return std::stod(l.substr(series.size() + 1));
  return -1;
}

TEST(DemotionBytes, ResultsJsonAndMetricsAgree) {
  testing::LiveFixture live;
  report::testing::RunFixture run(/*with_requests=*/true);
  stats::CounterObserver counting(run.cache);
  engine::MetricsRecorder metrics(live.live, /*timed=*/false);
  live.sources.cache = &run.cache;
  std::vector<cache::TierSetup> tiers;
  tiers.push_back({std::make_unique<tiers::NullTier>(Level::Gpu), 4000});
  tiers.push_back({std::make_unique<tiers::NullTier>(Level::Cpu), 8000});
  tiers.push_back({std::make_unique<tiers::NullTier>(Level::Storage), std::numeric_limits<double>::infinity()});
  {
    cache::MultiTierCache cache(std::move(tiers), cache::CacheOptions{}, {&counting, &metrics});
    for (int i = 0; i < 60; ++i) ASSERT_TRUE(cache.allocate("e" + std::to_string(i), 300 + 7 * i, 1).ok);
  }
  const nlohmann::json k = report::build_results_json(run.result)["kvbench"];
  const std::string text = render_metrics(live.sources);
  std::uint64_t demoted = 0;
  for (Level level : {Level::Gpu, Level::Cpu, Level::Storage}) {
    const std::string tier(level_label(level)), name(level_stats_name(level));
    const auto in = k["demoted_in_bytes"][name].get<std::uint64_t>();
    const auto out = k["demoted_out_bytes"][name].get<std::uint64_t>();
    EXPECT_EQ(series_value(text, R"(kvbench_io_bytes_total{op="write",phase="evict",tier=")" + tier + "\"}"),
              static_cast<double>(in)) << tier;
    EXPECT_EQ(series_value(text, R"(kvbench_io_bytes_total{op="read",phase="evict",tier=")" + tier + "\"}"),
              static_cast<double>(out)) << tier;
    demoted += in;
  }
  EXPECT_GT(k["demoted_in_bytes"]["storage"].get<std::uint64_t>(), 0u);  // the cascade reached storage
  EXPECT_EQ(k["demoted_out_bytes"]["storage"].get<std::uint64_t>(), 0u);
  EXPECT_EQ(demoted, k["demoted_out_bytes"]["gpu"].get<std::uint64_t>() + k["demoted_out_bytes"]["cpu"].get<std::uint64_t>());
}

}  // namespace
}  // namespace kvbench::server
