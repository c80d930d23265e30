// A run is checked against the room the process has (issue 15 item 11): 300 users under a
// 3 GiB pod limit were OOM-killed with no results; --workers 40000 aborted in pthread_create.
#include "cli/run_limits.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace kvbench::cli {
namespace {

using testing::HasSubstr;

constexpr std::uint64_t kGiB = 1ull << 30;

config::RunConfig real_run(int users) {
  config::RunConfig c;
  c.num_users = users;
  c.cpu_mem_gb = 1;
  return c;
}

ProcessRoom pod(std::uint64_t limit) {
  ProcessRoom r;
  r.physical_memory = 64 * kGiB;
  r.cgroup_memory = limit;
  r.cgroup_source = "cgroup v1 memory.limit_in_bytes";
  r.threads = 32765;
  r.threads_source = "vm.max_map_count / 2";
  return r;
}

TEST(RunLimits, ThreeHundredUsersDoNotFitAThreeGibPod) {
  std::vector<std::string> errors, warnings;
  check_run_limits(real_run(300), pod(3 * kGiB), errors, warnings);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0], HasSubstr("I/O buffers (300 workers x 16 MiB = 4800 MiB) + --cpu-mem-gb (1024 MiB)"));
  EXPECT_THAT(errors[0], HasSubstr("more than the memory limit of 3072 MiB (cgroup v1 memory.limit_in_bytes)"));
}

TEST(RunLimits, AFittingRunPassesAndANearOneWarns) {
  std::vector<std::string> errors, warnings;
  check_run_limits(real_run(100), pod(8 * kGiB), errors, warnings);  // 1600 + 1024 + 256 MiB
  EXPECT_TRUE(errors.empty());
  EXPECT_TRUE(warnings.empty());
  check_run_limits(real_run(100), pod(3 * kGiB), errors, warnings);  // 2880 of 3072 MiB
  EXPECT_TRUE(errors.empty());
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_THAT(warnings[0], HasSubstr("within 10 % of the memory limit"));
}

TEST(RunLimits, PsyncStagesOneBufferPerWorker) {
  config::RunConfig c = real_run(300);
  c.backends.file.engine = tiers::IoEngineKind::Psync;
  EXPECT_EQ(io_buffer_bytes_per_worker(c), c.backends.file.io_size);
  std::vector<std::string> errors, warnings;
  check_run_limits(c, pod(3 * kGiB), errors, warnings);  // 300 + 1024 + 256 MiB
  EXPECT_TRUE(errors.empty());
}

TEST(RunLimits, TraceModeHasNoBuffers) {
  config::RunConfig c = real_run(300);
  c.io_trace_log = "t.csv";
  std::vector<std::string> errors, warnings;
  check_run_limits(c, pod(1 * kGiB), errors, warnings);
  EXPECT_TRUE(errors.empty());
}

TEST(RunLimits, WorkersBeyondTheThreadLimitAreRefused) {
  config::RunConfig c = real_run(2);
  c.io_trace_log = "t.csv";
  c.workers = 40000;
  std::vector<std::string> errors, warnings;
  check_run_limits(c, pod(0), errors, warnings);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "--workers 40000: this system lets a process start at most 32765 threads "
                       "(vm.max_map_count / 2); use at most --workers 32701");
  c.clock = config::ClockKind::Virtual;  // simulated workers: no threads
  errors.clear();
  check_run_limits(c, pod(0), errors, warnings);
  EXPECT_TRUE(errors.empty());
}

TEST(RunLimits, BuffersAboveTheMachinesMemoryAreRefusedWithoutACgroup) {
  config::RunConfig c = real_run(500);
  ProcessRoom room = pod(0);
  room.physical_memory = 4 * kGiB;
  std::vector<std::string> errors, warnings;
  check_run_limits(c, room, errors, warnings);  // 8000 MiB of buffers
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0], HasSubstr("more than this machine's memory (4096 MiB)"));
}

}  // namespace
}  // namespace kvbench::cli
