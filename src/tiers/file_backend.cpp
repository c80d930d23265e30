// The file backend's registry row (FileTier, the storage level of a real run): its flag rows
// (--cache-dir, --io-size, --io-depth, --io-engine, with the typed defaults of FileOptions), its
// construction with the capacity rule of spec §6.1, and its part of kvbench.storage_io.
#include <cmath>
#include <limits>
#include <sstream>

#include "common/log.h"
#include "tiers/file_tier.h"
#include "tiers/gib_text.h"
#include "tiers/s3/s3_address.h"
#include "tiers/tier_registry.h"

namespace kvbench::tiers {
namespace {

std::vector<OptionRow> option_rows() {
  const FileOptions defaults;
  std::vector<OptionRow> rows;
  rows.push_back({"--cache-dir", OptionKind::String, "a new temp dir", "Directory for the NVMe tier's files", {},
                  std::nullopt, std::nullopt,
                  [](BackendOptions& o, const OptionValue& v) {
                    // s3://bucket/prefix puts the storage level in a bucket (the S3 backend).
                    if (parse_s3_url(v.s, o.s3)) o.storage = StorageBackendKind::S3;
                    else o.file.dir = v.s;
                  }});
  rows.push_back({"--io-size", OptionKind::Int, std::to_string(defaults.io_size),
                  "Bytes per NVMe I/O, a multiple of 4096 (as fio's bs)", {}, 4096, 64 << 20,
                  [](BackendOptions& o, const OptionValue& v) { o.file.io_size = static_cast<std::size_t>(v.i); }});
  rows.push_back({"--io-depth", OptionKind::Int, std::to_string(defaults.io_depth),
                  "NVMe I/Os in flight per entry (io_uring; as fio's iodepth per worker)", {}, 1, 4096,
                  [](BackendOptions& o, const OptionValue& v) { o.file.io_depth = static_cast<unsigned>(v.i); }});
  OptionRow engine{"--io-engine", OptionKind::Choice, std::string(io_engine_kind_name(defaults.engine)),
                   "NVMe I/O: auto (io_uring, pread/pwrite where refused), uring, psync", {}, std::nullopt,
                   std::nullopt, [](BackendOptions& o, const OptionValue& v) {
                     for (IoEngineKind k : kIoEngineKinds)
                       if (io_engine_kind_name(k) == v.s) o.file.engine = k;
                   }};
  for (IoEngineKind k : kIoEngineKinds) engine.choices.push_back(io_engine_kind_name(k));
  rows.push_back(std::move(engine));
  return rows;
}

// The results' storage_io keys of the storage level, as they have always been spelled.
nlohmann::json describe(const FileTier& tier, double limit) {
  const IoParams& p = tier.io_params();
  return {{"cache_dir", tier.directory()},
          {"temporary_cache_dir", tier.owns_directory()},
          {"io_engine", std::string(tier.engine_name())},
          {"o_direct", p.direct},
          {"io_size", p.io_size},
          {"io_depth", p.depth},
          {"nvme_limit_bytes", std::isfinite(limit) ? nlohmann::json(limit) : nlohmann::json(nullptr)}};
}

void log_choice(const FileTier& tier, double limit) {
  const IoParams& p = tier.io_params();
  std::ostringstream msg;
  msg << "NVMe tier: " << tier.directory() << (tier.owns_directory() ? " (temporary)" : "") << ", "
      << tier.engine_name() << (p.direct ? ", O_DIRECT" : ", buffered") << ", " << p.io_size / 1024
      << " KiB I/Os x " << (tier.engine_name().starts_with("io_uring") ? p.depth : 1u)
      << " in flight per entry, capacity " << (std::isfinite(limit) ? gib_text(limit) : "unlimited");
  log::info(msg.str());
}

BuiltLevel build(const LevelRequest& r) {
  std::unique_ptr<FileTier> tier;
  try {
    tier = std::make_unique<FileTier>(r.options->file, r.level);
  } catch (const FileSetupError& e) {
    throw TierSetupError(e.what(), 2);
  }
  if (tier->files_cleaned_at_start() > 0)
    log::info("Cleaned " + std::to_string(tier->files_cleaned_at_start()) + " kvbench entry files from " +
              tier->directory());
  double limit = r.capacity_bytes;
  if (limit <= 0) {
    const std::uint64_t free_space = tier->free_space_capacity();
    limit = free_space > 0 ? static_cast<double>(free_space) : std::numeric_limits<double>::infinity();
    log::info("NVMe tier: no --storage-capacity-gb, so its capacity is 95% of the free space of " +
              tier->directory() + ": " + (free_space > 0 ? gib_text(limit) : std::string("unlimited (unknown)")));
  }
  log_choice(*tier, limit);
  BuiltLevel built;
  built.storage_io = describe(*tier, limit);
  built.limit_bytes = limit;
  built.tier = std::move(tier);
  return built;
}

}  // namespace

Backend file_backend() {
  Backend b;
  b.name = "file";
  b.options = option_rows();
  // pread/pwrite works everywhere; only a forced --io-engine uring can be refused.
  b.probe = [](const LevelRequest& r) {
    if (r.options == nullptr || r.options->file.engine != IoEngineKind::Uring) return std::string();
    try {
      make_uring_engine(IoParams{});
      return std::string();
    } catch (const UringUnavailable& e) {
      return std::string("io_uring is unavailable (") + e.what() + ")";
    }
  };
  b.build = build;
  return b;
}

}  // namespace kvbench::tiers
