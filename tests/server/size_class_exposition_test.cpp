// /metrics: the per-entry-size latency histograms (kvbench_io_latency_by_size_seconds): every
// class of every tier and op is exposed, an entry lands in the class of its size, buckets run
// from 50 µs to 120 s, and the per-tier histogram still ends at 30 s with the rest in +Inf.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "server/live_sources_fixture.h"
#include "server/metrics_exposition.h"

namespace kvbench::server {
namespace {

using testing::LiveFixture;

std::vector<std::string> lines_with(const std::string& text, const std::string& needle) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string l; std::getline(in, l);)
    if (l.find(needle) != std::string::npos) out.push_back(l);
  return out;
}

bool has_line(const std::string& text, const std::string& line) {
  for (const std::string& l : lines_with(text, line))
    if (l == line) return true;
  return false;
}

std::string bucket(const std::string& size_class, const std::string& le) {
  return R"(kvbench_io_latency_by_size_seconds_bucket{op="read",size_class=")" + size_class +
         R"(",tier="nvme",le=")" + le + "\"}";
}

TEST(SizeClassExposition, EveryClassOfEveryTierAndOpIsExposedWithItsBuckets) {
  LiveFixture f;
  const std::string t = render_metrics(f.sources);
  EXPECT_TRUE(has_line(t, "# TYPE kvbench_io_latency_by_size_seconds histogram"));
  // 3 tiers x 2 ops x 7 classes, each with 20 finite bounds and +Inf.
  EXPECT_EQ(lines_with(t, "kvbench_io_latency_by_size_seconds_count{").size(), 42u);
  EXPECT_EQ(lines_with(t, "kvbench_io_latency_by_size_seconds_bucket{").size(), 42u * 21);
  for (const char* c : {"0-1MiB", "1-4MiB", "4-16MiB", "16-64MiB", "64-256MiB", "256MiB-1GiB", "1GiB+"})
    EXPECT_TRUE(has_line(t, bucket(c, "+Inf") + " 0")) << c;
  EXPECT_TRUE(has_line(t, bucket("1-4MiB", "5e-05") + " 0"));
  EXPECT_TRUE(has_line(t, bucket("1-4MiB", "60") + " 0"));
  EXPECT_TRUE(has_line(t, bucket("1-4MiB", "120") + " 0"));
}

TEST(SizeClassExposition, AnEntryCountsInTheClassOfItsSize) {
  LiveFixture f;
  f.live.record_io_latency(IoOp::Read, Level::Storage, 0.004, 600ull << 10);   // 0.6 MiB
  f.live.record_io_latency(IoOp::Read, Level::Storage, 0.004, 1ull << 20);     // exactly 1 MiB
  f.live.record_io_latency(IoOp::Read, Level::Storage, 90.0, 3ull << 30);      // 3 GiB, 90 s
  f.live.record_io_latency(IoOp::Read, Level::Storage, 150.0, 3ull << 30);     // past 120 s
  const std::string t = render_metrics(f.sources);
  EXPECT_TRUE(has_line(t, bucket("0-1MiB", "0.0025") + " 0"));
  EXPECT_TRUE(has_line(t, bucket("0-1MiB", "0.005") + " 1"));
  EXPECT_TRUE(has_line(t, bucket("1-4MiB", "0.005") + " 1"));
  EXPECT_TRUE(has_line(t, bucket("1GiB+", "60") + " 0"));
  EXPECT_TRUE(has_line(t, bucket("1GiB+", "120") + " 1"));
  EXPECT_TRUE(has_line(t, bucket("1GiB+", "+Inf") + " 2"));
  EXPECT_TRUE(has_line(t, R"(kvbench_io_latency_by_size_seconds_count{op="read",size_class="1GiB+",tier="nvme"} 2)"));
  EXPECT_TRUE(has_line(t, R"(kvbench_io_latency_by_size_seconds_sum{op="read",size_class="1GiB+",tier="nvme"} 240)"));
  EXPECT_TRUE(has_line(t, bucket("4-16MiB", "+Inf") + " 0"));
  // The per-tier histogram is the sum over classes, its top bound still 30 s.
  EXPECT_TRUE(has_line(t, R"(kvbench_io_latency_seconds_bucket{op="read",tier="nvme",le="30"} 2)"));
  EXPECT_TRUE(has_line(t, R"(kvbench_io_latency_seconds_bucket{op="read",tier="nvme",le="+Inf"} 4)"));
  EXPECT_TRUE(lines_with(t, R"(kvbench_io_latency_seconds_bucket{op="read",tier="nvme",le="60"})").empty());
}

TEST(SizeClassExposition, EachQosTargetIsItsSloLine) {
  LiveFixture f;
  const std::string t = render_metrics(f.sources);
  EXPECT_TRUE(has_line(t, "# TYPE kvbench_request_latency_target_seconds gauge"));
  EXPECT_TRUE(has_line(t, R"(kvbench_request_latency_target_seconds{qos="interactive"} 0.05)"));
  EXPECT_TRUE(has_line(t, R"(kvbench_request_latency_target_seconds{qos="batch"} 1)"));
}

}  // namespace
}  // namespace kvbench::server
