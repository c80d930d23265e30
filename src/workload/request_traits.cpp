#include "workload/request_traits.h"

#include "workload/system_prompts.h"
#include "workload/user_profile.h"

namespace kvbench::workload {

void draw_qos(Request& r, Rng& rng, const WorkloadOptions& opts) {
  r.qos = qos_for_draw(rng.random(), opts.qos_distribution);
  r.priority = opts.qos_profiles[static_cast<std::size_t>(r.qos)].priority;
}

void draw_prefix(Request& r, Rng& rng, const WorkloadOptions& opts) {
  if (opts.disable_prefix_caching) return;
  if (rng.random() >= opts.prefix_cache.system_prompt_hit_probability) return;
  r.prefix_index = static_cast<int>(rng.randint(0, 2));
  const auto tokens = static_cast<std::uint64_t>(
      system_prompts()[static_cast<std::size_t>(r.prefix_index)].token_count);
  r.context_tokens = r.context_tokens > tokens ? r.context_tokens - tokens : 0;
}

}  // namespace kvbench::workload
