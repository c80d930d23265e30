// The cuda backend's registry row (the gpu level of a real run): present only where kvbench was
// built with CUDA and a device answers (spec §6.1); a run without one says so once, and its
// storage_io says why.
#include <algorithm>

#include "common/log.h"
#include "tiers/gib_text.h"
#include "tiers/gpu_tier.h"
#include "tiers/tier_registry.h"

namespace kvbench::tiers {
namespace {

nlohmann::json describe_absent(const std::string& reason) {
  return {{"gpu", {{"devices", 0}, {"reason", reason}}}};
}

nlohmann::json describe(int devices, double limit) {
  return {{"gpu", {{"devices", devices}, {"limit_bytes", limit}}}};
}

BuiltLevel build(const LevelRequest& r) {
  BuiltLevel built;
  if (r.capacity_bytes <= 0) {
    log::info("No GPU tier: --gpu-mem-gb is 0");
    built.storage_io = describe_absent("--gpu-mem-gb 0");
    return built;
  }
  const GpuProbe probe = probe_gpus();
  if (probe.devices == 0) {
    log::info("No GPU tier: " + probe.why_none + "; real tiers are cpu and nvme");
    built.storage_io = describe_absent(probe.why_none);
    return built;
  }
  const int used = std::min(r.num_gpus, probe.devices);
  double limit = r.capacity_bytes;
  // Leave the rest of the device to others, as the reference caps torch at memory_fraction.
  double usable = 0;
  for (int d = 0; d < used; ++d) usable += static_cast<double>(probe.free_bytes[static_cast<std::size_t>(d)]);
  usable *= r.gpu_memory_fraction;
  if (limit > usable) {
    log::warning("GPU tier: --gpu-mem-gb x --num-gpus = " + gib_text(limit) + " exceeds " +
                 gib_text(usable) + " (memory_fraction of the free memory of " + std::to_string(used) +
                 " device(s)); using " + gib_text(usable));
    limit = usable;
  }
  try {
    built.tier = make_gpu_tier(used, 4 << 20, r.level);
  } catch (const std::exception& e) {
    throw TierSetupError(std::string("GPU tier: ") + e.what(), 1);
  }
  log::info("GPU tier: " + std::to_string(used) + " CUDA device(s), " + gib_text(limit));
  built.limit_bytes = limit;
  built.storage_io = describe(used, limit);
  return built;
}

}  // namespace

Backend cuda_backend() {
  Backend b;
  b.name = "cuda";
  b.probe = [](const LevelRequest&) { return probe_gpus().why_none; };
  b.build = build;
  return b;
}

}  // namespace kvbench::tiers
