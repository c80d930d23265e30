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

}  // namespace kvbench
