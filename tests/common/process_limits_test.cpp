// The cgroup memory limit and the thread limits, read from fixture trees laid out like /proc
// and /sys (issue 15 item 11): cgroup v1 (this machine's kind) and v2, nested limits, "no limit".
#include "common/process_limits.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/run_binary.h"

namespace kvbench {
namespace {

namespace fs = std::filesystem;
using testing_support::TempDir;

void put(const TempDir& root, const std::string& path, const std::string& text) {
  const fs::path p = root.path() + path;
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

TEST(CgroupMemoryLimit, V1ReadsTheProcessCgroupsLimit) {
  TempDir root;
  put(root, "/proc/self/cgroup", "9:pids:/pod\n4:memory:/kubepods/pod1\n0::/\n");
  put(root, "/sys/fs/cgroup/memory/memory.limit_in_bytes", "9223372036854771712\n");
  put(root, "/sys/fs/cgroup/memory/kubepods/pod1/memory.limit_in_bytes", "3221225472\n");
  const auto limit = cgroup_memory_limit(root.path());
  ASSERT_TRUE(limit);
  EXPECT_EQ(limit->value, 3221225472u);
  EXPECT_EQ(limit->source, "cgroup v1 memory.limit_in_bytes");
}

TEST(CgroupMemoryLimit, V1TakesTheSmallestAncestor) {
  TempDir root;
  put(root, "/proc/self/cgroup", "4:memory:/kubepods/pod1/c\n");
  put(root, "/sys/fs/cgroup/memory/kubepods/memory.limit_in_bytes", "1073741824\n");
  put(root, "/sys/fs/cgroup/memory/kubepods/pod1/c/memory.limit_in_bytes", "9223372036854771712\n");
  const auto limit = cgroup_memory_limit(root.path());
  ASSERT_TRUE(limit);
  EXPECT_EQ(limit->value, 1073741824u);
}

TEST(CgroupMemoryLimit, V1UnlimitedIsNoLimit) {
  TempDir root;
  put(root, "/proc/self/cgroup", "4:memory:/process_api/x\n");
  put(root, "/sys/fs/cgroup/memory/process_api/x/memory.limit_in_bytes", "9223372036854771712\n");
  EXPECT_FALSE(cgroup_memory_limit(root.path()));
}

// Inside a container's cgroup namespace the host path in /proc/self/cgroup does not exist
// under the mount: the mount's own root file is the container's limit.
TEST(CgroupMemoryLimit, V1ContainerSeesItsCgroupAsRoot) {
  TempDir root;
  put(root, "/proc/self/cgroup", "4:memory:/docker/abc\n");
  put(root, "/sys/fs/cgroup/memory/memory.limit_in_bytes", "536870912\n");
  const auto limit = cgroup_memory_limit(root.path());
  ASSERT_TRUE(limit);
  EXPECT_EQ(limit->value, 536870912u);
}

TEST(CgroupMemoryLimit, V2ReadsMemoryMax) {
  TempDir root;
  put(root, "/proc/self/cgroup", "0::/kubepods.slice/pod2\n");
  put(root, "/sys/fs/cgroup/kubepods.slice/memory.max", "max\n");
  put(root, "/sys/fs/cgroup/kubepods.slice/pod2/memory.max", "2147483648\n");
  const auto limit = cgroup_memory_limit(root.path());
  ASSERT_TRUE(limit);
  EXPECT_EQ(limit->value, 2147483648u);
  EXPECT_EQ(limit->source, "cgroup v2 memory.max");
}

TEST(CgroupMemoryLimit, V2MaxAndNoFilesAreNoLimit) {
  TempDir root;
  put(root, "/proc/self/cgroup", "0::/user.slice\n");
  put(root, "/sys/fs/cgroup/user.slice/memory.max", "max\n");
  EXPECT_FALSE(cgroup_memory_limit(root.path()));
  TempDir empty;
  EXPECT_FALSE(cgroup_memory_limit(empty.path()));
}

TEST(ThreadLimit, TheSmallestOfTheKernelsAndTheCgroupsLimits) {
  TempDir root;
  put(root, "/proc/sys/kernel/threads-max", "192726\n");
  put(root, "/proc/sys/kernel/pid_max", "32768\n");
  put(root, "/proc/sys/vm/max_map_count", "65530\n");
  put(root, "/proc/self/cgroup", "8:pids:/pod\n");
  const auto maps = thread_limit(root.path());
  ASSERT_TRUE(maps);
  EXPECT_EQ(maps->value, 32765u);  // two mappings per thread stack
  EXPECT_EQ(maps->source, "vm.max_map_count / 2");
  put(root, "/sys/fs/cgroup/pids/pod/pids.max", "4096\n");
  const auto pids = thread_limit(root.path());
  ASSERT_TRUE(pids);
  EXPECT_EQ(pids->value, 4096u);
  EXPECT_EQ(pids->source, "cgroup pids.max");
}

TEST(ThreadLimit, ThisMachineHasOne) { EXPECT_TRUE(thread_limit()); }

}  // namespace
}  // namespace kvbench
