// What a replay did, row by row: rows and bytes by operation, level (the one replayed on) and
// phase, those that failed, the lag of rows issued after they were due, and the set-up phase.
// Workers add to it concurrently (atomics); kvbench.replay in the results is its to_json().
#pragma once

#include <array>
#include <atomic>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "common/io_types.h"
#include "stats/latency_recorder.h"

namespace kvbench::replay {

inline constexpr std::size_t kPhaseCount = 3;

struct RowCell {
  std::atomic<std::uint64_t> rows{0};
  std::atomic<std::uint64_t> bytes{0};   // of the rows that succeeded
  std::atomic<std::uint64_t> failed{0};  // rows whose operation failed (no bytes counted)
};

// The set-up phase: objects the trace reads before it writes them, created before the window.
struct SetupTally {
  std::uint64_t objects = 0;
  std::uint64_t bytes = 0;
  std::uint64_t failed = 0;
  double seconds = 0;
};

class ReplayTally {
 public:
  RowCell& cell(IoOp op, Level level, Phase phase) {
    return cells_[static_cast<std::size_t>(op)][static_cast<std::size_t>(level_index(level))]
                 [static_cast<std::size_t>(phase)];
  }
  const RowCell& cell(IoOp op, Level level, Phase phase) const {
    return const_cast<ReplayTally*>(this)->cell(op, level, phase);
  }
  void record_lag(double seconds) { lag_.record(seconds > 0 ? seconds : 0); }
  const stats::LatencyRecorder& lag() const { return lag_; }
  std::atomic<std::uint64_t>& abandoned() { return abandoned_; }

  std::uint64_t rows() const;          // rows issued
  std::uint64_t failed_rows() const;   // of those, failed
  std::uint64_t abandoned_rows() const { return abandoned_.load(); }

  // {"rows": {"total", "failed", "by_op": {"read": {"storage": {"Decode": {rows, bytes, failed}}}}},
  //  "lag_ms": {count, p50, p99, max}}; the caller adds the rest.
  nlohmann::json to_json() const;

 private:
  std::array<std::array<std::array<RowCell, kPhaseCount>, kLevelCount>, 2> cells_;
  stats::LatencyRecorder lag_{stats::LatencyRecorder::kDefaultSampleCap};
  std::atomic<std::uint64_t> abandoned_{0};
};

}  // namespace kvbench::replay
