// The kvbench binary as users meet it: help, usage errors, models, a short trace-mode run.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/flag_table.h"
#include "support/run_binary.h"

namespace kvbench {
namespace {

using testing_support::read_file;
using testing_support::run_kvbench;
using testing_support::TempDir;

TEST(Binary, HelpExitsZeroAndListsEveryFlag) {
  const auto r = run_kvbench({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const auto& f : cli::flag_table()) EXPECT_NE(r.out.find(std::string(f.name)), std::string::npos) << f.name;
}

TEST(Binary, BadFlagExitsTwoNamingIt) {
  const auto r = run_kvbench({"--num-userz", "5"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--num-userz"), std::string::npos);
  const auto v = run_kvbench({"--num-users", "0", "--duration", "0"});
  EXPECT_EQ(v.exit_code, 2);
  EXPECT_NE(v.err.find("--num-users"), std::string::npos);
  EXPECT_NE(v.err.find("--duration"), std::string::npos);
}

TEST(Binary, PrefillAndDecodeOnlyTogetherExitTwo) {
  const auto r = run_kvbench({"--prefill-only", "--decode-only"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--prefill-only"), std::string::npos);
}

TEST(Binary, ModelsListsTheNineModels) {
  const auto r = run_kvbench({"models"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* key : {"tiny-1b", "mistral-7b", "llama2-7b", "llama3.1-8b", "llama3.1-70b-instruct",
                          "deepseek-v3", "qwen3-32b", "gpt-oss-120b", "gpt-oss-20b"})
    EXPECT_NE(r.out.find(key), std::string::npos) << key;
  EXPECT_NE(r.out.find("70272"), std::string::npos);   // deepseek-v3, MLA
  EXPECT_NE(r.out.find("125.00"), std::string::npos);  // llama3.1-8b: 131,072 B/token x 1,000 = 125 MiB
}

TEST(Binary, ShippedConfigLoads) {
  const auto r = run_kvbench({"models", "--config", std::string(KVBENCH_SOURCE_DIR) + "/configs/config.yaml"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Deepseek v3"), std::string::npos);
}

}  // namespace
}  // namespace kvbench
