// One trace row as tier operations, on the level it is routed to: a Write writes the object's
// payload, a Read reads it (checked with --verify), an Evict pair reads the object on its source
// level and writes it on the destination, then deletes the source copy. Each completed operation
// is one Io event, and the facts a cache would report (a write asked for, a hit, a failure by
// cause, a mismatch) are events too, so the counters give a run's figures. One executor per
// worker: rows of one key always reach the same one, in order.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

#include "common/io_observer_list.h"
#include "replay/level_map.h"
#include "replay/replay_tally.h"
#include "trace/trace_reader.h"

namespace kvbench::replay {

class RowExecutor {
 public:
  RowExecutor(LevelMap& levels, const IoObserverList& observers, ReplayTally& tally, bool verify,
              std::uint64_t payload_seed)
      : levels_(levels), observers_(observers), tally_(tally), verify_(verify), seed_(payload_seed) {}

  // Never throws: a failed operation is counted as failed.
  void run(const trace::TraceRow& row);

 private:
  bool write(const trace::TraceRow& row, ReplayLevel& level);
  bool read(const trace::TraceRow& row, ReplayLevel& level);
  bool demotion_write(const trace::TraceRow& row, ReplayLevel& level);
  void emit_failure(EventKind kind, FailureCause cause, Level level, Level from, const std::string& key);

  LevelMap& levels_;
  const IoObserverList& observers_;
  ReplayTally& tally_;
  bool verify_;
  std::uint64_t seed_;
  // An Evict read's level, until its Evict write says where the object went (the source copy
  // is then deleted).
  std::unordered_map<std::string, Level> evicting_;
};

}  // namespace kvbench::replay
