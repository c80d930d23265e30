// The object level (--object-tier, issue 21): a fourth level below storage, where entries evicted
// from a tiny storage level are demoted instead of deleted. In trace mode (no server needed) its
// rows are Tier-3 and its keys appear in the results; in a real run against s3rver (skipped
// where node is absent) the demoted bytes land in the bucket and the S3 counters are reported.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "support/run_binary.h"
#include "support/s3_server.h"
#include "tiers/s3_case.h"

namespace kvbench {
namespace {

using testing_support::read_file;
using testing_support::S3Server;
using testing_support::TempDir;

// tiny-1b entries of a few MiB, no GPU or CPU level and 8 MiB of storage: most entries move on.
std::vector<std::string> object_run(const TempDir& dir, std::vector<std::string> extra) {
  const char* t = "{context_range: [128, 256], generation_range: [8, 40], think_time_range: [0.02, 0.05]}";
  std::ofstream(dir.file("small.yaml")) << "user_templates:\n  chatbot: " << t << "\n  coding: " << t
                                        << "\n  document: " << t << "\n";
  std::vector<std::string> args = {"--config", dir.file("small.yaml"), "--model", "tiny-1b", "--num-users", "4",
                                   "--gpu-mem-gb", "0", "--cpu-mem-gb", "0", "--generation-mode", "none",
                                   "--seed", "3", "--quiet", "--storage-capacity-gb", "0.0078125",
                                   "--output", dir.file("results.json")};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

TEST(ObjectLevel, TraceRowsOfTheFourthLevelAreTier3) {
  TempDir dir;
  const auto r = testing_support::run_kvbench(object_run(
      dir, {"--clock", "virtual", "--duration", "2", "--io-trace-log", dir.file("trace.csv"), "--object-tier",
            "s3://kvbench/objects", "--object-capacity-gb", "1"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string trace = read_file(dir.file("trace.csv"));
  EXPECT_NE(trace.find(",Tier-3,"), std::string::npos) << "entries demoted to the object level";
  const auto j = nlohmann::json::parse(read_file(dir.file("results.json")));
  const auto& k = j["kvbench"];
  EXPECT_GT(k["demoted_in_bytes"]["object"].get<double>(), 0);
  EXPECT_GT(k["demoted_out_bytes"]["storage"].get<double>(), 0);
  EXPECT_EQ(k["deleted_bytes"]["storage"], 0) << "storage demotes instead of deleting";
  EXPECT_TRUE(j["summary"]["cache_stats"].contains("object_entries"));
}

TEST(ObjectLevel, WithoutTheFlagNoObjectKeyAppears) {
  TempDir dir;
  const auto r = testing_support::run_kvbench(
      object_run(dir, {"--clock", "virtual", "--duration", "1", "--io-trace-log", dir.file("trace.csv")}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_file(dir.file("trace.csv")).find("Tier-3"), std::string::npos);
  const auto j = nlohmann::json::parse(read_file(dir.file("results.json")));
  EXPECT_FALSE(j["kvbench"]["demoted_in_bytes"].contains("object"));
  EXPECT_FALSE(j["summary"]["cache_stats"].contains("object_entries"));
}

TEST(ObjectLevel, ABadUrlIsAConfigurationError) {
  TempDir dir;
  const auto r = testing_support::run_kvbench(object_run(
      dir, {"--clock", "virtual", "--duration", "1", "--io-trace-log", dir.file("trace.csv"), "--object-tier",
            "bucket-without-scheme"}));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--object-tier wants s3://bucket/prefix"), std::string::npos) << r.err;
}

TEST(ObjectLevel, ARealRunDemotesIntoTheBucket) {
  S3Server& server = tiers::testing::shared_s3_server();
  if (!server.running()) GTEST_SKIP() << server.why_not();
  TempDir dir;
  const auto r = testing_support::run_kvbench(
      object_run(dir, {"--duration", "1", "--verify", "--cache-dir", dir.file("cache"), "--object-tier",
                       "s3://" + server.bucket() + "/objects", "--s3-endpoint", server.endpoint(),
                       "--s3-part-size", "5242880"}),
      "", {{"AWS_ACCESS_KEY_ID", S3Server::kAccessKey}, {"AWS_SECRET_ACCESS_KEY", S3Server::kSecretKey}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(read_file(dir.file("results.json")));
  const auto& k = j["kvbench"];
  EXPECT_GT(k["demoted_in_bytes"]["object"].get<double>(), 0) << r.err;
  EXPECT_GT(k["tier_io"]["object"]["write_ops"].get<int>(), 0);
  EXPECT_EQ(k["verify_mismatches"], 0);
  const auto& level = k["storage_io"]["object_level"];
  EXPECT_EQ(level["s3_bucket"], server.bucket());
  EXPECT_EQ(level["s3_prefix"], "objects");
  EXPECT_GT(level["s3_counters"]["requests"].get<int>(), 0);
  EXPECT_EQ(level["s3_counters"]["failures"]["forbidden"], 0);
  EXPECT_NE(r.err.find("object level: bucket " + server.bucket()), std::string::npos) << r.err;
  EXPECT_EQ(read_file(dir.file("results.json")).find(S3Server::kSecretKey), std::string::npos);
}

}  // namespace
}  // namespace kvbench
