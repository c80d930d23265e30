// Synthetic users (spec §5.1): each has a template (chatbot, coding, document), a QoS class,
// and upper bounds for its requests' context and generation lengths and its think time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/qos_class.h"
#include "workload/workload_settings.h"
#include "workload/workload_options.h"

namespace kvbench::workload {

struct UserProfile {
  std::string id;  // "user_0000"
  int template_index = 0;
  QosLevel qos = QosLevel::Batch;
  int context_length = 0;
  int generation_length = 0;
  double think_time = 0;  // seconds
};

// Draws `count` profiles exactly as the reference does for `random.seed(seed)` (draw order per
// user: choice, random, randint, randint, uniform), so a given --seed yields the same users.
std::vector<UserProfile> make_user_profiles(int count, std::uint64_t seed, const WorkloadOptions& opts);

// QoS class for a uniform draw r in [0,1): interactive below p, responsive below the
// cumulative threshold, batch otherwise.
QosLevel qos_for_draw(double r, const QosDistribution& d);

}  // namespace kvbench::workload
