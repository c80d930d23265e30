// How long the simulated model takes to generate each token (--generation-mode): none (0),
// fast or realistic; the seconds per token come from config.yaml's generation_timing.
#pragma once

#include "common/spelling.h"

namespace kvbench {

enum class GenerationMode { None, Fast, Realistic };

inline constexpr Spelling<GenerationMode, 3> kGenerationModeSpelling{{
    {GenerationMode::None, "none"},
    {GenerationMode::Fast, "fast"},
    {GenerationMode::Realistic, "realistic"},
}};

inline constexpr const char* generation_mode_name(GenerationMode m) {
  return spelling_of(kGenerationModeSpelling, m).data();
}

// config.yaml's generation_timing: seconds per generated token of each mode, with the
// reference's defaults. The engine sleeps by it and the reports print it.
struct GenerationTiming {
  double none = 0.0, fast = 0.002, realistic = 0.030;

  constexpr double seconds_per_token(GenerationMode m) const {
    switch (m) {
      case GenerationMode::None: return none;
      case GenerationMode::Fast: return fast;
      case GenerationMode::Realistic: return realistic;
    }
    return 0;
  }
};

}  // namespace kvbench
