// The set-up phase of a replay: a trace that starts mid-run reads objects it never writes (they
// were written before the trace began). The first pass over the trace finds them, with the
// largest size each is read at, and they are created before the timed window, as fio's iolog
// `add` does, so their reads measure the storage and not a missing file. Set-up writes reach
// no observer: they are reported apart (kvbench.replay.setup), not in the window's figures.
// Memory: one hash per distinct (key, level) written, not per row.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "replay/level_map.h"
#include "replay/replay_tally.h"
#include "replay/stop_control.h"
#include "replay/trace_stream.h"

namespace kvbench::replay {

struct SetupObject {
  std::uint64_t size = 0;
  Level level = Level::Storage;
};

struct TraceScan {
  std::uint64_t usable_rows = 0;
  SkipCounts skips;
  std::vector<FileNote> files;
  std::unordered_map<std::string, SetupObject> setup;  // key -> what to create
};

// Reads every row once (`rows` is a fresh stream).
TraceScan scan_trace(TraceStream& rows, const LevelMap& levels);

// Writes each set-up object's payload on its level, straight to the backend.
SetupTally create_setup_objects(const TraceScan& scan, LevelMap& levels, std::uint64_t payload_seed,
                                StopControl& stop);

}  // namespace kvbench::replay
