// Which time a run is measured in (--clock): the wall clock with real threads, or a virtual
// clock that simulates events in order (trace mode only; seeded runs are then byte-identical).
#pragma once

#include "common/spelling.h"

namespace kvbench {

enum class ClockKind { Wall, Virtual };

inline constexpr Spelling<ClockKind, 2> kClockKindSpelling{{
    {ClockKind::Wall, "wall"},
    {ClockKind::Virtual, "virtual"},
}};

inline constexpr const char* clock_kind_name(ClockKind c) {
  return spelling_of(kClockKindSpelling, c).data();
}

}  // namespace kvbench
