// What the workload reads of a run's configuration, and nothing else: the arrival sources
// (synthetic users, ShareGPT and BurstGPT replays) take this instead of RunConfig, so workload/
// does not depend on how flags and YAML are parsed. Whoever composes the run builds it from
// RunConfig (engine::workload_options). The setting structs are config.yaml's sections, shared
// vocabulary with config/ (they carry the reference's defaults).
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "config/settings.h"

namespace kvbench::workload {

struct WorkloadOptions {
  int num_users = 100;
  // --seed. Unset: synthetic users differ from run to run (as the reference) and the replays'
  // own streams start from 0.
  std::optional<std::int64_t> seed;
  bool disable_multi_turn = false;
  bool disable_prefix_caching = false;
  double request_rate = 0;     // ShareGPT: requests per second; 0 = as fast as the engine takes them
  double trace_speedup = 1.0;  // BurstGPT: replay speed factor; 0 = no pacing
  int replay_cycles = 0;       // ShareGPT/BurstGPT passes; 0 = endless

  std::array<config::UserTemplate, 3> user_templates = config::Settings{}.user_templates;
  std::array<config::QosProfile, 3> qos_profiles = config::Settings{}.qos_profiles;
  config::QosDistribution qos_distribution;
  config::PrefixCache prefix_cache;
  config::Rag rag;
  config::Conversation conversation;

  std::uint64_t seed_or_zero() const { return seed ? static_cast<std::uint64_t>(*seed) : 0; }
};

}  // namespace kvbench::workload
