#include "cli/command_line.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/flag_help.h"
#include "cli/flag_table.h"
#include "cli/validate.h"

namespace kvbench::cli {
namespace {

BuildResult build(std::vector<std::string> args) { return build_run_config(args, "20260101_000000"); }

bool has_error_naming(const BuildResult& r, const std::string& needle) {
  for (const auto& e : r.errors)
    if (e.find(needle) != std::string::npos) return true;
  return false;
}

void expect_error(std::vector<std::string> args, const std::string& flag) {
  const auto r = build(args);
  EXPECT_FALSE(r.config.has_value()) << flag;
  EXPECT_TRUE(has_error_naming(r, flag)) << flag << ": " << (r.errors.empty() ? "" : r.errors[0]);
}

void expect_ok(std::vector<std::string> args) {
  const auto r = build(args);
  EXPECT_TRUE(r.config.has_value()) << (r.errors.empty() ? "" : r.errors[0]);
}

TEST(CommandLine, DefaultsMatchReference) {
  const auto r = build({});
  ASSERT_TRUE(r.config);
  const auto& c = *r.config;
  EXPECT_EQ(c.model, "llama3.1-8b");
  EXPECT_EQ(c.num_users, 100);
  EXPECT_EQ(c.duration, 60);
  EXPECT_EQ(c.gpu_mem_gb, 16);
  EXPECT_EQ(c.num_gpus, 1);
  EXPECT_EQ(c.tensor_parallel, 1);
  EXPECT_EQ(c.cpu_mem_gb, 32);
  EXPECT_EQ(c.generation_mode, config::GenerationMode::Realistic);
  EXPECT_EQ(c.performance_profile, config::PerformanceProfile::Latency);
  EXPECT_EQ(c.rag_num_docs, 10);
  EXPECT_EQ(c.target_saturation, 0.8);
  EXPECT_EQ(c.max_conversations, 500);
  EXPECT_EQ(c.burst_trace_path, "BurstGPT/data/BurstGPT_1.csv");
  EXPECT_EQ(c.trace_speedup, 1.0);
  EXPECT_EQ(c.output, "benchmark_results_20260101_000000.json");
  EXPECT_FALSE(c.seed.has_value());
  EXPECT_EQ(c.effective_workers(), 100);
}

TEST(CommandLine, NumericLimits) {
  expect_error({"--num-users", "0"}, "--num-users");
  expect_error({"--num-users", "-5"}, "--num-users");
  expect_error({"--num-users", "100001"}, "--num-users");
  expect_ok({"--num-users", "100000"});
  expect_error({"--duration", "0"}, "--duration");
  expect_error({"--duration", "86401"}, "--duration");
  expect_ok({"--duration", "86400"});
  expect_error({"--gpu-mem-gb", "-1"}, "--gpu-mem-gb");
  expect_error({"--gpu-mem-gb", "65537"}, "--gpu-mem-gb");
  expect_ok({"--gpu-mem-gb", "0"});
  expect_ok({"--gpu-mem-gb", "65536"});
  expect_error({"--cpu-mem-gb", "-0.5"}, "--cpu-mem-gb");
  expect_error({"--cpu-mem-gb", "131073"}, "--cpu-mem-gb");
  expect_ok({"--cpu-mem-gb", "0"});
  expect_error({"--num-gpus", "0"}, "--num-gpus");
  expect_error({"--tensor-parallel", "0"}, "--tensor-parallel");
  expect_error({"--rag-num-docs", "-1"}, "--rag-num-docs");
  expect_error({"--max-conversations", "0"}, "--max-conversations");
  expect_error({"--max-concurrent-allocs", "-1"}, "--max-concurrent-allocs");
  expect_ok({"--max-concurrent-allocs", "0"});
  expect_error({"--request-rate", "-1"}, "--request-rate");
  expect_error({"--max-requests", "-1"}, "--max-requests");
  expect_error({"--storage-capacity-gb", "-1"}, "--storage-capacity-gb");
  expect_ok({"--storage-capacity-gb", "0"});
  expect_error({"--precondition-size-gb", "-1"}, "--precondition-size-gb");
  expect_ok({"--precondition-size-gb", "0"});
  expect_error({"--precondition-threads", "-1"}, "--precondition-threads");
  expect_error({"--trace-speedup", "-0.1"}, "--trace-speedup");
  expect_ok({"--trace-speedup", "0"});
  expect_error({"--replay-cycles", "-1"}, "--replay-cycles");
}

TEST(CommandLine, TargetSaturationBoundsAreInclusive) {
  expect_ok({"--target-saturation", "0"});
  expect_ok({"--target-saturation", "1"});
  expect_ok({"--target-saturation", "1.0"});
  expect_error({"--target-saturation", "1.01"}, "--target-saturation");
  expect_error({"--target-saturation", "-0.01"}, "--target-saturation");
}

TEST(CommandLine, TypeAndChoiceErrorsNameTheFlag) {
  expect_error({"--num-users", "abc"}, "--num-users");
  expect_error({"--num-users", "1.5"}, "--num-users");
  expect_error({"--gpu-mem-gb", "lots"}, "--gpu-mem-gb");
  expect_error({"--gpu-mem-gb", "nan"}, "--gpu-mem-gb");
  expect_error({"--generation-mode", "slow"}, "--generation-mode");
  expect_error({"--performance-profile", "x"}, "--performance-profile");
  expect_error({"--autoscaler-mode", "predictive"}, "--autoscaler-mode");
  expect_error({"--log-level", "TRACE"}, "--log-level");
  expect_error({"--duration"}, "--duration");
  expect_error({"--bogus-flag", "1"}, "--bogus-flag");
  expect_error({"stray"}, "stray");
}

TEST(CommandLine, TensorParallelAtMostNumGpus) {
  expect_error({"--num-gpus", "2", "--tensor-parallel", "4"}, "--tensor-parallel");
  expect_ok({"--num-gpus", "8", "--tensor-parallel", "8"});
  const auto r = build({"--num-gpus", "4", "--tensor-parallel", "3"});
  ASSERT_TRUE(r.config);  // non-power-of-2 is only a warning
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].find("--tensor-parallel"), std::string::npos);
}

TEST(CommandLine, PrefillOnlyWithDecodeOnlyIsAnError) {
  const auto r = build({"--prefill-only", "--decode-only"});
  EXPECT_FALSE(r.config);
  EXPECT_TRUE(has_error_naming(r, "--prefill-only"));
}

TEST(CommandLine, CacheDirUnderSystemDirectoryIsRefused) {
  expect_error({"--cache-dir", "/etc/kv"}, "cannot be a system directory");
  expect_error({"--cache-dir", "/proc"}, "--cache-dir");
  expect_error({"--cache-dir", "/usr/bin/x"}, "--cache-dir");
  EXPECT_TRUE(is_system_directory("/dev/shm"));
  EXPECT_FALSE(is_system_directory("/devel"));  // the reference's string-prefix test refused it
  EXPECT_FALSE(is_system_directory("/etcetera"));
  expect_ok({"--cache-dir", "/tmp/kvbench-cache"});
}

// Issue 15 item 7: `/` and `/usr` were accepted, and the start-up clean ran there. The standard
// top-level directories are refused as themselves, also through a symlink; a folder of kvbench's
// own below them (the helm chart's /var/lib/kvbench/cache/...) is fine.
TEST(CommandLine, RootAndTopLevelDirectoriesAreRefusedAsCacheDir) {
  for (const char* dir : {"/", "/usr", "/usr/", "/var", "/home", "/tmp", "/opt", "/mnt", "/usr/local", "/var/lib", "/lib64"})
    expect_error({"--cache-dir", dir}, "cannot be a system directory");
  const auto link = std::filesystem::temp_directory_path() / ("kvbench-usr-link-" + std::to_string(::getpid()));
  std::filesystem::create_symlink("/usr", link);
  expect_error({"--cache-dir", link.string()}, "cannot be a system directory");
  std::filesystem::remove(link);
  expect_ok({"--cache-dir", "/var/lib/kvbench/cache/kvbench-rank-0"});
  expect_ok({"--cache-dir", "/mnt/nvme0/kvbench"});
}

TEST(CommandLine, SeveralErrorsAreReportedTogether) {
  const auto r = build({"--num-users", "0", "--duration", "-1", "--gpu-mem-gb", "-2", "--model", "nope"});
  EXPECT_FALSE(r.config);
  EXPECT_GE(r.errors.size(), 3u);
  EXPECT_TRUE(has_error_naming(r, "--num-users"));
  EXPECT_TRUE(has_error_naming(r, "--duration"));
  EXPECT_TRUE(has_error_naming(r, "--gpu-mem-gb"));
}

TEST(CommandLine, UnknownModelIsAnError) { expect_error({"--model", "gpt-5"}, "--model"); }

TEST(CommandLine, ArgparseSpellings) {
  auto r = build({"--num-users=7", "--dur", "9", "--seed", "-3", "--gen", "none"});
  ASSERT_TRUE(r.config) << r.errors[0];
  EXPECT_EQ(r.config->num_users, 7);
  EXPECT_EQ(r.config->duration, 9);
  EXPECT_EQ(*r.config->seed, -3);
  EXPECT_EQ(r.config->generation_mode, config::GenerationMode::None);
  r = build({"--num-users", "5", "--num-users", "6"});  // last one wins, as argparse
  ASSERT_TRUE(r.config);
  EXPECT_EQ(r.config->num_users, 6);
  expect_error({"--pre", "1"}, "ambiguous");  // --prefill-only, --precondition...
  expect_error({"--disable-multi-turn=yes"}, "--disable-multi-turn");
}

TEST(CommandLine, ReferenceCommandLineParses) {
  // The first MLPerf submission workload (spec §9.1), minus its --xlsx-output.
  expect_ok({"--model", "llama3.1-8b", "--num-users", "200", "--duration", "300", "--gpu-mem-gb", "0",
             "--cpu-mem-gb", "0", "--max-concurrent-allocs", "16", "--generation-mode", "none",
             "--cache-dir", "/tmp/kv", "--seed", "42", "--output", "mlperf_v3_stress_8b.json"});
}

TEST(CommandLine, VirtualClockNeedsTraceMode) {
  expect_error({"--clock", "virtual"}, "--clock");
  expect_ok({"--clock", "virtual", "--io-trace-log", "/tmp/t.csv"});
}

class ConfigFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("kvbench_cli_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string write(const std::string& text) {
    const auto p = (dir_ / "config.yaml").string();
    std::ofstream(p) << text;
    return p;
  }
  std::filesystem::path dir_;
};

TEST_F(ConfigFile, RunSectionDrivesTheRunAndFlagsOverrideIt) {
  const auto path = write("run:\n  num_users: 42\n  duration: 9\n  generation-mode: none\n");
  auto r = build({"--config", path, "--duration", "11"});
  ASSERT_TRUE(r.config) << r.errors[0];
  EXPECT_EQ(r.config->num_users, 42);
  EXPECT_EQ(r.config->duration, 11);
  EXPECT_EQ(r.config->generation_mode, config::GenerationMode::None);
}

TEST_F(ConfigFile, RunSectionErrorsNameFileLineAndKey) {
  const auto path = write("run:\n  num_users: 42\n  no_such_flag: 1\n  duration: -4\n");
  const auto r = build({"--config", path});
  EXPECT_FALSE(r.config);
  EXPECT_TRUE(has_error_naming(r, path + ":3: run.no_such_flag"));
  EXPECT_TRUE(has_error_naming(r, path + ":4: run.duration"));
  EXPECT_TRUE(has_error_naming(r, "--duration must be"));
}

TEST_F(ConfigFile, RunSectionNamingAFlagTwiceIsAnError) {
  const auto path = write("run:\n  num_users: 4\n  num-users: 5\n");
  const auto r = build({"--config", path});
  EXPECT_FALSE(r.config);
  EXPECT_TRUE(has_error_naming(r, path + ":3: run.num-users"));
}

TEST_F(ConfigFile, ModelAddedByConfigIsAccepted) {
  const auto path = write("model_configs:\n  my-model:\n    num_layers: 4\n");
  expect_ok({"--config", path, "--model", "my-model"});
  expect_error({"--model", "my-model"}, "--model");
}

TEST_F(ConfigFile, BadConfigIsAUsageError) {
  const auto path = write("eviction:\n  bogus: 1\n");
  const auto r = build({"--config", path});
  EXPECT_FALSE(r.config);
  EXPECT_TRUE(has_error_naming(r, "eviction.bogus"));
  expect_error({"--config", (dir_ / "missing.yaml").string()}, "missing.yaml");
}

TEST(CommandLine, HelpListsEveryFlag) {
  std::ostringstream os;
  print_flag_help(os, flag_table());
  for (const auto& f : flag_table()) EXPECT_NE(os.str().find(std::string(f.name)), std::string::npos) << f.name;
  EXPECT_TRUE(build({"--help"}).help);
  EXPECT_TRUE(build({"-h"}).help);
}

}  // namespace
}  // namespace kvbench::cli
