#include "cli/run_limits.h"

#include <unistd.h>

#include "common/process_limits.h"

namespace kvbench::cli {
namespace {

constexpr double kMiB = 1024.0 * 1024.0;

std::string mib(double bytes) { return std::to_string(static_cast<std::uint64_t>(bytes / kMiB)) + " MiB"; }

// Warned about from this share of the limit on: the estimate is a floor (allocator overhead,
// page tables, the HTTP server's buffers come on top).
constexpr double kWarnShare = 0.9;

void check_threads(const config::RunConfig& cfg, const ProcessRoom& room, std::vector<std::string>& errors) {
  // The virtual clock simulates its workers; only the wall clock starts a thread for each.
  if (cfg.clock != config::ClockKind::Wall || room.threads == 0) return;
  const auto workers = static_cast<std::uint64_t>(cfg.effective_workers());
  if (workers + kOtherThreads <= room.threads) return;
  const std::uint64_t most = room.threads > kOtherThreads ? room.threads - kOtherThreads : 1;
  errors.push_back("--workers " + std::to_string(workers) + ": this system lets a process start at most " +
                   std::to_string(room.threads) + " threads (" + room.threads_source +
                   "); use at most --workers " + std::to_string(most));
}

void check_memory(const config::RunConfig& cfg, const ProcessRoom& room, std::vector<std::string>& errors,
                  std::vector<std::string>& warnings) {
  if (cfg.trace_mode()) return;  // no buffers, no bytes kept: the tiers only count
  const auto workers = static_cast<std::uint64_t>(cfg.effective_workers());
  const double buffers = static_cast<double>(workers) * static_cast<double>(io_buffer_bytes_per_worker(cfg));
  const double cpu_tier = cfg.cpu_mem_gb * 1024.0 * kMiB;
  const double base = static_cast<double>(kBaseMemoryBytes);
  const std::string buffer_text = "I/O buffers (" + std::to_string(workers) + " workers x " +
                                  mib(static_cast<double>(io_buffer_bytes_per_worker(cfg))) + " = " + mib(buffers) + ")";
  const std::string total_text = buffer_text + " + --cpu-mem-gb (" + mib(cpu_tier) + ") + " + mib(base) +
                                 " for kvbench itself = " + mib(buffers + cpu_tier + base);
  const std::string fix = "; lower --workers, --io-depth, --io-size or --cpu-mem-gb";
  // Under a cgroup limit the OOM killer ends the run and its results are lost: refused. Above
  // the machine's memory only the I/O buffers are refused (every worker stages them at once);
  // a CPU tier larger than the memory fills slowly and may never be reached (the reference's
  // default of 32 GiB on a smaller host), so it is left alone.
  if (room.cgroup_memory > 0) {
    const double limit = static_cast<double>(room.cgroup_memory);
    const std::string against = ", more than the memory limit of " + mib(limit) + " (" + room.cgroup_source + ")";
    if (buffers + cpu_tier + base > limit) return errors.push_back(total_text + against + fix);
    if (buffers + cpu_tier + base > kWarnShare * limit)
      warnings.push_back(total_text + ": within 10 % of the memory limit of " + mib(limit) + " (" +
                         room.cgroup_source + "); the OOM killer may end the run");
  }
  // One worker's buffers above the memory: the NVMe tier's own check names --io-depth x --io-size.
  if (room.physical_memory > 0 && static_cast<double>(io_buffer_bytes_per_worker(cfg)) <= static_cast<double>(room.physical_memory)) {
    const double memory = static_cast<double>(room.physical_memory);
    const std::string against = ", more than this machine's memory (" + mib(memory) + ")";
    if (buffers + base > memory)
      return errors.push_back(buffer_text + " + " + mib(base) + " for kvbench itself = " + mib(buffers + base) +
                              against + fix);
  }
}

}  // namespace

ProcessRoom read_process_room(const std::string& root) {
  ProcessRoom room;
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGE_SIZE);
  if (pages > 0 && page > 0) room.physical_memory = static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page);
  if (const auto m = cgroup_memory_limit(root)) {
    room.cgroup_memory = m->value;
    room.cgroup_source = m->source;
  }
  if (const auto t = thread_limit(root)) {
    room.threads = t->value;
    room.threads_source = t->source;
  }
  return room;
}

std::uint64_t io_buffer_bytes_per_worker(const config::RunConfig& cfg) {
  const auto& f = cfg.backends.file;
  const auto size = static_cast<std::uint64_t>(f.io_size);
  return f.engine == tiers::IoEngineKind::Psync ? size : size * static_cast<std::uint64_t>(f.io_depth);
}

void check_run_limits(const config::RunConfig& cfg, const ProcessRoom& room, std::vector<std::string>& errors,
                      std::vector<std::string>& warnings) {
  check_threads(cfg, room, errors);
  check_memory(cfg, room, errors, warnings);
}

}  // namespace kvbench::cli
