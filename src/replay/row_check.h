// Which trace rows a replay can use, and why it skips the others: a line that is not a row
// (wrong field count, bad timestamp, operation or size), an unknown tier or phase, a size of 0,
// or an object larger than the level it goes to can hold. Skipped rows are counted by reason,
// so a replay is never silently shorter than its trace.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "trace/trace_reader.h"

namespace kvbench::replay {

enum class SkipReason : std::uint8_t { Malformed, UnknownTier, UnknownPhase, SizeZero, OverCapacity };
inline constexpr std::size_t kSkipReasonCount = 5;

std::string_view skip_reason_name(SkipReason r);  // malformed, unknown_tier, ...

// The reason a TraceFormatError names (its message says which field was bad).
SkipReason reason_of(const trace::TraceFormatError& e);

struct SkipCounts {
  std::array<std::uint64_t, kSkipReasonCount> by_reason{};
  void add(SkipReason r) { ++by_reason[static_cast<std::size_t>(r)]; }
  std::uint64_t total() const;
  nlohmann::json to_json() const;  // {"total": N, "malformed": n, ...}
};

}  // namespace kvbench::replay
