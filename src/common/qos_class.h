// The three QoS classes a request belongs to (spec §4): their order is the index into every
// per-class array, and their spelling is the key in config.yaml, the results and /metrics.
#pragma once

#include <array>
#include <cstddef>

#include "common/spelling.h"

namespace kvbench {

enum class QosLevel : int { Interactive = 0, Responsive = 1, Batch = 2 };
inline constexpr std::size_t kQosClassCount = 3;

inline constexpr Spelling<QosLevel, kQosClassCount> kQosSpelling{{
    {QosLevel::Interactive, "interactive"},
    {QosLevel::Responsive, "responsive"},
    {QosLevel::Batch, "batch"},
}};

// The same words indexed by the class's value, for loops over the per-class arrays.
inline constexpr std::array<const char*, kQosClassCount> kQosNames = {
    kQosSpelling[0].second.data(), kQosSpelling[1].second.data(), kQosSpelling[2].second.data()};

inline constexpr const char* qos_name(QosLevel q) { return spelling_of(kQosSpelling, q).data(); }

}  // namespace kvbench
