// `kvbench aggregate` on two real result files of the binary.
#include "report/aggregate.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "stats/percentile.h"
#include "support/run_binary.h"

namespace kvbench::report {
namespace {

using nlohmann::json;
using testing_support::read_file;
using testing_support::run_kvbench;
using testing_support::TempDir;

json run_group(const TempDir& dir, const std::string& name, const std::string& seed) {
  const auto r = run_kvbench({"--num-users", "20", "--duration", "20", "--gpu-mem-gb", "1", "--cpu-mem-gb", "1",
                              "--generation-mode", "fast", "--clock", "virtual", "--seed", seed,
                              "--io-trace-log", dir.file(name + ".csv"), "--output", dir.file(name + ".json")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return json::parse(read_file(dir.file(name + ".json")));
}

TEST(Aggregate, MergesTwoRealResultFiles) {
  TempDir dir;
  const json a = run_group(dir, "rank0", "1"), b = run_group(dir, "rank1", "2");
  const auto r = run_kvbench({"aggregate", "--output", dir.file("all.json"), dir.file("rank0.json"), dir.file("rank1.json")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json m = json::parse(read_file(dir.file("all.json")));

  EXPECT_EQ(m["requests_completed"].get<double>(),
            a["requests_completed"].get<double>() + b["requests_completed"].get<double>());
  const auto& ma = a["summary"]["cache_stats"], mb = b["summary"]["cache_stats"], mm = m["summary"]["cache_stats"];
  EXPECT_EQ(mm["cache_hits"].get<double>(), ma["cache_hits"].get<double>() + mb["cache_hits"].get<double>());
  EXPECT_EQ(mm["total_read_bytes"].get<double>(),
            ma["total_read_bytes"].get<double>() + mb["total_read_bytes"].get<double>());
  EXPECT_NEAR(m["summary"]["avg_throughput_tokens_per_sec"].get<double>(),
              a["summary"]["avg_throughput_tokens_per_sec"].get<double>() +
                  b["summary"]["avg_throughput_tokens_per_sec"].get<double>(), 1e-6);

  // Percentiles come from the merged lists, not from averaging the groups' percentiles.
  std::vector<double> all = a["end_to_end_latencies"].get<std::vector<double>>();
  for (double v : b["end_to_end_latencies"].get<std::vector<double>>()) all.push_back(v);
  ASSERT_EQ(m["end_to_end_latencies"].size(), all.size());
  EXPECT_NEAR(m["summary"]["end_to_end_latency_ms"]["p95"].get<double>(), stats::percentile_of(all, 95) * 1000, 1e-9);
  EXPECT_EQ(m["kvbench"]["groups"].get<int>(), 2);
}

TEST(Aggregate, BadInputsAreUsageErrors) {
  TempDir dir;
  auto r = run_kvbench({"aggregate", dir.file("missing.json")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("missing.json"), std::string::npos);
  r = run_kvbench({"aggregate"});
  EXPECT_EQ(r.exit_code, 2);
  std::ofstream(dir.file("x.json")) << "{\"not\": \"results\"}";
  r = run_kvbench({"aggregate", dir.file("x.json")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("x.json"), std::string::npos);
}

}  // namespace
}  // namespace kvbench::report
