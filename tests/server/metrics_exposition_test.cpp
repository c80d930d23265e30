// /metrics text: the names, labels and values of the families, histogram buckets, and a clean
// `promtool check metrics`.
#include "server/metrics_exposition.h"

#include <gtest/gtest.h>

#include <sstream>

#include "server/live_sources_fixture.h"
#include "support/promtool.h"
#include "support/run_binary.h"

namespace kvbench::server {
namespace {

using testing::LiveFixture;

bool has_line(const std::string& text, const std::string& line) {
  std::istringstream in(text);
  std::string l;
  while (std::getline(in, l))
    if (l == line) return true;
  return false;
}

TEST(MetricsExposition, CountersCarryTheirLabels) {
  LiveFixture f;
  f.add_traffic();
  const std::string t = render_metrics(f.sources);
  EXPECT_TRUE(has_line(t, "# TYPE kvbench_io_bytes_total counter"));
  EXPECT_TRUE(has_line(t, R"(kvbench_io_bytes_total{op="read",phase="decode",tier="nvme"} 12288)"));
  EXPECT_TRUE(has_line(t, R"(kvbench_io_operations_total{op="write",phase="prefill",tier="gpu"} 2)"));
  EXPECT_TRUE(has_line(t, R"(kvbench_io_operations_total{op="write",phase="evict",tier="cpu"} 1)"));
  EXPECT_TRUE(has_line(t, R"(kvbench_evictions_total{from="gpu",to="cpu"} 1)"));
  EXPECT_TRUE(has_line(t, R"(kvbench_cache_hits_total{type="user"} 3)"));
  EXPECT_TRUE(has_line(t, R"(kvbench_cache_misses_total{type="multi_turn"} 1)"));
  EXPECT_TRUE(has_line(t, R"(kvbench_cache_misses_total{type="user"} 0)"));
  EXPECT_TRUE(has_line(t, R"(kvbench_requests_completed_total{qos="batch"} 1)"));
  EXPECT_TRUE(has_line(t, "kvbench_tokens_generated_total 150"));
  EXPECT_TRUE(has_line(t, "kvbench_trace_rows_total 7"));
  // Reads never have the prefill phase: that series is left out while it is zero.
  EXPECT_EQ(t.find(R"(op="read",phase="prefill")"), std::string::npos);
}

TEST(MetricsExposition, GaugesShowRunAndTiers) {
  LiveFixture f;
  f.add_traffic();
  f.sources.info.run_id = "0123456789abcdef";
  f.sources.info.rank = 3;
  f.sources.info.commit = "abcdef012345";
  const std::string t = render_metrics(f.sources);
  EXPECT_TRUE(has_line(t, R"(kvbench_run_info{clock="virtual",mode="trace",model="llama3.1-8b",num_gpus="4",tp="2",run_id="0123456789abcdef",rank="3"} 1)"));
  EXPECT_TRUE(has_line(t, R"(kvbench_build_info{version="9.9.9",commit="abcdef012345"} 1)"));
  EXPECT_TRUE(has_line(t, R"(kvbench_run_state{state="running"} 1)"));
  EXPECT_TRUE(has_line(t, R"(kvbench_run_state{state="done"} 0)"));
  EXPECT_TRUE(has_line(t, "kvbench_run_progress_ratio 0.25"));
  EXPECT_TRUE(has_line(t, R"(kvbench_tier_used_bytes{tier="gpu"} 1000)"));
  EXPECT_TRUE(has_line(t, R"(kvbench_tier_limit_bytes{tier="nvme"} +Inf)"));
  EXPECT_TRUE(has_line(t, R"(kvbench_tier_entries{tier="nvme"} 7)"));
}

TEST(MetricsExposition, HistogramsAreCumulativeWithInf) {
  LiveFixture f;
  f.add_traffic();
  const std::string t = render_metrics(f.sources);
  EXPECT_TRUE(has_line(t, "# TYPE kvbench_io_latency_seconds histogram"));
  EXPECT_TRUE(has_line(t, R"(kvbench_io_latency_seconds_bucket{op="read",tier="nvme",le="0.0025"} 0)"));
  EXPECT_TRUE(has_line(t, R"(kvbench_io_latency_seconds_bucket{op="read",tier="nvme",le="0.005"} 1)"));
  EXPECT_TRUE(has_line(t, R"(kvbench_io_latency_seconds_bucket{op="read",tier="nvme",le="30"} 1)"));
  EXPECT_TRUE(has_line(t, R"(kvbench_io_latency_seconds_bucket{op="read",tier="nvme",le="+Inf"} 1)"));
  EXPECT_TRUE(has_line(t, R"(kvbench_io_latency_seconds_bucket{op="read",tier="nvme",le="5e-05"} 0)"));
  EXPECT_TRUE(has_line(t, R"(kvbench_io_latency_seconds_count{op="read",tier="nvme"} 1)"));
  EXPECT_TRUE(has_line(t, R"(kvbench_request_latency_seconds_bucket{qos="batch",le="5"} 0)"));
  EXPECT_TRUE(has_line(t, R"(kvbench_request_latency_seconds_bucket{qos="batch",le="10"} 1)"));
  EXPECT_TRUE(has_line(t, R"(kvbench_request_latency_seconds_sum{qos="batch"} 7)"));
}

TEST(MetricsExposition, EveryFamilyHasHelpAndTheKvbenchPrefix) {
  LiveFixture f;
  const std::string t = render_metrics(f.sources);
  std::istringstream in(t);
  std::string line;
  int types = 0, helps = 0;
  while (std::getline(in, line)) {
    if (line.rfind("# TYPE ", 0) == 0) ++types;
    if (line.rfind("# HELP ", 0) == 0) ++helps;
    if (line.empty() || line[0] == '#') continue;
    EXPECT_EQ(line.rfind("kvbench_", 0), 0u) << line;
  }
  EXPECT_GT(types, 25);
  EXPECT_EQ(types, helps);
}

TEST(MetricsExposition, PassesPromtool) {
  const std::string promtool = testing_support::find_program("promtool");
  if (promtool.empty()) GTEST_SKIP() << "promtool not installed (Debian package prometheus)";
  LiveFixture f;
  f.add_traffic();
  testing_support::TempDir dir;
  const auto r = testing_support::promtool_check_metrics(promtool, render_metrics(f.sources), dir.file("m.txt"));
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

}  // namespace
}  // namespace kvbench::server
