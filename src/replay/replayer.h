// The timed window of a replay: rows are issued open loop at their trace timestamps scaled by
// --speed (1 = as recorded; 0 = as fast as the storage takes them), to --concurrency workers.
// Rows of one key always go to the same worker, in file order, so an object is never read
// before the row that writes it. A row issued after its due time (its worker was still busy)
// records its lag. A stop ends the window: queued rows are abandoned and counted, operations in
// flight finish.
#pragma once

#include <cstdint>

#include "common/io_observer_list.h"
#include "replay/level_map.h"
#include "replay/replay_options.h"
#include "replay/replay_tally.h"
#include "replay/stop_control.h"
#include "replay/trace_stream.h"

namespace kvbench::replay {

struct ReplayWindow {
  double elapsed_s = 0;                  // from the first row issued to the last one done
  std::int64_t started_at_epoch_us = 0;  // wall clock at the first row
  double trace_span_s = 0;               // last timestamp - first of the rows issued
  bool stopped = false;                  // a stop ended it before the trace did
};

ReplayWindow replay_rows(TraceStream& rows, const ReplayOptions& options, LevelMap& levels,
                         const IoObserverList& observers, ReplayTally& tally, StopControl& stop);

}  // namespace kvbench::replay
