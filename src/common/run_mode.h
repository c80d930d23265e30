// Whether a run moves real bytes or only records each operation (--io-trace-log): the mode
// the results, /status and the banner name.
#pragma once

#include "common/spelling.h"

namespace kvbench {

enum class RunMode { Real, Trace };

inline constexpr Spelling<RunMode, 2> kRunModeSpelling{{
    {RunMode::Real, "real"},
    {RunMode::Trace, "trace"},
}};

inline constexpr const char* run_mode_name(RunMode m) {
  return spelling_of(kRunModeSpelling, m).data();
}

}  // namespace kvbench
