// Builds a run's tiers, fastest first, with their limits (spec §6.1): the one place that lists
// the tier backends. Trace mode: three NullTiers. Real mode: gpu (only with CUDA and a device),
// cpu, nvme. Nothing else in engine/ or cache/ knows which backends exist.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cache/multi_tier_cache.h"
#include "config/run_config.h"

namespace kvbench::engine {

struct BuiltTiers {
  std::vector<cache::TierSetup> tiers;
  double nvme_limit_bytes = 0;  // +infinity = unlimited
  // Real mode: how bytes move (engine, I/O size and depth, O_DIRECT, cache dir, GPUs), for the
  // results JSON and the log; null in trace mode.
  nlohmann::json storage_io;
};

// A tier cannot be set up: the message names the flag; exit_code 2 for a configuration error
// (e.g. an unusable --cache-dir), 1 for a runtime failure.
class TierSetupError : public std::runtime_error {
 public:
  TierSetupError(const std::string& what, int exit_code) : std::runtime_error(what), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

BuiltTiers build_tiers(const config::RunConfig& cfg);

}  // namespace kvbench::engine
