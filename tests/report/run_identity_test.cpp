// Run identity (issue 14 item 8): the fingerprint follows the workload and nothing else; the
// identity block names the host and the cache directory's file system.
#include "report/run_identity.h"

#include <gtest/gtest.h>

namespace kvbench::report {
namespace {

nlohmann::json config_of(const std::string& model, int users, const std::string& output) {
  return {{"model", model}, {"num_users", users}, {"output", output}, {"seed", 42}};
}

TEST(RunIdentity, FingerprintFollowsTheWorkloadOnly) {
  const auto a = workload_fingerprint(config_of("llama3.1-8b", 50, "/tmp/a.json"));
  EXPECT_EQ(a.size(), 16u);
  EXPECT_EQ(a, workload_fingerprint(config_of("llama3.1-8b", 50, "/data/b.json")));
  EXPECT_NE(a, workload_fingerprint(config_of("tiny-1b", 50, "/tmp/a.json")));
  EXPECT_NE(a, workload_fingerprint(config_of("llama3.1-8b", 51, "/tmp/a.json")));
}

TEST(RunIdentity, RunIdsDiffer) { EXPECT_NE(new_run_id(), new_run_id()); }

TEST(RunIdentity, BlockNamesHostAndFileSystem) {
  RunIdentityInputs in;
  in.run_id = "0123456789abcdef";
  in.command_line = {"kvbench", "--num-users", "5"};
  in.effective_config = config_of("tiny-1b", 5, "x.json");
  in.started_us = 1767225600LL * 1000000LL;
  in.ended_us = in.started_us + 20'000'123;
  in.cache_dir = "/";
  const HostFacts host = read_host_facts();
  const nlohmann::json j = run_identity_json(in, host);
  EXPECT_EQ(j["started_at"], "2026-01-01T00:00:00.000000Z");
  EXPECT_EQ(j["ended_at"], "2026-01-01T00:00:20.000123Z");
  EXPECT_EQ(j["command_line"].size(), 3u);
  EXPECT_FALSE(j["host"]["kernel"].get<std::string>().empty());
  EXPECT_GT(j["host"]["cpu_count"].get<int>(), 0);
  EXPECT_GT(j["host"]["memory_bytes"].get<std::uint64_t>(), 0u);
  EXPECT_EQ(j["cache_dir"]["mount_point"], "/");
  EXPECT_FALSE(j["cache_dir"]["file_system"].get<std::string>().empty());
}

}  // namespace
}  // namespace kvbench::report
