#include "replay/replay_tally.h"

namespace kvbench::replay {
namespace {

constexpr std::array<IoOp, 2> kOps = {IoOp::Read, IoOp::Write};
constexpr std::array<Phase, kPhaseCount> kPhases = {Phase::Prefill, Phase::Decode, Phase::Evict};

}  // namespace

std::uint64_t ReplayTally::rows() const {
  std::uint64_t n = 0;
  for (const auto& by_level : cells_)
    for (const auto& by_phase : by_level)
      for (const RowCell& c : by_phase) n += c.rows.load();
  return n;
}

std::uint64_t ReplayTally::failed_rows() const {
  std::uint64_t n = 0;
  for (const auto& by_level : cells_)
    for (const auto& by_phase : by_level)
      for (const RowCell& c : by_phase) n += c.failed.load();
  return n;
}

nlohmann::json ReplayTally::to_json() const {
  nlohmann::json by_op = nlohmann::json::object();
  for (IoOp op : kOps) {
    nlohmann::json levels = nlohmann::json::object();
    for (Level level : kLevels) {
      nlohmann::json phases = nlohmann::json::object();
      for (Phase phase : kPhases) {
        const RowCell& c = cell(op, level, phase);
        if (c.rows.load() == 0) continue;
        phases[std::string(phase_trace_name(phase))] = {
            {"rows", c.rows.load()}, {"bytes", c.bytes.load()}, {"failed", c.failed.load()}};
      }
      if (!phases.empty()) levels[std::string(level_stats_name(level))] = std::move(phases);
    }
    by_op[op == IoOp::Read ? "read" : "write"] = std::move(levels);
  }
  const stats::LatencySummary s = lag_.summary();
  return {
      {"rows", {{"total", rows()}, {"failed", failed_rows()}, {"abandoned", abandoned_rows()}, {"by_op", by_op}}},
      {"lag_ms", {{"count", s.count}, {"p50", s.p50 * 1e3}, {"p99", s.p99 * 1e3}, {"max", s.max * 1e3}}},
  };
}

}  // namespace kvbench::replay
