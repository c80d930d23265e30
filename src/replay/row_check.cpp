#include "replay/row_check.h"

namespace kvbench::replay {

std::string_view skip_reason_name(SkipReason r) {
  switch (r) {
    case SkipReason::Malformed: return "malformed";
    case SkipReason::UnknownTier: return "unknown_tier";
    case SkipReason::UnknownPhase: return "unknown_phase";
    case SkipReason::SizeZero: return "size_zero";
    case SkipReason::OverCapacity: return "over_capacity";
  }
  return "malformed";
}

SkipReason reason_of(const trace::TraceFormatError& e) {
  // The reader's messages are "<path>:<line>: bad Tier ..." / "bad Phase ..." (trace_reader.cpp).
  const std::string_view what = e.what();
  if (what.find(": bad Tier ") != std::string_view::npos) return SkipReason::UnknownTier;
  if (what.find(": bad Phase ") != std::string_view::npos) return SkipReason::UnknownPhase;
  return SkipReason::Malformed;
}

std::uint64_t SkipCounts::total() const {
  std::uint64_t n = 0;
  for (const auto v : by_reason) n += v;
  return n;
}

nlohmann::json SkipCounts::to_json() const {
  nlohmann::json j{{"total", total()}};
  for (std::size_t i = 0; i < kSkipReasonCount; ++i)
    j[std::string(skip_reason_name(static_cast<SkipReason>(i)))] = by_reason[i];
  return j;
}

}  // namespace kvbench::replay
