// The GPU tier: entries in CUDA device memory, spread over the group's GPUs, moved through
// pinned host staging with async copies. Built only when CMake found the CUDA toolkit
// (KVBENCH_HAVE_CUDA) and used only when a device is present; otherwise a real run has no GPU
// tier, as the reference without torch/cupy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tiers/tier.h"

namespace kvbench::tiers {

struct GpuProbe {
  int devices = 0;                       // CUDA devices this process can use
  std::vector<std::uint64_t> free_bytes;  // free memory of each, at probe time
  std::string why_none;                  // when devices == 0: no CUDA build, no driver, no device
};

// Asks the CUDA runtime what there is; never throws.
GpuProbe probe_gpus();

// A GPU tier over devices 0 .. devices-1 (entries round-robin). `staging_bytes` is the size of
// each of the two pinned buffers a copy alternates between; `level` the one the tier serves.
// Throws std::runtime_error when CUDA fails or kvbench was built without it.
std::unique_ptr<Tier> make_gpu_tier(int devices, std::size_t staging_bytes = 4 << 20,
                                    Level level = Level::Gpu);

}  // namespace kvbench::tiers
