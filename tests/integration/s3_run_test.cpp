// Real runs with the storage level in a bucket of a real S3 server (s3rver on a loopback port,
// started and killed by each test; skipped where node is absent): a short run through
// --storage-backend s3 and one through --cache-dir s3://bucket/prefix with the keys in a
// credentials file, no credential anywhere in the output, the server killed mid-run (failures
// counted, health not ok, no crash), and a recorded trace replayed into the bucket.
#include <gtest/gtest.h>
#include <unistd.h>

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

// tiny-1b entries of a few MiB, no CPU level: every entry is an object in the bucket.
std::vector<std::string> s3_run(const TempDir& dir, std::vector<std::string> extra) {
  const char* t = "{context_range: [128, 256], generation_range: [8, 40], think_time_range: [0.02, 0.05]}";
  std::ofstream(dir.file("small.yaml")) << "user_templates:\n  chatbot: " << t << "\n  coding: " << t
                                        << "\n  document: " << t << "\n";
  std::vector<std::string> args = {"--config", dir.file("small.yaml"), "--model", "tiny-1b", "--num-users", "4",
                                   "--gpu-mem-gb", "0", "--cpu-mem-gb", "0", "--generation-mode", "none",
                                   "--seed", "3", "--quiet", "--s3-part-size", "5242880",
                                   "--output", dir.file("results.json")};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

const testing_support::Environment kKeys = {{"AWS_ACCESS_KEY_ID", S3Server::kAccessKey},
                                            {"AWS_SECRET_ACCESS_KEY", S3Server::kSecretKey}};

TEST(S3Run, AShortRunStoresItsEntriesInTheBucket) {
  // The server the tier suites share (one node start-up for all of them); each run its prefix.
  S3Server& server = tiers::testing::shared_s3_server();
  if (!server.running()) GTEST_SKIP() << server.why_not();
  TempDir dir;
  const auto r = testing_support::run_kvbench(
      s3_run(dir, {"--duration", "2", "--verify", "--storage-backend", "s3", "--s3-endpoint", server.endpoint(),
                   "--s3-bucket", server.bucket(), "--s3-prefix", "run1", "--storage-capacity-gb", "1"}),
      "", kKeys);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(read_file(dir.file("results.json")));
  const auto& io = j["kvbench"]["storage_io"];
  EXPECT_EQ(io["storage_backend"], "s3");
  EXPECT_EQ(io["s3_addressing"], "path");
  EXPECT_EQ(io["s3_bucket"], server.bucket());
  // What the backend counted, read when the I/O is over (issue 21: S3 counters in the results).
  EXPECT_GT(io["s3_counters"]["requests"].get<int>(), 0);
  EXPECT_EQ(io["s3_counters"]["failures"]["forbidden"], 0);
  EXPECT_EQ(io["s3_counters"]["delete_failures"], 0);
  EXPECT_GT(j["kvbench"]["tier_io"]["nvme"]["write_ops"].get<int>(), 0);
  EXPECT_GT(j["kvbench"]["tier_io"]["nvme"]["write_device_s"].get<double>(), 0) << "the HTTP exchange";
  EXPECT_EQ(j["kvbench"]["write_io_errors"], 0);
  EXPECT_EQ(j["kvbench"]["verify_mismatches"], 0);
  EXPECT_EQ(j["kvbench"]["read_failures"], 0);
  EXPECT_NE(r.err.find("S3 tier: bucket " + server.bucket() + ", prefix run1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("credentials from environment"), std::string::npos) << r.err;
  for (const std::string& text : {r.out, r.err, read_file(dir.file("results.json"))})
    EXPECT_EQ(text.find(S3Server::kSecretKey), std::string::npos) << "no key in the output";
}

TEST(S3Run, ACacheDirUrlAndACredentialsFile) {
  // The server the tier suites share (one node start-up for all of them); each run its prefix.
  S3Server& server = tiers::testing::shared_s3_server();
  if (!server.running()) GTEST_SKIP() << server.why_not();
  TempDir dir;
  std::ofstream(dir.file("credentials")) << "[bench]\naws_access_key_id = " << S3Server::kAccessKey
                                         << "\naws_secret_access_key = " << S3Server::kSecretKey << "\n";
  const auto r = testing_support::run_kvbench(
      s3_run(dir, {"--duration", "1", "--cache-dir", "s3://" + server.bucket() + "/run2", "--s3-endpoint",
                   server.endpoint()}),
      "", {{"AWS_SHARED_CREDENTIALS_FILE", dir.file("credentials")}, {"AWS_PROFILE", "bench"},
           {"AWS_ACCESS_KEY_ID", ""}, {"AWS_SECRET_ACCESS_KEY", ""}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("credentials from " + dir.file("credentials")), std::string::npos) << r.err;
  const auto j = nlohmann::json::parse(read_file(dir.file("results.json")));
  EXPECT_EQ(j["kvbench"]["storage_io"]["s3_prefix"], "run2");
}

TEST(S3Run, AServerKilledMidRunIsCountedNotACrash) {
  S3Server server;
  if (!server.running()) GTEST_SKIP() << server.why_not();
  TempDir dir;
  ::setenv("AWS_ACCESS_KEY_ID", S3Server::kAccessKey, 1);
  ::setenv("AWS_SECRET_ACCESS_KEY", S3Server::kSecretKey, 1);
  const int pid = testing_support::spawn_kvbench(
      s3_run(dir, {"--duration", "2", "--storage-backend", "s3", "--s3-endpoint", server.endpoint(), "--s3-bucket",
                   server.bucket()}),
      dir.file("out"), dir.file("err"));
  ::unsetenv("AWS_ACCESS_KEY_ID");
  ::unsetenv("AWS_SECRET_ACCESS_KEY");
  usleep(900000);
  server.kill_now();
  const int code = testing_support::wait_for_exit(pid, 60);
  const std::string err = read_file(dir.file("err"));
  ASSERT_GE(code, 0) << "no crash: " << err;
  const auto j = nlohmann::json::parse(read_file(dir.file("results.json")));
  const auto& k = j["kvbench"];
  EXPECT_NE(k["health"]["status"], "ok") << k["health"].dump();
  EXPECT_GT(k["write_io_errors"].get<int>() + k["read_failures"].get<int>(), 0) << err;
  EXPECT_NE(err.find("unreachable"), std::string::npos) << err;
  EXPECT_GT(k["storage_io"]["s3_counters"]["failures"]["unreachable"].get<int>(), 0) << k["storage_io"].dump();
}

TEST(S3Run, ARecordedTraceReplaysIntoTheBucket) {
  S3Server& server = tiers::testing::shared_s3_server();
  if (!server.running()) GTEST_SKIP() << server.why_not();
  TempDir dir;
  auto record = s3_run(dir, {"--duration", "2", "--max-requests", "6", "--clock", "virtual", "--io-trace-log",
                             dir.file("trace.csv")});
  ASSERT_EQ(testing_support::run_kvbench(record).exit_code, 0);
  const auto r = testing_support::run_kvbench(
      {"replay", "--levels", "storage", "--speed", "0", "--storage-backend", "s3", "--s3-endpoint", server.endpoint(),
       "--s3-bucket", server.bucket(), "--s3-prefix", "replay1", "--s3-part-size", "5242880", "--output",
       dir.file("replay.json"), dir.file("trace.csv")},
      "", kKeys);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(read_file(dir.file("replay.json")));
  EXPECT_EQ(j["kvbench"]["storage_io"]["storage_backend"], "s3");
  EXPECT_GT(j["kvbench"]["storage_io"]["s3_counters"]["requests"].get<int>(), 0);
  const auto& writes = j["kvbench"]["replay"]["rows"]["by_op"]["write"]["storage"]["Prefill"];
  EXPECT_GT(writes["rows"].get<int>(), 0) << j["kvbench"]["replay"].dump();
  EXPECT_EQ(writes["failed"], 0) << j["kvbench"]["replay"].dump();
}

}  // namespace
}  // namespace kvbench
