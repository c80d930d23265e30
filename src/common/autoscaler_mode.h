// What the autoscaler steers by (--autoscaler-mode): the QoS latency targets, or the storage
// capacity it searches for (the users at peak throughput).
#pragma once

#include "common/spelling.h"

namespace kvbench {

enum class AutoscalerMode { Qos, Capacity };

inline constexpr Spelling<AutoscalerMode, 2> kAutoscalerModeSpelling{{
    {AutoscalerMode::Qos, "qos"},
    {AutoscalerMode::Capacity, "capacity"},
}};

inline constexpr const char* autoscaler_mode_name(AutoscalerMode m) {
  return spelling_of(kAutoscalerModeSpelling, m).data();
}

}  // namespace kvbench
