#include "tiers/level_setup.h"

#include <string_view>

namespace kvbench::tiers {
namespace {

struct LevelBackend {
  Level level;
  std::string_view backend;  // a name in the registry
};

// Which backend holds each level's bytes, fastest level first.
constexpr std::array<LevelBackend, kLevels.size()> kTraceLevels = {
    {{Level::Gpu, "null"}, {Level::Cpu, "null"}, {Level::Storage, "null"}}};
constexpr std::array<LevelBackend, kLevels.size()> kRealLevels = {
    {{Level::Gpu, "cuda"}, {Level::Cpu, "dram"}, {Level::Storage, "file"}}};

}  // namespace

BuiltTiers build_tiers(const LevelOptions& options) {
  BuiltTiers b;
  if (!options.trace_mode) b.storage_io = nlohmann::json::object();
  const auto& plan = options.trace_mode ? kTraceLevels : kRealLevels;
  // --object-tier: a fourth level below storage, which then demotes instead of deleting.
  const bool object_level = options.backends.object.url.has_value();
  if (object_level) check_object_level(options.backends);
  for (std::size_t i = 0; i < plan.size(); ++i) {
    LevelRequest request;
    request.level = plan[i].level;
    request.capacity_bytes = options.capacity_bytes[static_cast<std::size_t>(level_index(plan[i].level))];
    request.terminal = i + 1 == plan.size() && !object_level;
    request.num_gpus = options.num_gpus;
    request.gpu_memory_fraction = options.gpu_memory_fraction;
    request.options = &options.backends;
    // The storage level of a real run is files or objects (--storage-backend, --cache-dir s3://).
    const bool s3 = !options.trace_mode && plan[i].level == Level::Storage &&
                    options.backends.storage == StorageBackendKind::S3;
    BuiltLevel built = backend(s3 ? std::string_view("s3") : plan[i].backend).build(request);
    b.add(std::move(built));
  }
  if (object_level) {
    LevelRequest request;
    request.level = Level::Object;
    request.capacity_bytes = options.backends.object.capacity_bytes;
    request.terminal = true;
    request.options = &options.backends;
    b.add(backend(options.trace_mode ? "null" : "object").build(request));
  }
  return b;
}

void BuiltTiers::add(BuiltLevel built) {
  if (built.storage_io.is_object()) storage_io.update(built.storage_io);
  if (built.report) reports.push_back(std::move(built.report));
  if (built.tier) tiers.push_back({std::move(built.tier), built.limit_bytes});
}

void BuiltTiers::add_counters(nlohmann::json& io) const {
  if (!io.is_object()) return;
  for (const auto& report : reports) report(io);
}

}  // namespace kvbench::tiers
