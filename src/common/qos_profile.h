// What a QoS class promises (spec §4): its latency targets and its scheduling priority. Read by
// the workload (a user's class), the request stats (SLA compliance) and the live metrics, and set
// by config.yaml's qos_profiles; so it is vocabulary, next to the classes themselves.
#pragma once

#include <array>

#include "common/qos_class.h"

namespace kvbench {

struct QosProfile {
  double target_latency_p95_ms = 0;
  double target_latency_p99_ms = 0;
  double target_latency_p999_ms = 0;
  double target_latency_p9999_ms = 0;
  int priority = 1;  // higher runs first
};

// The reference's profiles, indexed by QosLevel: interactive, responsive, batch.
inline constexpr std::array<QosProfile, kQosClassCount> kDefaultQosProfiles{{
    {50, 100, 150, 200, 3},
    {100, 200, 350, 500, 2},
    {1000, 5000, 7500, 10000, 1},
}};

}  // namespace kvbench
