// An engine time stamp (Unix microseconds, from a Clock's epoch_us) as the reference writes
// one into its results: local time with microseconds, as Python's datetime.now().isoformat().
#pragma once

#include <cstdint>
#include <string>

namespace kvbench::engine {

// "2026-11-25T02:11:07.123456"
std::string iso_local_time(std::int64_t epoch_us);

}  // namespace kvbench::engine
