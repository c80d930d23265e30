#include "workload/user_profile.h"

#include "workload/entry_keys.h"
#include "workload/python_random.h"

namespace kvbench::workload {

QosLevel qos_for_draw(double r, const QosDistribution& d) {
  if (r < d.interactive_probability) return QosLevel::Interactive;
  if (r < d.responsive_threshold) return QosLevel::Responsive;
  return QosLevel::Batch;
}

std::vector<UserProfile> make_user_profiles(int count, std::uint64_t seed, const WorkloadOptions& opts) {
  PythonRandom rng(seed);
  std::vector<UserProfile> users;
  users.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    UserProfile u;
    u.id = user_id(i);
    u.template_index = static_cast<int>(rng.randbelow(opts.user_templates.size()));
    const auto& t = opts.user_templates[static_cast<std::size_t>(u.template_index)];
    u.qos = qos_for_draw(rng.random(), opts.qos_distribution);
    u.context_length = static_cast<int>(rng.randint(t.context_min, t.context_max));
    u.generation_length = static_cast<int>(rng.randint(t.generation_min, t.generation_max));
    u.think_time = rng.uniform(t.think_time_min, t.think_time_max);
    users.push_back(std::move(u));
  }
  return users;
}

}  // namespace kvbench::workload
