// `kvbench replay [options] TRACE.csv[.zst]...`: replays traces of kvbench or kv-cache.py
// against real levels (docs/replay.md) and writes results in the schema of a run plus
// kvbench.replay. app/ composes it: the levels from tiers/, the counters from stats/, the
// replay itself from replay/, the results from report/.
#pragma once

#include "app/command.h"

namespace kvbench::app {

int replay_command(const Invocation& call, CommandIo& io);

}  // namespace kvbench::app
