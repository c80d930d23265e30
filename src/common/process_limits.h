// What the kernel lets this process have (issue 15 item 11): the memory limit of its cgroup
// (v1 memory.limit_in_bytes or v2 memory.max, the smallest along the path to the root) and
// the most threads it can start (pid_max, threads-max, max_map_count, RLIMIT_NPROC, pids.max),
// so that a pod's run is refused before the OOM killer or pthread_create ends it. Every file
// is read under `root` ("" = the real /proc and /sys), which lets tests lay out fixtures.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace kvbench {

struct Limit {
  std::uint64_t value = 0;
  std::string source;  // where it was read, for messages: "cgroup v1 memory.limit_in_bytes"
};

// The memory limit of this process's cgroup; nullopt where there is none (unlimited, or no
// cgroup file system to ask).
std::optional<Limit> cgroup_memory_limit(const std::string& root = "");

// The smallest of the limits on this process's thread count that can be read; nullopt where
// none can.
std::optional<Limit> thread_limit(const std::string& root = "");

}  // namespace kvbench
