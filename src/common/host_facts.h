// Facts about the machine and the file system a run used, for the run's identity in the
// results (issue 14 item 8): two result files can only be compared if one knows where each ran.
// Read from uname(2), /proc and /sys; a fact that cannot be read is left empty, never guessed.
#pragma once

#include <cstdint>
#include <string>

namespace kvbench {

struct HostFacts {
  std::string hostname;
  std::string kernel;     // uname: sysname release (e.g. "Linux 6.1.0-18-amd64")
  std::string machine;    // uname: x86_64, aarch64
  std::string cpu_model;  // /proc/cpuinfo "model name"
  int cpu_count = 0;      // online CPUs
  std::uint64_t memory_bytes = 0;  // /proc/meminfo MemTotal
};

HostFacts read_host_facts();

struct FileSystemFacts {
  std::string mount_point;  // the longest mount point above the path
  std::string fs_type;      // ext4, xfs, tmpfs, overlay, ...
  std::string source;       // what is mounted there (/dev/vda1, tmpfs, overlay)
  std::uint64_t size_bytes = 0;
  std::uint64_t free_bytes = 0;
};

// Facts about the file system holding `path` (which must exist); empty fields where unknown.
FileSystemFacts read_file_system_facts(const std::string& path);

}  // namespace kvbench
