// Does the run fit what this process may have (issue 15 item 11)? The --workers threads
// against the kernel's thread limits, and a real run's memory (every worker's I/O buffers,
// the CPU tier, kvbench's own share) against the cgroup memory limit and the machine's memory.
// Rules and figures: docs/errors.md, "Memory and threads".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "config/run_config.h"

namespace kvbench::cli {

// What a run is checked against; read_process_room() reads the real ones.
struct ProcessRoom {
  std::uint64_t physical_memory = 0;  // 0 = unknown
  std::uint64_t cgroup_memory = 0;    // 0 = no limit
  std::string cgroup_source;          // which file set it
  std::uint64_t threads = 0;          // 0 = unknown
  std::string threads_source;
};
ProcessRoom read_process_room(const std::string& root = "");

// kvbench's own memory besides the I/O buffers and the CPU tier (entry table, latency
// samples, the trace's blocks), as a flat allowance.
inline constexpr std::uint64_t kBaseMemoryBytes = 256ull << 20;
// Threads kvbench starts besides the workers (scheduler, signal watcher, progress, HTTP,
// trace writer, RAG ingestion), with room for what else runs under the same limits.
inline constexpr std::uint64_t kOtherThreads = 64;

// The bytes of I/O buffers one worker stages: --io-depth x --io-size on io_uring, one
// --io-size buffer on pread/pwrite.
std::uint64_t io_buffer_bytes_per_worker(const config::RunConfig& cfg);

void check_run_limits(const config::RunConfig& cfg, const ProcessRoom& room,
                      std::vector<std::string>& errors, std::vector<std::string>& warnings);

}  // namespace kvbench::cli
