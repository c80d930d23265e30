// The object level's registry row (issue 21): the optional fourth level below storage, where
// entries evicted from the storage level are demoted instead of deleted. Its bytes are objects in
// a bucket (an S3Tier serving Level::Object): --object-tier names the bucket and prefix, the
// endpoint, region, addressing, part size, concurrency and retries are the --s3-* options, and
// --object-capacity-gb is its capacity (a bucket has no free space to ask). Its part of
// kvbench.storage_io is the "object_level" object, with the S3 counters added at the end.
#include <cmath>
#include <limits>

#include "common/log.h"
#include "tiers/gib_text.h"
#include "tiers/s3/s3_tier.h"
#include "tiers/tier_registry.h"

namespace kvbench::tiers {
namespace {

std::vector<OptionRow> option_rows() {
  std::vector<OptionRow> rows;
  rows.push_back({"--object-tier", OptionKind::String, "none",
                  "A fourth level below storage in a bucket, s3://bucket/prefix (endpoint and the rest from "
                  "--s3-*): entries evicted from storage are demoted there; trace rows Tier-3",
                  {}, std::nullopt, std::nullopt,
                  [](BackendOptions& o, const OptionValue& v) { o.object.url = v.s; }});
  rows.push_back({"--object-capacity-gb", OptionKind::Float, "0",
                  "Capacity of the --object-tier level in GiB (0 = unlimited; a bucket has no free space to ask)",
                  {}, 0.0, 1e9, [](BackendOptions& o, const OptionValue& v) {
                    o.object.capacity_bytes = v.d * 1024.0 * 1024.0 * 1024.0;
                  }});
  return rows;
}

// The S3 options of the object level: the --s3-* ones with the bucket and prefix of its URL.
S3Options object_options(const BackendOptions& b) {
  S3Options o = b.s3;
  o.bucket.clear();
  o.prefix.clear();
  if (!b.object.url || !parse_s3_url(*b.object.url, o) || o.bucket.empty())
    throw TierSetupError("--object-tier wants s3://bucket/prefix, not '" + b.object.url.value_or("") + "'", 2);
  if (b.storage == StorageBackendKind::S3 && b.s3.bucket == o.bucket && b.s3.prefix == o.prefix)
    throw TierSetupError("--object-tier s3://" + o.bucket + "/" + o.prefix +
                             " is where the storage level's objects are: give the object level another prefix",
                         2);
  return o;
}

BuiltLevel build(const LevelRequest& r) {
  const S3Options o = object_options(*r.options);
  std::string why;
  const auto credentials = load_s3_credentials(why);
  if (!credentials) throw TierSetupError("S3 object level: no credentials (" + why + ")", 2);
  auto tier = std::make_unique<S3Tier>(o, *credentials, Level::Object);
  if (const std::string problem = tier->check_bucket(); !problem.empty())
    throw TierSetupError("--object-tier: " + problem, problem.find("unreachable") != std::string::npos ? 1 : 2);
  const double limit = r.capacity_bytes > 0 ? r.capacity_bytes : std::numeric_limits<double>::infinity();
  log::info("object level: bucket " + o.bucket + (o.prefix.empty() ? "" : ", prefix " + o.prefix) + " at " +
            tier->address().endpoint() + " (credentials from " + credentials->source + "), capacity " +
            (std::isfinite(limit) ? gib_text(limit) : "unlimited (no --object-capacity-gb)"));
  BuiltLevel built;
  built.storage_io = {{"object_level",
                       {{"backend", "s3"},
                        {"s3_endpoint", tier->address().endpoint()},
                        {"s3_bucket", o.bucket},
                        {"s3_prefix", o.prefix},
                        {"s3_addressing", tier->address().path_style() ? "path" : "virtual"},
                        {"limit_bytes", std::isfinite(limit) ? nlohmann::json(limit) : nlohmann::json(nullptr)}}}};
  built.report = [stats = tier->shared_stats()](nlohmann::json& io) {
    io["object_level"]["s3_counters"] = s3_counters_json(*stats);
  };
  built.limit_bytes = limit;
  built.tier = std::move(tier);
  return built;
}

}  // namespace

Backend object_backend() {
  Backend b;
  b.name = "object";
  b.options = option_rows();
  b.probe = [](const LevelRequest&) { return std::string(); };
  b.build = build;
  return b;
}

// The object level's S3 options, checked (the bucket and prefix of --object-tier), without
// building anything: trace mode checks the URL although no byte moves.
void check_object_level(const BackendOptions& options) { (void)object_options(options); }

}  // namespace kvbench::tiers
