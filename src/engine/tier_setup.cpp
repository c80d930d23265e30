#include "engine/tier_setup.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "common/log.h"
#include "tiers/cpu_tier.h"
#include "tiers/gpu_tier.h"
#include "tiers/null_tier.h"
#include "tiers/nvme_tier.h"

namespace kvbench::engine {
namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
constexpr double kUnlimited = std::numeric_limits<double>::infinity();

std::string gib_text(double bytes) {
  std::ostringstream os;
  os.precision(3);
  os << bytes / kGiB << " GiB";
  return os.str();
}

// Trace mode: all three tiers exist and move no bytes (spec §7.1). NVMe is unlimited unless
// --storage-capacity-gb is given (spec §6.1).
BuiltTiers trace_tiers(const config::RunConfig& cfg) {
  BuiltTiers b;
  b.nvme_limit_bytes = cfg.storage_capacity_gb > 0 ? cfg.storage_capacity_gb * kGiB : kUnlimited;
  b.tiers.push_back({std::make_unique<tiers::NullTier>(Level::Gpu), cfg.gpu_mem_gb * cfg.num_gpus * kGiB});
  b.tiers.push_back({std::make_unique<tiers::NullTier>(Level::Cpu), cfg.cpu_mem_gb * kGiB});
  b.tiers.push_back({std::make_unique<tiers::NullTier>(Level::Storage), b.nvme_limit_bytes});
  return b;
}

// MemAvailable from /proc/meminfo in bytes; 0 when unknown.
double available_memory_bytes() {
  std::ifstream in("/proc/meminfo");
  std::string name;
  double kib = 0;
  std::string unit;
  while (in >> name >> kib >> unit)
    if (name == "MemAvailable:") return kib * 1024.0;
  return 0;
}

// Spec §6.1: the GPU tier exists only where a device does; a run without one says so once.
void add_gpu_tier(const config::RunConfig& cfg, BuiltTiers& b) {
  if (cfg.gpu_mem_gb <= 0) {
    log::info("No GPU tier: --gpu-mem-gb is 0");
    b.storage_io["gpu"] = {{"devices", 0}, {"reason", "--gpu-mem-gb 0"}};
    return;
  }
  const tiers::GpuProbe probe = tiers::probe_gpus();
  if (probe.devices == 0) {
    log::info("No GPU tier: " + probe.why_none + "; real tiers are cpu and nvme");
    b.storage_io["gpu"] = {{"devices", 0}, {"reason", probe.why_none}};
    return;
  }
  const int used = std::min(cfg.num_gpus, probe.devices);
  double limit = cfg.gpu_mem_gb * cfg.num_gpus * kGiB;
  // Leave the rest of the device to others, as the reference caps torch at memory_fraction.
  double usable = 0;
  for (int d = 0; d < used; ++d) usable += static_cast<double>(probe.free_bytes[static_cast<std::size_t>(d)]);
  usable *= cfg.settings.gpu_backend.memory_fraction;
  if (limit > usable) {
    log::warning("GPU tier: --gpu-mem-gb x --num-gpus = " + gib_text(limit) + " exceeds " +
                 gib_text(usable) + " (memory_fraction of the free memory of " + std::to_string(used) +
                 " device(s)); using " + gib_text(usable));
    limit = usable;
  }
  try {
    b.tiers.push_back({tiers::make_gpu_tier(used), limit});
  } catch (const std::exception& e) {
    throw TierSetupError(std::string("GPU tier: ") + e.what(), 1);
  }
  log::info("GPU tier: " + std::to_string(used) + " CUDA device(s), " + gib_text(limit));
  b.storage_io["gpu"] = {{"devices", used}, {"limit_bytes", limit}};
}

void add_cpu_tier(const config::RunConfig& cfg, BuiltTiers& b) {
  double limit = cfg.cpu_mem_gb * kGiB;
  // A CPU tier larger than the RAM there is would end the run in the OOM killer.
  const double usable = 0.8 * available_memory_bytes();
  if (usable > 0 && limit > usable) {
    log::warning("CPU tier: --cpu-mem-gb " + gib_text(limit) + " exceeds 80% of available memory; using " +
                 gib_text(usable));
    limit = usable;
  }
  // Reusing freed entry buffers spares the copies page faults; a quarter of the tier, at most
  // 1 GiB, is kept for that beyond the live entries.
  const auto pool = static_cast<std::uint64_t>(std::min(limit / 4, kGiB));
  b.tiers.push_back({std::make_unique<tiers::CpuTier>(std::size_t{1} << 20, pool), limit});
  b.storage_io["cpu_limit_bytes"] = limit;
}

void add_nvme_tier(const config::RunConfig& cfg, BuiltTiers& b) {
  tiers::NvmeOptions o;
  o.dir = cfg.cache_dir.value_or("");
  o.engine = cfg.io_engine == config::IoEngineChoice::Uring   ? tiers::IoEngineKind::Uring
             : cfg.io_engine == config::IoEngineChoice::Psync ? tiers::IoEngineKind::Psync
                                                              : tiers::IoEngineKind::Auto;
  o.io_size = static_cast<std::size_t>(cfg.io_size);
  o.io_depth = static_cast<unsigned>(cfg.io_depth);
  std::unique_ptr<tiers::NvmeTier> nvme;
  try {
    nvme = std::make_unique<tiers::NvmeTier>(o);
  } catch (const tiers::NvmeSetupError& e) {
    throw TierSetupError(e.what(), 2);
  }
  if (nvme->files_cleaned_at_start() > 0)
    log::info("Cleaned " + std::to_string(nvme->files_cleaned_at_start()) + " kvbench entry files from " +
              nvme->directory());
  double limit = cfg.storage_capacity_gb * kGiB;
  if (limit <= 0) {
    const std::uint64_t free_space = nvme->free_space_capacity();
    limit = free_space > 0 ? static_cast<double>(free_space) : kUnlimited;
    log::info("NVMe tier: no --storage-capacity-gb, so its capacity is 95% of the free space of " +
              nvme->directory() + ": " + (free_space > 0 ? gib_text(limit) : std::string("unlimited (unknown)")));
  }
  const tiers::IoParams& p = nvme->io_params();
  std::ostringstream msg;
  msg << "NVMe tier: " << nvme->directory() << (nvme->owns_directory() ? " (temporary)" : "") << ", "
      << nvme->engine_name() << (p.direct ? ", O_DIRECT" : ", buffered") << ", " << p.io_size / 1024
      << " KiB I/Os x " << (nvme->engine_name().starts_with("io_uring") ? p.depth : 1u)
      << " in flight per entry, capacity " << (std::isfinite(limit) ? gib_text(limit) : "unlimited");
  log::info(msg.str());
  b.storage_io["cache_dir"] = nvme->directory();
  b.storage_io["temporary_cache_dir"] = nvme->owns_directory();
  b.storage_io["io_engine"] = std::string(nvme->engine_name());
  b.storage_io["o_direct"] = p.direct;
  b.storage_io["io_size"] = p.io_size;
  b.storage_io["io_depth"] = p.depth;
  b.storage_io["nvme_limit_bytes"] = std::isfinite(limit) ? nlohmann::json(limit) : nlohmann::json(nullptr);
  b.nvme_limit_bytes = limit;
  b.tiers.push_back({std::move(nvme), limit});
}

}  // namespace

BuiltTiers build_tiers(const config::RunConfig& cfg) {
  if (cfg.trace_mode()) return trace_tiers(cfg);
  BuiltTiers b;
  b.storage_io = nlohmann::json::object();
  add_gpu_tier(cfg, b);
  add_cpu_tier(cfg, b);
  add_nvme_tier(cfg, b);
  b.storage_io["verify"] = cfg.verify;
  return b;
}

}  // namespace kvbench::engine
