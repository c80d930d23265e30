// kvbench.timeline from the binary, on both clocks: its intervals tile the window and add up
// to the run's own totals (requests, bytes per level), so a figure read off the plot is the
// figure in the summary.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/run_binary.h"

namespace kvbench {
namespace {

using nlohmann::json;
using testing_support::read_file;
using testing_support::run_kvbench;
using testing_support::TempDir;

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

json run(const TempDir& dir, std::vector<std::string> extra) {
  std::vector<std::string> args = {"--model", "llama3.1-8b", "--num-users", "20", "--gpu-mem-gb", "0.5",
                                   "--cpu-mem-gb", "1", "--generation-mode", "fast", "--seed", "7",
                                   "--io-trace-log", dir.file("t.csv"), "--output", dir.file("r.json"), "--quiet"};
  args.insert(args.end(), extra.begin(), extra.end());
  const auto r = run_kvbench(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return json::parse(read_file(dir.file("r.json")));
}

void expect_adds_up(const json& doc, double interval_s) {
  const json& t = doc["kvbench"]["timeline"];
  ASSERT_TRUE(t.is_object());
  EXPECT_DOUBLE_EQ(t["requested_interval_s"].get<double>(), interval_s);
  const json& points = t["points"];
  ASSERT_FALSE(points.empty());
  std::uint64_t requests = 0;
  std::map<std::string, std::uint64_t> read, written, demoted_in;
  double end = 0;
  for (const json& p : points) {
    EXPECT_DOUBLE_EQ(p["start_s"].get<double>(), end);
    end = p["end_s"].get<double>();
    requests += p["requests_completed"].get<std::uint64_t>();
    for (const char* l : {"gpu", "cpu", "storage"}) {
      read[l] += p["levels"][l]["read_bytes"].get<std::uint64_t>();
      written[l] += p["levels"][l]["written_bytes"].get<std::uint64_t>();
      demoted_in[l] += p["levels"][l]["demoted_in_bytes"].get<std::uint64_t>();
    }
  }
  EXPECT_NEAR(end, doc["kvbench"]["elapsed_s"].get<double>(), 1e-9);
  EXPECT_EQ(requests, doc["requests_completed"].get<std::uint64_t>());
  const json& cs = doc["summary"]["cache_stats"];
  for (const char* l : {"gpu", "cpu", "storage"}) {
    const std::string k = std::string("tier_") + l;
    EXPECT_NEAR(read[l] / kGiB, cs[k + "_kv_bytes_read_gb"].get<double>(), 1e-9) << l;
    EXPECT_NEAR(written[l] / kGiB, cs[k + "_kv_bytes_written_gb"].get<double>(), 1e-9) << l;
    EXPECT_EQ(demoted_in[l], doc["kvbench"]["demoted_in_bytes"][l].get<std::uint64_t>()) << l;
  }
  EXPECT_GT(read["gpu"] + read["cpu"] + read["storage"], 0u);
}

TEST(TimelineRun, VirtualClockIntervalsAddUpToTheTotals) {
  TempDir dir;
  const json doc = run(dir, {"--clock", "virtual", "--duration", "20", "--timeline-interval", "0.5"});
  expect_adds_up(doc, 0.5);
  EXPECT_EQ(doc["kvbench"]["timeline"]["points"].size(), 40u);  // simulated seconds
}

TEST(TimelineRun, WallClockIntervalsAddUpToTheTotals) {
  TempDir dir;
  const json doc = run(dir, {"--duration", "1", "--timeline-interval", "0.25"});
  expect_adds_up(doc, 0.25);
  EXPECT_GE(doc["kvbench"]["timeline"]["points"].size(), 4u);
}

TEST(TimelineRun, IntervalZeroWritesNoTimeline) {
  TempDir dir;
  const json doc = run(dir, {"--clock", "virtual", "--duration", "5", "--timeline-interval", "0"});
  EXPECT_FALSE(doc["kvbench"].contains("timeline"));
}

}  // namespace
}  // namespace kvbench
