// What the workload reads of a run's configuration, and nothing else: the arrival sources
// (synthetic users, ShareGPT and BurstGPT replays) take this instead of RunConfig, so workload/
// does not depend on how flags and YAML are parsed. Whoever composes the run builds it from
// RunConfig (app::workload_options). The setting structs are config.yaml's sections, declared
// here (workload/workload_settings.h) and aggregated by config/settings.h.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "common/qos_profile.h"
#include "workload/workload_settings.h"

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

  std::array<UserTemplate, 3> user_templates = default_user_templates();
  std::array<QosProfile, 3> qos_profiles = kDefaultQosProfiles;
  QosDistribution qos_distribution;
  PrefixCache prefix_cache;
  Rag rag;
  ConversationLimits conversation;

  std::uint64_t seed_or_zero() const { return seed ? static_cast<std::uint64_t>(*seed) : 0; }
};

}  // namespace kvbench::workload
