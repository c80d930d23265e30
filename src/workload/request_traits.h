// The per-request choices every arrival source makes the same way (spec §5.1): the phase by
// the 10,000-token rule, a random QoS class per replayed request, and the system-prompt prefix
// draw. Shared so that synthetic users and the ShareGPT/BurstGPT replays cannot drift apart.
#pragma once

#include <cstdint>

#include "workload/request.h"
#include "workload/rng.h"
#include "workload/workload_options.h"

namespace kvbench::workload {

inline RequestPhase phase_for_context(std::uint64_t context_tokens) {
  return context_tokens >= static_cast<std::uint64_t>(kPrefillOnlyContextTokens)
             ? RequestPhase::Prefill
             : RequestPhase::PrefillDecode;
}

// Replayed requests get a QoS class per request (15 % / 35 % / 50 % by default) and the
// priority of that class.
void draw_qos(Request& r, Rng& rng, const WorkloadOptions& opts);

// With probability system_prompt_hit_probability the request starts with one of the three
// system prompts: its index is recorded and its tokens leave the context (floor 0). No draw
// at all when prefix caching is disabled.
void draw_prefix(Request& r, Rng& rng, const WorkloadOptions& opts);

}  // namespace kvbench::workload
