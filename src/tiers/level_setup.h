// Builds a run's levels, fastest first, with their limits (spec §6.1), choosing each level's
// backend from the registry: trace mode puts null at every level; a real run cuda (only with
// CUDA and a device), dram and file (or s3); --object-tier adds a fourth level below storage
// (null in trace mode, objects in a bucket in a real run). Nothing outside tiers/ knows which backend a level has.
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/io_types.h"
#include "tiers/tier.h"
#include "common/backend_options.h"
#include "tiers/tier_registry.h"

namespace kvbench::tiers {

// What the levels are built from: the narrow part of RunConfig that tiers/ reads.
struct LevelOptions {
  bool trace_mode = false;  // no bytes move: null backends at every level (spec §7.1)
  // Bytes per level, by level_index: --gpu-mem-gb x --num-gpus, --cpu-mem-gb,
  // --storage-capacity-gb (0 on the terminal level = as much as there is).
  std::array<double, kLevelCount> capacity_bytes{};
  int num_gpus = 1;
  double gpu_memory_fraction = 0.9;
  BackendOptions backends;
};

struct BuiltTiers {
  std::vector<LevelSetup> tiers;  // present levels, fastest first; the last is the terminal one
  // Real mode: how bytes move (engine, I/O size and depth, O_DIRECT, cache dir, GPUs), for the
  // results JSON; null in trace mode.
  nlohmann::json storage_io;
  // What each backend counted (S3 requests, retries, failures by cause), added to a copy of
  // storage_io when the results are written; the backends may be gone by then.
  std::vector<std::function<void(nlohmann::json&)>> reports;

  void add(BuiltLevel built);
  void add_counters(nlohmann::json& storage_io) const;
};

// Throws TierSetupError (tier_registry.h).
BuiltTiers build_tiers(const LevelOptions& options);

}  // namespace kvbench::tiers
