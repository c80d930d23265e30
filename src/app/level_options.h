// The part of RunConfig that tiers/ reads to build a run's levels (tiers/level_setup.h): trace
// mode, each level's capacity in bytes, the GPU count and share, and the backends' own options.
#pragma once

#include "config/run_config.h"
#include "tiers/level_setup.h"

namespace kvbench::app {

inline tiers::LevelOptions level_options(const config::RunConfig& cfg) {
  constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
  const auto index = [](Level l) { return static_cast<std::size_t>(level_index(l)); };
  tiers::LevelOptions o;
  o.trace_mode = cfg.trace_mode();
  o.capacity_bytes[index(Level::Gpu)] = cfg.gpu_mem_gb * cfg.num_gpus * kGiB;
  o.capacity_bytes[index(Level::Cpu)] = cfg.cpu_mem_gb * kGiB;
  o.capacity_bytes[index(Level::Storage)] = cfg.storage_capacity_gb * kGiB;
  o.num_gpus = cfg.num_gpus;
  o.gpu_memory_fraction = cfg.settings.gpu_backend.memory_fraction;
  o.backends = cfg.backends;
  return o;
}

}  // namespace kvbench::app
