#include "tiers/level_setup.h"

#include <string_view>

namespace kvbench::tiers {
namespace {

struct LevelBackend {
  Level level;
  std::string_view backend;  // a name in the registry
};

// Which backend holds each level's bytes, fastest level first.
constexpr std::array<LevelBackend, kLevelCount> kTraceLevels = {
    {{Level::Gpu, "null"}, {Level::Cpu, "null"}, {Level::Storage, "null"}}};
constexpr std::array<LevelBackend, kLevelCount> kRealLevels = {
    {{Level::Gpu, "cuda"}, {Level::Cpu, "dram"}, {Level::Storage, "file"}}};

}  // namespace

BuiltTiers build_tiers(const LevelOptions& options) {
  BuiltTiers b;
  if (!options.trace_mode) b.storage_io = nlohmann::json::object();
  const auto& plan = options.trace_mode ? kTraceLevels : kRealLevels;
  for (std::size_t i = 0; i < plan.size(); ++i) {
    LevelRequest request;
    request.level = plan[i].level;
    request.capacity_bytes = options.capacity_bytes[static_cast<std::size_t>(level_index(plan[i].level))];
    request.terminal = i + 1 == plan.size();
    request.num_gpus = options.num_gpus;
    request.gpu_memory_fraction = options.gpu_memory_fraction;
    request.options = &options.backends;
    // The storage level of a real run is files or objects (--storage-backend, --cache-dir s3://).
    const bool s3 = !options.trace_mode && plan[i].level == Level::Storage &&
                    options.backends.storage == StorageBackendKind::S3;
    BuiltLevel built = backend(s3 ? std::string_view("s3") : plan[i].backend).build(request);
    if (built.storage_io.is_object()) b.storage_io.update(built.storage_io);
    if (built.tier) b.tiers.push_back({std::move(built.tier), built.limit_bytes});
  }
  return b;
}

}  // namespace kvbench::tiers
