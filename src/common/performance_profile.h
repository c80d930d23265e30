// Which pass/fail criteria a run is judged by (--performance-profile): latency or throughput.
#pragma once

#include "common/spelling.h"

namespace kvbench {

enum class PerformanceProfile { Latency, Throughput };

inline constexpr Spelling<PerformanceProfile, 2> kPerformanceProfileSpelling{{
    {PerformanceProfile::Latency, "latency"},
    {PerformanceProfile::Throughput, "throughput"},
}};

inline constexpr const char* performance_profile_name(PerformanceProfile p) {
  return spelling_of(kPerformanceProfileSpelling, p).data();
}

}  // namespace kvbench
